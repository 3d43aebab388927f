"""The plan page's actions (issue 12, part 6): continue first, then the everyday actions and the
downloads, then a copy; setting apart and deleting in a section of their own at the end, for the
owner only. And plan_archive, which sets a plan apart or brings it back."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from planner import services
from planner.models import InitiativePlan, PlanPart

pytestmark = pytest.mark.django_db

# Enough in each part for the plan page to count it as written.
WRITTEN = {
    "research": {"age": "18 to 30"},
    "stakeholders": {"notes": "The football club"},
    "entry_points": {"own_topics": "Fatherhood"},
    "strategy": {"objectives": "A safe space"},
    "funding": {"grants_and_donors": "A small grant"},
    "challenges": {"resistance_approach": "Listen first"},
}
ARCHIVED = InitiativePlan.Status.ARCHIVED


def login(client, user):
    if user is not None:
        client.force_login(user)


def page_of(client, plan):
    response = client.get(f"/plans/{plan.pk}/")
    assert response.status_code == 200
    return response


def between(html, start, end):
    """The piece of `html` from `start` to the next `end`, or "" if `start` is not there."""
    at = html.find(start)
    return html[at : html.index(end, at)] if at >= 0 else ""


def actions_of(html):
    return between(html, '<nav class="plan-actions', "</nav>")


def danger_zone_of(html):
    return between(html, '<section class="plan-danger-zone', "</section>")


def archive(client, plan, **data):
    return client.post(f"/plans/{plan.pk}/archive/", data)


# --- The plan page's actions ------------------------------------------------------------------


def test_the_owner_sees_the_actions_in_groups_and_the_danger_zone_last(client, owner, plan):
    client.force_login(owner)
    html = page_of(client, plan).content.decode()
    actions, danger = actions_of(html), danger_zone_of(html)
    delete_url = f'href="/plans/{plan.pk}/delete/"'
    archive_url = f'action="/plans/{plan.pk}/archive/"'

    # Continue comes first, the downloads are one group, the copy after them.
    order = [
        "Continue with",
        "Edit details",
        "Share",
        "Print",
        'aria-labelledby="plan-downloads-label"',
        "Download as Markdown (.md)",
        "Download as JSON (.json)",
        "Duplicate",
    ]
    positions = [actions.index(text) for text in order]
    assert positions == sorted(positions)
    # Deleting and setting apart are only in the danger zone, which comes after the plan itself.
    assert delete_url not in actions and archive_url not in actions
    assert delete_url in danger and archive_url in danger and "Set apart" in danger
    assert "Bring back" not in danger
    assert "<h2" in danger and "Set apart or delete this plan" in danger
    assert html.index(danger) > html.index(actions) > 0
    assert html.index(danger) > html.index('id="part-challenges"')
    assert html.count(delete_url) == 1


def test_the_word_download_is_offered_once_its_url_exists(client, owner, plan):
    client.force_login(owner)
    actions = actions_of(page_of(client, plan).content.decode())
    try:
        docx_url = reverse("planner:plan_export_docx", args=[plan.pk])
    except NoReverseMatch:
        assert "Download as Word (.docx)" not in actions
    else:
        assert f'href="{docx_url}"' in actions and "Download as Word (.docx)" in actions
        assert actions.index("Download as Word") < actions.index("Download as Markdown")


@pytest.mark.parametrize("role", ["editor", "organiser"])
def test_network_editors_continue_and_edit_but_neither_share_nor_delete(client, cast, plan, role):
    client.force_login(cast[role])
    html = page_of(client, plan).content.decode()
    actions = actions_of(html)
    assert "Continue with" in actions and "Edit details" in actions
    assert f'href="/plans/{plan.pk}/sharing/"' not in actions
    assert danger_zone_of(html) == ""
    assert f"/plans/{plan.pk}/delete/" not in html and f"/plans/{plan.pk}/archive/" not in html


def test_network_viewers_get_no_continue_and_no_danger_zone(client, viewer, plan):
    client.force_login(viewer)
    html = page_of(client, plan).content.decode()
    actions = actions_of(html)
    assert "Continue with" not in actions and "Edit details" not in actions
    assert "Print" in actions and "Download as Markdown (.md)" in actions
    assert "Duplicate" in actions
    assert danger_zone_of(html) == "" and f"/plans/{plan.pk}/archive/" not in html


def test_an_example_offers_a_copy_and_no_continue(client, outsider):
    example = InitiativePlan.objects.create(title="Example", is_example=True)
    client.force_login(outsider)
    html = page_of(client, example).content.decode()
    assert "Start from this example" in actions_of(html)
    assert "Continue with" not in html and danger_zone_of(html) == ""


def test_an_archived_plan_offers_to_bring_it_back(client, owner, plan):
    InitiativePlan.objects.filter(pk=plan.pk).update(status=ARCHIVED)
    client.force_login(owner)
    danger = danger_zone_of(page_of(client, plan).content.decode())
    assert "Bring back or delete this plan" in danger
    assert 'name="bring_back"' in danger and "Bring back" in danger
    assert ">Set apart<" not in danger


# --- Where "Continue" leads ---------------------------------------------------------------------


def continue_url(client, plan):
    return page_of(client, plan).context["continue_step"].url


def write(plan, kinds, at=None):
    for kind in kinds:
        part, _created = PlanPart.objects.update_or_create(
            plan=plan, kind=kind, defaults={"data": WRITTEN[kind]}
        )
        if at is not None:
            PlanPart.objects.filter(pk=part.pk).update(updated_at=at[kind])


def test_continue_leads_to_the_first_step_that_holds_nothing(client, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="New")
    client.force_login(owner)
    assert continue_url(client, plan) == f"/plans/{plan.pk}/steps/1/"
    write(plan, ["research", "stakeholders", "strategy"])
    assert continue_url(client, plan) == f"/plans/{plan.pk}/steps/3/"
    # A part that was saved empty still holds nothing.
    PlanPart.objects.create(plan=plan, kind="entry_points", data={"own_topics": "  "})
    assert continue_url(client, plan) == f"/plans/{plan.pk}/steps/3/"
    html = page_of(client, plan).content.decode()
    assert f'href="/plans/{plan.pk}/steps/3/">Continue with Step 3: ' in html


def test_continue_leads_to_the_challenges_when_the_five_steps_are_written(client, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="Nearly")
    write(plan, ["research", "stakeholders", "entry_points", "strategy", "funding"])
    client.force_login(owner)
    assert continue_url(client, plan) == f"/plans/{plan.pk}/challenges/"


def test_continue_leads_to_the_step_saved_last_when_all_are_written(client, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="Written")
    now = timezone.now()
    saved = {kind: now - timedelta(days=10 - n) for n, kind in enumerate(WRITTEN)}
    saved["stakeholders"] = now  # saved after every other
    write(plan, list(WRITTEN), at=saved)
    client.force_login(owner)
    assert continue_url(client, plan) == f"/plans/{plan.pk}/steps/2/"


# --- plan_archive: who may --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 403),
        ("editor", 403),
        ("organiser", 403),
        ("staff", 404),  # staff status gives no planner rights
        ("owner", 302),
    ],
)
def test_only_the_owner_sets_a_plan_apart_and_brings_it_back(client, cast, plan, role, status):
    login(client, cast[role])
    response = archive(client, plan)
    assert response.status_code == status
    plan.refresh_from_db()
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    if role != "owner":
        assert plan.status == InitiativePlan.Status.DRAFT
        InitiativePlan.objects.filter(pk=plan.pk).update(status=ARCHIVED)
        assert archive(client, plan, bring_back="1").status_code == status
        plan.refresh_from_db()
        assert plan.status == ARCHIVED
        return
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert plan.status == ARCHIVED
    page = client.get(response["Location"]).content.decode()
    assert "is set apart: it is listed under “Set apart” in your plans." in page
    response = archive(client, plan, bring_back="1")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == InitiativePlan.Status.IN_PROGRESS


def test_archiving_takes_only_a_post(client, owner, plan):
    client.force_login(owner)
    for method in ("get", "put", "delete"):
        assert getattr(client, method)(f"/plans/{plan.pk}/archive/").status_code == 405
    plan.refresh_from_db()
    assert plan.status == InitiativePlan.Status.DRAFT


def test_asking_twice_changes_nothing_more(client, owner, plan):
    client.force_login(owner)
    archive(client, plan)
    plan.refresh_from_db()
    version = plan.details_version
    assert archive(client, plan).status_code == 302
    plan.refresh_from_db()
    assert plan.status == ARCHIVED and plan.details_version == version


def test_the_example_cannot_be_set_apart(client, outsider):
    example = InitiativePlan.objects.create(title="Example", is_example=True)
    client.force_login(outsider)
    assert archive(client, example).status_code == 403
    example.refresh_from_db()
    assert example.status == InitiativePlan.Status.DRAFT


# --- plan_archive and other saves -------------------------------------------------------------


def details(plan, version, **changes):
    return {
        "title": plan.title,
        "summary": plan.summary,
        "status": plan.status,
        "tags": "",
        "version": version,
        **changes,
    }


def test_setting_apart_keeps_details_saved_meanwhile(client, owner, editor, plan):
    """The owner's page was opened before an editor renamed the plan: setting it apart from
    that page keeps the new title and summary."""
    client.force_login(editor)
    saved = client.post(
        f"/plans/{plan.pk}/edit/",
        details(plan, plan.details_version, title="Renamed", summary="New summary"),
    )
    assert saved.status_code == 302
    client.force_login(owner)
    assert archive(client, plan).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.summary, plan.status) == ("Renamed", "New summary", ARCHIVED)


def test_a_details_form_opened_before_cannot_undo_it(client, owner, editor, plan):
    """A details form loaded before the plan was set apart still says "Draft": its save is
    refused as stale, with the editor's text kept, rather than bringing the plan back unseen."""
    opened_at = plan.details_version
    client.force_login(owner)
    archive(client, plan)
    client.force_login(editor)
    response = client.post(f"/plans/{plan.pk}/edit/", details(plan, opened_at, title="Mine"))
    assert response.status_code == 409
    assert 'value="Mine"' in response.content.decode()
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Fathers' football evenings", ARCHIVED)


def test_the_service_says_when_the_plan_is_gone_or_no_longer_theirs(owner, outsider, plan):
    other = InitiativePlan.objects.create(owner=owner, title="Other")
    InitiativePlan.objects.filter(pk=other.pk).update(owner=outsider)  # handed over meanwhile
    outcome = services.set_plan_apart(plan=other, by=owner)
    assert outcome.gone and not outcome.done
    assert InitiativePlan.objects.get(pk=other.pk).status == InitiativePlan.Status.DRAFT
    InitiativePlan.objects.filter(pk=plan.pk).delete()
    assert services.set_plan_apart(plan=plan, by=owner).gone


def test_a_plan_deleted_meanwhile_sends_the_owner_to_the_list(client, owner, plan, monkeypatch):
    set_apart = services.set_plan_apart

    def deleted_first(**kwargs):
        InitiativePlan.objects.filter(pk=plan.pk).delete()
        return set_apart(**kwargs)

    monkeypatch.setattr(services, "set_plan_apart", deleted_first)
    client.force_login(owner)
    response = archive(client, plan)
    assert response.status_code == 302 and response["Location"] == "/plans/"
    page = client.get("/plans/").content.decode()
    assert "This plan has been deleted or is no longer yours." in page
