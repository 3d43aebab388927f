"""The content's texts as PO files, one per language, for translators (Weblate, Pontoon, Poedit).

Each entry is one field of one record: `msgctxt` names it (`toolkit.section:12:body`), `msgid` is
the English text as the database holds it, `msgstr` its translation. Writing the file again keeps
every translation; where the English changed since, the translation is kept but marked fuzzy,
with the English it was made from as `#| msgid`, so a translator sees what changed and no stale
text passes for current.
"""

import polib
from django.apps import apps
from django.conf import settings

# Which fields of which content models are prose a reader sees. Names of people and of
# publications, slugs and links stay as they are.
TRANSLATABLE_FIELDS = {
    "toolkit.page": ["title", "nav_label", "lead", "summary"],
    "toolkit.section": ["heading", "body", "closing"],
    "toolkit.exerciseprompt": ["explanation", "question"],
    "toolkit.aim": ["title", "avoid"],
    "toolkit.aimaction": ["text"],
    "toolkit.planningstep": ["title", "note", "what_it_means", "why_it_matters"],
    "toolkit.keyaction": ["text"],
    "toolkit.resistancereason": ["text"],
    "toolkit.recommendation": ["title", "do_text", "dont_text"],
    "toolkit.quote": ["text", "role"],
    "toolkit.footnote": ["text"],
    "annexes.annex": [
        "title",
        "intro",
        "figure_caption",
        "figure_source",
        "examples_intro",
        "table_title",
    ],
    "annexes.level": ["name", "goal"],
    "annexes.exampleinitiative": ["description"],
    "annexes.thematicarea": ["name"],
    "annexes.topic": ["title", "example"],
    "annexes.topicquestion": ["text"],
    "annexes.topictag": ["name"],
}

REVIEW_STATUS = "machine-assisted draft, not yet reviewed by a native-speaker editor"
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def po_path(language):
    return settings.BASE_DIR / "locale" / "content" / f"{language}.po"


def context(record, field):
    return f"{record._meta.label_lower}:{record.pk}:{field}"


def content_entries():
    """(msgctxt, English text, where it is shown) for every translatable text, in content order."""
    for label, fields in TRANSLATABLE_FIELDS.items():
        model = apps.get_model(label)
        for record in model.objects.order_by("pk"):
            for field in fields:
                text = getattr(record, field)
                if text:
                    yield context(record, field), text, f"{model._meta.verbose_name}: {record}"


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
        "X-Translation-Status": REVIEW_STATUS,
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
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    fuzzy = len(po.fuzzy_entries())
    return len(po), fuzzy, len(po.untranslated_entries())
