"""The example plan (fixtures/example_plan.json), its loading command, and the demo command."""

import json
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.datastructures import MultiValueDict

from planner import forms
from planner.models import InitiativePlan, Membership, Network, PlanPart
from planner.steps import STEPS_BY_KIND

pytestmark = pytest.mark.django_db

FIXTURE = django_settings.BASE_DIR / "fixtures" / "example_plan.json"


def load_example():
    call_command("load_example_plan", verbosity=0)
    return InitiativePlan.objects.examples().get()


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


def test_the_fixture_holds_one_example_plan_and_its_six_parts():
    objects = json.loads(FIXTURE.read_text())
    plans = [o for o in objects if o["model"] == "planner.initiativeplan"]
    parts = [o for o in objects if o["model"] == "planner.planpart"]
    assert len(plans) == 1 and len(objects) == 7
    assert plans[0]["fields"]["is_example"] is True and plans[0]["fields"]["owner"] is None
    assert sorted(p["fields"]["kind"] for p in parts) == sorted(PlanPart.Kind.values)
    # No fixed keys for parts: loading must never overwrite a part of someone's plan.
    assert all("pk" not in part for part in parts)


@pytest.mark.parametrize("kind", PlanPart.Kind.values)
def test_every_part_of_the_example_passes_its_steps_form(all_content, kind):
    part = load_example().parts.get(kind=kind)
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


def test_the_example_is_complete_and_says_it_is_an_example(db):
    example = load_example()
    assert example.progress() == (6, 6)
    assert example.title.lower().startswith("example")
    assert example.owner is None and example.network is None
    assert example.status == InitiativePlan.Status.READY
    assert sorted(example.tags.names()) == ["dialogue groups", "example", "fatherhood"]
    for part in example.parts.all():
        spec = STEPS_BY_KIND[part.kind]
        fields = [name for name in spec.form_class.base_fields if name != "version"]
        empty = [name for name in [*fields, *spec.lists] if part.data.get(name) in (None, "", [])]
        assert not empty, f"{part.kind} leaves {empty} empty"


def test_the_examples_services_and_partners_are_placeholders(db):
    example = load_example()
    people = (
        example.parts.get(kind="stakeholders").data["stakeholders"]
        + example.parts.get(kind="challenges").data["referrals"]
    )
    for row in people:
        assert "(add" in row["name"], row["name"]
        assert row["contact"].startswith("Add "), row["contact"]


def test_loading_twice_does_not_duplicate_or_overwrite(db):
    example = load_example()
    example.title = "Example edited in the admin"
    example.save()
    out = StringIO()
    call_command("load_example_plan", stdout=out)
    assert "left as it is" in out.getvalue()
    assert InitiativePlan.objects.examples().get().title == "Example edited in the admin"
    assert PlanPart.objects.count() == 6


def test_any_example_plan_counts_as_present(db):
    InitiativePlan.objects.create(title="Our own example", is_example=True)
    call_command("load_example_plan", verbosity=0)
    assert list(InitiativePlan.objects.values_list("title", flat=True)) == ["Our own example"]


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
    assert InitiativePlan.objects.examples().count() == 1
    printed = out.getvalue()
    assert "demo-organiser" in printed and "demo-password-1" in printed
    assert "/accounts/login/" in printed
