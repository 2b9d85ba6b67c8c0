"""Posts in international organisations, and the reserve pool of candidates."""

from __future__ import annotations

import datetime as dt

from hezuo.core.models import Unit
from hezuo.registry.models import (
    Candidacy,
    CandidacyStatus,
    Organisation,
    OrganisationKind,
    Post,
    PostLevel,
)

from .draws import add_years, random_date, weighted_sample
from .figures import KEY_POSTS, POST_COUNT
from .tables import CANDIDACY_NOTES, POST_TITLES


class PostSteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def _international_pool(self) -> tuple[list[Organisation], list[float]]:
        pool = self.ingos + self.igos
        weights = [
            (6.0 if o._real else 1.0) if o.kind == OrganisationKind.INGO
            else (3.0 if o._real else 0.4)
            for o in pool
        ]  # fmt: skip
        return pool, weights

    def _recommending_body(self, org: Organisation) -> Unit:
        rng = self.rng
        if org.kind == OrganisationKind.INGO:
            choice = rng.choices(("cast", "society", "min-cas", "min-moe", "office"),
                                 (35, 35, 10, 10, 10))[0]  # fmt: skip
            if choice == "cast":
                return self.unit["min-cast"]
            if choice == "society" and self.society_units:
                return rng.choice(self.society_units)
            return self.unit["min-cast" if choice == "society" else choice]
        code = rng.choices(("office", "min-moe", "min-cas", "min-miit", "min-moa", "min-nhc"),
                           (50, 10, 10, 10, 10, 10))[0]  # fmt: skip
        return self.unit[code]

    def posts(self) -> None:
        rng = self.rng
        pool, weights = self._international_pool()
        levels = [level for level, n in KEY_POSTS.items() for _i in range(n)]
        levels += [PostLevel.MEMBER] * (POST_COUNT - len(levels))
        presidents = weighted_sample(rng, pool, weights, KEY_POSTS[PostLevel.PRESIDENT])
        slots = [
            (
                level,
                presidents[i] if level == PostLevel.PRESIDENT else rng.choices(pool, weights)[0],
            )
            for i, level in enumerate(levels)
        ]
        rng.shuffle(slots)
        holders = list(self.officeholders)
        rng.shuffle(holders)
        held: dict[int, set[int]] = {}
        posts = []
        for i, (level, org) in enumerate(slots):
            if i < len(holders):
                person = holders[i]
            else:
                person = rng.choice(holders)
                while org.pk in held.get(person.pk, set()):
                    person = rng.choice(holders)
            held.setdefault(person.pk, set()).add(org.pk)
            years = rng.choice((2, 3, 4, 4))
            if rng.random() < 0.65:  # serving now: the term ends after the demo's "today"
                end = self.today + dt.timedelta(days=rng.randint(120, 365 * years - 30))
            else:
                end = random_date(rng, dt.date(2008, 1, 1), self.today - dt.timedelta(days=60))
            start = add_years(end, -years) + dt.timedelta(days=1)
            if level == PostLevel.MEMBER and rng.random() < 0.08:
                end = None
            posts.append(
                Post(person=person, organisation=org, level=level,
                     title=rng.choice(POST_TITLES[level]), term_start=start, term_end=end,
                     owner_unit=self._recommending_body(org))
            )  # fmt: skip
        self.save(Post, posts)
        # the reserve pool
        candidates = [p for p in self.domestic_people if p.is_expert] or self.domestic_people
        statuses = [s for s, _label in CandidacyStatus.choices]
        candidacies = []
        for _i in range(self.n("candidacies")):
            person = rng.choice(self.officeholders if rng.random() < 0.4 else candidates)
            org = rng.choices(pool, weights)[0] if rng.random() < 0.8 else None
            nominated = random_date(rng, dt.date(2014, 1, 1), dt.date(2025, 10, 31))
            province = person._org.province
            if province and rng.random() < 0.15:
                owner = self.unit[f"prov-{province}"]
            elif org is not None:
                owner = self._recommending_body(org)
            else:
                owner = self.unit[rng.choice(("min-cast", "office", "min-cas"))]
            candidacies.append(
                Candidacy(
                    person=person, organisation=org,
                    target_level=rng.choices(list(PostLevel), (1, 3, 5, 4))[0],
                    status=rng.choices(statuses, (30, 25, 25, 10, 10))[0],
                    nominated_on=nominated,
                    notes=rng.choice(CANDIDACY_NOTES).format(y=nominated.year),
                    owner_unit=owner,
                )
            )  # fmt: skip
        self.save(Candidacy, candidacies)
