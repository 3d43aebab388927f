"""The content's texts as PO files, one per language, for translators (Weblate, Pontoon, Poedit).

Each entry is one field of one record: `msgctxt` names it (`toolkit.section:12:body`), `msgid` is
the English text as the database holds it, `msgstr` its translation. Writing the file again keeps
every translation; where the English changed since, the translation is kept but marked fuzzy,
with the English it was made from as `#| msgid`, so a translator sees what changed and no stale
text passes for current.
"""

from collections import Counter, defaultdict

import polib
from django.conf import settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from core.translation_state import attach_states, record_drafts, state_of

SOURCE_LANGUAGE = "en"

REVIEW_STATUS = "machine-assisted draft, not yet reviewed by a native-speaker editor"
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def content_languages():
    """Every language the content may be translated into (English is the source)."""
    return [code for code in settings.CONTENT_LANGUAGES if code != SOURCE_LANGUAGE]


def po_path(language):
    return settings.BASE_DIR / "locale" / "content" / f"{language}.po"


def context(record, field):
    return f"{record._meta.label_lower}:{record.pk}:{field}"


def translatable_fields():
    """{model: [field, ...]} as the apps' translation.py files register them, in the model's
    field order (modeltranslation keeps them in a set, whose order changes between runs)."""
    fields = {}
    for model in translator.get_registered_models(abstract=False):
        registered = translator.get_options_for_model(model).local_fields
        fields[model] = [f.name for f in model._meta.fields if f.name in registered]
    return fields


def content_entries():
    """(msgctxt, English text, where it is shown) for every translatable text, in content order."""
    for model, fields in translatable_fields().items():
        for record in model.objects.order_by("pk"):
            for field in fields:
                text = getattr(record, build_localized_fieldname(field, SOURCE_LANGUAGE))
                if text:
                    yield (
                        context(record, field),
                        text,
                        f"{model._meta.verbose_name}: {record}".strip(),
                    )


def import_po(language, app_labels=None):
    """Store the file's translations (of `app_labels`' records, default all) in the database:
    (imported, left out as stale).

    A translation is taken only where its English is still the text in the database and it is
    not marked fuzzy; anywhere else the language's column is emptied, so readers get the
    current English (through the fallback) rather than a translation of an older text.

    Each record given a translation is recorded as a machine-assisted draft of its current
    English, unless an editor reviewed that English's translation and the file brings no other
    text. A few queries per model: this runs on every fresh install.
    """
    path = po_path(language)
    if not path.exists():
        return 0, 0
    models_by_label = {
        model._meta.label_lower: model
        for model in translatable_fields()
        if app_labels is None or model._meta.app_label in app_labels
    }
    entries_by_model = defaultdict(list)
    for entry in polib.pofile(str(path)):
        label, pk, field = entry.msgctxt.split(":")
        model = models_by_label.get(label)
        if model is not None and entry.msgstr:
            entries_by_model[model].append((int(pk), field, entry))
    imported = stale = 0
    for model, entries in entries_by_model.items():
        records = model.objects.in_bulk({pk for pk, _field, _entry in entries})
        changed, columns, translated = {}, set(), {}
        for pk, field, entry in entries:
            record = records.get(pk)
            source = build_localized_fieldname(field, SOURCE_LANGUAGE)
            target = build_localized_fieldname(field, language)
            if "fuzzy" in entry.flags or record is None or getattr(record, source) != entry.msgid:
                text = None
                stale += 1
            else:
                text = entry.msgstr
                imported += 1
                translated[pk] = record
            if record is not None and getattr(record, target) != text:
                setattr(record, target, text)
                changed[pk] = record
                columns.add(target)
        if changed:
            model.objects.bulk_update(changed.values(), sorted(columns))
        unchanged = set(translated) - set(changed)
        record_drafts(translated.values(), language, keep_reviewed=unchanged)
    return imported, stale


def write_po(language):
    """Write (or refresh) the language's file; returns (entries, fuzzy, untranslated)."""
    path = po_path(language)
    existing = {entry.msgctxt: entry for entry in polib.pofile(str(path))} if path.exists() else {}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "facilitator-portal content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language in PLURAL_FORMS:
        po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
    for msgctxt, text, where in content_entries():
        entry = polib.POEntry(msgctxt=msgctxt, msgid=text, msgstr="", comment=where)
        old = existing.get(msgctxt)
        if old is not None and old.msgstr:
            entry.msgstr = old.msgstr
            if old.msgid != text:
                entry.flags.append("fuzzy")
                entry.previous_msgid = old.msgid
            elif "fuzzy" in old.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = old.previous_msgid
        po.append(entry)
    if po.translated_entries():  # an empty file, ready for translators, claims no status
        po.metadata["X-Translation-Status"] = REVIEW_STATUS
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    fuzzy = len(po.fuzzy_entries())
    return len(po), fuzzy, len(po.untranslated_entries())


def content_coverage(language):
    """(texts, translated, stale) of the content in the database: a text counts as translated
    when its column in `language` holds something; stale are the file's translations left out
    because their English changed (fuzzy, or made for another English)."""
    texts = translated = 0
    for model, fields in translatable_fields().items():
        for record in model.objects.all():
            for field in fields:
                if getattr(record, build_localized_fieldname(field, SOURCE_LANGUAGE)):
                    texts += 1
                    if getattr(record, build_localized_fieldname(field, language)):
                        translated += 1
    stale = 0
    if po_path(language).exists():
        current = {ctx: text for ctx, text, _where in content_entries()}
        for entry in polib.pofile(str(po_path(language))):
            changed = current.get(entry.msgctxt) != entry.msgid
            if entry.msgstr and ("fuzzy" in entry.flags or changed):
                stale += 1
    return texts, translated, stale


def record_states(language):
    """How many records' translations into `language` are in each State (untranslated,
    machine-assisted draft, reviewed, stale), as the admin shows them."""
    counts = Counter()
    for model in translatable_fields():
        for record in attach_states(model.objects.all()):
            counts[state_of(record, language)[0]] += 1
    return counts
