"""Registry rules: who may change what. The generic create/update/delete in `hezuo.core.services`
do the work; this module says, per kind, whose records they are."""

from __future__ import annotations

from django.db.models import Model

from hezuo.core.models import UNIT_KEEPER_ROLES, Role
from hezuo.core.scoping import scope_for
from hezuo.core.services import may_create, register_policy

from .models import (
    Affiliation,
    Agreement,
    AgreementDocument,
    AgreementKind,
    Candidacy,
    Country,
    Grouping,
    Mechanism,
    MechanismMeeting,
    Organisation,
    Person,
    Post,
)

__all__ = ["may_create"]


def _office_admin(user, _obj=None) -> bool:
    return user.is_superuser or Role.OFFICE_ADMIN in scope_for(user).roles


def _office(user, _obj=None) -> bool:
    return scope_for(user).is_office


def _keeper(user) -> bool:
    """May create unit-kept records (for one of their own units)."""
    scope = scope_for(user)
    return scope.is_office or bool(scope.roles & UNIT_KEEPER_ROLES)


def _owner_or_office(user, obj) -> bool:
    scope = scope_for(user)
    if scope.is_office:
        return True
    if not (scope.roles & UNIT_KEEPER_ROLES):
        return False
    return obj.owner_unit_id is not None and obj.owner_unit_id in scope.unit_ids


def _agreement(user, obj: Model) -> bool:
    # A `Policy` takes any model; this one is registered for Agreement, so that is what it gets.
    assert isinstance(obj, Agreement)
    if obj.kind == AgreementKind.INTERGOVERNMENTAL:
        return _office(user, obj)
    return _owner_or_office(user, obj)


def _via(parent_attr: str, parent_policy):
    return lambda user, obj: parent_policy(user, getattr(obj, parent_attr))


def register_policies() -> None:
    """Who may change each registry record (called once, from `RegistryConfig.ready`)."""
    register_policy(Country, _office_admin, create=_office_admin)
    register_policy(Grouping, _office_admin, create=_office_admin)
    register_policy(Organisation, _office, create=_office)
    register_policy(Mechanism, _office, create=_office)
    register_policy(MechanismMeeting, _via("mechanism", _office), create=_office)
    register_policy(Person, _owner_or_office, create=_keeper)
    register_policy(Affiliation, _via("person", _owner_or_office), create=_keeper)
    register_policy(Agreement, _agreement, create=_keeper)
    register_policy(AgreementDocument, _via("agreement", _agreement), create=_keeper)
    register_policy(Post, _owner_or_office, create=_keeper)
    register_policy(Candidacy, _owner_or_office, create=_keeper)
