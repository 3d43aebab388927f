"""What the browser tests share: the phone's size, the waits, and helpers that act as a person
would (sign up, create a network, start a plan) on a Playwright page."""

import re

from playwright.sync_api import expect

PHONE = {"width": 375, "height": 740}
PASSWORD = "kettle-mountain-river-42"
WAIT_MS = 10_000


def field(page, label):
    """The form field labelled `label`; crispy forms add "*" to required fields' labels."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def accessible(page, axe_check):
    violations = axe_check(page)
    assert violations == [], f"axe violations on {page.url}: {violations}"


def flash(page):
    """The messages shown at the top of the page (Django's messages framework)."""
    return page.locator("main .messages")


def open_menu(page):
    """Opens the header's menu where it is folded away (a phone's screen); on a wide screen it
    shows open already."""
    summary = page.locator("details.site-menu > summary")
    if summary.is_visible() and page.locator("details.site-menu[open]").count() == 0:
        summary.click()


def sign_up(page, site, username, axe_check=None):
    page.goto(site + "/")
    open_menu(page)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    if axe_check:
        accessible(page, axe_check)
    field(page, "Username").fill(username)
    field(page, "E-mail address").fill(f"{username}@example.org")
    page.get_by_role("button", name="Create my account").click()
    finish_sign_up(page, site, username, axe_check)
    expect(flash(page)).to_contain_text(f"Welcome, {username}! Your account is ready.")
    expect(page).to_have_url(f"{site}/plans/")


def finish_sign_up(page, site, username, axe_check=None):
    """Sign-up sends a link by e-mail (no page tells whether a name is taken): follow it from
    the outbox the live server shares with the tests, then choose the password."""
    from django.core import mail

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    sent = [m for m in mail.outbox if m.to == [f"{username}@example.org"]]
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", sent[-1].body).group(1)
    page.goto(site + link)
    if axe_check:
        accessible(page, axe_check)
    field(page, "Password").fill(PASSWORD)
    field(page, "Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


def create_network(page, name, axe_check=None):
    open_menu(page)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My networks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My networks")
    if axe_check:
        accessible(page, axe_check)
    page.get_by_role("link", name="Create a network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a network")
    if axe_check:
        accessible(page, axe_check)
    field(page, "Name").fill(name)
    field(page, "Description").fill("Young men in Osh who talk about care work.")
    page.get_by_role("button", name="Create the network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(flash(page)).to_contain_text(f"Network “{name}” created")


def start_plan(page, site, title, axe_check=None):
    """From the planner's start page to step 1 of a new plan; returns the plan's id."""
    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Planner").click()
    expect(page).to_have_url(f"{site}/plans/")
    if axe_check:
        accessible(page, axe_check)
    page.get_by_role("link", name="Start a plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a plan")
    if axe_check:
        accessible(page, axe_check)
    field(page, "Title").fill(title)
    field(page, "Summary").fill("Fathers' evenings at the youth centre.")
    page.get_by_role("button", name="Start the plan").click()
    page.wait_for_url(re.compile(r"/plans/[0-9a-f-]{36}/steps/1/$"))
    expect(flash(page)).to_contain_text("Your plan is started.")
    return re.search(r"/plans/([0-9a-f-]{36})/", page.url).group(1)
