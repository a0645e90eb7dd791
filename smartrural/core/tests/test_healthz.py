from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client


@pytest.mark.django_db
class HealthzTests:
    def test_it_reports_ok_with_a_working_database(self) -> None:
        response = Client().get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    def test_it_reports_503_naming_the_database_when_it_fails(self) -> None:
        with mock.patch("smartrural.core.views.connection.cursor", side_effect=OperationalError):
            response = Client().get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "error"
        assert response.json()["database"].startswith("error")
