"""Accountability reviews by partner organisations: the owner asks for one by a link, the
reviewer (no account) comments on the plan without its referrals and contacts and submits, the
team replies and resolves each comment with what they changed."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from planner import services
from planner.models import (
    InitiativePlan,
    PlanPart,
    Review,
    ReviewClosedError,
    ReviewComment,
    ReviewReply,
    ReviewRequest,
)
from planner.walkthrough import STEPS
from portal.models import AccountPreferences
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

READ_MATRIX = [
    ("anonymous", 302),
    ("outsider", 404),
    ("viewer", 200),
    ("editor", 200),
    ("organiser", 200),
    ("owner", 200),
    ("staff", 404),
]
MANAGE_MATRIX = [
    ("anonymous", 302),
    ("outsider", 404),
    ("viewer", 403),
    ("editor", 403),
    ("organiser", 403),
    ("owner", 302),
    ("staff", 404),
]
WRITE_MATRIX = [
    ("anonymous", 302),
    ("outsider", 404),
    ("viewer", 403),
    ("editor", 302),
    ("organiser", 302),
    ("owner", 302),
    ("staff", 404),
]


def login(client, user):
    if user is not None:
        client.force_login(user)


def assert_refused(response, status):
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


def review_form(comments=(), assessment="concerns", overall="", action="submit"):
    """What the reviewer's page sends: `comments` as (kind, field, text) triples."""
    data = {"assessment": assessment, "overall": overall, "action": action}
    for spec in STEPS:
        mine = [(field, text) for kind, field, text in comments if kind == spec.kind]
        prefix = f"comments-{spec.kind}"
        data[f"{prefix}-TOTAL_FORMS"] = str(len(mine) + 1)
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for n, (field, text) in enumerate(mine):
            data[f"{prefix}-{n}-field_name"] = f"field:{field}" if field else ""
            data[f"{prefix}-{n}-text"] = text
    return data


@pytest.fixture
def review_request(plan, owner):
    return ReviewRequest.create_for(plan, "Women's Rights Centre", "wrc@example.org", owner, 30)


@pytest.fixture
def filled(plan):
    fill_plan(plan_without_parts(plan))
    return plan


@pytest.fixture
def submitted(review_request):
    review_request.save_review(
        "concerns",
        "Involve women in the sessions' design.",
        [
            {"kind": "strategy", "field_name": "objectives", "text": "Name a measurable change."},
            {"kind": "research", "field_name": "", "text": "Ask the partners too."},
        ],
        submit=True,
    )
    return review_request.review


def strategy_comment(review):
    return review.comments.get(kind=PlanPart.Kind.STRATEGY)


# --- Models and services --------------------------------------------------------------------


def test_a_review_link_is_unguessable_expires_and_opens_one_plan(review_request, plan):
    assert len(review_request.token) >= 40
    assert review_request.get_absolute_url() == f"/review/{review_request.token}/"
    assert review_request.is_usable and review_request.state == "open"
    expected = timezone.now() + timedelta(days=30)
    assert abs(review_request.expires_at - expected) < timedelta(minutes=1)
    assert list(ReviewRequest.objects.usable()) == [review_request]
    review_request.expires_at = timezone.now() - timedelta(seconds=1)
    review_request.save()
    assert not ReviewRequest.objects.usable().exists()
    assert review_request.state == "expired"


def test_a_draft_is_kept_then_submitted_once(review_request):
    comment = {"kind": "strategy", "field_name": "objectives", "text": "Draft"}
    review = review_request.save_review("", "Thinking", [comment], submit=False)
    assert review.submitted_at is None and review.comments.get().text == "Draft"
    comment["text"] = "Final"
    review = review_request.save_review("on_track", "Done", [comment], submit=True)
    assert review.submitted_at is not None
    assert [c.text for c in review.comments.all()] == ["Final"]
    with pytest.raises(ReviewClosedError):
        review_request.save_review("concerns", "Changed my mind", [], submit=True)
    assert Review.objects.get().assessment == "on_track"


def test_a_revoked_link_takes_no_review_but_keeps_a_submitted_one(review_request, submitted):
    assert review_request.revoke() is True
    assert review_request.revoke() is False
    assert Review.objects.submitted().get() == submitted
    other = ReviewRequest.create_for(review_request.plan, "Activists", "", None, 7)
    other.revoke()
    with pytest.raises(ReviewClosedError):
        other.save_review("on_track", "", [], submit=True)
    assert not Review.objects.filter(request=other).exists()


def test_resolving_twice_writes_the_first_note_only(submitted, editor, owner):
    comment = strategy_comment(submitted)
    stale = ReviewComment.objects.get(pk=comment.pk)
    assert services.resolve_comment(comment=comment, by=editor, note="Added a target").done
    outcome = services.resolve_comment(comment=stale, by=owner, note="Something else")
    assert not outcome.done and "already" in outcome.error
    comment.refresh_from_db()
    assert comment.resolution == "Added a target" and comment.resolved_by == editor


@pytest.mark.django_db(transaction=True)
def test_two_people_resolving_at_once_write_one_note(plan, owner, editor):
    """Two threads, two connections: the conditional UPDATE lets one of them win."""
    review_request = ReviewRequest.create_for(plan, "Centre", "", owner, 7)
    review_request.save_review(
        "concerns", "", [{"kind": "strategy", "field_name": "", "text": "X"}], True
    )
    comment_id = ReviewComment.objects.get().pk
    barrier, results = threading.Barrier(2), []

    def resolve(user, note):
        comment = ReviewComment.objects.get(pk=comment_id)
        barrier.wait()
        results.append(services.resolve_comment(comment=comment, by=user, note=note).done)
        connection.close()

    threads = [
        threading.Thread(target=resolve, args=args) for args in [(owner, "A"), (editor, "B")]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert ReviewComment.objects.get().resolution in ("A", "B")


@pytest.mark.django_db(transaction=True)
def test_a_revoke_waits_for_a_submission_that_holds_the_link(plan, owner):
    """Two connections: while a submission holds the link (select_for_update; on SQLite the
    IMMEDIATE transaction), a revoke cannot land; it lands after, and the review stays."""
    review_request = ReviewRequest.create_for(plan, "Centre", "", owner, 7)
    holding, release, revoked = threading.Event(), threading.Event(), threading.Event()

    def submit():
        with transaction.atomic():
            ReviewRequest.objects.select_for_update().get(pk=review_request.pk)
            holding.set()
            release.wait(10)
            review_request.save_review("concerns", "", [], submit=True)
        connection.close()

    def revoke():
        holding.wait(10)
        ReviewRequest.objects.get(pk=review_request.pk).revoke()
        revoked.set()
        connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=revoke)]
    for thread in threads:
        thread.start()
    holding.wait(10)
    # Held: the revoke cannot have landed (a broken lock would let it, and the submission
    # below would then be refused).
    assert not revoked.wait(0.3)
    release.set()
    for thread in threads:
        thread.join()
    review_request.refresh_from_db()
    assert review_request.revoked_at is not None
    assert Review.objects.submitted().filter(request=review_request).exists()


def test_a_submission_waits_for_the_links_lock(review_request, monkeypatch):
    """The link is read again under lock: revoked after the page was opened, it refuses."""
    opened = ReviewRequest.objects.get(pk=review_request.pk)  # as the page read it
    ReviewRequest.objects.filter(pk=review_request.pk).update(revoked_at=timezone.now())
    with pytest.raises(ReviewClosedError):
        opened.save_review("on_track", "", [], submit=True)


# --- The reviewer's page ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "outsider", "viewer", "owner", "staff"])
def test_whoever_holds_the_link_opens_the_review_page(client, cast, review_request, role):
    login(client, cast[role])
    response = client.get(f"/review/{review_request.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fathers&#x27; football evenings" in html and "Women&#x27;s Rights Centre" in html
    assert response["X-Robots-Tag"] == "noindex"
    assert 'name="comments-strategy-0-text"' in html and 'value="submit"' in html


def test_the_reviewer_sees_no_referral_contact_or_personal_name(client, filled, review_request):
    part = filled.parts.get(kind=PlanPart.Kind.STAKEHOLDERS)
    part.data["stakeholders"].append(
        {"name": "Aigul Asanova", "kind": "activist", "role": "Speaks", "contact": "+996 555"}
    )
    part.save()
    html = client.get(f"/review/{review_request.token}/").content.decode()
    assert "Strategy objectives safe space" in html
    assert "Stakeholder women&#x27;s rights organisation" in html
    for secret in ["Referral psychosocial", "Referral contact phone", "Stakeholder contact person"]:
        assert secret not in html
    assert "Aigul" not in html and "+996" not in html
    assert "owner" not in html and "Youth Network" not in html
    # The field chooser offers no hidden list either.
    assert 'value="field:referrals"' not in html and 'value="field:stakeholders"' in html


def test_unknown_expired_and_revoked_links_are_not_found(client, review_request, submitted):
    assert client.get("/review/not-a-real-token/").status_code == 404
    assert client.post("/review/not-a-real-token/", review_form()).status_code == 404
    review_request.expires_at = timezone.now() - timedelta(minutes=1)
    review_request.save()
    assert client.get(f"/review/{review_request.token}/").status_code == 404
    review_request.expires_at = timezone.now() + timedelta(days=1)
    review_request.revoked_at = timezone.now()
    review_request.save()
    assert client.get(f"/review/{review_request.token}/").status_code == 404
    assert Review.objects.submitted().count() == 1


def test_the_reviewer_comments_on_step_four_and_submits(client, review_request, mailoutbox):
    data = review_form(
        [("strategy", "objectives", "Say what changes for women."), ("strategy", "", "")],
        overall="A careful plan.",
    )
    response = client.post(f"/review/{review_request.token}/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/review/{review_request.token}/"
    review = Review.objects.get()
    assert review.assessment == "concerns" and review.submitted_at is not None
    comment = review.comments.get()  # the empty box is no comment
    assert (comment.kind, comment.field_name) == ("strategy", "objectives")
    html = client.get(response["Location"]).content.decode()
    assert "Your review" in html and "Say what changes for women." in html
    assert 'name="action"' not in html  # read-only now
    assert len(mailoutbox) == 1


def test_a_draft_keeps_every_text_and_adds_a_box(client, review_request):
    data = review_form([("research", "age", "Draft on age")], assessment="", action="save")
    response = client.post(f"/review/{review_request.token}/", data)
    assert response.status_code == 302
    assert Review.objects.get().submitted_at is None
    html = client.get(f"/review/{review_request.token}/").content.decode()
    assert "Draft on age" in html and 'name="comments-research-1-text"' in html


def test_submitting_without_an_assessment_keeps_all_text(client, review_request, mailoutbox):
    data = review_form([("funding", "", "Budget too small")], assessment="", overall="Overall")
    response = client.post(f"/review/{review_request.token}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an overall assessment" in html
    assert "Budget too small" in html and "Overall" in html
    assert not Review.objects.exists() and not mailoutbox


@pytest.mark.parametrize(
    "changes",
    [
        {"comments-strategy-0-field_name": "field:referrals"},  # a hidden list
        {"comments-strategy-0-field_name": "../../etc"},
        {"comments-strategy-0-text": "x" * 5001},
        {"assessment": "excellent"},
        {"comments-strategy-TOTAL_FORMS": "5000"},
        {"comments-strategy-TOTAL_FORMS": "abc"},
    ],
)
def test_hostile_review_input_is_refused_with_the_text_kept(client, review_request, changes):
    data = review_form([("strategy", "objectives", "Kept text")]) | changes
    response = client.post(f"/review/{review_request.token}/", data)
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_a_form_without_management_data_is_refused_not_an_error(client, review_request):
    response = client.post(f"/review/{review_request.token}/", {"action": "submit"})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_a_submission_after_revoking_keeps_the_text_on_the_page(client, review_request):
    opened = client.get(f"/review/{review_request.token}/")
    assert opened.status_code == 200
    ReviewRequest.objects.filter(pk=review_request.pk).update(revoked_at=timezone.now())
    response = client.post(f"/review/{review_request.token}/", review_form([("strategy", "", "T")]))
    assert response.status_code == 404  # the link is gone: nothing reaches the plan
    assert not Review.objects.exists()


def test_the_review_page_escapes_what_people_wrote(client, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="<script>alert(1)</script>")
    review_request = ReviewRequest.create_for(plan, "<b>Org</b>", "", owner, 7)
    html = client.get(f"/review/{review_request.token}/").content.decode()
    assert "<script>alert(1)" not in html and "<b>Org</b>" not in html


def test_the_review_page_refuses_other_methods(client, review_request):
    assert client.put(f"/review/{review_request.token}/").status_code == 405
    assert client.delete(f"/review/{review_request.token}/").status_code == 405


# --- The e-mail -----------------------------------------------------------------------------


def test_the_owner_is_mailed_in_their_language(client, owner, review_request, mailoutbox):
    AccountPreferences.objects.create(user=owner, language="ru")
    client.post(f"/review/{review_request.token}/", review_form())
    [mail] = mailoutbox
    assert mail.to == ["owner@example.org"]
    assert f"http://testserver/ru/plans/{review_request.plan.pk}/reviews/" in mail.body
    assert "Women's Rights Centre" in mail.body


def test_no_mail_for_an_owner_without_address_nor_for_a_draft(
    client, owner, review_request, mailoutbox
):
    client.post(f"/review/{review_request.token}/", review_form(action="save"))
    assert not mailoutbox
    owner.email = ""
    owner.save()
    client.post(f"/review/{review_request.token}/", review_form())
    assert not mailoutbox and Review.objects.submitted().exists()


def test_a_failing_mail_server_does_not_lose_the_review(client, review_request, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    response = client.post(f"/review/{review_request.token}/", review_form())
    assert response.status_code == 302 and Review.objects.submitted().exists()


# --- The team's page --------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", READ_MATRIX)
def test_who_reads_the_reviews_page(client, cast, plan, submitted, role, status):
    login(client, cast[role])
    response = client.get(f"/plans/{plan.pk}/reviews/")
    if status != 200:
        assert_refused(response, status)
        return
    html = response.content.decode()
    assert "Name a measurable change." in html and "Involve women" in html
    # Only the owner sees the links and asks for reviews.
    owns = role == "owner"
    assert (submitted.request.token in html) is owns
    assert (f'action="/plans/{plan.pk}/reviews/new/"' in html) is owns
    # Editors get the forms to reply and resolve; viewers read.
    can_edit = role in ("editor", "organiser", "owner")
    assert ("/resolve/" in html) is can_edit


@pytest.mark.parametrize("role, status", MANAGE_MATRIX)
def test_only_the_owner_asks_for_a_review(client, cast, plan, role, status):
    login(client, cast[role])
    data = {"organisation": "Centre", "email": "", "expires_in_days": "7"}
    response = client.post(f"/plans/{plan.pk}/reviews/new/", data)
    if status != 302 or role != "owner":
        assert_refused(response, status)
        assert not ReviewRequest.objects.exists()
        return
    assert response["Location"] == f"/plans/{plan.pk}/reviews/"
    review_request = ReviewRequest.objects.get()
    assert review_request.created_by == cast[role] and review_request.is_usable


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "", "expires_in_days": "7"},
        {"organisation": "Centre", "expires_in_days": "0"},  # a review link always expires
        {"organisation": "Centre", "expires_in_days": "99999"},
        {"organisation": "Centre", "email": "not an address", "expires_in_days": "7"},
        {"organisation": "x" * 201, "expires_in_days": "7"},
    ],
)
def test_a_bad_request_gives_form_errors_and_no_link(client, owner, plan, data):
    client.force_login(owner)
    response = client.post(f"/plans/{plan.pk}/reviews/new/", data)
    assert response.status_code == 400
    assert not ReviewRequest.objects.exists()


def test_an_example_plan_takes_no_review(client, owner):
    example = InitiativePlan.objects.create(title="Example", is_example=True)
    client.force_login(owner)
    data = {"organisation": "Centre", "expires_in_days": "7"}
    assert client.post(f"/plans/{example.pk}/reviews/new/", data).status_code == 403
    html = client.get(f"/plans/{example.pk}/reviews/").content.decode()
    assert "Make a review link" not in html and "No review has been submitted yet." in html


@pytest.mark.parametrize("role, status", MANAGE_MATRIX)
def test_only_the_owner_revokes_and_the_review_stays(client, cast, plan, submitted, role, status):
    login(client, cast[role])
    review_request = submitted.request
    response = client.post(f"/plans/{plan.pk}/reviews/{review_request.pk}/revoke/")
    review_request.refresh_from_db()
    if role != "owner":
        assert_refused(response, status)
        assert review_request.revoked_at is None
        return
    assert review_request.revoked_at is not None
    assert client.get(f"/review/{review_request.token}/").status_code == 404
    html = client.get(f"/plans/{plan.pk}/reviews/").content.decode()
    assert "Name a measurable change." in html and "revoked on" in html


def test_a_link_is_revoked_only_through_its_own_plan(client, owner, review_request, private_plan):
    client.force_login(owner)
    response = client.post(f"/plans/{private_plan.pk}/reviews/{review_request.pk}/revoke/")
    assert response.status_code == 404
    review_request.refresh_from_db()
    assert review_request.revoked_at is None


@pytest.mark.parametrize("role, status", WRITE_MATRIX)
def test_editors_reply_and_resolve(client, cast, plan, submitted, role, status):
    login(client, cast[role])
    comment = strategy_comment(submitted)
    base = f"/plans/{plan.pk}/reviews/comments/{comment.pk}"
    reply = client.post(f"{base}/reply/", {"text": "We will.", "from_step": "1"})
    resolve = client.post(f"{base}/resolve/", {"resolution": "Added a target."})
    comment.refresh_from_db()
    if role not in ("editor", "organiser", "owner"):
        assert_refused(reply, status)
        assert_refused(resolve, status)
        assert not ReviewReply.objects.exists() and not comment.is_resolved
        return
    assert reply["Location"] == f"/plans/{plan.pk}/steps/4/#review-comment-{comment.pk}"
    assert resolve["Location"] == f"/plans/{plan.pk}/reviews/#comment-{comment.pk}"
    assert ReviewReply.objects.get().author == cast[role]
    assert comment.resolution == "Added a target." and comment.resolved_by == cast[role]


def test_an_empty_reply_or_resolution_is_refused_with_a_message(client, owner, plan, submitted):
    client.force_login(owner)
    comment = strategy_comment(submitted)
    base = f"/plans/{plan.pk}/reviews/comments/{comment.pk}"
    response = client.post(f"{base}/resolve/", {"resolution": "  "})
    assert response.status_code == 400
    assert "Say what you changed" in response.content.decode()
    response = client.post(f"{base}/reply/", {"text": "y" * 5001})
    assert response.status_code == 400
    assert "y" * 5001 in response.content.decode()  # the text stays
    comment.refresh_from_db()
    assert not comment.is_resolved and not ReviewReply.objects.exists()


def test_comments_of_drafts_and_other_plans_are_not_found(client, owner, plan, private_plan):
    other = ReviewRequest.create_for(private_plan, "Centre", "", owner, 7)
    other.save_review("", "", [{"kind": "strategy", "field_name": "", "text": "X"}], submit=True)
    draft = ReviewRequest.create_for(plan, "Centre", "", owner, 7)
    draft.save_review("", "", [{"kind": "strategy", "field_name": "", "text": "D"}], submit=False)
    client.force_login(owner)
    for comment in ReviewComment.objects.all():
        url = f"/plans/{plan.pk}/reviews/comments/{comment.pk}/resolve/"
        assert client.post(url, {"resolution": "No"}).status_code == 404
    assert (
        client.post(f"/plans/{plan.pk}/reviews/comments/999/reply/", {"text": "x"}).status_code
        == 404
    )


# --- Beside the steps, in the plan page, print, history and exports ---------------------------


def test_the_step_shows_its_comments_to_readers_and_forms_to_editors(
    client, viewer, editor, plan, submitted
):
    client.force_login(viewer)
    html = client.get(f"/plans/{plan.pk}/steps/4/").content.decode()
    assert "Review comments on this step" in html and "Name a measurable change." in html
    assert "Objectives" in html and "/resolve/" not in html
    assert "Ask the partners too." not in html  # step 1's
    client.force_login(editor)
    html = client.get(f"/plans/{plan.pk}/steps/4/").content.decode()
    assert f'id="review-comment-{strategy_comment(submitted).pk}"' in html and "/resolve/" in html
    assert "Review comments" not in client.get(f"/plans/{plan.pk}/steps/5/").content.decode()


def test_a_draft_is_seen_by_no_one_but_the_reviewer(client, owner, plan, review_request):
    review_request.save_review(
        "", "", [{"kind": "strategy", "field_name": "", "text": "Draft!"}], False
    )
    client.force_login(owner)
    for url in ["", "reviews/", "steps/4/", "print/", "export.md", "export.json"]:
        assert "Draft!" not in client.get(f"/plans/{plan.pk}/{url}").content.decode()
    assert "Draft started" in client.get(f"/plans/{plan.pk}/reviews/").content.decode()


def test_plan_page_print_history_and_exports_show_reviews_and_resolutions(
    client, editor, plan, submitted
):
    comment = strategy_comment(submitted)
    ReviewReply.objects.create(comment=comment, author=editor, text="Good point")
    comment.resolve(editor, "Added a measurable target.")
    client.force_login(editor)
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Women&#x27;s Rights Centre" in detail and "Concerns" in detail
    assert "1 open comment" in detail and f"/plans/{plan.pk}/reviews/" in detail
    printed = client.get(f"/plans/{plan.pk}/print/").content.decode()
    for text in ["Name a measurable change.", "Good point", "Added a measurable target."]:
        assert text in printed
    assert "/resolve/" not in printed
    history = client.get(f"/plans/{plan.pk}/history/strategy/").content.decode()
    assert "Name a measurable change." in history and "Added a measurable target." in history
    markdown = client.get(f"/plans/{plan.pk}/export.md").content.decode()
    assert "Women's Rights Centre" in markdown and "Added a measurable target." in markdown
    data = client.get(f"/plans/{plan.pk}/export.json").json()
    [review] = data["reviews"]
    assert review["assessment"] == "concerns"
    assert {c["what_we_changed"] for c in review["comments"]} == {"Added a measurable target.", ""}


def test_the_reviews_page_costs_the_same_whatever_it_shows(
    client, owner, plan, submitted, django_assert_max_num_queries
):
    for n in range(5):
        other = ReviewRequest.create_for(plan, f"Org {n}", "", owner, 7)
        comments = [{"kind": "funding", "field_name": "", "text": f"C{n}-{m}"} for m in range(3)]
        other.save_review("on_track", "", comments, submit=True)
    client.force_login(owner)
    with django_assert_max_num_queries(20):
        assert client.get(f"/plans/{plan.pk}/reviews/").status_code == 200


def test_the_word_concept_note_carries_the_review(client, owner, plan, submitted):
    import io

    import docx

    strategy_comment(submitted).resolve(owner, "Added a measurable target.")
    client.force_login(owner)
    document = docx.Document(io.BytesIO(client.get(f"/plans/{plan.pk}/export.docx").content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Reviews by partner organisations" in text
    assert "Women's Rights Centre: Concerns" in text
    assert "Name a measurable change." in text and "Added a measurable target." in text


# --- The admin --------------------------------------------------------------------------------


def test_review_text_in_the_admin_needs_inspect_plan_and_each_look_is_told(
    client, make_user, owner, submitted
):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    from planner.models import PlanInspection

    url = reverse("admin:planner_review_change", args=[submitted.pk])
    content_editor = make_user("content-editor", is_staff=True)
    content_editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="planner").exclude(
            codename="inspect_plan"
        )
    )
    client.force_login(content_editor)
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:planner_review_changelist")).status_code == 403
    operator = make_user("operator", is_staff=True)
    operator.user_permissions.set(Permission.objects.filter(codename="inspect_plan"))
    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Name a measurable change." in response.content.decode()
    assert PlanInspection.objects.get().plan == submitted.request.plan
    assert client.post(url, {"assessment": "on_track"}).status_code == 403
    plan_page = client.get(
        reverse("admin:planner_initiativeplan_change", args=[owner.plans.get().pk])
    )
    assert "Women&#x27;s Rights Centre" in plan_page.content.decode()
