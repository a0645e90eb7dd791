"""``smartrural demo``: set up the demo province and serve it with a background worker.

On an empty database the whole demo is loaded (``smartrural.demo.load``); on a database that
holds the complete demo of the same data and code (its ``DemoStamp``) nothing is loaded and the
demo starts in seconds; a database with other demo data (an older demo, or one officers have
edited) is served as it is. Static files are collected only when they changed since the last
run. The web server and the worker are supervised (``smartrural.demo.supervisor``).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartrural.accounts.models import User
from smartrural.demo.accounts import demo_accounts, demo_password
from smartrural.demo.load import State, demo_state, load_demo
from smartrural.demo.supervisor import (
    GRACEFUL_SECONDS,
    STOP_SIGNALS,
    Child,
    GaveUp,
    StopRequested,
    Supervisor,
    _stop_requested,
)
from smartrural.outreach.fakes.demo import DemoFakes, start_demo_fakes
from smartrural.outreach.fakes.demo_stations import DemoLoudspeakers

STATIC_STAMP = ".smartrural-static-hash"


def static_fingerprint() -> str:
    """What ``collectstatic`` would copy: every static file's path, size and change time."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = Path(storage.path(path))
            info = full.stat()
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static_if_changed() -> bool:
    """Run ``collectstatic`` only when the static files changed since it last ran."""
    root = Path(settings.STATIC_ROOT)
    stamp = root / STATIC_STAMP
    fingerprint = static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    root.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    return True


class Command(BaseCommand):
    help = _("Load the demo province and serve it on http://127.0.0.1:8000.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help=_("Port to serve on."))
        parser.add_argument("--host", default="127.0.0.1", help=_("Address to serve on."))
        parser.add_argument(
            "--no-serve", action="store_true", help=_("Set up the database and exit.")
        )
        parser.add_argument(
            "--serve-only",
            action="store_true",
            help=_(
                "Serve the database as it is, without migrating, collecting static files and "
                "loading the demo data again (after a first full run)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(_("The demo runs only in demo mode (SMARTRURAL_DEMO=true)."))
        if options["serve_only"]:
            self._refuse_real_accounts()
            self._serve(options["host"], options["port"])
            return
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(_("Migrating the database…"))
        call_command("migrate", interactive=False, verbosity=0)
        if collect_static_if_changed():
            self.stdout.write(_("Static files collected."))
        self._refuse_real_accounts()
        state = demo_state()
        if state == State.EMPTY:
            self.stdout.write(_("Loading the demo province (a few minutes, once)…"))
            load_demo(say=self.stdout.write)
        elif state == State.COMPLETE:
            self.stdout.write(_("The demo is already loaded: nothing to load."))
        else:
            self.stdout.write(
                _(
                    "This database holds other demo data (an older demo or one edited since): "
                    "it is served as it is. To load the current demo, start with an empty "
                    "database."
                )
            )
        self.stdout.write(self.style.SUCCESS(_("The SmartRural demo is ready.")))
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": demo_password()}
        )
        for account in demo_accounts():
            self.stdout.write(f"  {account.username:<12} {account.role:<17} {account.description}")
        if options["no_serve"]:
            return
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(_("  Web:        %(url)s") % {"url": f"{base}/"})
        self.stdout.write(_("  API docs:   %(url)s") % {"url": f"{base}/api/v1/docs"})
        self.stdout.write(_("  Health:     %(url)s") % {"url": f"{base}/healthz"})
        self._serve(options["host"], options["port"])

    def _refuse_real_accounts(self) -> None:
        if User.objects.filter(is_demo=False).exists():
            raise CommandError(
                _(
                    "This database holds real (non-demo) accounts: the demo runs only on a "
                    "database of its own (set DATABASE_URL or SMARTRURAL_VAR_DIR to another "
                    "place)."
                )
            )

    def _serve(self, host: str, port: int) -> None:
        bin_dir = os.path.dirname(sys.executable)
        limit = settings.REQUEST_TIME_LIMIT_SECONDS
        web = Child(
            _("web server"),
            [
                os.path.join(bin_dir, "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--worker-class",
                "gthread",
                "--workers",
                "2",
                "--threads",
                "4",
                # gthread workers keep answering gunicorn's heartbeat while a request runs, so
                # --timeout only catches a frozen worker; requests have their own time limit.
                "--timeout",
                str(limit + 30),
                "--graceful-timeout",
                str(GRACEFUL_SECONDS),
                "--access-logfile",
                "-",
            ],
        )
        worker = Child(_("worker"), [os.path.join(bin_dir, "smartrural"), "worker"])
        # The messaging providers, faked on local ports: notices sent in the demo go out and
        # their receipts come back to the site (outreach.fakes.demo).
        try:
            fakes = start_demo_fakes(
                host="127.0.0.1",
                base_port=settings.DEMO_FAKES_PORT,
                site_url=f"http://{host}:{port}",
            )
        except OSError as exc:  # a port taken: the demo serves, its notices wait unsent
            fakes = DemoFakes(notes=[_("The fake messaging providers did not start: %s") % exc])
        for note in fakes.notes:
            self.stdout.write(note)
        supervisor = Supervisor(
            [web, worker],
            env={**os.environ, "SMARTRURAL_DEMO": "true", **fakes.env},
            cwd=str(settings.BASE_DIR),
            say=self.stdout.write,
            graceful=GRACEFUL_SECONDS + 5,
        )
        # The loudspeaker clusters, simulated as devices polling the site (fresh tokens).
        speakers = DemoLoudspeakers(f"http://{host}:{port}")
        failure: str | None = None
        previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
        for sig in STOP_SIGNALS:
            signal.signal(sig, _stop_requested)
        try:
            supervisor.start()
            speakers.start()
            self.stdout.write(
                _("Serving on %(url)s — press Ctrl-C to stop.") % {"url": f"http://{host}:{port}/"}
            )
            supervisor.watch()
        except StopRequested:
            pass
        except GaveUp as exc:
            failure = str(exc)
        finally:
            # Ctrl-C reaches the whole process group (and make may repeat it): shut down once.
            for sig in STOP_SIGNALS:
                signal.signal(sig, signal.SIG_IGN)
            self.stdout.write(_("Stopping the web server and the worker…"))
            speakers.stop()
            supervisor.stop()
            fakes.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if failure:
            raise CommandError(_("%(failure)s The demo has stopped.") % {"failure": failure})
        self.stdout.write(_("Stopped."))
