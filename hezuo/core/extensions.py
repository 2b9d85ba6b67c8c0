"""Extension points: where a higher layer plugs behaviour into a lower one.

Arrows point down (core ← registry ← portfolio ← calls ← review ← later apps ← site). When
something low must cause or show something that lives higher up — the calls' application page
shows the expert review, the application list admits the reviewers — the low layer declares a
`Hook` and the high layer registers into it in its `AppConfig.ready`. The low layer never names
the high one. Template slots are hooks whose functions return HTML for `{% slot name ... %}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Hook(Generic[F]):
    """An ordered set of functions a higher layer registers (each once)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._functions: list[F] = []

    def register(self, function: F) -> F:
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __iter__(self) -> Iterator[F]:
        return iter(tuple(self._functions))

    def __bool__(self) -> bool:
        return bool(self._functions)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._functions)}>"


# A template slot's function takes the template context and the tag's arguments, and returns
# HTML (already escaped) or "".
SlotFunction = Callable[..., str]
_slots: dict[str, Hook[SlotFunction]] = {}


def slot(name: str) -> Hook[SlotFunction]:
    """The template slot called `name` (made on first use, by whichever side asks first)."""
    if name not in _slots:
        _slots[name] = Hook(name)
    return _slots[name]
