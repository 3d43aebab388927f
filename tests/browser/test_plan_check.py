"""The self-check on a phone: an editor of a weak plan reads its findings with the toolkit's
words, follows one to the field to change, and acknowledges another with a reason, with and
without JavaScript; the pages are axe-clean."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from planner.models import InitiativePlan, Membership, Network, PlanPart
from tests.browser.helpers import accessible, field, flash
from tests.planner.test_plan_check import WEAK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_cookie(django_user_model):
    """A weak plan shared with a network, and the session cookie of one of its editors."""
    owner = django_user_model.objects.create_user("aibek", password="x")
    editor = django_user_model.objects.create_user("dana", password="x")
    network = Network.create("Osh Youth", "", organiser=owner)
    network.add_member(editor, Membership.Role.EDITOR)
    plan = InitiativePlan.objects.create(owner=owner, network=network, title="Football talks")
    for kind, data in WEAK.items():
        PlanPart.objects.create(plan=plan, kind=kind, data=data)
    client = Client()
    client.force_login(editor)
    return plan, client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(params=["with script", "without script"])
def phone(request, open_phone, no_script_phone, axe_check, axe_without_script):
    """(page, check): a phone, and its axe check (a script-less page is checked elsewhere)."""
    if request.param == "with script":
        page = open_phone()
        return page, lambda: accessible(page, axe_check)
    return no_script_phone, lambda: axe_without_script(no_script_phone)


def test_an_editor_follows_a_finding_and_acknowledges_another(site, editor_cookie, phone):
    plan, cookie = editor_cookie
    page, check_accessible = phone
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])

    page.goto(f"{site}/plans/{plan.pk}/")
    summary = page.get_by_role("region", name="Self-check against the toolkit")
    expect(summary).to_contain_text("10 findings to look at:")
    summary.get_by_role("link", name="The initiative is a one-off event").click()

    finding = page.locator("#finding-one-off-event")
    expect(finding).to_contain_text("Limit efforts to one-off events")  # the toolkit's DON'T
    check_accessible()

    finding.get_by_role("link", name="This is a one-off event").click()
    expect(page).to_have_url(f"{site}/plans/{plan.pk}/steps/4/#id_one_off")
    expect(page.locator("#id_one_off")).to_be_in_viewport()

    page.goto(f"{site}/plans/{plan.pk}/check/")
    level = page.locator("#finding-one-level-only")
    level.get_by_text("Keep the plan as it is, and say why").click()
    level.get_by_label("Why the plan stays as it is").fill("Our partner works with the families.")
    level.get_by_role("button", name="Acknowledge").click()

    expect(flash(page)).to_contain_text("The finding is acknowledged")
    kept = page.get_by_role("region", name="Acknowledged with a reason")
    expect(kept).to_contain_text("Our partner works with the families.")
    expect(kept).to_contain_text("Acknowledged by dana")
    expect(page.get_by_role("region", name="History of acknowledgements")).to_contain_text(
        "acknowledged the finding"
    )
    check_accessible()


def test_a_refused_reason_is_shown_beside_its_finding(
    site, editor_cookie, no_script_phone, axe_without_script
):
    plan, cookie = editor_cookie
    page = no_script_phone
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    page.goto(f"{site}/plans/{plan.pk}/check/")
    level = page.locator("#finding-one-level-only")
    level.get_by_text("Keep the plan as it is, and say why").click()
    # Blank but for spaces: the browser sends it, the server refuses it.
    field(level, "Why the plan stays as it is").fill("   ")
    level.get_by_role("button", name="Acknowledge").click()
    reason = page.locator("#reason-one-level-only")
    expect(reason).to_be_visible()
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#reason-one-level-only-error")).to_contain_text("Say why the plan keeps")
    axe_without_script(page)
