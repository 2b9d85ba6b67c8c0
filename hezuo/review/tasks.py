"""Assignment runs as background tasks (django-tasks): the office starts a run, the worker solves
it, and the run's page follows its `Job` (progress and message) until the proposal is ready."""

from __future__ import annotations

from django_tasks import task

from .services.execution import execute_run


@task()
def run_assignment(run_id: int) -> str:
    return execute_run(run_id).state
