from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from smartrural.core.dburl import parse_database_url
from smartrural.core.env import env_bool, env_int, env_str
from smartrural.core.text import fold

BASE = Path("/srv/smartrural")


class DatabaseUrlTests:
    def test_it_reads_an_absolute_sqlite_path_with_wal_and_immediate_transactions(self) -> None:
        config = parse_database_url("sqlite:////var/lib/sr/db.sqlite3", base_dir=BASE)
        assert config["ENGINE"] == "django.db.backends.sqlite3"
        assert config["NAME"] == "/var/lib/sr/db.sqlite3"
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]

    def test_it_reads_a_relative_sqlite_path_from_the_project(self) -> None:
        config = parse_database_url("sqlite:///var/x.sqlite3", base_dir=BASE)
        assert config["NAME"] == "/srv/smartrural/var/x.sqlite3"

    def test_it_reads_postgres_credentials(self) -> None:
        config = parse_database_url("postgres://ntm:p%40ss@db.local:5433/smartrural", base_dir=BASE)
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
            "ntm",
            "p@ss",
            "db.local",
            "5433",
        )
        assert config["NAME"] == "smartrural"

    def test_it_rejects_other_databases(self) -> None:
        with pytest.raises(ImproperlyConfigured):
            parse_database_url("mysql://u@h/db", base_dir=BASE)


class EnvHelperTests:
    def test_it_reads_booleans_and_rejects_nonsense(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("X_FLAG", "yes")
        assert env_bool("X_FLAG") is True
        monkeypatch.setenv("X_FLAG", "maybe")
        with pytest.raises(ImproperlyConfigured):
            env_bool("X_FLAG")

    def test_it_reads_whole_numbers(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("X_NUM", "12")
        assert env_int("X_NUM", 3) == 12
        monkeypatch.setenv("X_NUM", "twelve")
        with pytest.raises(ImproperlyConfigured):
            env_int("X_NUM", 3)

    def test_it_reads_secrets_from_a_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        secret = tmp_path / "secret"
        secret.write_text("from-file\n")
        monkeypatch.setenv("X_SECRET_FILE", str(secret))
        assert env_str("X_SECRET") == "from-file"


class ProductionSettingsTests:
    def _run(self, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("SMARTRURAL_", "DJANGO_"))
        }
        clean.update(env)
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "config.manage", *args],
            env=clean,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def test_it_refuses_to_start_without_a_secret_key(self, tmp_path: Path) -> None:
        result = self._run({"DATABASE_URL": f"sqlite:///{tmp_path}/check.sqlite3"}, "check")
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_check_deploy_is_clean_with_production_variables(self, tmp_path: Path) -> None:
        result = self._run(
            {
                "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-1234567890-abcdef",
                "ALLOWED_HOSTS": "ntm.example.vn",
                "DATABASE_URL": f"sqlite:///{tmp_path}/check.sqlite3",
            },
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        )
        assert result.returncode == 0, result.stderr + result.stdout


class FoldTests:
    def test_it_strips_vietnamese_diacritics_and_case(self) -> None:
        assert fold("Xã Ngãi Xuyên") == "xa ngai xuyen"
        assert fold("  Đại   An ") == "dai an"


class VietnameseFormatTests:
    def test_dates_years_and_decimals_render_the_vietnamese_way(self) -> None:
        import datetime as dt
        from decimal import Decimal

        from django.template import Context, Template
        from django.utils import translation

        template = Template("{{ day|date:'SHORT_DATE_FORMAT' }} {{ year }} {{ share }}")
        with translation.override("vi"):
            text = template.render(
                Context({"day": dt.date(2025, 7, 1), "year": 2023, "share": Decimal("79.9")})
            )
        assert text == "01/07/2025 2023 79,9"
