"""Every page template, rendered, is valid HTML by the Nu HTML Checker (vnu, the W3C validator).

The walk opens every reader's page of the URL map (tests/urlwalk.py) as an anonymous reader and
as a plan's owner, in English and Russian, plus the pages a query changes (search, filtered
topics); writes each to a file and runs vnu once over all of them. One deliberately broken page
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
from django.utils import translation

from tests.portal.test_every_page_in_russian import reader_pages
from tests.urlwalk import build_world, url_for

pytestmark = pytest.mark.django_db

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


def render_pages(client, world, folder):
    written = {}
    for who in ("anonymous", "owner"):
        if who == "owner":
            client.force_login(world["owner"])
        for name, url in page_urls(world):
            response = client.get(url)
            if response.status_code in (301, 302, 405) or response.streaming:
                continue
            if "text/html" not in response.get("Content-Type", ""):
                continue
            path = folder / f"{len(written):03d}.html"
            path.write_bytes(response.content)
            written[path.name] = f"{who} {url} ({name}, {response.status_code})"
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


def test_every_page_is_valid_html(client, django_user_model, all_content, tmp_path):
    command = vnu_command()
    world = build_world(django_user_model)
    pages = render_pages(client, world, tmp_path)
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
    for name in ("(home,", "(toolkit:step,", "(annexes:topic_list,", "(planner:plan_step,"):
        assert name in reached
