"""What one import knows about its user and the database, built once and shared by every row."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from hezuo.core.models import Role, Unit
from hezuo.core.scoping import scope_for


class ImportContext:
    def __init__(self, user, resource):
        self.user = user
        self.resource = resource
        self.scope = scope_for(user)
        self._cache: dict[str, Any] = {}

    def cached(self, key: str, factory: Callable[[], Any]) -> Any:
        """Build something (an index, a resolver) at most once per import."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    @cached_property
    def units(self) -> dict[str, Unit]:
        """Units the user may file records under, by code: any unit for the office, otherwise
        the units the user acts for (a recommender: its own and those beneath it)."""
        qs = (
            Unit.objects.all()
            if self.scope.is_office
            else Unit.objects.filter(pk__in=self.scope.unit_ids)
        )
        return {unit.code.lower(): unit for unit in qs}

    def unit_by_code(self, code: str) -> Unit | None:
        return self.units.get(code.strip().lower())

    @cached_property
    def default_unit(self) -> Unit | None:
        """The user's unit when there is exactly one (reviewer memberships do not count)."""
        unit_ids = {
            unit_id
            for unit_id, role in self.user.memberships.values_list("unit_id", "role")
            if role != Role.REVIEWER
        }
        if len(unit_ids) != 1:
            return None
        return Unit.objects.filter(pk__in=unit_ids).first()
