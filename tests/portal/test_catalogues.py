"""The interface's catalogues (issue 9, item 1): Russian complete and compiled, the other
languages extracted and ready for translators, every compiled .mo in step with its .po.

The .mo files are committed (a fresh machine has no msgfmt); `make messages-compile` writes them
with polib, and the test below fails when someone edits a .po and forgets to.
"""

import re
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
# CLDR gives Kazakh, Kyrgyz, Turkmen and Uzbek the categories one / other; Tajik follows them
# as Django's own catalogue and Weblate do.
PLURAL_FORMS = {
    "ru": RUSSIAN_PLURALS,
    "kk": "nplurals=2; plural=(n != 1);",
    "ky": "nplurals=2; plural=(n != 1);",
    "tg": "nplurals=2; plural=(n != 1);",
    "tk": "nplurals=2; plural=(n != 1);",
    "uz": "nplurals=2; plural=(n != 1);",
}

# What must come through a translation unchanged: printf directives (a lone % too, which would
# break `%` formatting), {name} fields filled in by JavaScript, and HTML tags.
PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|%")
BRACES = re.compile(r"\{\w+\}")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def catalogue_paths():
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def keys(entries):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in entries}


def translations(entries):
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            entry.msgstr,
            sorted((int(form), text) for form, text in entry.msgstr_plural.items()),
        )
        for entry in entries
    }


def kept(text):
    """What a translation must keep of `text`: named directives and {fields} in any order,
    positional directives in order, HTML tags as written."""
    directives = PRINTF.findall(text)
    return (
        Counter(d for d in directives if d.startswith("%(")),
        [d for d in directives if not d.startswith("%(")],
        Counter(BRACES.findall(text)),
        Counter(TAG.findall(text)),
    )


def test_each_language_has_its_catalogue_with_its_plural_forms():
    assert {path.parent.parent.name for path in catalogue_paths()} == set(PLURAL_FORMS)
    russian = keys(catalogue("ru"))
    for language, plural_forms in PLURAL_FORMS.items():
        po = catalogue(language)
        assert po.metadata["Language"] == language
        assert po.metadata["Plural-Forms"] == plural_forms, language
        assert not po.metadata_is_fuzzy, language
        # Extracted together: a translator of any language gets every string.
        assert keys(entry for entry in po if not entry.obsolete) == russian, language


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda path: path.parent.parent.name)
def test_each_compiled_catalogue_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make messages-compile"
    po, mo = polib.pofile(str(po_path)), polib.mofile(str(mo_path))
    assert translations(mo) == translations(po.translated_entries()), (
        f"{mo_path} is out of date: run make messages-compile"
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


def test_the_russian_catalogue_is_complete_and_marked_as_a_draft():
    po = catalogue("ru")
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    plurals = [entry for entry in po if entry.msgid_plural]
    assert plurals and all(len(entry.msgstr_plural) == 3 for entry in plurals)
    assert "not yet reviewed by a native-speaker editor" in po.metadata["X-Translation-Status"]


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda path: path.parent.parent.name)
def test_each_translation_keeps_the_placeholders_and_tags_of_its_source(po_path):
    broken = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        broken += [text for source, text in pairs if kept(text) != kept(source)]
    assert broken == []


def test_a_russian_reader_gets_the_interface_in_russian(client, db):
    page = client.get("/ru/accounts/login/").content.decode()
    assert '<html lang="ru">' in page
    assert "Войти" in page and "Log in" not in page
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page and "Log in" in page


def test_git_keeps_the_compiled_catalogues():
    patterns = [line.strip("/") for line in (settings.BASE_DIR / ".gitignore").read_text().split()]
    names = ("django.mo", "locale", "LC_MESSAGES")
    assert [p for p in patterns if any(fnmatch(name, p) for name in names)] == []


def test_only_languages_with_a_complete_interface_are_offered():
    """A language is offered to readers (settings.LANGUAGES) only when its interface catalogue
    is complete: no untranslated and no fuzzy entry. Checked, not remembered."""
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        po = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
        missing = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        assert missing == 0, f"{code} is offered with {missing} entries untranslated or fuzzy"
