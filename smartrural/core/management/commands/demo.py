"""``smartrural demo``: set up the demo province and serve it with a background worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from smartrural.core.demo import DEMO_PASSWORD, load_demo, real_accounts_exist


class Command(BaseCommand):
    help = "Load the demo province (Trà Vinh 2023) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on.")
        parser.add_argument("--no-serve", action="store_true", help="Set up the database and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("The demo runs only in demo mode (SMARTRURAL_DEMO=true).")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if real_accounts_exist():
            raise CommandError(
                "This database holds real (non-demo) accounts: the demo runs only on a database "
                "of its own (set DATABASE_URL or SMARTRURAL_VAR_DIR to another place)."
            )
        self.stdout.write("Loading reference units and demo data…")
        accounts = load_demo()
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS("SmartRural demo is ready."))
        self.stdout.write(f"  Web:        {base}/")
        self.stdout.write(f"  Units:      {base}/units/?as_of=2023-06-01")
        self.stdout.write(f"  API docs:   {base}/api/v1/docs")
        self.stdout.write(f"  Health:     {base}/healthz")
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(
                f"    {account.username:<12} {account.role:<17} {account.description}"
            )
        if options["no_serve"]:
            return
        self._serve(options["host"], options["port"])

    def _serve(self, host: str, port: int) -> None:
        bin_dir = os.path.dirname(sys.executable)
        env = {**os.environ, "SMARTRURAL_DEMO": "true"}
        web = subprocess.Popen(  # noqa: S603 - our own executables
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
                "--access-logfile",
                "-",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        worker = subprocess.Popen(  # noqa: S603
            [os.path.join(bin_dir, "smartrural"), "worker"], env=env, cwd=settings.BASE_DIR
        )
        self.stdout.write(f"Serving on http://{host}:{port}/ — press Ctrl-C to stop.")
        processes = [web, worker]
        interrupted = False
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            # Ctrl-C reaches the whole process group (and make may repeat it): shut down once.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            self.stdout.write("Stopping the web server and the worker…")
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not interrupted:
            raise CommandError("A demo process stopped unexpectedly; see the log above.")
        self.stdout.write("Stopped.")
