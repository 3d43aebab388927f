"""Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from `apt-get install chromium` (.ci/run does it); Playwright's own browser
download cannot work on these machines. Without Chromium the browser tests skip on a developer's
machine and fail in CI, where .ci/run must have installed it.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.helpers import PHONE, WAIT_MS

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still
# plain synchronous calls, so Django's async-safety guard would misfire.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices on top: unique landmarks, content inside landmarks, heading order, one <h1>.
AXE_TAGS = [*WCAG_22_AA, "best-practice"]


def _missing(what):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run / make test must install it")
    pytest.skip(f"{what} is not installed here (CI installs it)")


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        _missing("Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield WorkerlessUnlessAsked(browser)
        browser.close()


class WorkerlessUnlessAsked:
    """The browser, whose contexts block service workers unless a test asks for them
    (`service_workers="allow"`, the offline test). Otherwise every page a fresh context opens
    registers the worker, which then fetches all the reading pages from the one live server
    while the test runs."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def site(live_server, all_content):
    """The live site with the real content: the journeys read the toolkit's own words."""
    return live_server.url


def record_csp_violations(target, problems):
    """Append to `problems` each CSP violation a page or context logs (Chromium reports them
    as console errors)."""

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(message.text)

    target.on("console", on_console)


@pytest.fixture
def russian_phone(chromium_browser):
    """A phone whose browser asks for Russian; JavaScript on, as on most phones. The test fails
    if a page reports a script error."""
    context = chromium_browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU"
    )
    context.set_default_timeout(WAIT_MS)
    problems = []
    context.on("weberror", lambda web_error: problems.append(str(web_error.error)))
    yield context.new_page()
    context.close()
    assert problems == [], f"the pages reported: {problems}"


@pytest.fixture
def open_phone(chromium_browser):
    """Opens a page in a new phone-sized browser context (a new phone).

    The test fails if any page of those contexts logs a CSP violation or a script error.
    """
    contexts, problems = [], []

    def open_phone(javascript=True):
        context = chromium_browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
        )
        context.set_default_timeout(WAIT_MS)
        record_csp_violations(context, problems)
        context.on("weberror", lambda web_error: problems.append(str(web_error.error)))
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()
    assert problems == [], f"the pages reported: {problems}"


@pytest.fixture
def phone_page(chromium_browser):
    """A phone-sized page; the test fails if the page logs a CSP violation or a script error."""
    context = chromium_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = []
    record_csp_violations(page, problems)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == [], f"the page reported: {problems}"


@pytest.fixture
def axe_check():
    """Run axe-core in the page and return its WCAG 2.2 AA and best-practice violations."""
    if not AXE_SCRIPT.exists():
        _missing("axe-core (npm ci)")

    axe_source = AXE_SCRIPT.read_text()

    def check(page):
        # Evaluated through the DevTools protocol, which the page's strict CSP does not govern
        # (a <script> tag would be refused, as it should be).
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            {
                "id": violation["id"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]

    return check


@pytest.fixture
def no_script_phone(chromium_browser):
    """A phone that runs no script: the page must work as plain HTML."""
    context = chromium_browser.new_context(java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_without_script(chromium_browser, axe_check, site):
    """Checks a page of a script-less phone with axe, which needs script to run (its checks
    wait on timers, which never fire without script; evaluating script there waits forever):
    the same HTML, its own scripts left out, is checked in a phone that runs script, on this
    site so that its styles load. Reduced motion: axe must not read a focused button's colours
    halfway through Bootstrap's transition (a contrast failure that comes and goes)."""
    from tests.browser.helpers import accessible

    context = chromium_browser.new_context(viewport=PHONE, reduced_motion="reduce")
    context.set_default_timeout(WAIT_MS)
    checker = context.new_page()

    def check(page):
        html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
        checker.goto(site + "/about/")
        checker.set_content(html)
        accessible(checker, axe_check)

    yield check
    context.close()
