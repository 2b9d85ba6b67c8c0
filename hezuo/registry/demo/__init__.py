"""`hezuo demo`: a seeded, believable programme office, deterministic per seed.

The demo reproduces the figures of the source documents exactly, at every `--scale`:

* 158 partner countries (`Country.objects.partners()`): every foreign organisation (seats of
  international organisations included), agreement party and mechanism country lies inside one
  fixed set of 158 countries, chosen from a ranked list of plausible partners (001, §一);
* 111 intergovernmental S&T agreements, one per partner country (001);
* 200+ intergovernmental organisations and 336 international NGOs (001, 004);
* 530+ posts in international organisations, 160 of them key: 34 presidents, 48 vice-presidents,
  78 executives (004).

`scale` multiplies only the bulk of the registry (domestic and foreign organisations, people,
candidacies, institutional agreements), so tests can build a small office quickly. Everything is
drawn from one `random.Random(seed)`: the same seed gives the same data; nothing iterates a set
or depends on database order. Records are written with `bulk_create_with_history`, so each has
its "created" history entry; `bulk_create` skips `save()`, so the builder computes the search text
and the name key itself.

Names, titles and the like are data (they belong to the home country's records, in both scripts),
not interface strings, so they live in data files (`hezuo/registry/demo_data/`, read by `tables`);
only the messages the command prints are translated. The builder's steps are split by what they
make (`organisations`, `people`, `agreements`, ...), composed in `builder.Builder`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from hezuo.core.models import Membership, Role, Unit, User
from hezuo.registry.models import (
    Affiliation,
    Agreement,
    Candidacy,
    Country,
    Mechanism,
    MechanismMeeting,
    Organisation,
    Person,
    Post,
)

from .builder import Builder
from .codes import make_orcid, make_uscc, uscc_check_char
from .figures import (
    AS_OF,
    DEMO_PASSWORD,
    DEMO_USERS,
    IGO_COUNT,
    INGO_COUNT,
    INTERGOVERNMENTAL_AGREEMENTS,
    KEY_POSTS,
    MOU_COUNT,
    OFFICEHOLDERS,
    PARTNER_COUNT,
    POST_COUNT,
    SCALED,
    DemoUser,
)
from .names import province_department
from .tables import PARTNER_RANKING

__all__ = [
    "AS_OF",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "IGO_COUNT",
    "INGO_COUNT",
    "INTERGOVERNMENTAL_AGREEMENTS",
    "KEY_POSTS",
    "MOU_COUNT",
    "OFFICEHOLDERS",
    "PARTNER_COUNT",
    "PARTNER_RANKING",
    "POST_COUNT",
    "SCALED",
    "DemoResult",
    "DemoUser",
    "demo_counts",
    "demo_exists",
    "demo_logins",
    "digest",
    "generate",
    "make_orcid",
    "make_uscc",
    "province_department",
    "uscc_check_char",
]


@dataclass
class DemoResult:
    created: bool
    seed: int
    scale: float
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)


def demo_exists() -> bool:
    return User.objects.filter(username__in=[u.username for u in DEMO_USERS]).exists()


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, role, unit, password) of the demo users that exist."""
    rows = []
    for spec in DEMO_USERS:
        membership = (
            Membership.objects.filter(user__username=spec.username, role=spec.role)
            .select_related("unit")
            .first()
        )
        if membership is not None:
            rows.append(
                (spec.username, str(Role(spec.role).label), str(membership.unit), DEMO_PASSWORD)
            )
    return rows


def demo_counts() -> dict[str, int]:
    counts: dict[str, int] = {"partners": Country.objects.partners().count()}
    for kind, n in Agreement.objects.values_list("kind").annotate(n=Count("id")).order_by("kind"):
        counts[f"agreements:{kind}"] = n
    for kind, n in (
        Organisation.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
    ):
        counts[f"organisations:{kind}"] = n
    counts["people"] = Person.objects.count()
    counts["affiliations"] = Affiliation.objects.count()
    for level, n in Post.objects.values_list("level").annotate(n=Count("id")).order_by("level"):
        counts[f"posts:{level}"] = n
    counts["candidacies"] = Candidacy.objects.count()
    counts["mechanisms"] = Mechanism.objects.count()
    counts["meetings"] = MechanismMeeting.objects.count()
    counts["units"] = Unit.objects.count()
    return counts


def generate(seed: int = 1, scale: float = 1.0, progress: bool = False) -> DemoResult:
    """Build the demo office, once. With demo users already present, change nothing."""
    if demo_exists():
        return DemoResult(False, seed, scale, demo_counts(), demo_logins())
    if not Country.objects.filter(iso2=settings.HOME_COUNTRY).exists():
        from hezuo.registry.reference import load_reference

        load_reference()
    with transaction.atomic():
        Builder(seed, scale, progress).build()
    return DemoResult(True, seed, scale, demo_counts(), demo_logins())


def digest() -> str:
    """A fingerprint of the registry's names, for comparing two builds."""
    h = hashlib.sha256()
    for values in (
        Organisation.objects.values_list("kind", "name_zh", "name_en", "uscc"),
        Person.objects.values_list("name_zh", "name_en", "orcid", "email"),
        Agreement.objects.values_list("code", "title_zh", "title_en", "signed_on"),
        Mechanism.objects.values_list("name_zh", "name_en"),
        Post.objects.values_list("level", "title", "person__name_en", "organisation__name_en"),
    ):
        for row in sorted(values, key=repr):
            h.update(repr(row).encode())
    return h.hexdigest()
