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
