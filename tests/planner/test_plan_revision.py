"""InitiativePlan.revision: every write to what a plan's overview and step pages show moves the
plan's revision on in the database, since those pages are kept rendered per revision
(planner/kept_pages.py). A write that forgot would leave a stale page showing.

Each case arranges what its write needs (before the revision is read), then writes once, through
the service or model method the site (or the admin) uses; only that write can move the revision
on, so a case fails if its bump is removed. Writes to another plan leave this plan's revision."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from planner import services
from planner.models import (
    CheckAcknowledgement,
    InitiativePlan,
    LoggedActivity,
    Membership,
    Network,
    PlanInspection,
    PlanPart,
    Reflection,
    Review,
    ReviewComment,
    ReviewReply,
    ReviewRequest,
    ShareLink,
)
from planner.walkthrough import STEPS_BY_KIND
from tests.annexes.factories import make_topics

pytestmark = pytest.mark.django_db

Kind = PlanPart.Kind
Status = InitiativePlan.Status
RESEARCH = STEPS_BY_KIND[Kind.RESEARCH]


def revision_of(plan):
    return InitiativePlan.objects.values_list("revision", flat=True).get(pk=plan.pk)


def details_version_of(plan):
    return InitiativePlan.objects.values_list("details_version", flat=True).get(pk=plan.pk)


def research_post(version, **fields):
    data = QueryDict(mutable=True)
    data.update({"version": str(version), **fields})
    return data


ACTIVITY = {
    "held_on": date(2026, 3, 14),
    "kind": LoggedActivity.Kind.SPORTS,
    "place": "Osh stadium",
    "participants_18_24": 9,
    "what_worked": "Football first, talk after",
}


@dataclass
class World:
    """The cast's plan, in progress, with one of everything its pages show."""

    plan: InitiativePlan
    owner: object
    editor: object
    organiser: object
    staff: object
    network: Network
    other_network: Network
    topic: object
    share_link: ShareLink
    open_request: ReviewRequest
    review: Review
    comment: ReviewComment
    activity: LoggedActivity
    reflection: Reflection
    acknowledgement: CheckAcknowledgement

    def part(self, kind):
        return PlanPart.objects.get(plan=self.plan, kind=kind)

    def membership(self, user):
        return Membership.objects.get(network=self.network, user=user)


@pytest.fixture
def world(plan, owner, editor, organiser, staff, network):
    InitiativePlan.objects.filter(pk=plan.pk).update(status=Status.IN_PROGRESS)
    plan.refresh_from_db()
    plan.tags.add("football")
    research = plan.parts.get(kind=Kind.RESEARCH)
    research.save_edit({**research.data, "age": "30-40"}, research.version, editor)
    PlanPart.objects.create(plan=plan, kind=Kind.ENTRY_POINTS, data={})
    PlanPart.objects.create(plan=plan, kind=Kind.STRATEGY, data={"one_off": True})
    other_network = Network.objects.create(name="Fathers' Network", slug="fathers-network")
    other_network.add_member(owner, Membership.Role.ORGANISER)

    submitted_request = ReviewRequest.create_for(plan, "Centre", "c@example.org", owner, 30)
    review = submitted_request.save_review(
        "concerns",
        "Involve women.",
        [{"kind": Kind.STRATEGY, "field_name": "objectives", "text": "Name a change."}],
        submit=True,
    )
    comment = review.comments.get()
    ReviewReply.objects.create(comment=comment, author=editor, text="We will.")
    return World(
        plan=plan,
        owner=owner,
        editor=editor,
        organiser=organiser,
        staff=staff,
        network=network,
        other_network=other_network,
        topic=make_topics(per_area=1, areas=1)[0],
        share_link=ShareLink.create_for(plan, owner),
        open_request=ReviewRequest.create_for(plan, "Union", "u@example.org", owner, 30),
        review=review,
        comment=comment,
        activity=LoggedActivity.log(plan, ACTIVITY, editor),
        reflection=Reflection.write(plan, date(2026, 3, 20), {}, "Start earlier", editor),
        acknowledgement=CheckAcknowledgement.objects.create(
            plan=plan, rule="one-way-methods", reason="A pilot.", acknowledged_by=editor
        ),
    )


def succeeded(result):
    """Whether a write's outcome says it was done (None or a created row: done)."""
    if hasattr(result, "done"):
        return result.done
    if hasattr(result, "status"):
        return result.status in {"saved", "submitted", "restored", "added"}
    return result is not False


def case(name, act, arrange=None):
    return pytest.param(arrange, act, id=name)


def submit_review(w, submit):
    return services.submit_review(
        review_request=w.open_request,
        assessment="on_track",
        overall="Good.",
        comments=[{"kind": Kind.RESEARCH, "field_name": "", "text": "Ask fathers."}],
        submit=submit,
        absolute_uri=lambda path: f"http://testserver{path}",
    )


def restore_first_research_version(w, field_name=""):
    first = w.part(Kind.RESEARCH).history.order_by("history_id").first()
    return services.restore_part(
        plan=w.plan,
        spec=RESEARCH,
        history_id=first.history_id,
        user=w.editor,
        field_name=field_name,
    )


def archive(w):
    services.set_plan_apart(plan=w.plan, by=w.owner)


def back_to_draft(w):
    InitiativePlan.objects.filter(pk=w.plan.pk).update(status=Status.DRAFT)


def without_share_links(w):
    """A link its creator made goes with their account, which counts anyway: without one, the
    account's deletion must count by itself."""
    w.plan.share_links.all().delete()


def rename(network):
    """As the admin saves a corrected name."""
    network.name = "Young Fathers"
    network.save()


CASES = [
    # planner/services.py
    case(
        "save_plan_details",
        lambda w: services.save_plan_details(
            plan=w.plan,
            details={"title": "Fathers' talks", "summary": "Two seasons.", "tags": ["football"]},
            version=details_version_of(w.plan),
        ),
    ),
    case("share_plan: private", lambda w: services.share_plan(plan=w.plan, network=None)),
    case(
        "share_plan: another network",
        lambda w: services.share_plan(plan=w.plan, network=w.other_network),
    ),
    case(
        "share_plan: from private",
        lambda w: services.share_plan(plan=w.plan, network=w.network),
        arrange=lambda w: services.share_plan(plan=w.plan, network=None),
    ),
    case("set_plan_apart", lambda w: services.set_plan_apart(plan=w.plan, by=w.owner)),
    case(
        "set_plan_apart: back",
        lambda w: services.set_plan_apart(plan=w.plan, by=w.owner, apart=False),
        arrange=archive,
    ),
    case(
        "create_share_link",
        lambda w: services.create_share_link(plan=w.plan, by=w.owner, expires_in_days=7),
    ),
    case("share link revoked", lambda w: w.share_link.revoke()),
    case(
        "save_step",
        lambda w: services.save_step(
            plan=w.plan,
            spec=RESEARCH,
            data=research_post(w.part(Kind.RESEARCH).version, age="16-20"),
            user=w.editor,
        ),
    ),
    case("restore_part", lambda w: restore_first_research_version(w)),
    case("restore_part: one field", lambda w: restore_first_research_version(w, "age")),
    case(
        "add_topic_to_plan",
        lambda w: services.add_topic_to_plan(plan=w.plan, topic=w.topic, user=w.owner),
    ),
    case(
        "acknowledge_finding",
        lambda w: services.acknowledge_finding(
            plan=w.plan, rule_key="one-off-event", reason="A pilot first.", by=w.editor
        ),
    ),
    case(
        "withdraw_acknowledgement",
        lambda w: services.withdraw_acknowledgement(
            plan=w.plan, acknowledgement_id=w.acknowledgement.pk, by=w.owner
        ),
    ),
    case(
        "request_review",
        lambda w: services.request_review(
            plan=w.plan, by=w.owner, organisation="Crisis centre", email="", expires_in_days=30
        ),
    ),
    case("submit_review: draft", lambda w: submit_review(w, submit=False)),
    case("submit_review", lambda w: submit_review(w, submit=True)),
    case(
        "reply_to_comment",
        lambda w: services.reply_to_comment(comment=w.comment, by=w.owner, text="Done."),
    ),
    case(
        "resolve_comment",
        lambda w: services.resolve_comment(comment=w.comment, by=w.editor, note="Added one."),
    ),
    case(
        "revoke_review_link",
        lambda w: services.revoke_review_link(review_request=w.open_request),
    ),
    case(
        "revoke_review_link: of the submitted review",
        lambda w: services.revoke_review_link(review_request=w.review.request),
    ),
    case(
        "start_logging",
        lambda w: services.start_logging(plan=w.plan, version=details_version_of(w.plan)),
        arrange=back_to_draft,
    ),
    case(
        "log_activity",
        lambda w: services.log_activity(plan=w.plan, values=ACTIVITY, by=w.owner),
    ),
    case(
        "edit_activity",
        lambda w: services.edit_activity(
            activity=w.activity, values={"place": "Bishkek"}, version=w.activity.version
        ),
    ),
    case("delete_activity", lambda w: services.delete_activity(activity=w.activity)),
    case(
        "write_reflection",
        lambda w: services.write_reflection(
            plan=w.plan, written_on=date(2026, 4, 1), answers={}, notes="More", by=w.owner
        ),
    ),
    case("delete_reflection", lambda w: services.delete_reflection(reflection=w.reflection)),
    case(
        "remove_member: the owner leaves",
        lambda w: services.remove_member(network=w.network, member=w.membership(w.owner)),
    ),
    case(
        "remove_member: an organiser removes the owner",
        lambda w: services.remove_member(
            network=w.network, member=w.membership(w.owner), by=w.organiser
        ),
    ),
    case(
        "delete_account: the owner, the plan handed to an organiser",
        lambda w: services.delete_account(w.owner),
        arrange=without_share_links,
    ),
    case(
        "delete_account: who logged an activity and replied to a comment",
        lambda w: services.delete_account(w.editor),
    ),
    # Networks
    case("network renamed", lambda w: rename(Network.objects.get(pk=w.network.pk))),
    case("network deleted", lambda w: Network.objects.get(pk=w.network.pk).delete()),
    # Model-level writes (the admin's among them)
    case("tag added", lambda w: w.plan.tags.add("fathers")),
    case("tag removed", lambda w: w.plan.tags.remove("football")),
    case("tags set", lambda w: w.plan.tags.set(["fathers"])),
    case("tags cleared", lambda w: w.plan.tags.clear()),
    case(
        "PlanInspection recorded",
        lambda w: PlanInspection.record(w.plan, w.staff, "the plan's page in the admin"),
    ),
    case(
        "PlanPart created",
        lambda w: PlanPart.objects.create(plan=w.plan, kind=Kind.FUNDING, data={"x": "y"}),
    ),
    case("PlanPart saved", lambda w: w.part(Kind.RESEARCH).save()),
    case("PlanPart deleted", lambda w: w.part(Kind.RESEARCH).delete()),
    case(
        "PlanPart deleted as a query",
        lambda w: PlanPart.objects.filter(plan=w.plan, kind=Kind.RESEARCH).delete(),
    ),
    case("Review deleted (admin)", lambda w: Review.objects.get(pk=w.review.pk).delete()),
    case("InitiativePlan saved", lambda w: InitiativePlan.objects.get(pk=w.plan.pk).save()),
]


@pytest.mark.parametrize(("arrange", "act"), CASES)
def test_a_write_to_what_the_plan_pages_show_moves_the_revision_on(world, arrange, act):
    if arrange is not None:
        arrange(world)
    before = revision_of(world.plan)

    result = act(world)

    assert succeeded(result), result
    assert revision_of(world.plan) > before


@pytest.mark.parametrize("update_fields", [None, ["title"]])
def test_a_plan_saved_from_an_older_copy_never_takes_its_revision_back(world, update_fields):
    copy = InitiativePlan.objects.get(pk=world.plan.pk)
    services.create_share_link(plan=world.plan, by=world.owner, expires_in_days=None)
    bumped = revision_of(world.plan)
    assert bumped > copy.revision

    copy.title = "Saved from an old form"
    copy.save(update_fields=update_fields)

    assert revision_of(world.plan) > bumped
    assert copy.revision == revision_of(world.plan)  # read afresh, not the number it had


def test_writes_to_another_plan_leave_this_plans_revision(world, private_plan, owner, editor):
    other = private_plan
    before = revision_of(world.plan)
    other_before = revision_of(other)

    services.save_plan_details(
        plan=other, details={"title": "Other", "tags": ["football"]}, version=0
    )
    services.save_step(plan=other, spec=RESEARCH, data=research_post(0, age="16"), user=owner)
    other.tags.add("fathers")
    services.create_share_link(plan=other, by=owner, expires_in_days=None)
    review_request = ReviewRequest.create_for(other, "Centre", "", owner, 30)
    review = review_request.save_review(
        "concerns", "", [{"kind": Kind.RESEARCH, "field_name": "", "text": "Why?"}], submit=True
    )
    services.reply_to_comment(comment=review.comments.get(), by=owner, text="Because.")
    services.resolve_comment(comment=review.comments.get(), by=owner, note="Explained.")
    services.revoke_review_link(review_request=review_request)
    services.set_plan_apart(plan=other, by=owner)
    PlanInspection.record(other, world.staff, "the plan's page in the admin")

    assert revision_of(other) > other_before
    assert revision_of(world.plan) == before


@pytest.mark.parametrize("activities", [3, 30])
def test_an_account_deleted_counts_its_plans_once_not_once_per_row(make_user, activities):
    """Its private plans go with it, and every row of theirs: the plans it is named on are
    counted once, before (_account_deleted), not by each row's receiver."""
    leaving = make_user("leaving")
    plan = InitiativePlan.objects.create(owner=leaving, title="Mine")
    for kind in PlanPart.Kind.values:
        PlanPart.objects.create(plan=plan, kind=kind, updated_by=leaving)
    LoggedActivity.objects.bulk_create(
        LoggedActivity(plan=plan, held_on=date(2026, 1, 1), kind="training", created_by=leaving)
        for _ in range(activities)
    )
    Reflection.objects.bulk_create(
        Reflection(plan=plan, written_on=date(2026, 1, 1), author=leaving)
        for _ in range(activities)
    )
    with CaptureQueriesContext(connection) as queries:
        services.delete_account(leaving)
    sqls = [query["sql"] for query in queries.captured_queries]
    bumps = [sql for sql in sqls if sql.startswith("UPDATE") and '"revision"' in sql]
    assert len(bumps) == 1
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("comments", [3, 30])
def test_a_reviewers_draft_save_counts_its_plan_once_not_once_per_comment(world, comments):
    """A draft's comments are replaced on every save: the review's own save counts the change,
    the comments it deletes add no UPDATE each."""
    draft = [
        {"kind": Kind.RESEARCH, "field_name": "", "text": f"Comment {n}"} for n in range(comments)
    ]
    world.open_request.save_review("concerns", "", draft, submit=False)
    before = revision_of(world.plan)

    with CaptureQueriesContext(connection) as queries:
        world.open_request.save_review("concerns", "Second thoughts", draft, submit=False)

    sqls = [query["sql"] for query in queries.captured_queries]
    bumps = [sql for sql in sqls if sql.startswith("UPDATE") and '"revision"' in sql]
    assert len(bumps) == 1
    assert revision_of(world.plan) > before
    assert world.open_request.review.comments.count() == comments
