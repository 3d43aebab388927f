"""Content for translators (issue 9, item 4): one PO file per language, a record and field per
entry, translations kept across rewrites, and an English text that changes turns its
translation fuzzy instead of silently keeping it."""

import polib
import pytest
from django.core.management import call_command

from portal.content_po import TRANSLATABLE_FIELDS, po_path
from toolkit.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def po_dir(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    return tmp_path


def entries(language):
    return {entry.msgctxt: entry for entry in polib.pofile(str(po_path(language)))}


def test_every_translatable_text_of_the_content_is_an_entry(all_content, po_dir):
    call_command("content_po", "ru", verbosity=0)
    po = entries("ru")
    section = Section.objects.exclude(body="").first()
    entry = po[f"toolkit.section:{section.pk}:body"]
    assert entry.msgid == section.body and entry.msgstr == ""
    assert {ctx.split(":")[0] for ctx in po} == set(TRANSLATABLE_FIELDS)
    header = polib.pofile(str(po_path("ru"))).metadata
    assert header["Language"] == "ru" and "not yet reviewed" in header["X-Translation-Status"]


def test_a_changed_english_text_turns_its_translation_fuzzy(all_content, po_dir):
    call_command("content_po", "ru", verbosity=0)
    section = Section.objects.exclude(heading="").first()
    other = Section.objects.exclude(heading="").exclude(pk=section.pk).first()
    po = polib.pofile(str(po_path("ru")))
    for entry in po:
        if entry.msgctxt in (f"toolkit.section:{s.pk}:heading" for s in (section, other)):
            entry.msgstr = f"Перевод {entry.msgctxt}"
    po.save()
    old_heading = section.heading
    section.heading = "A heading an editor changed"
    section.save()
    call_command("content_po", "ru", verbosity=0)
    po = entries("ru")
    changed = po[f"toolkit.section:{section.pk}:heading"]
    assert changed.msgid == "A heading an editor changed"
    assert changed.msgstr == f"Перевод toolkit.section:{section.pk}:heading"  # kept, but ...
    assert "fuzzy" in changed.flags and changed.previous_msgid == old_heading  # ... marked
    unchanged = po[f"toolkit.section:{other.pk}:heading"]
    assert "fuzzy" not in unchanged.flags and unchanged.msgstr.startswith("Перевод")
    call_command("content_po", "ru", verbosity=0)  # writing again keeps it fuzzy
    assert "fuzzy" in entries("ru")[f"toolkit.section:{section.pk}:heading"].flags
