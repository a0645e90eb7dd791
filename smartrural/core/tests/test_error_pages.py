from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
class ErrorPageTests:
    def test_unknown_page_is_a_vietnamese_404_page(self) -> None:
        response = Client().get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert "Không tìm thấy" in response.content.decode()
        assert '<html lang="vi">' in response.content.decode()

    def test_unknown_api_path_is_a_json_404(self) -> None:
        response = Client().get("/api/v1/khong-co/")
        assert response.status_code == 404
        assert "detail" in response.json()

    def test_a_bad_host_header_is_a_400_page_not_a_500(self) -> None:
        # Refused by CommonMiddleware before the user is attached to the request.
        response = Client(HTTP_HOST="ke-gian.example").get("/lam-viec/")
        assert response.status_code == 400
        assert '<html lang="vi">' in response.content.decode()

    def test_english_is_available(self) -> None:
        client = Client()
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        response = client.get("/lam-viec/")
        assert '<html lang="en">' in response.content.decode()
        assert "Administrative units" in response.content.decode()


@pytest.mark.django_db
class LanguageTests:
    def test_vietnamese_is_served_even_to_an_english_browser(self) -> None:
        response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/lam-viec/")
        assert '<html lang="vi">' in response.content.decode()
        assert response["Content-Language"] == "vi"
