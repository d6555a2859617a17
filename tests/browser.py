"""Headless Chromium for the tests: Debian's chromium driven by Playwright.

scripts/setup.sh installs the chromium package; Playwright only drives it (no browser download).
In CI a missing browser fails the tests; on a developer's machine without it they skip, saying
what to install. POLICYKG_CHROMIUM names another Chromium binary.
"""

from __future__ import annotations

import os
import shutil

import pytest

ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN"]


def chromium_path() -> str:
    path = os.environ.get("POLICYKG_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if path is None:
        message = "no chromium on PATH: run scripts/setup.sh (installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session; each test opens its own context (no shared
    cookies, storage or routes)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_offline(chromium, path, ready: str = "data-ready", timeout: int = 60_000):
    """A page file opened offline in a fresh context and waited for until its script marks
    the body (`ready`='true'), with what it logged, requested and tried to pop up. The pages
    forbid eval, so the wait is on the DOM, not on a JavaScript predicate."""
    context = chromium.new_context(viewport={"width": 1500, "height": 950}, offline=True)
    page = context.new_page()
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda message: message.type == "error"
            and seen["errors"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(f"body[{ready}='true']", state="attached", timeout=timeout)
    return context, page, seen
