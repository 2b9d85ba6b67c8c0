"""Calls and applications over REST, under `/api/v1/calls/` (see `common` for who reads what).
Applications' routes come first: a call's code is a path segment beside `applications`."""

from ninja import Router

from .actions import router as actions_router
from .applications import router as applications_router
from .calls import router as calls_router

router = Router()
router.add_router("", applications_router)
router.add_router("", actions_router)
router.add_router("", calls_router)
