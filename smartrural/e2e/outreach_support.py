"""What the outreach end-to-end tests share: the hostile texts, the check that a page shows
them as text, the flash message, and waiting for something the server does."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from .helpers import PageProblems

# Typed by an officer as a name, a title or a text: each must read as its literal text.
SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '"><img src=x onerror="window.__xss=2">'
# What a text would have become if it had been parsed as HTML.
INJECTED = "img[src=x], [onerror], [onload]"
SCRIPTS_WITH_PAYLOAD = (
    "[...document.scripts].filter(s => s.type !== 'application/json' && s.text.includes('__xss'))"
    ".length"
)


def assert_shown_as_text(page: Any, *texts: str) -> None:
    """No payload ran or became markup, and each text reads as itself on the page."""
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    assert page.locator(INJECTED).count() == 0, page.url
    assert page.evaluate(SCRIPTS_WITH_PAYLOAD) == 0, page.url
    body = page.locator("body").inner_text()
    for text in texts:
        assert text in body, (page.url, text)


def flash(page: Any) -> Any:
    """The message shown after an action (``messages`` framework)."""
    return page.locator(".messages, [role=status], .message").first


def expect_text(page: Any, text: str) -> None:
    expect(page.locator("body")).to_contain_text(text)


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.1)


def check_pages(problems: PageProblems, *expected: int) -> None:
    """No console error, CSP violation or failed load on the pages opened, but the answers
    with a status in ``expected`` (a form sent back with its errors: the test asserts them)."""
    problems.failed = [f for f in problems.failed if int(f.split()[0]) not in expected]
    problems.check()
