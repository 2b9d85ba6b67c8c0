"""The navigation bar: core draws it, the composition layer (`hezuo.site`) fills it.

Core cannot name the apps' pages (arrows point down), so the menu is data: `register_menu`
adds entries in `AppConfig.ready`, each with who sees it; `menu_for(request)` gives what this
reader sees, grouped into drop-downs where entries name a group."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from .scoping import Scope, scope_for


def everyone(scope: Scope) -> bool:
    return True


def signed_in(scope: Scope) -> bool:
    return scope.authenticated


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    visible: Callable[[Scope], bool] = everyone
    group: str | Promise | None = None  # the drop-down it sits in
    group_id: str = ""  # the drop-down's element id
    element_id: str = ""
    divider_before: bool = False
    badge: Callable[[Any], int] | None = None  # e.g. unread notifications


_menu: list[MenuItem] = []


def register_menu(*items: MenuItem) -> None:
    _menu.extend(items)


@dataclass
class Entry:
    label: str
    url: str = ""
    element_id: str = ""
    badge: int = 0
    divider_before: bool = False
    children: list[Entry] | None = None


def menu_for(request) -> list[Entry]:
    user = getattr(request, "user", None)
    scope = scope_for(user)
    entries: list[Entry] = []
    groups: dict[str, Entry] = {}
    for item in _menu:
        if not item.visible(scope):
            continue
        entry = Entry(
            str(item.label),
            reverse(item.url_name),
            item.element_id,
            item.badge(user) if item.badge else 0,
            item.divider_before,
        )
        if item.group is None:
            entries.append(entry)
            continue
        key = str(item.group)
        if key not in groups:
            groups[key] = Entry(key, children=[], element_id=item.group_id)
            entries.append(groups[key])
        children = groups[key].children
        assert children is not None
        if not children:
            entry.divider_before = False
        children.append(entry)
    return entries
