"""Content for translators (issue 9, items 2 and 4): one PO file per language, a record and
field per entry; translations kept across rewrites, loaded with the content, and an English text
that changes turns its translation fuzzy and out of the pages instead of silently staying."""

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from portal.content_po import import_po, po_path, translatable_fields
from toolkit.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def po_dir(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    return tmp_path


def entries(language):
    return {entry.msgctxt: entry for entry in polib.pofile(str(po_path(language)))}


def translate(language, contexts, text="Перевод"):
    po = polib.pofile(str(po_path(language)))
    for entry in po:
        if entry.msgctxt in contexts:
            entry.msgstr = f"{text} {entry.msgctxt}"
    po.save()


SHIPPED = settings.BASE_DIR / "locale" / "content"


def test_every_translatable_text_of_the_content_is_an_entry(all_content, po_dir):
    call_command("content_po", "ru", verbosity=0)
    po = entries("ru")
    section = Section.objects.exclude(body_en="").first()
    entry = po[f"toolkit.section:{section.pk}:body"]
    assert entry.msgid == section.body_en and entry.msgstr == ""
    labels = {model._meta.label_lower for model in translatable_fields()}
    assert {ctx.split(":")[0] for ctx in po} == labels
    header = polib.pofile(str(po_path("ru"))).metadata
    # Nothing translated yet: the file is ready for translators and claims no review status.
    assert header["Language"] == "ru" and "X-Translation-Status" not in header


def test_a_changed_english_text_turns_its_translation_fuzzy_and_stale(all_content, po_dir):
    call_command("content_po", "ru", verbosity=0)
    section, other = Section.objects.exclude(heading_en="")[:2]
    contexts = [f"toolkit.section:{s.pk}:heading" for s in (section, other)]
    translate("ru", contexts)
    assert import_po("ru") == (2, 0)
    old_heading = section.heading_en
    Section.objects.filter(pk=section.pk).update(heading_en="A heading an editor changed")

    assert import_po("ru") == (1, 1)  # the translation of the old English is left out ...
    with translation.override("ru"):
        section.refresh_from_db()
        other.refresh_from_db()
        assert section.heading == "A heading an editor changed"  # ... readers get the English
        assert other.heading == f"Перевод {contexts[1]}"

    call_command("content_po", "ru", verbosity=0)
    po = entries("ru")
    changed = po[contexts[0]]
    assert changed.msgid == "A heading an editor changed"
    assert changed.msgstr == f"Перевод {contexts[0]}"  # kept for the translator, but ...
    assert "fuzzy" in changed.flags and changed.previous_msgid == old_heading  # ... marked
    unchanged = po[contexts[1]]
    assert "fuzzy" not in unchanged.flags and unchanged.msgstr.startswith("Перевод")
    call_command("content_po", "ru", verbosity=0)  # writing again keeps it fuzzy
    assert "fuzzy" in entries("ru")[contexts[0]].flags
    assert import_po("ru") == (1, 1)


def test_load_content_brings_the_shipped_translations(db):
    call_command("load_content", verbosity=0)
    shipped = {e.msgctxt: e.msgstr for e in polib.pofile(str(po_path("ru"))) if e.msgstr}
    if not shipped:
        pytest.fail("locale/content/ru.po ships no Russian translation")
    context, text = next(iter(shipped.items()))
    label, pk, field = context.split(":")
    model = next(m for m in translatable_fields() if m._meta.label_lower == label)
    with translation.override("ru"):
        assert getattr(model.objects.get(pk=pk), field) == text


def test_i18n_status_counts_per_language(db, settings):
    from io import StringIO

    call_command("load_content", verbosity=0)
    Section.objects.filter(pk=Section.objects.exclude(heading_en="").first().pk).update(
        heading_en="Changed in the admin"
    )
    out = StringIO()
    call_command("i18n_status", stdout=out)
    rows = {line.split()[0]: line.split() for line in out.getvalue().splitlines()[1:]}
    assert set(rows) == {"ru", "kk", "ky", "tg", "tk", "uz"}
    assert rows["ru"][1] == "yes" and rows["ru"][3] == "100%"  # interface complete
    texts = len(list(polib.pofile(str(po_path("ru")))))
    assert rows["ru"][4] == f"{texts}/{texts}"  # its translation was loaded before the change
    assert rows["ru"][6] == "1"  # the changed heading's translation is now stale
    reviewed, _draft, stale_records = rows["ru"][7].split("/")  # as the admin shows records
    assert (reviewed, stale_records) == ("0", "1")
    assert rows["kk"][7] == "0/0/0"
    assert rows["kk"][1:3] == ["no", "0/" + rows["ru"][2].split("/")[1]]


def test_content_loads_as_english_whatever_language_is_active(db):
    with translation.override("ru"):
        call_command("load_content", verbosity=0)
    section = next(s for s in Section.objects.all() if s.body_en)
    assert section.body_ru and section.body_ru != section.body_en
    assert Section.objects.filter(body_en__startswith="The ").exists()


def test_the_shipped_russian_content_says_it_is_an_unreviewed_draft():
    shipped = polib.pofile(str(SHIPPED / "ru.po"))
    assert "not yet reviewed by a native-speaker editor" in shipped.metadata["X-Translation-Status"]
    for language in ("kk", "ky", "tg", "tk", "uz"):  # extracted, ready, claiming nothing
        empty = polib.pofile(str(SHIPPED / f"{language}.po"))
        assert "X-Translation-Status" not in empty.metadata
        assert not empty.translated_entries() and len(empty) == len(shipped)
