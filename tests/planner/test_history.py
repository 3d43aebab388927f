"""A part's saved versions: /plans/<uuid>/history/<kind>/ and restoring one of them."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import InitiativePlan, PlanPart
from planner.selectors import HISTORY_PER_PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_save_a_version")]

RESEARCH = PlanPart.Kind.RESEARCH


def history_url(plan, kind=RESEARCH):
    return f"/plans/{plan.pk}/history/{kind}/"


def restore_url(plan, record, kind=RESEARCH):
    return f"/plans/{plan.pk}/history/{kind}/{record.history_id}/restore/"


def login(client, cast, role):
    if cast[role] is not None:
        client.force_login(cast[role])


@pytest.fixture
def edited(plan, owner, editor):
    """The research part saved twice after its creation: by the owner, then by the editor."""
    part = plan.part(RESEARCH)
    part.save_edit({"age": "First 🙂", "barriers": "Первый"}, part.version, owner)
    part.save_edit({"age": "Second", "barriers": ""}, part.version, editor)
    return part


def record_of(part, version):
    return part.history.get(version=version)


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 403),
        ("editor", 200),
        ("organiser", 200),
        ("owner", 200),
        ("staff", 404),
    ],
)
def test_only_editors_see_the_history(client, cast, plan, edited, role, status):
    login(client, cast, role)
    response = client.get(history_url(plan))
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if status == 200:
        html = response.content.decode()
        assert "First 🙂" in html and "Первый" in html and "Second" in html


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 403),
        ("editor", 302),
        ("organiser", 302),
        ("owner", 302),
        ("staff", 404),
    ],
)
def test_only_editors_restore(client, cast, plan, edited, role, status):
    first = record_of(edited, 1)  # the owner's save; 0 is the part as the fixture made it
    login(client, cast, role)
    response = client.post(restore_url(plan, first))
    assert response.status_code == status
    edited.refresh_from_db()
    if role in ("anonymous", "outsider", "viewer", "staff"):
        assert edited.data["age"] == "Second" and edited.version == 2
    else:
        assert response["Location"] == f"/plans/{plan.pk}/steps/1/"
        assert edited.data == {"age": "First 🙂", "barriers": "Первый"}
        assert edited.version == 3
        assert edited.updated_by == cast[role]


def test_a_network_editor_cannot_see_the_history_of_a_plan_not_shared(client, editor, private_plan):
    part = private_plan.part(RESEARCH)
    part.save_edit({"age": "Secret"}, 0, private_plan.owner)
    client.force_login(editor)
    assert client.get(history_url(private_plan)).status_code == 404
    record = part.history.get(version=1)
    assert client.post(restore_url(private_plan, record)).status_code == 404


def test_nobody_restores_the_example_plan(client, staff):
    example = InitiativePlan.objects.create(title="Example", is_example=True)
    part = example.part(RESEARCH)
    client.force_login(staff)
    assert client.get(history_url(example)).status_code == 403
    assert client.post(restore_url(example, part.history.first())).status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_history_is_read_only(client, owner, plan, edited, method):
    client.force_login(owner)
    assert getattr(client, method)(history_url(plan)).status_code == 405


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_restoring_takes_a_post(client, owner, plan, edited, method):
    client.force_login(owner)
    response = getattr(client, method)(restore_url(plan, record_of(edited, 1)))
    assert response.status_code == 405
    edited.refresh_from_db()
    assert edited.version == 2


@pytest.mark.parametrize("kind", ["nonsense", "RESEARCH", "version", "<script>"])
def test_an_unknown_kind_is_not_found(client, owner, plan, edited, kind):
    client.force_login(owner)
    assert client.get(f"/plans/{plan.pk}/history/{kind}/").status_code == 404
    url = f"/plans/{plan.pk}/history/{kind}/{record_of(edited, 1).history_id}/restore/"
    assert client.post(url).status_code == 404


def test_a_version_of_another_part_or_plan_cannot_be_restored(
    client, owner, plan, private_plan, edited
):
    client.force_login(owner)
    other_plan_part = private_plan.part(RESEARCH)
    other_plan_part.save_edit({"age": "Other plan"}, 0, owner)
    other_kind = plan.part(PlanPart.Kind.FUNDING)
    other_kind.save_edit({"grants_and_donors": "Other step"}, 0, owner)
    assert client.post(restore_url(plan, record_of(other_plan_part, 1))).status_code == 404
    assert client.post(restore_url(plan, record_of(other_kind, 1))).status_code == 404
    missing = f"/plans/{plan.pk}/history/{RESEARCH}/999999/restore/"
    assert client.post(missing).status_code == 404
    # A step nobody saved has no history to restore from.
    never = f"/plans/{plan.pk}/history/{PlanPart.Kind.STRATEGY}/{record_of(edited, 1).history_id}/"
    assert client.post(never + "restore/").status_code == 404
    edited.refresh_from_db()
    assert edited.data["age"] == "Second" and edited.version == 2


def test_it_lists_versions_newest_first_with_who_saved_them(client, owner, plan, edited):
    client.force_login(owner)
    html = client.get(history_url(plan)).content.decode()
    # The newest says what it changed: "First 🙂" became "Second".
    assert '<del><span class="visually-hidden">removed: </span>First 🙂</del>' in html
    assert html.index("Version 2") < html.index("Version 1") < html.index("Version 0")
    assert "saved by editor" in html and "saved by owner" in html
    assert html.count("current</span>") == 1
    # Every version but the current one can be restored.
    for version in [0, 1]:
        assert f'action="{restore_url(plan, record_of(edited, version))}"' in html
    assert restore_url(plan, record_of(edited, 2)) not in html


def test_a_step_nobody_saved_has_an_empty_history(client, owner, plan):
    client.force_login(owner)
    response = client.get(history_url(plan, PlanPart.Kind.CHALLENGES))
    assert response.status_code == 200
    assert "Nothing has been saved in this step yet." in response.content.decode()
    assert not plan.parts.filter(kind=PlanPart.Kind.CHALLENGES).exists()


def test_restoring_the_first_save_makes_a_new_version(client, owner, plan, edited):
    client.force_login(owner)
    before = edited.history.count()
    response = client.post(restore_url(plan, record_of(edited, 1)))
    assert "Restored the version saved on" in str(next(iter(get_messages(response.wsgi_request))))
    edited.refresh_from_db()
    assert edited.data == {"age": "First 🙂", "barriers": "Первый"}
    assert edited.version == 3
    assert edited.history.count() == before + 1 >= 3
    # The replaced version is still there to go back to.
    assert record_of(edited, 2).data == {"age": "Second", "barriers": ""}
    html = client.get(history_url(plan)).content.decode()
    assert html.index("Version 3") < html.index("Version 2")


def test_the_history_escapes_what_people_wrote(client, owner, plan):
    part = plan.part(RESEARCH)
    part.save_edit({"age": "<script>alert(1)</script>"}, part.version, owner)
    client.force_login(owner)
    html = client.get(history_url(plan)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_history_shows_list_rows_with_labels(client, owner, plan):
    part = plan.part(PlanPart.Kind.STAKEHOLDERS)
    row = {"name": "Aigul", "kind": "media", "role": "", "contact": "", "objective_agreed": True}
    part.save_edit({"notes": "", "stakeholders": [row]}, 0, owner)
    client.force_login(owner)
    html = client.get(history_url(plan, PlanPart.Kind.STAKEHOLDERS)).content.decode()
    assert "Aigul" in html and "Media" in html


def test_it_shows_at_most_a_page_of_versions_in_a_fixed_number_of_queries(client, owner, plan):
    part = plan.part(RESEARCH)
    for n in range(5):
        part.save_edit({"age": f"Answer {n}"}, part.version, owner)
    client.force_login(owner)
    client.get(history_url(plan))  # untimed: builds what every page keeps (the menu)
    with CaptureQueriesContext(connection) as few:
        client.get(history_url(plan))
    for n in range(5, 60):
        part.save_edit({"age": f"Answer {n}"}, part.version, owner)
    with CaptureQueriesContext(connection) as many:
        response = client.get(history_url(plan))
    assert len(many) == len(few)
    html = response.content.decode()
    assert html.count('<h2 id="version-') == HISTORY_PER_PAGE
    oldest_shown = 60 - HISTORY_PER_PAGE
    assert re.search(r"Answer 59\b", html) and re.search(rf"Answer {oldest_shown}\b", html)
    assert not re.search(rf"Answer {oldest_shown - 1}\b", html)  # the next page's newest
