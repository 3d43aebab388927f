import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import InitiativePlan, Network, PlanPart, ShareLink
from tests.annexes.factories import make_topics
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def login(client, user):
    if user is not None:
        client.force_login(user)


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def query_count(client, url):
    # Asked once first: a process's first page builds the menu it keeps (7684a94).
    client.get(url)
    caches["plan_pages"].clear()  # the page rendered, not served kept (kept_pages.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_plans(owner, network, count, prefix):
    for n in range(count):
        plan = InitiativePlan.objects.create(owner=owner, network=network, title=f"{prefix} {n}")
        PlanPart.objects.create(plan=plan, kind="research", data={"age": "18"})
        PlanPart.objects.create(plan=plan, kind="funding", data={})


@pytest.fixture
def example():
    plan = InitiativePlan.objects.create(
        title="Example plan: dialogue groups", is_example=True, status="ready"
    )
    PlanPart.objects.create(plan=plan, kind="research", data={"age": "18 to 30"})
    return plan


# --- plan_list ------------------------------------------------------------------------------


def test_the_start_page_tells_visitors_what_the_planner_is_and_shows_the_example(
    client, example, plan
):
    response = client.get("/plans/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Turn the toolkit" in html
    assert example.title in html and f'href="/plans/{example.pk}/"' in html
    assert 'href="/accounts/login/?next=/plans/"' in html and 'href="/accounts/signup/"' in html
    assert plan.title not in html and "My plans" not in html
    assert "1 of 6 parts written" in html


@pytest.mark.parametrize(
    "role, mine, theirs",
    [
        ("outsider", [], []),
        ("viewer", [], ["Fathers' football evenings"]),
        ("editor", [], ["Fathers' football evenings"]),
        ("organiser", [], ["Fathers' football evenings"]),
        ("owner", ["Fathers' football evenings", "Private draft"], []),
        ("staff", [], []),  # staff status gives no planner rights
    ],
)
def test_it_lists_my_plans_and_my_networks_plans(
    client, cast, plan, private_plan, example, role, mine, theirs
):
    client.force_login(cast[role])
    response = client.get("/plans/")
    assert response.status_code == 200
    assert sorted(p.title for p in response.context["my_plans"]) == sorted(mine)
    assert [p.title for p in response.context["network_plans"]] == theirs
    html = response.content.decode()
    assert "My plans" in html and "My networks' plans" in html
    assert 'href="/plans/new/"' in html
    assert example.title in html


def test_a_network_plan_shows_its_owner_network_status_and_progress(client, viewer, plan):
    client.force_login(viewer)
    html = client.get("/plans/").content.decode()
    assert "Youth Network" in html and "owner" in html and "Draft" in html
    assert "1 of 6 parts written" in html


def test_the_list_runs_the_same_number_of_queries_for_1_and_10_plans(
    client, owner, organiser, network
):
    client.force_login(owner)
    make_plans(owner, network, 1, "Mine")
    make_plans(organiser, network, 1, "Theirs")
    few = query_count(client, "/plans/")
    make_plans(owner, network, 9, "More of mine")
    make_plans(organiser, network, 9, "More of theirs")
    assert query_count(client, "/plans/") == few


def test_the_list_refuses_other_methods(client, owner):
    client.force_login(owner)
    assert client.post("/plans/").status_code == 405


# --- plan_create ----------------------------------------------------------------------------


def test_starting_a_plan_needs_an_account(client):
    assert_sent_to_login(client.get("/plans/new/"))
    assert_sent_to_login(client.post("/plans/new/", {"title": "Mine"}))
    assert not InitiativePlan.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "viewer", "editor", "organiser", "owner", "staff"])
def test_anyone_logged_in_can_start_a_plan_of_their_own(client, cast, role):
    user = cast[role]
    client.force_login(user)
    assert client.get("/plans/new/").status_code == 200
    response = client.post(
        "/plans/new/",
        {"title": "Football and fathers", "summary": "Evenings", "status": "draft", "tags": "a, b"},
    )
    plan = InitiativePlan.objects.get(title="Football and fathers")
    assert plan.owner == user and plan.network is None and not plan.is_example
    assert sorted(plan.tags.names()) == ["a", "b"]
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/steps/1/"


def test_a_topic_from_annex_2_starts_the_plan_at_step_3(client, outsider):
    topic = make_topics(per_area=1, areas=1)[0]
    client.force_login(outsider)
    page = client.get(f"/plans/new/?topic={topic.slug}").content.decode()
    assert f'<input type="hidden" name="topic" value="{topic.slug}">' in page
    assert topic.title in page
    response = client.post(
        "/plans/new/", {"title": "About leave", "status": "draft", "topic": topic.slug}
    )
    plan = InitiativePlan.objects.get(title="About leave")
    assert response["Location"] == f"/plans/{plan.pk}/steps/3/"
    part = plan.parts.get(kind="entry_points")
    assert part.data == {"topics": [topic.slug]}
    assert part.version == 1 and part.updated_by == outsider


def test_an_unknown_topic_is_ignored(client, outsider):
    client.force_login(outsider)
    page = client.get("/plans/new/?topic=no-such-topic").content.decode()
    assert 'name="topic"' not in page
    response = client.post(
        "/plans/new/", {"title": "Plain", "status": "draft", "topic": "no-such-topic"}
    )
    plan = InitiativePlan.objects.get(title="Plain")
    assert response["Location"] == f"/plans/{plan.pk}/steps/1/"
    assert not plan.parts.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"title": "", "status": "draft"}, "title"),
        ({"title": "x" * 201, "status": "draft"}, "title"),
        ({"title": "Fine", "status": "finished-maybe"}, "status"),
        ({"title": "Fine", "status": "draft", "summary": "y" * 2001}, "summary"),
    ],
)
def test_bad_input_gives_a_form_error_and_no_plan(client, outsider, data, field):
    client.force_login(outsider)
    response = client.post("/plans/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "invalid-feedback" in response.content.decode()
    assert not InitiativePlan.objects.exists()


def test_creating_refuses_other_methods(client, outsider):
    client.force_login(outsider)
    assert client.put("/plans/new/").status_code == 405


# --- plan_detail and plan_print -------------------------------------------------------------


@pytest.mark.parametrize("page", ["", "print/"])
@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 200),
        ("editor", 200),
        ("organiser", 200),
        ("owner", 200),
        ("staff", 404),
    ],
)
def test_readers_see_the_whole_plan(client, cast, plan, page, role, status):
    login(client, cast[role])
    response = client.get(f"/plans/{plan.pk}/{page}")
    assert response.status_code == status
    if status == 302:
        assert_sent_to_login(response)
    if status == 200:
        html = response.content.decode()
        assert "Fathers&#x27; football evenings" in html and "A season." in html
        assert "Shift work" in html and "18-25" in html
        assert "Step 1: Research target groups" in html and "Planning for challenges" in html


@pytest.mark.parametrize("page", ["", "print/"])
@pytest.mark.parametrize("role", ["viewer", "editor", "organiser"])
def test_a_private_plan_is_not_found_by_network_members(client, cast, private_plan, page, role):
    client.force_login(cast[role])
    assert client.get(f"/plans/{private_plan.pk}/{page}").status_code == 404


def test_an_unknown_plan_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get("/plans/00000000-0000-4000-8000-000000000000/").status_code == 404


@pytest.mark.parametrize(
    "role, edit, manage",
    [
        ("viewer", False, False),
        ("editor", True, False),
        ("organiser", True, False),
        ("owner", True, True),
    ],
)
def test_the_overview_offers_only_what_the_reader_may_do(client, cast, plan, role, edit, manage):
    client.force_login(cast[role])
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    base = f"/plans/{plan.pk}/"
    assert (f'href="{base}edit/"' in html) is edit
    assert (f'href="{base}steps/1/"' in html) is edit
    assert (f'href="{base}challenges/"' in html) is edit
    assert (f'href="{base}sharing/"' in html) is manage
    assert (f'href="{base}delete/"' in html) is manage
    for always in ["print/", "export.md", "export.json"]:
        assert f'href="{base}{always}"' in html
    assert f'action="{base}duplicate/"' in html
    if not edit:
        assert 'href="#part-research"' in html  # readers' step links go to the part below


def test_the_overview_shows_progress_and_sharing(client, owner, plan):
    ShareLink.objects.create(plan=plan, created_by=owner)
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "1 of 6 parts written" in html
    assert html.count("still empty") == 5
    assert "Shared with the network Youth Network" in html
    assert "1 read-only link works." in html


def test_the_overview_shows_every_filled_part(client, owner, plan):
    fill_plan(plan_without_parts(plan))
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "still empty" not in html
    for text in [
        "Research where: after football<br>Research when: evenings",
        "Stakeholder women&#x27;s rights organisation",
        "Topic 0-0",
        "Dialogue group",
        "Individual",
        "Budget tea and snacks",
        "A lack of knowledge",
        "Referral psychosocial support centre",  # members see the referrals
    ]:
        assert text in html


def test_the_overview_runs_a_fixed_number_of_queries(client, owner, plan):
    client.force_login(owner)
    # Each count is of a second view: the first fills what pages keep (the menu, the parts
    # rendered, planner/rendering.py), which the new parts' first view renders afresh.
    query_count(client, f"/plans/{plan.pk}/")
    few = query_count(client, f"/plans/{plan.pk}/")
    fill_plan(plan_without_parts(plan))
    plan.tags.add("one", "two", "three")
    for _n in range(5):
        ShareLink.objects.create(plan=plan, created_by=owner)
    query_count(client, f"/plans/{plan.pk}/")
    assert query_count(client, f"/plans/{plan.pk}/") == few


def test_the_example_plan_is_marked_and_readable_by_anyone(client, example, outsider):
    response = client.get(f"/plans/{example.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is an example plan." in html
    assert "Log in to start from this example" in html
    assert "18 to 30" in html
    client.force_login(outsider)
    html = client.get(f"/plans/{example.pk}/").content.decode()
    assert "Start from this example" in html and f'href="/plans/{example.pk}/edit/"' not in html
    assert client.get(f"/plans/{example.pk}/print/").status_code == 200


@pytest.mark.parametrize("page", ["", "print/"])
def test_user_text_is_escaped(client, owner, page):
    plan = InitiativePlan.objects.create(owner=owner, title=SCRIPT, summary=f"Sum {SCRIPT}")
    PlanPart.objects.create(plan=plan, kind="research", data={"barriers": SCRIPT})
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/{page}").content.decode()
    assert SCRIPT not in html
    assert html.count(ESCAPED) >= 3


@pytest.mark.parametrize("page", ["", "print/"])
def test_reading_pages_refuse_other_methods(client, owner, plan, page):
    client.force_login(owner)
    assert client.post(f"/plans/{plan.pk}/{page}").status_code == 405


def test_the_print_page_has_no_actions_but_a_way_back(client, owner, plan):
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/print/").content.decode()
    assert f'href="/plans/{plan.pk}/"' in html
    assert "edit/" not in html and "delete/" not in html
    assert "Owner" in html and "Youth Network" in html


# --- plan_edit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
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
def test_editors_change_the_details(client, cast, plan, role, status):
    login(client, cast[role])
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == status
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {
            "title": "Renamed",
            "summary": "New",
            "status": "in_progress",
            "tags": "sports",
            "version": plan.details_version,
        },
    )
    plan.refresh_from_db()
    if status == 200:
        assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
        assert (plan.title, plan.summary, plan.status) == ("Renamed", "New", "in_progress")
        assert list(plan.tags.names()) == ["sports"]
        assert plan.owner.username == "owner"  # editing does not change hands
    else:
        assert response.status_code == status
        assert plan.title == "Fathers' football evenings"


def test_editing_shows_form_errors(client, owner, plan):
    client.force_login(owner)
    response = client.post(
        f"/plans/{plan.pk}/edit/", {"title": "", "status": "nope", "version": "0"}
    )
    assert response.status_code == 200
    assert {"title", "status"} <= set(response.context["form"].errors)
    plan.refresh_from_db()
    assert plan.title == "Fathers' football evenings"


def test_editing_refuses_other_methods(client, owner, plan):
    client.force_login(owner)
    assert client.put(f"/plans/{plan.pk}/edit/").status_code == 405


# --- plan_delete ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 403),
        ("editor", 403),
        ("organiser", 403),
        ("owner", 200),
        ("staff", 404),
    ],
)
def test_only_the_owner_deletes(client, cast, plan, role, status):
    login(client, cast[role])
    page = client.get(f"/plans/{plan.pk}/delete/")
    assert page.status_code == status
    if status == 200:
        assert "Delete this plan?" in page.content.decode()
        assert InitiativePlan.objects.filter(pk=plan.pk).exists()  # GET deletes nothing
    response = client.post(f"/plans/{plan.pk}/delete/")
    if status == 200:
        assert response.status_code == 302 and response["Location"] == "/plans/"
        assert not InitiativePlan.objects.filter(pk=plan.pk).exists()
        assert not PlanPart.objects.filter(plan_id=plan.pk).exists()
    else:
        assert response.status_code == status
        assert InitiativePlan.objects.filter(pk=plan.pk).exists()


def test_deleting_refuses_other_methods(client, owner, plan):
    client.force_login(owner)
    assert client.put(f"/plans/{plan.pk}/delete/").status_code == 405
    assert InitiativePlan.objects.filter(pk=plan.pk).exists()


# --- plan_duplicate -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 302),
        ("editor", 302),
        ("organiser", 302),
        ("owner", 302),
        ("staff", 404),
    ],
)
def test_readers_duplicate_a_plan_into_their_own(client, cast, plan, role, status):
    plan.tags.add("sports")
    login(client, cast[role])
    response = client.post(f"/plans/{plan.pk}/duplicate/")
    assert response.status_code == status
    copies = InitiativePlan.objects.exclude(pk=plan.pk)
    if role in ("anonymous", "outsider", "staff"):
        if role == "anonymous":
            assert_sent_to_login(response)
        assert not copies.exists()
        return
    copy = copies.get()
    assert response["Location"] == f"/plans/{copy.pk}/"
    assert copy.owner == cast[role] and copy.network is None
    assert copy.title == "Copy of Fathers' football evenings"
    assert list(copy.tags.names()) == ["sports"]
    assert copy.parts.get(kind="research").data == {"age": "18-25", "barriers": "Shift work"}
    plan.refresh_from_db()
    assert plan.owner.username == "owner" and plan.title == "Fathers' football evenings"
    assert plan.parts.count() == 1


def test_anyone_logged_in_starts_from_the_example(client, outsider, example):
    client.force_login(outsider)
    response = client.post(f"/plans/{example.pk}/duplicate/")
    copy = InitiativePlan.objects.get(owner=outsider)
    assert response["Location"] == f"/plans/{copy.pk}/"
    assert not copy.is_example and copy.parts.get(kind="research").data == {"age": "18 to 30"}
    assert InitiativePlan.objects.examples().get() == example


def test_duplicating_refuses_other_methods(client, owner, plan):
    client.force_login(owner)
    assert client.get(f"/plans/{plan.pk}/duplicate/").status_code == 405
    assert InitiativePlan.objects.count() == 1


def test_a_network_with_no_plans_changes_nothing(client, owner):
    # Guard against listing every network's plans when a user has networks but no plans.
    Network.create("Empty", "", owner)
    client.force_login(owner)
    response = client.get("/plans/")
    assert list(response.context["my_plans"]) == []
    assert list(response.context["network_plans"]) == []
