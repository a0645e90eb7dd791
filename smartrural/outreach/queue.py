"""Asking for background work after a commit, by name.

The services ask for ``deliver`` (send what is queued) and ``enqueue_campaign`` (write a due
campaign's messages); the tasks themselves live in ``tasks.py``, which imports the services, so
the services reach them through this registry (filled when ``tasks.py`` is imported: by the
app's ``ready()`` and by the scheduler) instead of importing them back.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task

_tasks: dict[str, Task[..., Any]] = {}


def register(name: str, task: Task[..., Any]) -> None:
    _tasks[name] = task


def after_commit(name: str, *args: Any) -> None:
    """Enqueue the task registered as ``name`` with ``args`` once the transaction commits."""
    task = _tasks[name]
    transaction.on_commit(lambda: task.enqueue(*args))
