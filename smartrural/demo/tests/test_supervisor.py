"""The demo's supervision of its children, with real child processes."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import pytest

from smartrural.demo.supervisor import Child, GaveUp, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
STUBBORN = [
    sys.executable,
    "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)",
]
QUITTER = [sys.executable, "-c", "raise SystemExit(3)"]


def supervisor(*children: Child, **options: Any) -> tuple[Supervisor, list[str]]:
    said: list[str] = []
    made = Supervisor(
        list(children), env=dict(os.environ), cwd=os.getcwd(), say=said.append, **options
    )
    return made, said


def alive(child: Child) -> bool:
    return child.process is not None and child.process.poll() is None


def wait_dead(child: Child) -> None:
    assert child.process is not None
    child.process.wait(timeout=10)


class SupervisorTests:
    def test_a_child_that_dies_is_started_again(self) -> None:
        worker, web = Child("worker", SLEEPER), Child("web server", SLEEPER)
        made, said = supervisor(worker, web)
        made.start()
        try:
            first = worker.process
            assert first is not None
            first.kill()
            wait_dead(worker)
            made.check()
            assert alive(worker) and worker.process is not first
            assert alive(web)
            assert said == ["Tiến trình worker đã dừng (mã thoát -9); đang khởi động lại…"]
        finally:
            made.stop()

    def test_it_gives_up_after_too_many_restarts_in_the_window(self) -> None:
        quitter, web = Child("worker", QUITTER), Child("web server", SLEEPER)
        made, said = supervisor(quitter, web, max_restarts=2, window=60)
        made.start()
        try:
            for _ in range(2):
                wait_dead(quitter)
                made.check()
            wait_dead(quitter)
            with pytest.raises(GaveUp, match="worker đã dừng \\(mã thoát 3\\) sau khi"):
                made.check()
            assert len(said) == 2
        finally:
            made.stop()
        assert not alive(web)  # stopping after giving up leaves nothing running

    def test_restarts_older_than_the_window_do_not_count(self) -> None:
        quitter = Child("worker", QUITTER)
        made, _said = supervisor(quitter, max_restarts=1, window=0.2)
        made.start()
        try:
            wait_dead(quitter)
            made.check()
            time.sleep(0.3)
            wait_dead(quitter)
            made.check()  # the first restart is out of the window: no GaveUp
            assert len(quitter.restarts) == 1
        finally:
            made.stop()

    def test_stop_terminates_and_kills_what_ignores_sigterm(self) -> None:
        polite, stubborn = Child("web server", SLEEPER), Child("worker", STUBBORN)
        made, _said = supervisor(polite, stubborn, graceful=1)
        made.start()
        time.sleep(0.5)  # let the stubborn child install its handler
        started = time.monotonic()
        made.stop()
        assert time.monotonic() - started < 5
        assert polite.process is not None and polite.process.returncode == -15
        assert stubborn.process is not None and stubborn.process.returncode == -9
