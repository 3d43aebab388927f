"""The step forms' choices (Annex 2 topics, Annex 1 levels, resistance reasons) are read once
per content stamp and language, not on every step page and autosave; an edit shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from annexes.models import Level, Topic
from core.page_cache import content_changed
from planner.forms import ChallengesForm, EntryPointsForm, StrategyForm
from toolkit.models import ResistanceReason

pytestmark = pytest.mark.django_db

FORMS = [EntryPointsForm, StrategyForm, ChallengesForm]


def offered(form_class):
    field = {
        EntryPointsForm: "topics",
        StrategyForm: "levels",
        ChallengesForm: "resistance_reasons",
    }[form_class]
    return [str(label) for _value, label in form_class().fields[field].choices]


@pytest.mark.parametrize("form_class", FORMS)
def test_the_choices_are_read_once_per_content_stamp(choices, form_class):
    first = offered(form_class)
    assert first
    with CaptureQueriesContext(connection) as queries:
        assert offered(form_class) == first
    assert len(queries) == 0


def test_an_edit_to_the_content_shows_in_every_form(choices):
    for form_class in FORMS:
        offered(form_class)
    Level.objects.filter(pk=choices["levels"][0].pk).update(name="Edited level")
    ResistanceReason.objects.filter(pk=choices["reasons"][0].pk).update(text="Edited reason")
    topic = choices["topics"][0]
    Topic.objects.filter(pk=topic.pk).update(title="Edited topic")
    content_changed()
    assert "Edited level" in offered(StrategyForm)
    assert "Edited reason" in offered(ChallengesForm)
    labels = [
        label for _area, group in EntryPointsForm().fields["topics"].choices for _s, label in group
    ]
    assert "Edited topic" in labels


def test_each_language_gets_its_own_labels(choices):
    level = choices["levels"][0]
    Level.objects.filter(pk=level.pk).update(name_en="Individual", name_ru="Индивидуальный")
    content_changed()
    with translation.override("en"):
        assert "Individual" in offered(StrategyForm)
    with translation.override("ru"):
        assert "Индивидуальный" in offered(StrategyForm)
