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


# Recorded in the page before any of its own scripts run (an init script is not subject to the
# page's Content-Security-Policy), so every violation of the page is caught.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.effectiveDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + (event.sourceFile || "?") + ":" + event.lineNumber
  );
});
"""


class PageProblems:
    """Console errors and Content-Security-Policy violations of the pages a test opens.

    ``check()`` after each page: violations are kept per document; console errors (which
    include the browser's "Refused to ..." CSP messages) and failed loads (4xx/5xx) across the
    whole test.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.failed: list[str] = []
        page.add_init_script(_RECORD_VIOLATIONS)
        page.on("console", self._on_console)
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _on_console(self, message: Any) -> None:
        # A failed load is logged without its address: self.failed has it.
        if message.type in {"error", "warning"} and "Failed to load resource" not in message.text:
            self.console.append(f"{message.type}: {message.text}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def check(self) -> None:
        violations = self.page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{self.page.url}: {violations}"
        assert self.console == [], f"{self.page.url}: {self.console}"
        assert self.failed == [], f"{self.page.url}: {self.failed}"
