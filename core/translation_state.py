"""The state of each record's translation into each language, as an editor sees it:
untranslated, machine-assisted draft, reviewed, or stale (its English changed since).

A record's English is its `<field>_en` columns (django-modeltranslation); a translation is
"made from" the English whose digest its TranslationState row holds. Nothing is written when
the English changes: the digest no longer matches, and the translation reads as stale.
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import TranslationState

SOURCE_LANGUAGE = mt_settings.DEFAULT_LANGUAGE


class State(models.TextChoices):
    UNTRANSLATED = "untranslated", _("untranslated")
    DRAFT = "draft", TranslationState.Status.DRAFT.label
    REVIEWED = "reviewed", TranslationState.Status.REVIEWED.label
    STALE = "stale", _("stale")


def translation_languages():
    """The languages content is translated into: every content language but the source."""
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != SOURCE_LANGUAGE]


def is_translated_model(model):
    return model in translator.get_registered_models(abstract=False)


def translated_fields(model):
    return list(translator.get_options_for_model(model).all_fields)


def english_digest(record):
    """A digest of the record's English texts: it changes whenever one of them does."""
    texts = {
        field: getattr(record, build_localized_fieldname(field, SOURCE_LANGUAGE)) or ""
        for field in translated_fields(type(record))
    }
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def is_translated(record, language):
    return any(
        getattr(record, build_localized_fieldname(field, language))
        for field in translated_fields(type(record))
    )


def attach_states(records):
    """Load the stored states of `records` (one model's) in one query, for states_of."""
    records = list(records)
    if not records:
        return records
    stored = {}
    for state in TranslationState.objects.of(type(records[0]), [r.pk for r in records]):
        stored.setdefault(state.object_id, {})[state.language] = state
    for record in records:
        record._translation_states = stored.get(record.pk, {})
    return records


def stored_states(record):
    if not hasattr(record, "_translation_states"):
        attach_states([record])
    return record._translation_states


def state_of(record, language):
    """(State, the stored TranslationState or None) of `record`'s translation into `language`."""
    stored = stored_states(record).get(language)
    if not is_translated(record, language):
        return State.UNTRANSLATED, stored
    if stored is None:
        # Translations came with the content (a PO file) before states were recorded.
        return State.DRAFT, None
    if stored.source_digest != english_digest(record):
        return State.STALE, stored
    return State(stored.status), stored


def states_of(record):
    """{language: State} for every translation language."""
    return {language: state_of(record, language)[0] for language in translation_languages()}


def record_drafts(records, language, keep_reviewed=()):
    """`language`'s translations of `records` (one model's) are new, unreviewed texts; a record
    whose pk is in `keep_reviewed` keeps a review made from its current English."""
    records = list(records)
    if not records:
        return 0
    return TranslationState.objects.record_drafts(
        type(records[0]),
        {record.pk: english_digest(record) for record in records},
        language,
        keep_reviewed=keep_reviewed,
    )


def mark_reviewed(records, language, user):
    """Mark reviewed by `user` those of `records` (one model's) translated into `language`;
    returns how many were."""
    translated = [record for record in records if is_translated(record, language)]
    if not translated:
        return 0
    return TranslationState.objects.mark_reviewed(
        type(translated[0]),
        {record.pk: english_digest(record) for record in translated},
        language,
        user,
    )


def record_human_edit(record, changed_fields):
    """Someone changed some of `record`'s translated columns (`changed_fields`, such as
    `title_ru`) by hand: each language touched now holds a new text nobody has reviewed, so it
    is a draft made from the current English, until someone marks it reviewed."""
    fields = translated_fields(type(record))
    for language in translation_languages():
        if any(build_localized_fieldname(field, language) in changed_fields for field in fields):
            record_drafts([record], language)
