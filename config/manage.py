"""The ``smartrural`` command: this project's manage.py."""

from __future__ import annotations

import os
import sys


def main() -> None:
    # The demo command implies demo mode (demo accounts, console e-mail, no HTTPS).
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        os.environ.setdefault("SMARTRURAL_DEMO", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
