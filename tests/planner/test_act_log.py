"""The ACT log: activities held and reflections (planner/views/log.py, the log's services and
selectors, planner/charts.py), its place on the plan page, in print and in the exports."""

import io
import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from planner import services
from planner.charts import BAND_STYLES, MonthParticipants, nice_ceiling, participants_chart
from planner.models import AGE_BANDS, InitiativePlan, LoggedActivity, Reflection
from planner.selectors import CHART_MONTHS, log_summary
from tests.pages import path_segment
from tests.strategies import HUGE_NUMBER
from toolkit import models as toolkit

pytestmark = pytest.mark.django_db

IN_PROGRESS = InitiativePlan.Status.IN_PROGRESS


@pytest.fixture
def live_plan(plan):
    """The cast's plan (the owner's, shared with the network), in progress: its log is open."""
    plan.status = IN_PROGRESS
    plan.save()
    return plan


@pytest.fixture
def prompts(db):
    """The THINK exercise whose questions reflections answer, found by its anchor."""
    page = toolkit.Page.objects.create(
        slug="think", title="THINK!", nav_label="THINK", step_number=1
    )
    section = toolkit.Section.objects.create(
        page=page, slug="gender-norms-exercise", kind=toolkit.Section.Kind.EXERCISE
    )
    return [
        toolkit.ExercisePrompt.objects.create(
            section=section, explanation="E", question=f"Which norm number {n}?", order=n
        )
        for n in range(2)
    ]


def activity_values(**changes):
    values = {
        "held_on": date(2026, 3, 14),
        "kind": LoggedActivity.Kind.SPORTS,
        "place": "Osh stadium",
        "participants_under_15": 0,
        "participants_15_17": 4,
        "participants_18_24": 9,
        "participants_25_35": 2,
        "participants_over_35": 0,
        "what_worked": "Football first, talk after",
        "resistance_reasons": [],
        "referrals_made": 1,
        "reflection": "Start earlier",
    }
    return values | changes


def form_data(**changes):
    data = {key: value for key, value in activity_values().items() if key != "resistance_reasons"}
    data["held_on"] = data["held_on"].isoformat()
    return data | changes


def log(plan, by, **changes):
    return LoggedActivity.log(plan, activity_values(**changes), by)


def url(name, plan, **kwargs):
    return reverse(f"planner:{name}", kwargs={"plan_id": plan.pk, **kwargs})


# --- Models and services --------------------------------------------------------------------


def test_an_activity_is_logged_while_the_plan_is_in_progress(live_plan, editor):
    outcome = services.log_activity(plan=live_plan, values=activity_values(), by=editor)

    assert outcome.done
    activity = live_plan.logged_activities.get()
    assert activity.participants == 15
    assert activity.created_by == editor


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_a_draft_or_archived_plan_takes_no_entries(plan, owner, status):
    plan.status = status
    plan.save()

    outcome = services.log_activity(plan=plan, values=activity_values(), by=owner)

    assert outcome.status == services.LogOutcome.CLOSED
    assert "in progress" in outcome.error
    assert not LoggedActivity.objects.exists()


def test_an_example_takes_no_entries(db):
    example = InitiativePlan.objects.create(title="Example", is_example=True, status=IN_PROGRESS)
    outcome = services.log_activity(plan=example, values=activity_values(), by=None)
    assert outcome.status == services.LogOutcome.CLOSED


def test_a_plan_archived_after_the_form_was_opened_refuses_the_entry(live_plan, owner):
    page_copy = InitiativePlan.objects.get(pk=live_plan.pk)  # read when the form opened
    InitiativePlan.objects.filter(pk=live_plan.pk).update(status="archived")

    outcome = services.log_activity(plan=page_copy, values=activity_values(), by=owner)

    assert outcome.status == services.LogOutcome.CLOSED


def test_a_deleted_plan_is_gone(live_plan, owner):
    kept = InitiativePlan.objects.get(pk=live_plan.pk)
    live_plan.delete()
    assert services.log_activity(plan=kept, values=activity_values(), by=owner).status == "gone"


def test_two_edits_from_one_version_the_second_is_refused(live_plan, editor, owner):
    activity = log(live_plan, editor)
    mine = LoggedActivity.objects.get(pk=activity.pk)
    theirs = LoggedActivity.objects.get(pk=activity.pk)

    first = services.edit_activity(
        activity=theirs, values=activity_values(place="Park"), version=theirs.version
    )
    second = services.edit_activity(
        activity=mine, values=activity_values(place="School"), version=mine.version
    )

    assert first.done
    assert second.status == services.LogOutcome.CONFLICT
    assert "Someone else saved this activity" in second.error
    activity.refresh_from_db()
    assert (activity.place, activity.version) == ("Park", 1)


def test_an_edit_without_a_version_is_refused(live_plan, editor):
    activity = log(live_plan, editor)
    outcome = services.edit_activity(activity=activity, values=activity_values(), version=None)
    assert outcome.status == services.LogOutcome.CONFLICT


def test_editing_an_activity_deleted_meanwhile_says_so(live_plan, editor):
    activity = log(live_plan, editor)
    LoggedActivity.objects.filter(pk=activity.pk).delete()

    outcome = services.edit_activity(activity=activity, values=activity_values(), version=0)

    assert outcome.status == services.LogOutcome.CLOSED
    assert "deleted in the meantime" in outcome.error


def test_start_logging_marks_a_draft_in_progress_from_its_details_version(plan):
    outcome = services.start_logging(plan=plan, version=plan.details_version)

    assert outcome.done
    plan.refresh_from_db()
    assert plan.status == IN_PROGRESS
    assert plan.details_version == 1  # a details form opened before cannot undo it unseen


def test_start_logging_from_a_stale_page_is_refused(plan):
    InitiativePlan.objects.filter(pk=plan.pk).update(details_version=3)

    outcome = services.start_logging(plan=plan, version=0)

    assert outcome.status == services.LogOutcome.CONFLICT
    plan.refresh_from_db()
    assert plan.status == InitiativePlan.Status.DRAFT


# --- Selectors ------------------------------------------------------------------------------


def test_the_summary_adds_up_participants_referrals_and_resistance(live_plan, editor, choices):
    first, second = choices["reasons"]
    log(live_plan, editor, resistance_reasons=[first.pk, second.pk])
    log(
        live_plan, editor, held_on=date(2026, 5, 2), referrals_made=2, resistance_reasons=[first.pk]
    )

    summary = log_summary(live_plan)

    assert summary.activity_count == 2
    assert summary.participants == 30
    assert dict(summary.bands)["18–24"] == 18
    assert summary.referrals == 3
    assert summary.resistance == [(first.text, 2), (second.text, 1)]
    assert [m.month for m in summary.months] == [
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 5, 1),
    ]
    assert [m.total for m in summary.months] == [15, 0, 15]
    assert [a.held_on for a in summary.latest] == [date(2026, 5, 2), date(2026, 3, 14)]


def test_unknown_reason_ids_in_stored_data_are_left_out(live_plan, editor, choices):
    reason = choices["reasons"][0]
    log(live_plan, editor, resistance_reasons=[reason.pk, 99999, "x", None])

    summary = log_summary(live_plan)

    assert summary.resistance == [(reason.text, 1)]
    assert summary.latest[0].reasons_met == [reason.text]


def test_the_chart_keeps_the_latest_months(live_plan, editor):
    start = date(2020, 1, 10)
    log(live_plan, editor, held_on=start)
    log(live_plan, editor, held_on=date(2026, 1, 10))

    summary = log_summary(live_plan)
    months = summary.months

    assert summary.older_months
    assert len(months) == CHART_MONTHS
    assert months[-1].month == date(2026, 1, 1)
    assert months[0].month == date(2024, 2, 1)


def test_the_summary_costs_the_same_queries_however_long_the_log(live_plan, editor, prompts):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            log_summary(live_plan)
        return len(captured)

    log(live_plan, editor)
    Reflection.write(live_plan, date(2026, 3, 1), {str(prompts[0].pk): "A"}, "", editor)
    few = queries()
    for day in range(1, 8):
        log(live_plan, editor, held_on=date(2025, day, 3))
        Reflection.write(live_plan, date(2025, day, 4), {str(prompts[1].pk): "B"}, "N", editor)

    assert queries() == few


def test_a_reflection_shows_the_toolkits_questions_and_keeps_answers_of_removed_ones(
    live_plan, editor, prompts
):
    answers = {str(prompts[1].pk): "Care work", "99999": "Older answer"}
    Reflection.write(live_plan, date(2026, 3, 1), answers, "Talk with fathers", editor)

    reflection = log_summary(live_plan).reflections[0]

    assert reflection.answered == [
        (prompts[1].question, "Care work"),
        ("A question no longer in the toolkit", "Older answer"),
    ]


# --- The chart ------------------------------------------------------------------------------


def test_the_chart_is_an_image_with_a_title_a_description_and_a_pattern_per_band():
    months = [
        MonthParticipants(date(2026, 1, 1), [1, 2, 3, 4, 5]),
        MonthParticipants(date(2026, 2, 1), [0, 0, 0, 0, 0]),
        MonthParticipants(date(2026, 3, 1), [0, 7, 0, 0, 0]),
    ]

    svg = ET.fromstring(str(participants_chart(months)))
    ns = {"svg": "http://www.w3.org/2000/svg"}

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "log-chart-title log-chart-desc"
    assert svg.get("width") == "100%" and svg.get("viewBox")
    assert svg.find("svg:title", ns) is None  # not namespaced inline: found without it
    assert svg.find("title").text == "Participants per month, by age band"
    description = svg.find("desc").text
    assert "January 2026" in description and "March 2026" in description
    assert "Participants in all: 22" in description
    assert len(svg.findall("defs/pattern")) == 5
    bars = [rect for rect in svg.iter("rect") if rect.get("fill", "").startswith("url(")]
    assert len(bars) == 6  # five bands in January, one in March, none for February
    totals = [text.text for text in svg.iter("text")]
    assert "15" in totals and "7" in totals


def test_an_empty_chart_says_so():
    svg = ET.fromstring(str(participants_chart([])))
    assert svg.find("desc").text == "No activities logged yet."


@pytest.mark.parametrize("value,top", [(0, 1), (1, 1), (3, 5), (15, 20), (101, 200), (999, 1000)])
def test_the_axis_ends_at_a_round_number(value, top):
    assert nice_ceiling(value) == top


# --- Permissions ----------------------------------------------------------------------------


def get_as(client, who, address):
    if who is not None:
        client.force_login(who)
    return client.get(address)


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("staff", 404),
        ("viewer", 200),
        ("editor", 200),
        ("organiser", 200),
        ("owner", 200),
    ],
)
def test_who_reads_the_log(client, cast, live_plan, role, status):
    response = get_as(client, cast[role], url("plan_log", live_plan))
    assert response.status_code == status
    if status == 302:
        assert "/login/" in response["Location"]


def write_urls(plan, activity, reflection):
    return [
        ("get", url("log_activity_create", plan)),
        ("post", url("log_activity_create", plan)),
        ("get", url("log_activity_edit", plan, activity_id=activity.pk)),
        ("post", url("log_activity_edit", plan, activity_id=activity.pk)),
        ("get", url("log_activity_delete", plan, activity_id=activity.pk)),
        ("post", url("log_activity_delete", plan, activity_id=activity.pk)),
        ("get", url("log_reflection_create", plan)),
        ("post", url("log_reflection_create", plan)),
        ("get", url("log_reflection_delete", plan, reflection_id=reflection.pk)),
        ("post", url("log_reflection_delete", plan, reflection_id=reflection.pk)),
        ("post", url("log_start", plan)),
    ]


@pytest.mark.parametrize(
    "role,status",
    [("anonymous", 302), ("outsider", 404), ("staff", 404), ("viewer", 403)],
)
def test_who_may_not_write_the_log(client, cast, live_plan, owner, role, status):
    activity = log(live_plan, owner)
    reflection = Reflection.write(live_plan, date(2026, 3, 1), {}, "Notes", owner)
    if cast[role] is not None:
        client.force_login(cast[role])
    for method, address in write_urls(live_plan, activity, reflection):
        response = getattr(client, method)(address, form_data() if method == "post" else None)
        assert response.status_code == status, (method, address)
    assert LoggedActivity.objects.get() == activity
    assert Reflection.objects.get() == reflection


@pytest.mark.parametrize("role", ["editor", "organiser", "owner"])
def test_editors_write_the_log(client, cast, live_plan, role):
    client.force_login(cast[role])
    for name in ("log_activity_create", "log_reflection_create"):
        assert client.get(url(name, live_plan)).status_code == 200
    response = client.post(url("log_activity_create", live_plan), form_data())
    assert response.status_code == 302
    activity = live_plan.logged_activities.get()
    assert activity.created_by == cast[role]
    edit = url("log_activity_edit", live_plan, activity_id=activity.pk)
    assert client.get(edit).status_code == 200
    delete = url("log_activity_delete", live_plan, activity_id=activity.pk)
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not LoggedActivity.objects.exists()


def test_the_log_takes_only_get_and_head(client, owner, live_plan):
    client.force_login(owner)
    assert client.post(url("plan_log", live_plan)).status_code == 405
    assert client.get(url("log_start", live_plan)).status_code == 405


def test_an_entry_of_another_plan_is_not_found(client, owner, live_plan, private_plan):
    private_plan.status = IN_PROGRESS
    private_plan.save()
    other = log(private_plan, owner)
    client.force_login(owner)
    address = url("log_activity_edit", live_plan, activity_id=other.pk)
    assert client.get(address).status_code == 404
    assert (
        client.post(url("log_activity_delete", live_plan, activity_id=other.pk)).status_code == 404
    )


def test_an_example_log_is_read_by_anyone_and_written_by_no_one(client, outsider):
    example = InitiativePlan.objects.create(title="Example", is_example=True, status=IN_PROGRESS)
    LoggedActivity.objects.create(plan=example, held_on=date(2026, 1, 5), kind="sports")

    page = client.get(url("plan_log", example))
    assert page.status_code == 200
    assert "its log can be read, not written" in page.content.decode()
    client.force_login(outsider)
    assert client.get(url("log_activity_create", example)).status_code == 403
    assert client.post(url("log_activity_create", example), form_data()).status_code == 403


# --- Pages ----------------------------------------------------------------------------------


def test_a_logged_activity_is_on_the_timeline_and_in_the_charts_text_alternative(
    client, editor, live_plan
):
    client.force_login(editor)
    response = client.post(url("log_activity_create", live_plan), form_data(), follow=True)

    html = response.content.decode()
    assert "The activity is in the log." in html
    timeline = html[html.index('id="timeline-heading"') :]
    assert "Osh stadium" in timeline and "Football first, talk after" in timeline
    chart = html[html.index('id="chart-heading"') : html.index('id="timeline-heading"')]
    assert 'role="img"' in chart
    table = chart[chart.index("<table") : chart.index("</table>")]
    assert "March 2026" in table
    assert '<td class="text-end">15</td>' in table
    assert "Participants in all: 15" in chart  # the SVG's description


def test_the_plan_page_shows_the_latest_activities_and_the_chart(client, viewer, live_plan, owner):
    for day in range(1, 6):
        log(live_plan, owner, held_on=date(2026, 3, day), place=f"Place {day}")
    client.force_login(viewer)

    html = client.get(live_plan.get_absolute_url()).content.decode()

    section = html[html.index('id="log-heading"') :]
    assert "5 activities logged, 75 participants in all." in section
    assert "Place 5" in section and "Place 3" in section and "Place 2" not in section
    assert 'role="img"' in section
    assert url("plan_log", live_plan) in section
    assert url("log_activity_edit", live_plan, activity_id=1) not in section


def test_the_plan_page_of_a_draft_says_when_the_log_opens(client, owner, plan):
    client.force_login(owner)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "The log opens once the plan is in progress." in html


def test_a_drafts_log_offers_its_editors_to_start(client, editor, viewer, plan):
    client.force_login(viewer)
    html = client.get(url("plan_log", plan)).content.decode()
    assert "The log opens once the plan is in progress." in html
    assert url("log_start", plan) not in html

    client.force_login(editor)
    html = client.get(url("plan_log", plan)).content.decode()
    assert url("log_start", plan) in html
    assert url("log_activity_create", plan) not in html
    response = client.post(url("log_start", plan), {"version": plan.details_version}, follow=True)

    assert "The plan is in progress: its log is open." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == IN_PROGRESS
    assert url("log_activity_create", plan) in response.content.decode()


def test_starting_from_a_stale_page_says_so(client, editor, plan):
    InitiativePlan.objects.filter(pk=plan.pk).update(details_version=2)
    client.force_login(editor)

    response = client.post(url("log_start", plan), {"version": 0}, follow=True)

    assert "Someone else saved this plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == InitiativePlan.Status.DRAFT


@pytest.mark.parametrize("version", ["", "x", "-1"])
def test_starting_without_a_good_version_is_refused_clearly(client, editor, plan, version):
    client.force_login(editor)
    response = client.post(url("log_start", plan), {"version": version}, follow=True)
    assert "Not started" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == InitiativePlan.Status.DRAFT


def test_a_drafts_form_pages_lead_back_to_the_log(client, owner, plan):
    client.force_login(owner)
    response = client.post(url("log_activity_create", plan), form_data(), follow=True)
    assert "The log opens once the plan is in progress." in response.content.decode()
    assert not LoggedActivity.objects.exists()


def test_an_archived_plans_log_is_read_only(client, owner, live_plan):
    activity = log(live_plan, owner)
    live_plan.status = InitiativePlan.Status.ARCHIVED
    live_plan.save()
    client.force_login(owner)

    html = client.get(url("plan_log", live_plan)).content.decode()
    assert "Osh stadium" in html
    assert "This plan is set apart: its log can be read, not written." in html
    assert url("log_activity_create", live_plan) not in html
    assert url("log_activity_edit", live_plan, activity_id=activity.pk) not in html

    delete = url("log_activity_delete", live_plan, activity_id=activity.pk)
    response = client.post(delete, follow=True)
    assert "can be read, not written" in response.content.decode()
    assert LoggedActivity.objects.filter(pk=activity.pk).exists()
    response = client.post(url("log_activity_create", live_plan), form_data(), follow=True)
    assert LoggedActivity.objects.count() == 1


def test_a_second_editor_saving_the_same_entry_is_refused_with_their_text_kept(
    client, editor, owner, live_plan
):
    activity = log(live_plan, owner)
    edit = url("log_activity_edit", live_plan, activity_id=activity.pk)
    client.force_login(owner)
    assert client.post(edit, form_data(place="Park", version=0)).status_code == 302

    client.force_login(editor)
    response = client.post(edit, form_data(what_worked="My own notes", version=0))

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this activity" in html
    assert "My own notes" in html  # their text, still in the form
    assert "Park" in html  # what is saved now, beside it
    assert 'name="version" value="1"' in html  # saving again replaces it on purpose
    activity.refresh_from_db()
    assert (activity.place, activity.what_worked) == ("Park", "Football first, talk after")

    assert client.post(edit, form_data(what_worked="My own notes", version=1)).status_code == 302
    activity.refresh_from_db()
    assert activity.what_worked == "My own notes"


@pytest.mark.parametrize("version", ["", "abc", "-3"])
def test_an_edit_without_a_usable_version_keeps_the_text(client, owner, live_plan, version):
    activity = log(live_plan, owner)
    client.force_login(owner)
    edit = url("log_activity_edit", live_plan, activity_id=activity.pk)

    response = client.post(edit, form_data(place="Kept text", version=version))

    assert response.status_code == 409
    assert "Kept text" in response.content.decode()
    activity.refresh_from_db()
    assert activity.place == "Osh stadium"


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"participants_18_24": "-5"}, "Enter 0 or a positive number."),
        ({"referrals_made": "-1"}, "Enter 0 or a positive number."),
        ({"participants_15_17": "99999999999999999999999"}, "Enter a number up to"),
        ({"participants_25_35": "12.5"}, "Enter a whole number"),
        ({"participants_25_35": "lots"}, "Enter a whole number"),
        ({"held_on": "2026-02-30"}, "Enter a real date"),
        ({"held_on": "yesterday"}, "Enter a real date"),
        ({"held_on": ""}, "This field is required."),
        ({"held_on": "0202-03-01"}, "Enter a date after 2000."),
        ({"held_on": (date.today() + timedelta(days=30)).isoformat()}, "not a future date"),
        ({"kind": "picnic"}, "Select a valid choice."),
        ({"resistance_reasons": "99999"}, "is not one of them"),
        ({"resistance_reasons": "abc"}, "is not one of them"),
        ({"place": "x" * 201}, "at most 200 characters"),
        ({"what_worked": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_hostile_activity_input_gets_a_clear_message(
    client, owner, live_plan, choices, changes, message
):
    client.force_login(owner)
    response = client.post(url("log_activity_create", live_plan), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LoggedActivity.objects.exists()


def test_the_referrals_field_asks_for_no_personal_details(client, owner, live_plan):
    client.force_login(owner)
    html = client.get(url("log_activity_create", live_plan)).content.decode()
    assert "the number only. Write no names or other personal details" in html


@pytest.mark.parametrize("page", ["0", "abc", "99", "-1"])
def test_a_page_of_the_log_that_does_not_exist_is_not_found(client, owner, live_plan, page):
    client.force_login(owner)
    assert client.get(url("plan_log", live_plan), {"page": page}).status_code == 404


def test_the_log_pages_older_activities(client, owner, live_plan):
    for n in range(21):
        log(live_plan, owner, held_on=date(2025, 1, 1) + timedelta(days=n), place=f"Hall {n}")
    client.force_login(owner)

    first = client.get(url("plan_log", live_plan)).content.decode()
    second = client.get(url("plan_log", live_plan), {"page": 2}).content.decode()

    assert "Hall 20" in first and "Hall 1<" in first and "Hall 0<" not in first
    assert "Older activities" in first
    assert "Hall 0<" in second and "Newer activities" in second


def test_a_reflection_answers_the_toolkits_questions(client, editor, live_plan, prompts):
    client.force_login(editor)
    form = client.get(url("log_reflection_create", live_plan)).content.decode()
    assert prompts[0].question in form and prompts[1].question in form

    response = client.post(
        url("log_reflection_create", live_plan),
        {
            "written_on": "2026-04-01",
            f"prompt_{prompts[0].pk}": "Men do not cook",
            "notes": "Invite fathers",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Your reflection is in the log." in html
    reflection = live_plan.reflections.get()
    assert reflection.answers == {str(prompts[0].pk): "Men do not cook"}
    assert prompts[0].question in html and "Men do not cook" in html and "Invite fathers" in html


def test_an_empty_reflection_is_refused_clearly(client, editor, live_plan, prompts):
    client.force_login(editor)
    response = client.post(url("log_reflection_create", live_plan), {"written_on": "2026-04-01"})
    assert "Answer at least one question" in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_reflection_with_an_unknown_prompt_field_stores_only_known_ones(
    client, editor, live_plan, prompts
):
    client.force_login(editor)
    client.post(
        url("log_reflection_create", live_plan),
        {"written_on": "2026-04-01", "prompt_99999": "Smuggled", "notes": "Fine"},
    )
    assert live_plan.reflections.get().answers == {}


def test_a_reflection_is_deleted_after_confirming(client, editor, live_plan):
    reflection = Reflection.write(live_plan, date(2026, 3, 1), {}, "Notes here", editor)
    client.force_login(editor)
    delete = url("log_reflection_delete", live_plan, reflection_id=reflection.pk)

    assert "Notes here" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Reflection.objects.exists()


# --- Print and exports ----------------------------------------------------------------------


@pytest.fixture
def logged(live_plan, owner, choices, prompts):
    log(live_plan, owner, resistance_reasons=[choices["reasons"][0].pk])
    Reflection.write(
        live_plan, date(2026, 3, 20), {str(prompts[0].pk): "Sons help less"}, "Mix groups", owner
    )
    return live_plan


def test_print_has_the_monitoring_summary(client, owner, logged, choices, prompts):
    client.force_login(owner)
    html = client.get(url("plan_print", logged)).content.decode()

    summary = html[html.index('id="log-summary-heading"') :]
    assert "Monitoring summary" in summary
    assert "Activities logged" in summary and "Referrals made" in summary
    assert choices["reasons"][0].text in summary
    assert prompts[0].question in summary and "Sons help less" in summary
    assert "<details" not in summary  # printed open


def test_markdown_has_the_monitoring_summary(client, owner, logged, prompts):
    client.force_login(owner)
    text = client.get(url("plan_export_markdown", logged)).content.decode()

    summary = text[text.index("## Monitoring summary") :]
    assert (
        "- **Participants:** 15 (Under 15: 0; 15–17: 4; 18–24: 9; 25–35: 2; Over 35: 0)" in summary
    )
    assert "- March 2026: 15" in summary
    assert "Sons help less" in summary and prompts[0].question in summary


def test_json_has_the_log_entries(client, owner, logged, choices):
    client.force_login(owner)
    data = json.loads(client.get(url("plan_export_json", logged)).content)

    (activity,) = data["log"]["activities"]
    assert activity["held_on"] == "2026-03-14"
    assert activity["participants"]["participants_18_24"] == 9
    assert activity["resistance_reasons"] == [choices["reasons"][0].pk]
    assert data["log"]["reflections"][0]["notes"] == "Mix groups"
    assert data["labels"]["log_kinds"]["sports"] == "Sports"


def test_word_has_the_monitoring_summary(client, owner, logged):
    client.force_login(owner)
    document = Document(io.BytesIO(client.get(url("plan_export_docx", logged)).content))

    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Monitoring summary" in text and "Sons help less" in text
    assert "March 2026" in cells and "15" in cells


def test_an_empty_log_adds_nothing_to_the_exports(client, owner, live_plan):
    client.force_login(owner)
    assert (
        "Monitoring summary"
        not in client.get(url("plan_export_markdown", live_plan)).content.decode()
    )


LOG_PATHS = [
    "/plans/{plan}/log/{x}/edit/",
    "/plans/{plan}/log/{x}/delete/",
    "/plans/{plan}/log/reflections/{x}/delete/",
    "/plans/{x}/log/",
    "/plans/{x}/log/new/",
]


@pytest.mark.parametrize("template", LOG_PATHS)
@pytest.mark.parametrize("x", [HUGE_NUMBER, "0", "-1", "abc", "\x00", "x" * 2000])
def test_hostile_path_parameters_get_no_server_error(client, owner, live_plan, template, x):
    address = template.format(plan=live_plan.pk, x=path_segment(x))
    client.force_login(owner)
    for method in (client.get, client.post):
        assert method(address).status_code == 404, (address, method)


@pytest.mark.parametrize("version", [HUGE_NUMBER, "-" + HUGE_NUMBER, "1e9", "1" * 400])
def test_a_huge_version_is_a_conflict_not_a_crash(client, owner, live_plan, version):
    activity = log(live_plan, owner)
    client.force_login(owner)
    edit = url("log_activity_edit", live_plan, activity_id=activity.pk)

    response = client.post(edit, form_data(place="Kept text", version=version))

    assert response.status_code == 409
    assert "Kept text" in response.content.decode()


@pytest.mark.parametrize("version", [HUGE_NUMBER, "1" * 400])
def test_starting_with_a_huge_version_is_refused_clearly(client, owner, plan, version):
    client.force_login(owner)
    response = client.post(url("log_start", plan), {"version": version}, follow=True)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == InitiativePlan.Status.DRAFT


def luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_band_stands_out_from_the_page_and_has_its_own_pattern():
    fills = [fill for fill, _marks in BAND_STYLES]
    for fill in fills:
        assert (1.0 + 0.05) / (luminance(fill) + 0.05) >= 3, fill  # WCAG 1.4.11 against white
    assert len(set(fills)) == len(fills) == len(AGE_BANDS)
    marks = [marks for _fill, marks in BAND_STYLES]
    assert len(set(marks)) == len(marks)  # colour is not the only cue


@pytest.mark.parametrize("name", ["plan_log", "plan_detail", "plan_print"])
def test_a_longer_log_costs_no_more_queries(client, owner, live_plan, prompts, choices, name):
    client.force_login(owner)
    address = url(name, live_plan)

    def queries():
        caches["plan_pages"].clear()  # the page rendered, not served kept (kept_pages.py)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    log(live_plan, owner, resistance_reasons=[choices["reasons"][0].pk])
    Reflection.write(live_plan, date(2026, 3, 1), {str(prompts[0].pk): "A"}, "", owner)
    queries()  # the first view fills what pages keep (the menu, the plan's parts rendered)
    few = queries()
    for month in range(1, 10):
        log(live_plan, owner, held_on=date(2025, month, 3), resistance_reasons=[])
        Reflection.write(live_plan, date(2025, month, 4), {str(prompts[1].pk): "B"}, "", owner)

    assert queries() == few


def test_the_log_is_shown_in_the_admin_only_with_the_inspection_permission(
    client, make_user, live_plan, owner
):
    from django.contrib.auth.models import Permission

    log(live_plan, owner, place="Seen by operators")
    operator = make_user("operator", is_staff=True)
    operator.user_permissions.set(Permission.objects.filter(codename="inspect_plan"))
    admin_page = reverse("admin:planner_initiativeplan_change", args=[live_plan.pk])

    client.force_login(operator)
    assert "Seen by operators" in client.get(admin_page).content.decode()
    plain_staff = make_user("plain-staff", is_staff=True, is_superuser=False)
    client.force_login(plain_staff)
    response = client.get(admin_page)
    assert response.status_code in (302, 403, 404)
    assert "Seen by operators" not in response.content.decode()


# --- Older months, big numbers, entries gone meanwhile, a plan back in draft ----------------

LATEST_NOTE = "The latest 24 months; older activities count in the totals."


@pytest.fixture
def long_log(live_plan, owner):
    """A log older than the chart: 30 participants in January 2020, 15 in January 2026."""
    log(live_plan, owner, held_on=date(2020, 1, 10), participants_over_35=15)
    log(live_plan, owner, held_on=date(2026, 1, 10))
    return live_plan


def test_a_chart_of_the_latest_months_says_so_and_the_totals_keep_the_whole_log(
    client, owner, long_log
):
    summary = log_summary(long_log)
    assert summary.participants == 45
    assert summary.older_months
    description = ET.fromstring(str(summary.chart)).find("desc").text
    assert LATEST_NOTE in description
    assert "Participants in all" not in description
    assert "Participants in these months: 15." in description

    client.force_login(owner)
    for name in ("plan_log", "plan_detail", "plan_print"):
        html = client.get(url(name, long_log)).content.decode()
        assert LATEST_NOTE in html, name


def test_a_chart_of_the_whole_log_does_not_say_latest(client, owner, live_plan):
    log(live_plan, owner, held_on=date(2025, 1, 10))
    log(live_plan, owner, held_on=date(2026, 12, 10))  # 24 months, the first logged among them

    summary = log_summary(live_plan)

    assert len(summary.months) == CHART_MONTHS and not summary.older_months
    assert "Participants in all: 30." in ET.fromstring(str(summary.chart)).find("desc").text
    client.force_login(owner)
    assert "The latest 24" not in client.get(url("plan_log", live_plan)).content.decode()


def test_the_exports_list_months_with_activities_and_say_which(client, owner, long_log):
    client.force_login(owner)
    text = client.get(url("plan_export_markdown", long_log)).content.decode()

    over_time = text[text.index("### Participants over time") :]
    assert LATEST_NOTE in over_time
    assert "Only months with participants are listed." in over_time
    assert "- January 2026: 15" in over_time
    assert ": 0\n" not in over_time  # no runs of empty months
    assert "- **Participants:** 45 (" in text  # the totals are the whole log's

    document = Document(io.BytesIO(client.get(url("plan_export_docx", long_log)).content))
    paragraphs = [p.text for p in document.paragraphs]
    assert LATEST_NOTE in paragraphs
    months = document.tables[-1]
    assert [row.cells[0].text for row in months.rows] == ["Month", "January 2026"]


def test_the_markdown_leaves_out_months_without_activities(client, owner, live_plan):
    log(live_plan, owner, held_on=date(2026, 3, 14))
    log(live_plan, owner, held_on=date(2026, 5, 2))
    client.force_login(owner)

    text = client.get(url("plan_export_markdown", live_plan)).content.decode()

    assert "- March 2026: 15\n- May 2026: 15\n" in text
    assert "April 2026" not in text
    assert "The latest" not in text


def text_width(text, font_size):
    """A generous width of digits and separators in the chart's sans-serif font."""
    return len(text) * font_size * 0.62


@pytest.mark.parametrize("total", [7, 1_000_000, 5_000_000, 123_456_789])
def test_the_axis_labels_fit_left_of_the_plot_however_big(total):
    svg = ET.fromstring(
        str(participants_chart([MonthParticipants(date(2026, 1, 1), [total, 0, 0, 0, 0])]))
    )

    labels = [t for t in svg.iter("text") if t.get("text-anchor") == "end"]
    assert len(labels) == 3
    plot_left = min(float(line.get("x1")) for line in svg.iter("line"))
    for label in labels:
        right = float(label.get("x"))
        assert right - text_width(label.text, float(label.get("font-size"))) >= 0, label.text
        assert right < plot_left


def test_big_figures_are_grouped_alike_everywhere(client, owner, live_plan):
    hundred_thousand = {name: 100_000 for name, _label in AGE_BANDS}
    log(live_plan, owner, **hundred_thousand)
    for day in range(1, 6):
        log(live_plan, owner, held_on=date(2026, 3, day))
    client.force_login(owner)

    html = client.get(url("plan_log", live_plan)).content.decode()
    totals = html[html.index('id="totals-heading"') : html.index('id="chart-heading"')]
    assert "500,075" in totals and "100,045" in totals  # all, and the 18–24 band
    assert "500075" not in html
    assert '<td class="text-end">500,075</td>' in html
    assert "Participants in all: 500,075." in html
    assert "500,000" in html[html.index('id="timeline-heading"') :]  # the activity's own
    detail = client.get(live_plan.get_absolute_url()).content.decode()
    assert "6 activities logged, 500,075 participants in all." in detail
    markdown = client.get(url("plan_export_markdown", live_plan)).content.decode()
    assert "- **Participants:** 500,075 (Under 15: 100,000;" in markdown
    assert "- March 2026: 500,075" in markdown
    document = Document(io.BytesIO(client.get(url("plan_export_docx", live_plan)).content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "500,075" in cells and "500075" not in cells


def test_saving_an_activity_deleted_meanwhile_keeps_the_text(client, owner, editor, live_plan):
    activity = log(live_plan, owner)
    edit = url("log_activity_edit", live_plan, activity_id=activity.pk)
    LoggedActivity.objects.filter(pk=activity.pk).delete()  # by the owner, in another tab
    client.force_login(editor)

    response = client.post(edit, form_data(what_worked="My own notes", version=0))

    assert response.status_code == 410
    html = response.content.decode()
    assert "Someone deleted this activity while you were editing." in html
    assert "My own notes" in html
    form = html[html.index('<form method="post" novalidate') :]
    assert f'action="{url("log_activity_create", live_plan)}"' in form[: form.index(">")]
    assert client.get(edit).status_code == 404
    assert client.post(edit).status_code == 404  # no form sent: nothing to keep

    data = form_data(what_worked="My own notes", version="")
    assert client.post(url("log_activity_create", live_plan), data).status_code == 302
    assert LoggedActivity.objects.get().what_worked == "My own notes"


def test_an_activity_deleted_while_its_edit_is_saved_keeps_the_text(
    client, owner, live_plan, monkeypatch
):
    activity = log(live_plan, owner)
    edit_activity = services.edit_activity

    def deleted_first(**kwargs):
        LoggedActivity.objects.filter(pk=activity.pk).delete()
        return edit_activity(**kwargs)

    monkeypatch.setattr(services, "edit_activity", deleted_first)
    client.force_login(owner)
    edit = url("log_activity_edit", live_plan, activity_id=activity.pk)

    response = client.post(edit, form_data(what_worked="Typed just now", version=0))

    assert response.status_code == 410
    assert "Typed just now" in response.content.decode()


def test_the_charts_table_scrolls_as_a_named_focusable_region(client, owner, logged):
    client.force_login(owner)
    html = client.get(url("plan_print", logged)).content.decode()

    wrapper = html[html.index('<div class="table-responsive"') :]
    wrapper = wrapper[: wrapper.index(">")]
    assert 'tabindex="0"' in wrapper and 'role="region"' in wrapper
    caption = html[html.index("<caption") : html.index("</caption>")]
    assert 'id="log-chart-table-caption"' in caption
    assert 'aria-labelledby="log-chart-table-caption"' in wrapper


def test_the_plan_page_loads_no_reflections(client, owner, live_plan, prompts):
    log(live_plan, owner)
    Reflection.write(live_plan, date(2026, 3, 1), {str(prompts[0].pk): "A"}, "", owner)
    client.force_login(owner)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(live_plan.get_absolute_url()).status_code == 200

    assert not [q for q in captured if Reflection._meta.db_table in q["sql"]]


def test_a_plan_back_in_draft_shows_its_entries_and_says_new_ones_wait(client, owner, live_plan):
    log(live_plan, owner, place="Held before")
    live_plan.status = InitiativePlan.Status.DRAFT
    live_plan.save()
    client.force_login(owner)
    waiting = "new entries wait until the plan is in progress again"

    for address in (live_plan.get_absolute_url(), url("plan_log", live_plan)):
        html = client.get(address).content.decode()
        assert "Held before" in html, address
        assert waiting in html, address
        assert "The log opens once the plan is in progress." not in html, address
    assert url("log_start", live_plan) in html  # its editors can start again
    response = client.post(url("log_activity_create", live_plan), form_data(), follow=True)
    assert waiting in response.content.decode()
    assert LoggedActivity.objects.count() == 1
