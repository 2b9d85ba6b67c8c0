"""The demo builder: the shared plumbing, and the order of the steps."""

from __future__ import annotations

import random

from django.apps import apps
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from hezuo.registry.models import Organisation, normalise_name

from .agreements import AgreementSteps
from .countries import CountrySteps
from .figures import AS_OF, CHANGE_REASON, SCALED
from .mechanisms import MechanismSteps
from .organisations import OrganisationSteps
from .people import PeopleSteps
from .posts import PostSteps
from .units import UnitSteps


class Builder(
    CountrySteps,
    OrganisationSteps,
    UnitSteps,
    PeopleSteps,
    AgreementSteps,
    MechanismSteps,
    PostSteps,
):
    """Builds the demo office; each step (a method of a `*Steps` class) draws from `self.rng`,
    in the order of `build`, and keeps what later steps need on `self`."""

    def __init__(self, seed: int, scale: float, progress: bool):
        self.rng = random.Random(seed)
        self.scale = scale
        self.progress = progress
        self.today = AS_OF

    # -- plumbing --

    def n(self, key: str) -> int:
        base, floor = SCALED[key]
        return max(floor, round(base * self.scale))

    def bar(self, iterable=None, total=None, desc=""):
        return tqdm(
            iterable, total=total, desc=desc, disable=not self.progress, leave=False, unit=""
        )

    def save(self, model, objs: list, batch_size: int = 500) -> list:
        """Bulk create with history, filling what `save()` would have computed."""
        if not objs:
            return objs
        for obj in objs:
            if model is Organisation:
                obj.name_key = normalise_name(obj.name_en or obj.name_zh)
            if hasattr(obj, "build_search_text"):
                obj.search_text = obj.build_search_text()
        created = []
        for i in range(0, len(objs), batch_size):
            created += bulk_create_with_history(
                objs[i : i + batch_size],
                model,
                batch_size=batch_size,
                default_change_reason=CHANGE_REASON,
            )
        return created

    def link(self, model, field_name: str, pairs: list[tuple[int, int]]) -> None:
        """Bulk-add m2m rows (and the matching historical m2m rows)."""
        m2m = model._meta.get_field(field_name)
        through = m2m.remote_field.through
        src, dst = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        rows = through.objects.bulk_create(
            [through(**{f"{src}_id": a, f"{dst}_id": b}) for a, b in pairs], batch_size=1000
        )
        hist_name = f"Historical{model.__name__}_{field_name}"
        try:
            hist_model = apps.get_model(model._meta.app_label, hist_name)
        except LookupError:  # pragma: no cover - the field's history is not kept
            return
        owner_ids = sorted({a for a, _ in pairs})
        history_ids = dict(model.history.filter(id__in=owner_ids).values_list("id", "history_id"))
        hist_model.objects.bulk_create(
            [
                hist_model(
                    id=row.pk,
                    history_id=history_ids[getattr(row, f"{src}_id")],
                    **{
                        f"{src}_id": getattr(row, f"{src}_id"),
                        f"{dst}_id": getattr(row, f"{dst}_id"),
                    },
                )
                for row in rows
            ],
            batch_size=1000,
        )

    # -- the build --

    def build(self) -> None:
        steps = [
            (_("Countries"), self.countries),
            (_("Domestic organisations"), self.domestic_organisations),
            (_("Foreign organisations"), self.foreign_organisations),
            (_("International organisations"), self.international_organisations),
            (_("Units"), self.units),
            (_("Institutions"), self.institution_units),
            (_("People"), self.people),
            (_("Agreements"), self.agreements),
            (_("Mechanisms"), self.mechanisms),
            (_("Posts and reserve pool"), self.posts),
            (_("Users"), self.users),
        ]
        with self.bar(total=len(steps), desc=_("Demo")) as bar:
            for label, step in steps:
                bar.set_description(str(label))
                step()
                bar.update(1)
