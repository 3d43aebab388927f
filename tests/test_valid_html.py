"""Every page template, rendered, is valid HTML by the Nu HTML Checker (vnu, the W3C validator).

The walk opens every reader's page of the URL map (tests/urlwalk.py) as an anonymous reader and
as a plan's owner, in English and Russian, plus the pages a query changes (search, filtered
topics), every toolkit step and plan step, the forms sent back with errors, the invitation, the
limits' and lock-out's pages and the 500 and 503 pages; writes each to a file and runs vnu once
over all of them (`pytest -m validator` runs it alone). One deliberately broken page
goes with them, so a checker that reports nothing fails the test instead of passing it.

vnu is the npm package `vnu-jar` (package.json, installed by `make test`) and needs Java (Debian's
default-jre-headless, installed by .ci/run).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.portal.test_every_page_in_russian import reader_pages
from tests.urlwalk import build_world, url_for

pytestmark = [pytest.mark.django_db, pytest.mark.validator]

VNU = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN = "broken-on-purpose.html"
# Pages whose query string renders another branch of their template.
WITH_QUERIES = ["/search/?q=gender", "/search/?q=zzzz", "/annexes/topics/?area=nowhere&q=a"]


def vnu_command():
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-Xss1m", "-jar", str(VNU)]
    what = "Java (apt-get install default-jre-headless)" if not java else f"{VNU} (npm ci)"
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run / make test must install it")
    pytest.skip(f"{what} is not installed here (CI installs it)")


def page_urls(world):
    for language in ("en", "ru"):
        with translation.override(language):
            for name, pattern in reader_pages():
                yield name, url_for(name, pattern, world["kwargs"])
        prefix = "" if language == "en" else f"/{language}"
        for url in WITH_QUERIES:
            yield url, prefix + url


def more_urls(world):
    """Pages the walk samples once, whose content differs: each toolkit step (THINK, PLAN, ACT)
    and each step of a plan."""
    from toolkit.models import Page, PlanningStep

    plan = world["plan"].pk
    for language in ("en", "ru"):
        with translation.override(language):
            for slug in Page.objects.steps().values_list("slug", flat=True):
                yield f"toolkit:step {slug}", reverse("toolkit:step", args=[slug])
            for number in PlanningStep.objects.values_list("number", flat=True):
                url = reverse("planner:plan_step", args=[plan, number])
                yield f"planner:plan_step {number}", url


def save(folder, written, what, response):
    if response.status_code in (301, 302, 405) or response.streaming:
        return
    if "text/html" not in response.get("Content-Type", ""):
        return
    path = folder / f"{len(written):03d}.html"
    path.write_bytes(response.content)
    written[path.name] = f"{what}, {response.status_code})"


def odd_pages(client, world, settings):
    """(what, response) for the pages no GET of the URL map shows: forms sent back with their
    errors, the invitation (to someone not yet a member), the limits' and the lock-out's pages."""
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 0
    settings.AXES_FAILURE_LIMIT = 2
    invitation = world["kwargs"]["invitation_token"]
    for language in ("en", "ru"):
        with translation.override(language):
            client.force_login(world["owner"])
            yield "owner (plan_create with errors", client.post(reverse("planner:plan_create"))
            client.force_login(world["outsider"])
            url = reverse("planner:invitation_accept", args=[invitation])
            yield "outsider (invitation_accept", client.get(url)
            client.logout()
            yield "anonymous (signup with errors", client.post(reverse("signup"))
            yield "anonymous (password_reset limited", client.post(reverse("password_reset"))
            wrong = {"username": f"someone-{language}", "password": "wrong"}
            for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
                yield f"anonymous (login failure {attempt}", client.post(reverse("login"), wrong)


def render_pages(client, world, folder, settings):
    written = {}
    for name, url in page_urls(world):
        save(folder, written, f"anonymous {url} ({name}", client.get(url))
    client.force_login(world["owner"])
    for name, url in [*page_urls(world), *more_urls(world)]:
        save(folder, written, f"owner {url} ({name}", client.get(url))
    for what, response in odd_pages(client, world, settings):
        save(folder, written, what, response)
    for language in ("en", "ru"):
        for name in ("500.html", "503.html"):  # rendered without a request, as Django does
            with translation.override(language):
                path = folder / f"{len(written):03d}.html"
                path.write_text(render_to_string(name))
                written[path.name] = f"{name} in {language}"
    return written


def run_vnu(command, folder):
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_page_is_valid_html(client, django_user_model, all_content, settings, tmp_path):
    command = vnu_command()
    world = build_world(django_user_model)
    pages = render_pages(client, world, tmp_path, settings)
    (tmp_path / BROKEN).write_text('<!doctype html><html lang="en"><title>x</title><p><div>')
    messages = run_vnu(command, tmp_path)

    errors = {}
    for message in messages:
        name = Path(message.get("url", "")).name
        where = f"line {message.get('lastLine')}: {message.get('message')}"
        errors.setdefault(pages.get(name, name), []).append(where)
    assert BROKEN in errors, "vnu reported nothing for a broken page: is it checking at all?"
    del errors[BROKEN]
    assert errors == {}
    # The walk reached the pages that matter, not only error pages.
    reached = " ".join(pages.values())
    for name in (
        "(home,",
        "(toolkit:step act,",
        "(annexes:topic_list,",
        "(planner:plan_step 5, 200)",
        "(invitation_accept, 200)",
        "(plan_create with errors, 200)",
        f"(login failure {settings.AXES_FAILURE_LIMIT}, 429)",  # the lock-out page
        "(password_reset limited, 429)",
    ):
        assert name in reached
