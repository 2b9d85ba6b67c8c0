"""Programmes, calls and the applications made to them, from a draft to a published decision.
Split by purpose: `calls` (programmes, calls, criteria, rubric, quotas), `applications` (the
application and its states), `records` (what an application is made of and what the selection
records about it). Who may do what is the table in `hezuo.calls.workflow`."""

from .applications import *  # noqa: F403
from .calls import *  # noqa: F403
from .records import *  # noqa: F403
