"""Stable keys: the records other apps look up are found by a key, not by their words."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, transaction

from toolkit.models import Aim, KeyAction, Recommendation
from toolkit.translation import AimTranslation, KeyActionTranslation, RecommendationTranslation

pytestmark = pytest.mark.django_db

set_stable_keys = import_module("toolkit.migrations.0004_set_stable_keys")


def keys(model):
    return list(model.objects.order_by("pk").values_list("key", flat=True))


@pytest.fixture
def toolkit():
    call_command("loaddata", "toolkit", verbosity=0)


def test_every_aim_recommendation_and_key_action_of_the_fixture_has_its_own_key(toolkit):
    for model, count in [(Aim, 3), (Recommendation, 8), (KeyAction, 15)]:
        given = keys(model)
        assert len(given) == count and all(given), model
        assert len(set(given)) == count, model


def test_by_key_finds_the_record_or_none(toolkit):
    assert Aim.objects.by_key("community-awareness").avoid.startswith("Organize one-off events")
    assert Recommendation.objects.by_key("safe-spaces").number == 1
    assert KeyAction.objects.by_key("in-kind-support").planning_step.number == 5
    assert Aim.objects.by_key("no-such-aim") is None
    assert Aim.objects.by_key("") is None


def test_keys_are_not_translated():
    for options in (AimTranslation, RecommendationTranslation, KeyActionTranslation):
        assert "key" not in options.fields


def test_records_without_a_key_may_be_many_but_a_key_is_unique(toolkit):
    section = Aim.objects.first().section
    Aim.objects.create(section=section, title="One", avoid="A")
    Aim.objects.create(section=section, title="Two", avoid="B")
    assert Aim.objects.filter(key="").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Aim.objects.create(section=section, key="community-awareness", title="Three", avoid="C")


def test_the_migration_gives_an_existing_install_the_fixtures_keys(toolkit):
    expected = {model: keys(model) for model in (Aim, Recommendation, KeyAction)}
    # An install from before the keys, whose admin has reworded one aim and one key action.
    Aim.objects.update(key="")
    Recommendation.objects.update(key="")
    KeyAction.objects.update(key="")
    Aim.objects.filter(pk=1).update(title_en="Raise awareness in your community")
    KeyAction.objects.filter(pk=15).update(text_en="Ask for venues and materials.")
    set_stable_keys.set_keys(apps, None)
    assert {model: keys(model) for model in expected} == expected


def test_the_migration_leaves_records_it_does_not_know_without_a_key(toolkit):
    section = Aim.objects.first().section
    extra = Aim.objects.create(section=section, title="A fourth aim", avoid="D", order=40)
    Aim.objects.update(key="")
    set_stable_keys.set_keys(apps, None)
    extra.refresh_from_db()
    assert extra.key == ""
    assert Aim.objects.by_key("community-awareness").pk == 1


@pytest.mark.parametrize("model", [Aim, Recommendation, KeyAction])
def test_the_admin_shows_a_given_key_read_only(admin_client, toolkit, model):
    record = model.objects.exclude(key="").first()
    url = f"/admin/toolkit/{model._meta.model_name}/{record.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert record.key in html
    assert 'name="key"' not in html
    record.key = ""
    record.save()
    assert 'name="key"' in admin_client.get(url).content.decode()
