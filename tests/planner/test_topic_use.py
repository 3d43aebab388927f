"""/plans/use-topic/<slug>/: "Use in a plan" on an Annex 2 topic's page lists the plans the
reader may edit, each with a button that adds the topic to its step 3, and offers a new plan
with the topic. Staff status gives no planner rights."""

from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner import services
from planner.models import InitiativePlan, PlanPart, StaleEditError
from planner.services import TopicAddOutcome
from tests.annexes.factories import make_topics

pytestmark = pytest.mark.django_db

ADD = "Add to this plan"


@pytest.fixture
def topics(db):
    return make_topics(per_area=2, areas=1)


@pytest.fixture
def topic(topics):
    return topics[1]


def use_url(topic):
    return f"/plans/use-topic/{topic.slug}/"


def step_three(plan):
    return f"/plans/{plan.pk}/steps/3/"


def login(client, user):
    if user is not None:
        client.force_login(user)


def chosen(plan):
    part = plan.parts.filter(kind=PlanPart.Kind.ENTRY_POINTS).first()
    return part.data.get("topics") if part else None


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Who sees which plans ---------------------------------------------------------------------


def test_anonymous_readers_are_asked_to_log_in_and_come_back(client, topic):
    response = client.get(use_url(topic))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(use_url(topic))}"


@pytest.mark.parametrize(
    "role, listed",
    [
        ("outsider", False),
        ("viewer", False),
        ("editor", True),
        ("organiser", True),
        ("owner", True),
        ("staff", False),
    ],
)
def test_it_lists_the_plans_the_reader_may_edit(client, cast, plan, topic, role, listed):
    login(client, cast[role])
    response = client.get(use_url(topic))
    assert response.status_code == 200
    html = response.content.decode()
    assert (plan.title.replace("'", "&#x27;") in html) is listed
    assert (f'value="{plan.pk}"' in html) is listed
    assert (ADD in html) is listed
    # Always: a new plan with the topic, the way the topic page used to offer alone.
    assert f'href="/plans/new/?topic={topic.slug}"' in html


def test_it_lists_own_plans_but_not_examples_nor_other_networks_plans(
    client, owner, outsider, topic
):
    InitiativePlan.objects.create(owner=outsider, title="Somebody else's plan")
    InitiativePlan.objects.create(owner=owner, title="Example plan", is_example=True)
    InitiativePlan.objects.create(owner=owner, title="My own private plan")
    client.force_login(owner)
    html = client.get(use_url(topic)).content.decode()
    assert "My own private plan" in html
    assert "Somebody else" not in html and "Example plan" not in html


def test_a_plan_holding_the_topic_already_says_so_instead_of_a_button(client, owner, plan, topic):
    part = plan.part(PlanPart.Kind.ENTRY_POINTS)
    part.save_edit({"topics": [topic.slug]}, part.version, owner)
    client.force_login(owner)
    html = client.get(use_url(topic)).content.decode()
    assert ADD not in html
    assert "Its step 3 has this topic already." in html
    assert f'href="{step_three(plan)}"' in html


def test_a_reader_without_plans_is_offered_a_new_one(client, outsider, topic):
    client.force_login(outsider)
    html = client.get(use_url(topic)).content.decode()
    assert "You cannot edit any plan yet." in html
    assert f'href="/plans/new/?topic={topic.slug}"' in html


def test_the_page_reads_a_fixed_number_of_queries(client, owner, network, topic):
    client.force_login(owner)
    InitiativePlan.objects.create(owner=owner, network=network, title="One")
    client.get(use_url(topic))
    with CaptureQueriesContext(connection) as few:
        client.get(use_url(topic))
    for n in range(5):
        plan = InitiativePlan.objects.create(owner=owner, network=network, title=f"More {n}")
        plan.part(PlanPart.Kind.ENTRY_POINTS)
    with CaptureQueriesContext(connection) as many:
        client.get(use_url(topic))
    assert len(many) == len(few)


def test_an_unknown_topic_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get("/plans/use-topic/no-such-topic/").status_code == 404


# --- Adding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
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
def test_editors_add_the_topic_to_step_three(client, cast, plan, topic, role, status):
    login(client, cast[role])
    response = client.post(use_url(topic), {"plan": str(plan.pk)})
    assert response.status_code == status
    if status != 302 or role == "anonymous":
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/?next=")
        assert chosen(plan) is None
        return
    assert response["Location"] == step_three(plan)
    assert chosen(plan) == [topic.slug]
    part = plan.parts.get(kind=PlanPart.Kind.ENTRY_POINTS)
    assert part.updated_by == cast[role] and part.version == 1
    assert flashed(response) == [
        f"The topic “{topic.title}” is added to the plan's topics and entry points."
    ]


def test_adding_keeps_what_step_three_holds(client, owner, plan, topics):
    part = plan.part(PlanPart.Kind.ENTRY_POINTS)
    part.save_edit({"topics": [topics[0].slug], "shared_values": "Fairness"}, 0, owner)
    client.force_login(owner)
    client.post(use_url(topics[1]), {"plan": str(plan.pk)})
    part.refresh_from_db()
    assert part.data == {"topics": [topics[0].slug, topics[1].slug], "shared_values": "Fairness"}
    assert part.version == 2


def test_adding_a_topic_already_there_changes_nothing(client, owner, plan, topic):
    part = plan.part(PlanPart.Kind.ENTRY_POINTS)
    part.save_edit({"topics": [topic.slug]}, 0, owner)
    client.force_login(owner)
    response = client.post(use_url(topic), {"plan": str(plan.pk)})
    assert response["Location"] == step_three(plan)
    part.refresh_from_db()
    assert part.data == {"topics": [topic.slug]} and part.version == 1
    assert flashed(response) == [f"The topic “{topic.title}” was already among this plan's topics."]


@pytest.mark.parametrize("plan_id", ["", "not-a-uuid", "6f96baf6-c536-4461-a378-f4a7fc68f0d5"])
def test_a_missing_or_unknown_plan_is_not_found(client, owner, topic, plan_id):
    client.force_login(owner)
    assert client.post(use_url(topic), {"plan": plan_id}).status_code == 404


def test_an_example_plan_is_never_changed(client, owner, topic):
    example = InitiativePlan.objects.create(owner=owner, title="Example", is_example=True)
    client.force_login(owner)
    assert client.post(use_url(topic), {"plan": str(example.pk)}).status_code == 403
    assert not example.parts.exists()


def test_other_methods_are_refused(client, owner, topic):
    client.force_login(owner)
    assert client.put(use_url(topic)).status_code == 405
    assert client.delete(use_url(topic)).status_code == 405


def test_the_topic_page_leads_to_the_new_page(client, topic):
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f'href="{use_url(topic)}"' in html
    assert "/plans/new/?topic=" not in html


# --- The service ----------------------------------------------------------------------------


def test_it_tries_again_once_when_someone_saved_meanwhile(owner, plan, topic, monkeypatch):
    real_save_edit = PlanPart.save_edit
    calls = []

    def stale_once(part, data, expected_version, user, **kwargs):
        calls.append(data)
        if len(calls) == 1:
            raise StaleEditError("stale")
        return real_save_edit(part, data, expected_version, user, **kwargs)

    monkeypatch.setattr(PlanPart, "save_edit", stale_once)
    outcome = services.add_topic_to_plan(plan=plan, topic=topic, user=owner)
    assert outcome.status == TopicAddOutcome.ADDED
    assert len(calls) == 2
    assert chosen(plan) == [topic.slug]


def test_it_gives_up_after_a_second_stale_save(owner, plan, topic, monkeypatch):
    def always_stale(*args, **kwargs):
        raise StaleEditError("stale")

    monkeypatch.setattr(PlanPart, "save_edit", always_stale)
    outcome = services.add_topic_to_plan(plan=plan, topic=topic, user=owner)
    assert outcome.status == TopicAddOutcome.REFUSED
    assert "Please try again" in outcome.error


def test_it_refuses_a_deleted_plan_and_those_who_may_not_edit(owner, viewer, plan, topic):
    refused = services.add_topic_to_plan(plan=plan, topic=topic, user=viewer)
    assert refused.status == TopicAddOutcome.REFUSED and refused.error
    InitiativePlan.objects.filter(pk=plan.pk).delete()
    gone = services.add_topic_to_plan(plan=plan, topic=topic, user=owner)
    assert gone.status == TopicAddOutcome.REFUSED and "deleted" in gone.error


def test_a_refusal_is_told_on_the_topics_page(client, owner, plan, topic, monkeypatch):
    def always_stale(*args, **kwargs):
        raise StaleEditError("stale")

    monkeypatch.setattr(PlanPart, "save_edit", always_stale)
    client.force_login(owner)
    response = client.post(use_url(topic), {"plan": str(plan.pk)})
    assert response["Location"] == use_url(topic)
    assert "Please try again" in flashed(response)[0]
