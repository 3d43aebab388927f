"""The ACT log on a 375 px phone without JavaScript: a network editor logs an activity held,
finds it on the log's timeline and in the chart's figures, writes a reflection with the
toolkit's own questions, and sees the log on the plan's page; every page axe-clean."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan, LoggedActivity, Membership, Network
from tests.browser.helpers import PHONE, WAIT_MS, accessible, field, flash
from toolkit.models import ExercisePrompt, ResistanceReason

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, site, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])


def test_an_editor_logs_an_activity_and_a_reflection_on_a_phone_without_script(
    site, no_script_phone, axe_without_script, django_user_model
):
    page = no_script_phone
    owner = django_user_model.objects.create_user("owner", password="x")
    editor = django_user_model.objects.create_user("editor", password="x")
    network = Network.create("Osh fathers", "", organiser=owner)
    network.add_member(editor, Membership.Role.EDITOR)
    plan = InitiativePlan.objects.create(
        owner=owner, network=network, title="Fathers' football evenings", language="en"
    )
    reason = ResistanceReason.objects.order_by("order", "pk").first()
    log_in(page, site, editor)

    # A draft: the log says when it opens, and offers to start.
    page.goto(f"{site}/plans/{plan.pk}/log/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity log")
    expect(page.get_by_text("The log opens once the plan is in progress.")).to_be_visible()
    axe_without_script(page)
    page.get_by_role("button", name="Start: mark the plan as in progress").click()
    expect(flash(page)).to_contain_text("The plan is in progress: its log is open.")

    page.get_by_role("link", name="Log an activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an activity")
    axe_without_script(page)
    field(page, "Date").fill("2026-03-14")
    field(page, "Kind of activity").select_option(label="Sports")
    field(page, "Place").fill("Osh stadium")
    field(page, "15–17").fill("4")
    field(page, "18–24").fill("-9")  # a slip: refused, clearly, nothing lost
    field(page, "What worked").fill("Football first, talk after")
    page.get_by_label(reason.text).check()
    page.get_by_role("button", name="Add to the log").click()

    expect(page.get_by_text("Enter 0 or a positive number.")).to_be_visible()
    expect(field(page, "What worked")).to_have_value("Football first, talk after")
    axe_without_script(page)
    field(page, "18–24").fill("9")
    page.get_by_role("button", name="Add to the log").click()

    expect(flash(page)).to_contain_text("The activity is in the log.")
    timeline = page.locator("section", has=page.locator("#timeline-heading"))
    expect(timeline).to_contain_text("Osh stadium")
    expect(timeline).to_contain_text("Football first, talk after")
    expect(timeline).to_contain_text(reason.text)
    chart = page.get_by_role("img", name="Participants per month, by age band")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= PHONE["width"]
    page.get_by_text("The chart's figures as a table").click()  # <details>: no script needed
    row = page.get_by_role("row", name=re.compile("March 2026"))
    expect(row).to_contain_text("13")
    axe_without_script(page)

    page.get_by_role("link", name="Write a reflection").click()
    question = ExercisePrompt.objects.filter(section__slug="gender-norms-exercise").first()
    field(page, question.question).fill("Men are expected to earn, not to care")
    field(page, "What we take from this for our activities").fill("Invite fathers with sons")
    axe_without_script(page)
    page.get_by_role("button", name="Add to the log").click()
    expect(flash(page)).to_contain_text("Your reflection is in the log.")
    expect(page.get_by_text("Men are expected to earn, not to care")).to_be_visible()
    axe_without_script(page)

    page.goto(f"{site}/plans/{plan.pk}/")
    log_section = page.locator("#log")
    expect(log_section).to_contain_text("1 activity logged, 13 participants in all.")
    expect(log_section.get_by_role("img")).to_be_visible()
    axe_without_script(page)

    page.goto(f"{site}/plans/{plan.pk}/print/")
    summary = page.locator("section", has=page.locator("#log-summary-heading"))
    expect(summary).to_contain_text("Men are expected to earn, not to care")
    expect(summary.get_by_role("table")).to_contain_text("March 2026")  # printed open
    axe_without_script(page)

    activity = LoggedActivity.objects.get()
    assert activity.resistance_reasons == [reason.pk]
    page.goto(f"{site}/plans/{plan.pk}/log/{activity.pk}/delete/")
    axe_without_script(page)
    page.get_by_role("button", name="Delete").click()
    expect(flash(page)).to_contain_text("The activity is deleted from the log.")
    expect(page.get_by_text("No activities logged yet.")).to_be_visible()
    assert not LoggedActivity.objects.exists()


DESKTOP = {"width": 1280, "height": 900}
CHART_MOST_WIDTH = 32 * 16  # site.css: .log-chart's max-width, 32rem


@pytest.fixture
def long_big_log(django_user_model):
    """A log with a month before the chart's 24 and months of half a million participants."""
    owner = django_user_model.objects.create_user("owner", password="x")
    plan = InitiativePlan.objects.create(
        owner=owner, title="Regional festivals", language="en", status="in_progress"
    )
    values = {
        "kind": LoggedActivity.Kind.SPORTS,
        "place": "Stadium",
        "participants_under_15": 100_000,
        "participants_15_17": 100_000,
        "participants_18_24": 100_000,
        "participants_25_35": 100_000,
        "participants_over_35": 100_000,
        "what_worked": "",
        "resistance_reasons": [],
        "referrals_made": 0,
        "reflection": "",
    }
    for day in (date(2020, 1, 10), date(2026, 1, 10), date(2026, 2, 10), date(2026, 2, 20)):
        LoggedActivity.log(plan, values | {"held_on": day}, owner)
    return owner, plan


def test_a_big_long_logs_chart_shows_whole_labels_at_a_readable_size(
    site, chromium_browser, axe_check, long_big_log
):
    owner, plan = long_big_log
    for viewport in (DESKTOP, PHONE):
        context = chromium_browser.new_context(viewport=viewport)
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        log_in(page, site, owner)
        page.goto(f"{site}/plans/{plan.pk}/log/")

        chart = page.locator("svg.log-chart")
        box = chart.bounding_box()
        assert box["width"] <= min(viewport["width"], CHART_MOST_WIDTH) + 0.5, viewport
        for label in chart.locator("text").all():  # the axis' "1,000,000" whole, not "00,000"
            edges = label.bounding_box()
            assert edges["x"] >= box["x"] - 0.5, (label.text_content(), viewport)
            assert edges["x"] + edges["width"] <= box["x"] + box["width"] + 0.5
        note = "The latest 24 months; older activities count in the totals."
        expect(page.locator(".log-chart-figure")).to_contain_text(note)

        if viewport == PHONE:
            page.goto(f"{site}/plans/{plan.pk}/print/")  # the table scrolls: reachable, named
            expect(page.get_by_role("region", name="Participants per month")).to_be_visible()
            accessible(page, axe_check)
        context.close()
