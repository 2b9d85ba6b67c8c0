"""Where apps above the calls plug in (see `hezuo.core.extensions`): the calls never import them.

- `APPLICATION_READERS`: who else may read an application — each function takes a user and
  returns a subquery of application ids, or None (expert review: the experts it is assigned to).
- `SCORE_SOURCES`: where an application's score comes from when not from the office's hand —
  each function returns the score or None (expert review: the adopted review score).
- Template slots on the pages: `calls.application_panel` (beside an application),
  `calls.call_links` (on a call's page), `calls.score_action` (stands in for the manual-score
  form: experts' scores are adopted instead).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hezuo.core.extensions import Hook

APPLICATION_READERS: Hook[Callable[[Any], Any]] = Hook("calls.application_readers")
SCORE_SOURCES: Hook[Callable[[Any], Decimal | None]] = Hook("calls.score_sources")

APPLICATION_PANEL = "calls.application_panel"
CALL_LINKS = "calls.call_links"
SCORE_ACTION = "calls.score_action"
