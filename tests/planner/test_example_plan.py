"""The example plans (fixtures/example_plan.json, and its Russian translation
fixtures/example_plan.ru.json), their loading command, and the demo command."""

import json
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from planner import forms
from planner.models import InitiativePlan, Membership, Network, PlanPart
from planner.walkthrough import STEPS_BY_KIND

pytestmark = pytest.mark.django_db

FIXTURES = {
    "en": django_settings.BASE_DIR / "fixtures" / "example_plan.json",
    "ru": django_settings.BASE_DIR / "fixtures" / "example_plan.ru.json",
}
LANGUAGES = list(FIXTURES)
# What each example says in its own words.
TITLE_START = {"en": "example", "ru": "пример"}
TAGS = {
    "en": ["dialogue groups", "example", "fatherhood"],
    "ru": ["диалоговые группы", "отцовство", "пример"],
}
PLACEHOLDER = {"en": ("(add", "Add "), "ru": ("(добавьте", "Добавьте ")}


def load_example(language="en"):
    call_command("load_example_plan", verbosity=0)
    return InitiativePlan.objects.examples().get(language=language)


def fixture_objects(language):
    return json.loads(FIXTURES[language].read_text())


def as_post(values, prefix=""):
    """Form data as a browser would send `values` (booleans as ticked or absent boxes)."""
    post = {}
    for name, value in values.items():
        if value is False:
            continue
        if value is True:
            value = "on"
        post[prefix + name] = [str(item) for item in value] if isinstance(value, list) else [value]
    return post


def submit_step(kind, data):
    """Feed a part's data through its step's form and formsets, as the step page would."""
    spec = STEPS_BY_KIND[kind]
    fields = {name: value for name, value in data.items() if name not in spec.lists}
    post = as_post({"version": "1", **fields})
    for key in spec.lists:
        rows = data.get(key, [])
        post.update(as_post({"TOTAL_FORMS": str(len(rows)), "INITIAL_FORMS": "0"}, f"{key}-"))
        for index, row in enumerate(rows):
            post.update(as_post(row, f"{key}-{index}-"))
    post = MultiValueDict(post)
    form = spec.form_class(data=post)
    formsets = {
        key: forms.list_formset(row_form)(data=post, prefix=key)
        for key, (row_form, _label) in spec.lists.items()
    }
    return form, formsets


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_fixture_holds_one_example_plan_and_its_six_parts(language):
    objects = fixture_objects(language)
    plans = [o for o in objects if o["model"] == "planner.initiativeplan"]
    parts = [o for o in objects if o["model"] == "planner.planpart"]
    assert len(plans) == 1 and len(objects) == 7
    assert plans[0]["fields"]["is_example"] is True and plans[0]["fields"]["owner"] is None
    assert plans[0]["fields"]["language"] == language
    assert sorted(p["fields"]["kind"] for p in parts) == sorted(PlanPart.Kind.values)
    assert {p["fields"]["plan"] for p in parts} == {plans[0]["pk"]}
    # No fixed keys for parts: loading must never overwrite a part of someone's plan.
    assert all("pk" not in part for part in parts)


def test_the_russian_example_is_marked_as_an_unreviewed_translation():
    (english,) = [o for o in fixture_objects("en") if o["model"] == "planner.initiativeplan"]
    (russian,) = [o for o in fixture_objects("ru") if o["model"] == "planner.initiativeplan"]
    assert russian["pk"] != english["pk"]
    assert russian["fields"]["translation_status"] == InitiativePlan.TranslationStatus.DRAFT
    assert english["fields"].get("translation_status", "") == ""  # the original


def shape(value):
    """The structure of a part's data without its words: keys, row counts, and the codes,
    numbers and booleans that are the same in every language."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return "text" if isinstance(value, str) else value


CODES = {"kind", "amount", "topics", "methods", "levels", "currency"}


def codes(value):
    """The values that are codes, not words: choices and amounts, by key, anywhere inside."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += [(key, item)] if key in CODES else codes(item)
    elif isinstance(value, list):
        for item in value:
            found += codes(item)
    return found


def test_the_russian_example_has_the_structure_of_the_english_one_every_text_translated():
    def parts(language):
        objects = fixture_objects(language)
        return {o["fields"]["kind"]: o["fields"] for o in objects if "kind" in o["fields"]}

    english, russian = parts("en"), parts("ru")
    assert set(russian) == set(english) == set(PlanPart.Kind.values)
    for kind, fields in english.items():
        assert shape(russian[kind]["data"]) == shape(fields["data"]), kind
        assert codes(russian[kind]["data"]) == codes(fields["data"]), kind
        assert russian[kind]["version"] == fields["version"]

    def texts(value, key=None):
        if isinstance(value, dict):
            # Row ids name rows, like codes: neither is text to translate.
            skipped = CODES | {"row_id"}
            return [t for k, item in value.items() if k not in skipped for t in texts(item, k)]
        if isinstance(value, list):
            return [t for item in value for t in texts(item, key)]
        # An empty field (what the plan does at a level it does not work at) is empty in both.
        return [value] if isinstance(value, str) and value else []

    for kind, fields in english.items():
        pairs = zip(texts(fields["data"]), texts(russian[kind]["data"]), strict=True)
        for english_text, russian_text in pairs:
            assert russian_text != english_text, f"{kind}: {english_text!r} is not translated"
            assert any("а" <= letter <= "я" for letter in russian_text.lower()), russian_text
            # Line breaks are the author's paragraphs and list items: kept one for one.
            assert russian_text.count("\n") == english_text.count("\n"), russian_text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PlanPart.Kind.values)
def test_every_part_of_the_example_passes_its_steps_form(all_content, kind, language):
    part = load_example(language).parts.get(kind=kind)
    form, formsets = submit_step(kind, part.data)
    assert form.is_valid(), form.errors
    assert form.to_data() == {k: v for k, v in part.data.items() if k not in formsets}
    for key, formset in formsets.items():
        assert formset.is_valid(), formset.errors
        rows = [
            {name: value for name, value in row.to_data().items() if name != "DELETE"}
            for row in formset.forms
            if row.has_changed()
        ]
        assert rows == part.data[key]
        assert rows, f"the example shows at least one row of {key}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_example_is_complete_and_says_it_is_an_example(db, language):
    example = load_example(language)
    assert example.progress() == (6, 6)
    assert example.title.lower().startswith(TITLE_START[language])
    assert example.owner is None and example.network is None
    assert example.status == InitiativePlan.Status.READY
    assert sorted(example.tags.names()) == TAGS[language]
    for part in example.parts.all():
        spec = STEPS_BY_KIND[part.kind]
        fields = [name for name in spec.form_class.base_fields if name != "version"]
        empty = [name for name in [*fields, *spec.lists] if part.data.get(name) in (None, "", [])]
        empty = [name for name in empty if name not in unticked_levels(part)]
        assert not empty, f"{part.kind} leaves {empty} empty"


def unticked_levels(part):
    """Step 4's fields for the levels the plan does not tick: nothing to say there."""
    ticked = part.data.get("levels") or []
    return {name for slug, name in forms.StrategyForm.AT_LEVEL.items() if slug not in ticked}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_examples_services_and_partners_are_placeholders(db, language):
    example = load_example(language)
    people = (
        example.parts.get(kind="stakeholders").data["stakeholders"]
        + example.parts.get(kind="challenges").data["referrals"]
    )
    in_name, contact_starts = PLACEHOLDER[language]
    for row in people:
        assert in_name in row["name"], row["name"]
        assert row["contact"].startswith(contact_starts), row["contact"]


def test_loading_twice_does_not_duplicate_or_overwrite(db):
    example = load_example()
    example.title = "Example edited in the admin"
    example.save()
    out = StringIO()
    call_command("load_example_plan", stdout=out)
    assert out.getvalue().count("left as it is") == 2
    assert InitiativePlan.objects.examples().get(language="en").title == (
        "Example edited in the admin"
    )
    assert InitiativePlan.objects.examples().count() == 2
    assert PlanPart.objects.count() == 12


def test_an_example_in_a_language_counts_as_present_for_that_language(db):
    InitiativePlan.objects.create(title="Our own example", is_example=True, language="en")
    call_command("load_example_plan", verbosity=0)
    titles = dict(InitiativePlan.objects.values_list("language", "title"))
    assert titles == {"en": "Our own example", "ru": load_example("ru").title}


@pytest.mark.parametrize(
    "reader, shown",
    # kk has no example of its own: Russian comes next in its fallback chain (kk → ru → en).
    [("en", "en"), ("ru", "ru"), ("kk", "ru")],
)
def test_each_reader_is_offered_the_example_in_their_language(db, reader, shown):
    load_example()
    offered = InitiativePlan.objects.examples_for(reader)
    assert [plan.language for plan in offered] == [shown]


def test_without_an_example_in_their_language_a_reader_gets_the_english_one(db):
    load_example()
    InitiativePlan.objects.examples().filter(language="ru").delete()
    assert [plan.language for plan in InitiativePlan.objects.examples_for("ru")] == ["en"]


def test_a_russian_reader_finds_the_russian_example_on_the_planners_page(client, all_content):
    english, russian = load_example("en"), load_example("ru")
    with translation.override("ru"):
        url = reverse("planner:plan_list")
    listing = client.get(url, HTTP_ACCEPT_LANGUAGE="ru", follow=True).content.decode()
    assert russian.title in listing and f'/plans/{russian.pk}/"' in listing
    assert english.title not in listing
    # The example's own text carries its language (it is content written in Russian).
    assert f'lang="ru">{russian.title}</a>' in listing
    english_listing = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.title in english_listing and russian.title not in english_listing


def test_anonymous_visitors_find_and_read_the_example(client, all_content):
    example = load_example()
    listing = client.get("/plans/").content.decode()
    assert example.title in listing and f'href="/plans/{example.pk}/"' in listing
    response = client.get(f"/plans/{example.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is an example plan." in html
    assert "Parental leave, family leave, paternity leave" in html  # a topic, by its title
    assert "Dialogue group" in html and "Strengthening individual knowledge" in html
    assert "A lack of knowledge about the issues and their importance" in html
    assert "Local psychosocial support centre (add yours)" in html
    assert "still empty" not in html


# --- demo -----------------------------------------------------------------------------------


def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo", stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_demo_makes_users_a_network_and_a_shared_plan(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=StringIO())  # a second run changes nothing
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert sorted(users.values_list("username", flat=True)) == ["demo-editor", "demo-organiser"]
    assert all(user.check_password("demo-password-1") for user in users)
    network = Network.objects.get()
    roles = dict(network.memberships.values_list("user__username", "role"))
    assert roles == {
        "demo-organiser": Membership.Role.ORGANISER,
        "demo-editor": Membership.Role.EDITOR,
    }
    plan = InitiativePlan.objects.get(is_example=False)
    assert plan.owner.username == "demo-organiser" and plan.network == network
    assert InitiativePlan.objects.examples().count() == 2  # one in each language
    assert plan.title == "Copy of " + InitiativePlan.objects.examples().get(language="en").title
    printed = out.getvalue()
    assert "demo-organiser" in printed and "demo-password-1" in printed
    assert "/accounts/login/" in printed
