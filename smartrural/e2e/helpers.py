"""What the end-to-end tests share: switching to English, logging in, the accessibility check.

Pages are Vietnamese by default (checked by test_pages.py); tests of later pages may switch the
browser to English with the language cookie, as a user would with the language switch.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

from smartrural.testing import PASSWORD

# axe-core rules for "the basics": landmarks, labels, names, contrast, language, structure.
SERIOUS = {"serious", "critical"}
LOGIN_LABELS = {
    "vi": ("Tên đăng nhập hoặc e-mail", "Mật khẩu", "Đăng nhập"),
    "en": ("User name or e-mail", "Password", "Log in"),
}


def use_english(page: Any, base: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])


def log_in(page: Any, base: str, username: str, *, language: str = "vi") -> None:
    """Log in through the login form, reading its labels in ``language``."""
    user_label, password_label, button = LOGIN_LABELS[language]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(user_label).fill(username)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def assert_accessible(page: Any) -> None:
    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert problems == [], f"{page.url}:\n" + "\n".join(problems)
