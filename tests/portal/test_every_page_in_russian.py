"""Every page of the URL map, opened in Russian, says so (`<html lang="ru">`) and shows none of
the interface's English: its visible text and its labelling attributes are compared with every
English msgid of the catalogue. Text a page shows in another language on purpose (a fallback
block, a plan written in English) carries its own `lang` and is left out."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.urlwalk import all_patterns, build_world, url_for

pytestmark = pytest.mark.django_db

# Not pages a reader reads: machine answers, redirects, downloads and the admin (Django's own).
NOT_PAGES = {
    "healthz",
    "sitemap",
    "switch_language",
    "service_worker",
    "offline_pages",
    "manifest",
    "logout",
    "planner:plan_export_markdown",
    "planner:plan_export_json",
    "planner:plan_export_docx",
    "planner:my_plans_export",
    "planner:share_link_create",
    "planner:share_link_revoke",
    "planner:plan_duplicate",
    "planner:plan_archive",
    "planner:part_restore",
    "planner:finding_acknowledge",
    "planner:finding_withdraw",
    "planner:log_start",
    "planner:review_request_create",
    "planner:review_revoke",
    "planner:review_reply",
    "planner:review_resolve",
    "planner:invitation_create",
    "planner:invitation_revoke",
    "planner:member_role",
    "planner:member_remove",
    "planner:network_leave",
}
# Attributes a reader meets (read aloud, shown as hints or on buttons).
LABELLING = ("aria-label", "title", "placeholder", "alt", "value")
# A short msgid ("Save", "Central Asia") is looked for as a whole text; a piece of three or
# more words (a msgid, or the part of one between placeholders) anywhere in a text. Shorter
# pieces are names that Russian text keeps in English ("... Empowering Central Asian ...").
MIN_WORDS = 3
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def english_interface():
    """(whole texts, fragments): every msgid whose Russian differs, and the long pieces of
    each, split at placeholders and markup."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/ru/LC_MESSAGES/django.po"))
    wholes, fragments = set(), set()
    for entry in catalogue.translated_entries():
        russian = entry.msgstr or entry.msgstr_plural.get(0, "")
        if russian == entry.msgid:
            continue
        for msgid in (entry.msgid, entry.msgid_plural):
            if not msgid:
                continue
            wholes.add(" ".join(msgid.split()))
            text = re.sub(r"<[^>]+>", " ", msgid)
            for fragment in PLACEHOLDER.split(text):
                fragment = " ".join(fragment.split()).strip(" .,:;()")
                if len(fragment.split()) >= MIN_WORDS:
                    fragments.add(fragment)
    return wholes, fragments


class VisibleText(HTMLParser):
    """Text and labelling attributes outside <script>, <style> and elements in another `lang`."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, skipped)
        self.texts = []

    def skipped(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other_language = attrs.get("lang") not in (None, "ru")
        skip = tag in ("script", "style") or other_language
        if not (self.skipped() or skip):
            self.texts += [attrs[name] for name in LABELLING if attrs.get(name)]
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skipped() and data.strip():
            self.texts.append(" ".join(data.split()))


def english_left_in(html, interface):
    wholes, fragments = interface
    parser = VisibleText()
    parser.feed(html)
    found = {text for text in parser.texts if text in wholes}
    found |= {f for text in parser.texts for f in fragments if f in text}
    return sorted(found)


def reader_pages():
    for name, pattern in all_patterns():
        if name.startswith("admin:") or name in NOT_PAGES:
            continue
        yield name, pattern


@pytest.fixture(scope="module")
def fragments():
    return english_interface()


@pytest.fixture
def world(django_user_model, all_content):
    return build_world(django_user_model)


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_every_page_in_russian_shows_no_english_interface(client, world, fragments, who):
    if who == "owner":
        client.force_login(world["owner"])
    checked, problems = [], {}
    for name, pattern in reader_pages():
        with translation.override("ru"):
            url = url_for(name, pattern, world["kwargs"])
        response = client.get(url)
        if response.status_code in (301, 302, 405) or response.streaming:
            continue
        html = response.content.decode()
        if response.status_code == 200:
            checked.append(name)
        if '<html lang="ru">' not in html:
            problems[name] = "not lang=ru"
        elif left := english_left_in(html, fragments):
            problems[name] = left
    assert not problems
    # The walk reached the pages that matter, not just error pages.
    expected = {"home", "toolkit:step", "annexes:topic_detail", "search"}
    if who == "owner":
        expected |= {"planner:plan_detail", "planner:plan_step", "planner:network_detail"}
    assert expected <= set(checked)


def test_the_check_itself_finds_english():
    wholes, fragments = english_interface()
    assert "Log out" in wholes
    html = '<html lang="ru"><body><p>Слово</p><button>Log out</button></body></html>'
    assert english_left_in(html, (wholes, fragments)) == ["Log out"]
    assert english_left_in('<p lang="en">Log out</p>', (wholes, fragments)) == []
    assert english_left_in('<input value="Log out">', (wholes, fragments)) == ["Log out"]
    long = next(fragment for fragment in sorted(fragments) if len(fragment) > 40)
    assert english_left_in(f"<p><b>Oops.</b> {long}, sorry</p>", (wholes, fragments)) == [long]


def test_english_pages_say_they_are_english(client, world):
    client.force_login(world["owner"])
    for name in ("home", "planner:plan_detail"):
        pattern = dict(all_patterns())[name]
        with translation.override("en"):
            url = url_for(name, pattern, world["kwargs"])
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html
