"""``smartrural worker``: the django-tasks-db worker loop plus the periodic-job scheduler.

Options are those of django-tasks-db's ``db_worker`` plus ``--no-scheduler``. The scheduler runs
in a background thread and ticks every ``--scheduler-interval`` seconds (30 by default); with
``--batch`` it ticks once before the queue is drained, so a cron-driven ``worker --batch`` also
runs the periodic jobs that are due. SIGINT/SIGTERM finish the running task, then exit.

A database error that escapes the worker loop (the database locked by a long write, the
connection lost) is never fatal: it is logged as one line and the loop starts again after a
pause that doubles from ``RETRY_FIRST_SECONDS`` up to ``RETRY_MAX_SECONDS`` (back to the first
after a quiet spell of ``RETRY_RESET_SECONDS``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import (
    DatabaseError,
    InterfaceError,
    close_old_connections,
    connection,
    connections,
)
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from smartrural.core import scheduler

logger = logging.getLogger("smartrural.worker")

RETRY_FIRST_SECONDS = 1.0
RETRY_MAX_SECONDS = 60.0
RETRY_RESET_SECONDS = 300.0
SCHEDULER_TICK_SECONDS = 30.0

_SIGNALS = [signal.SIGINT, signal.SIGTERM]
if hasattr(signal, "SIGQUIT"):
    _SIGNALS.append(signal.SIGQUIT)


def scheduler_tick() -> None:
    """One scheduler pass; an error is logged as one line, never fatal to the worker."""
    close_old_connections()
    try:
        enqueued = scheduler.run_due()
    except Exception as exc:
        logger.error("Scheduler tick failed: %r", exc)  # repr: one line
        return
    if enqueued:
        logger.info("Scheduler enqueued: %s", ", ".join(enqueued))


@contextlib.contextmanager
def scheduler_running(*, enabled: bool, interval: float) -> Iterator[None]:
    """Tick in a background thread every ``interval`` seconds while the block runs."""
    if not enabled:
        yield
        return
    stopping = threading.Event()

    def loop() -> None:
        try:
            while True:
                scheduler_tick()
                if stopping.wait(interval):
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name="smartrural-scheduler", daemon=True)
    thread.start()
    logger.info("Scheduler started (every %ss, jobs: %s)", interval, ", ".join(scheduler.jobs()))
    try:
        yield
    finally:
        stopping.set()
        thread.join(timeout=10)


@contextlib.contextmanager
def restored_signals() -> Iterator[None]:
    """Put back the handlers the worker replaces (matters when called in-process, e.g. tests)."""
    previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    try:
        yield
    finally:
        if threading.current_thread() is threading.main_thread():
            for sig, handler in previous.items():
                signal.signal(sig, handler)


class Command(DbWorkerCommand):
    help = "Run background tasks (django-tasks database backend) and the periodic-job scheduler."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Do not run the periodic-job scheduler in this worker.",
        )
        parser.add_argument(
            "--scheduler-interval",
            type=float,
            default=SCHEDULER_TICK_SECONDS,
            help="Seconds between scheduler ticks (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity: int = options["verbosity"]
        batch: bool = options["batch"]
        reload: bool = options["reload"] and not batch
        run_scheduler = bool(options["scheduler"] and getattr(settings, "SCHEDULER_ENABLED", True))
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")

        worker = Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            # A batch run has no herd to spread out.
            startup_delay=options["startup_delay"] and not batch,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )

        def run() -> None:
            if batch:
                if run_scheduler:
                    scheduler_tick()
                run_surviving_database_errors(worker)
                return
            with scheduler_running(enabled=run_scheduler, interval=options["scheduler_interval"]):
                run_surviving_database_errors(worker)

        with restored_signals():
            if reload:
                if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                    worker.configure_signals()
                run_with_reloader(run)
            else:
                worker.configure_signals()
                _run_to_exit(run)


def run_surviving_database_errors(worker: Worker) -> None:
    """``worker.run()``, started again after a database error (logged, with a growing pause)
    until it returns or the worker is told to stop."""
    pause = RETRY_FIRST_SECONDS
    while True:
        started = time.monotonic()
        try:
            worker.run()
            return
        except (DatabaseError, InterfaceError) as exc:
            if not worker.running:
                return
            if time.monotonic() - started > RETRY_RESET_SECONDS:
                pause = RETRY_FIRST_SECONDS
            logger.warning(
                "Worker database error, retrying in %.3g s: %s: %s",
                pause,
                type(exc).__name__,
                str(exc).splitlines()[0] if str(exc) else "-",
            )
            # A broken connection is not reused; the next query opens a new one.
            with contextlib.suppress(DatabaseError, InterfaceError):
                connections.close_all()
            worker.startup_delay = False
            time.sleep(pause)
            pause = min(pause * 2, RETRY_MAX_SECONDS)


def _run_to_exit(run: Callable[[], None]) -> None:
    """Run the loop; the worker's signal handler ends an idle loop with ``SystemExit(0)``."""
    try:
        run()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
        logger.info("Worker stopped.")
