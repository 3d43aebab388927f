"""The planner's writes that can be refused or that span models, each a function that says what
happened.

Views call these and only choose the response; the rules themselves (versions, locks, the
last organiser, single-use invitations) are the models' domain methods, which these call. A
write that may be refused returns an outcome rather than raising, so that every refusal reaches
the person as a message, never as a 500. Actions that cannot be refused and touch one model
(duplicate a plan, create a network, withdraw an invitation or a link) are model methods that
views call directly.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.forms import BaseFormSet, Form
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from annexes.models import Topic

from . import check
from .forms import PlanForm, shown_fields
from .merge import Conflict
from .models import (
    CheckAcknowledgement,
    InitiativePlan,
    Invitation,
    InvitationError,
    LoggedActivity,
    Membership,
    Network,
    NotThisPartError,
    PlanGoneError,
    PlannerError,
    PlanPart,
    Reflection,
    Review,
    ReviewClosedError,
    ReviewComment,
    ReviewReply,
    ReviewRequest,
    ShareLink,
    StaleEditError,
    next_revision,
    open_log,
)
from .selectors import InvitationOutcome, invitation_status, topics_of
from .walkthrough import StepSpec

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a write did: `done`, or why not (`error`, a message for the person who asked;
    `gone` when the plan was deleted meanwhile)."""

    done: bool
    error: str = ""
    gone: bool = False


def attempt(write: Callable[..., object], *args: object, **kwargs: object) -> Outcome:
    """Run a model's domain action; a rule it enforces (PlannerError) becomes a refusal."""
    try:
        write(*args, **kwargs)
    except PlannerError as error:
        return Outcome(done=False, error=str(error), gone=isinstance(error, PlanGoneError))
    return Outcome(done=True)


# --- Plans ----------------------------------------------------------------------------------


@transaction.atomic
def start_plan(
    *, form: PlanForm, owner: User, language: str, topic: Topic | None = None
) -> InitiativePlan:
    """A new plan from a valid PlanForm, owned by `owner`, written in `language`; with `topic`
    (the Annex 2 topic page's "Use in a plan"), step 3 starts with that topic chosen."""
    plan = form.save(commit=False)
    plan.owner = owner
    plan.language = language
    plan.save()
    form.save_m2m()
    if topic is not None:
        part = plan.part(PlanPart.Kind.ENTRY_POINTS)
        part.save_edit({"topics": [topic.slug]}, part.version, owner)
    return plan


def save_plan_details(*, plan: InitiativePlan, details: dict, version: int) -> Outcome:
    """Title, summary, status, language and tags, if nobody saved them since `version`:
    refused (not `gone`) on a conflict, `gone` if the plan was deleted meanwhile."""
    return attempt(plan.save_details, details, version)


def delete_plan(*, plan: InitiativePlan, by: User) -> Outcome:
    """Delete the plan if `by` still manages it (read under lock); `gone` otherwise."""
    return attempt(plan.delete_by, by)


def create_share_link(*, plan: InitiativePlan, by: User, expires_in_days: int | None) -> Outcome:
    """A read-only link to the plan, working until revoked or for `expires_in_days` days."""
    return attempt(ShareLink.create_for, plan, by, expires_in_days)


def share_plan(*, plan: InitiativePlan, network: Network | None) -> Outcome:
    """Share with one of the owner's networks, or make the plan private with None."""
    return attempt(plan.share_with, network)


def set_plan_apart(*, plan: InitiativePlan, by: User, apart: bool = True) -> Outcome:
    """Archive the plan (set it apart) or, with `apart=False`, bring an archived plan back, if
    `by` still owns it; `gone` otherwise. Asking for what already is counts as done.

    One conditional UPDATE of the status column: a details save that landed meanwhile keeps
    its title, summary and tags. The details version moves on, so a details form opened before
    cannot quietly undo this with the status it still shows: its save is refused as stale, the
    person's text kept (InitiativePlan.save_details).
    """
    archived = InitiativePlan.Status.ARCHIVED
    owned = InitiativePlan.objects.filter(pk=plan.pk, owner=by, is_example=False)
    if apart:
        rows, status = owned.exclude(status=archived), archived
    else:
        # Back as "in progress", not "draft": it was worked on before it was set apart, and
        # the status it had then is not kept. Its owner can say "ready" or "done" in its details.
        rows, status = owned.filter(status=archived), InitiativePlan.Status.IN_PROGRESS
    rows.update(
        status=status,
        details_version=F("details_version") + 1,
        updated_at=timezone.now(),
        **next_revision(),
    )
    if not owned.exists():
        return Outcome(
            done=False, error=_("This plan has been deleted or is no longer yours."), gone=True
        )
    plan.refresh_from_db(fields=["status", "details_version", "updated_at"])
    return Outcome(done=True)


# --- Steps ----------------------------------------------------------------------------------


@dataclass
class StepSaveOutcome:
    """What saving a step did: SAVED (merged with what others saved meanwhile, if anything:
    `others_changed` then); INVALID (the forms with their errors; `version_error` when the form
    did not say which version it was loaded at); CONFLICT (saved, except the fields in
    `conflicts`, which both this person and someone else changed: those keep the other
    person's text until this person chooses); or GONE (the plan was deleted meanwhile)."""

    SAVED, INVALID, CONFLICT, GONE = "saved", "invalid", "conflict", "gone"

    status: str
    part: PlanPart | None = None
    form: Form | None = None
    formsets: dict[str, BaseFormSet] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    mine: dict[str, Any] = field(default_factory=dict)  # what was sent, as data
    others_changed: bool = False
    version_error: bool = False


# A conflict's choice in the form: `resolve:<field>` or `resolve:<list>:<row id>:<field>`,
# "theirs" to take the other person's text; anything else keeps the text in the box.
RESOLVE = "resolve:"
TAKE_THEIRS = "theirs"


def save_step(
    *, plan: InitiativePlan, spec: StepSpec, data: Mapping[str, Any], user: User
) -> StepSaveOutcome:
    """Save a step's submitted form and lists, merged with what others saved since the version
    the form was loaded at (planner/merge.py)."""
    try:
        part = _part_to_save(plan, spec.kind)
    except PlanGoneError:
        return StepSaveOutcome(StepSaveOutcome.GONE)
    form, formsets = spec.submitted_forms(data)
    # Evaluate every form so that all errors show at once.
    valid = [form.is_valid()] + [formset.is_valid() for formset in formsets.values()]
    if not all(valid):
        return StepSaveOutcome(
            StepSaveOutcome.INVALID, part, form, formsets, version_error=form.has_error("version")
        )
    version = form.cleaned_data["version"]
    mine = form.to_data() | {key: kept_rows(formset) for key, formset in formsets.items()}
    mine = _take_theirs_where_chosen(mine, data, part, version)
    try:
        merged = part.save_merged(mine, version, user, set(spec.lists))
    except PlanGoneError:
        return StepSaveOutcome(StepSaveOutcome.GONE)
    status = StepSaveOutcome.CONFLICT if merged.conflicts else StepSaveOutcome.SAVED
    return StepSaveOutcome(
        status,
        part,
        form,
        formsets,
        conflicts=merged.conflicts,
        mine=mine,
        others_changed=merged.data != mine,
    )


def _part_to_save(plan: InitiativePlan, kind: str) -> PlanPart:
    """The part a save goes to. A part saved before is read without a lock, in one query (every
    autosave comes here): save_merged locks it and finds out if the plan was deleted meanwhile.
    Only a step's first save creates its part, under the plan's lock (InitiativePlan.part)."""
    # One part at most; ordered by pk, as PlanPart's own order would join the plan for nothing.
    part = PlanPart.objects.filter(plan=plan, kind=kind).order_by("pk").first()
    return part if part is not None else plan.part(kind)


def _take_theirs_where_chosen(
    mine: dict[str, Any], data: Mapping[str, Any], part: PlanPart, version: int
) -> dict[str, Any]:
    """Where the person chose the other's text in a conflict, send the field as it was when the
    form was loaded: unchanged by this person, the merge keeps what is saved."""
    chosen = [
        key.removeprefix(RESOLVE).split(":")
        for key in data
        if key.startswith(RESOLVE) and data.get(key) == TAKE_THEIRS
    ]
    if not chosen:
        return mine
    base = part.data_at(version)
    for path in chosen:
        if len(path) == 1 and path[0] in mine:
            mine[path[0]] = base.get(path[0])
        elif len(path) == 3:
            key, row_id, name = path
            base_row = next((r for r in base.get(key) or [] if r.get("row_id") == row_id), None)
            for row in mine.get(key) or []:
                if base_row is not None and row.get("row_id") == row_id and name in row:
                    row[name] = base_row.get(name)
    return mine


def kept_rows(formset: BaseFormSet) -> list[dict]:
    """A list's rows to store: filled in and not marked for removal."""
    return [
        row.to_data()
        for row in formset.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE")
    ]


@dataclass(frozen=True)
class RestoreOutcome:
    """What restoring a version did: RESTORED (`record` is the version now current again),
    NOT_FOUND (no such version of this step) or REFUSED (`error`: someone saved meanwhile,
    or the plan was deleted)."""

    RESTORED, NOT_FOUND, REFUSED = "restored", "not found", "refused"

    status: str
    record: Any = None
    error: str = ""


def restore_part(
    *, plan: InitiativePlan, spec: StepSpec, history_id: int, user: User, field_name: str = ""
) -> RestoreOutcome:
    """Make an earlier version of a step current again, or only its `field_name` (the version
    it replaces stays in the history), if nobody saved the step since."""
    part = plan.parts.filter(kind=spec.kind).first()
    record = part.history.filter(history_id=history_id).first() if part else None
    if part is None or record is None:
        return RestoreOutcome(RestoreOutcome.NOT_FOUND)
    if field_name and field_name not in [*shown_fields(spec.form_class), *spec.lists]:
        return RestoreOutcome(RestoreOutcome.NOT_FOUND)
    try:
        part.restore(record, user, field_name or None)
    except NotThisPartError:
        return RestoreOutcome(RestoreOutcome.NOT_FOUND)
    except PlannerError as error:  # stale, or the plan was deleted meanwhile
        return RestoreOutcome(RestoreOutcome.REFUSED, error=str(error))
    return RestoreOutcome(RestoreOutcome.RESTORED, record)


@dataclass(frozen=True)
class TopicAddOutcome:
    """What adding an Annex 2 topic to a plan did: ADDED, ALREADY_THERE (nothing changed) or
    REFUSED (`error`: the plan was deleted, the user may not edit it, or others kept saving)."""

    ADDED, ALREADY_THERE, REFUSED = "added", "already there", "refused"

    status: str
    error: str = ""


def add_topic_to_plan(*, plan: InitiativePlan, topic: Topic, user: User) -> TopicAddOutcome:
    """Add `topic` to the topics of the plan's step 3 ("Use in a plan" on a topic page), the
    rest of the step unchanged. Someone saving the step at the same moment makes it try once
    more on top of their version."""
    if not plan.can_edit(user):
        return TopicAddOutcome(TopicAddOutcome.REFUSED, _("You cannot edit this plan."))
    for _attempt in range(2):
        try:
            with transaction.atomic():
                part = plan.part(PlanPart.Kind.ENTRY_POINTS)
                chosen = topics_of(part.data)
                if topic.slug in chosen:
                    return TopicAddOutcome(TopicAddOutcome.ALREADY_THERE)
                data = {**part.data, "topics": [*chosen, topic.slug]}
                part.save_edit(data, part.version, user)
            return TopicAddOutcome(TopicAddOutcome.ADDED)
        except StaleEditError:
            continue
        except PlannerError as error:  # the plan was deleted meanwhile
            return TopicAddOutcome(TopicAddOutcome.REFUSED, str(error))
    return TopicAddOutcome(
        TopicAddOutcome.REFUSED,
        _("Others were saving step 3 of this plan at the same moment. Please try again."),
    )


# --- The self-check -------------------------------------------------------------------------


def acknowledge_finding(*, plan: InitiativePlan, rule_key: str, reason: str, by: User) -> Outcome:
    """Keep a finding of the plan's self-check, saying why: only one the plan has now. If
    someone acknowledged it in the meantime, theirs stays and this one is refused: one reason
    per finding, never overwritten."""
    with transaction.atomic():
        # The plan's row, locked, orders two people acknowledging at once.
        if not InitiativePlan.objects.select_for_update().filter(pk=plan.pk).exists():
            return Outcome(done=False, error=_("This plan has been deleted."), gone=True)
        parts = {part.kind: part for part in PlanPart.objects.filter(plan=plan)}
        if not any(o.rule.key == rule_key and o.fields for o in check.run(parts)):
            # Fixed since the page was loaded (or never found): nothing to keep, and an
            # acknowledgement now would silence the finding before anyone sees it.
            error = _("This finding no longer applies to the plan as it is saved now.")
            return Outcome(done=False, error=error)
        if CheckAcknowledgement.objects.filter(plan=plan, rule=rule_key).exists():
            error = _("Someone acknowledged this finding in the meantime: their reason is shown.")
            return Outcome(done=False, error=error)
        acknowledgement = CheckAcknowledgement(
            plan=plan, rule=rule_key, reason=reason, acknowledged_by=by
        )
        acknowledgement._history_user = by
        acknowledgement.save()
    return Outcome(done=True)


def withdraw_acknowledgement(*, plan: InitiativePlan, acknowledgement_id: int, by: User) -> Outcome:
    """Take back an acknowledgement: the finding is open again, and history keeps who withdrew
    it. Only the one the person saw: a newer one, given since, stays."""
    with transaction.atomic():
        acknowledgement = (
            CheckAcknowledgement.objects.select_for_update()
            .filter(pk=acknowledgement_id, plan=plan)
            .first()
        )
        if acknowledgement is None:
            return Outcome(done=False, error=_("This acknowledgement was already withdrawn."))
        acknowledgement._history_user = by
        acknowledgement.delete()
    return Outcome(done=True)


# --- Networks -------------------------------------------------------------------------------


def change_member_role(*, network: Network, member: Membership, role: str, by: User) -> Outcome:
    return attempt(network.change_role, member, role, by=by)


def remove_member(*, network: Network, member: Membership, by: User | None = None) -> Outcome:
    """An organiser removes `member` (`by`), or a member leaves (no `by`)."""
    return attempt(network.remove_member, member, by=by)


def invite(*, network: Network, role: str, by: User) -> Invitation:
    """A single-use invitation to `network` with `role`, valid for Invitation.VALID_FOR."""
    return Invitation.create_for(network, role, by)


def accept_invitation(*, invitation: Invitation, user: User) -> InvitationOutcome:
    """Join the invitation's network, if it is still usable and `user` is not a member yet."""
    outcome = invitation_status(invitation=invitation, user=user)
    if outcome.status != InvitationOutcome.OPEN:
        return outcome
    try:
        membership = invitation.accept(user)
    except InvitationError as error:
        return InvitationOutcome(InvitationOutcome.UNUSABLE, reason=str(error))
    return InvitationOutcome(InvitationOutcome.JOINED, membership)


# --- Accounts -------------------------------------------------------------------------------


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete an account, with what the planner's on_delete rules say goes with it (see
    `membership_user_deleted` and `plan_owner_deleted`).

    Those rules choose who takes over a network and its plans while Django collects what to
    delete; the memberships of the account's networks and its plans are locked first, so that
    a role change or a departure at the same moment cannot make that choice stale.
    """
    for network in Network.objects.filter(memberships__user=user).order_by("pk"):
        network.lock_memberships()
    list(InitiativePlan.objects.select_for_update().filter(owner=user).order_by("pk"))
    user.delete()


# --- Accountability reviews -----------------------------------------------------------------


def request_review(
    *, plan: InitiativePlan, by: User, organisation: str, email: str, expires_in_days: int
) -> Outcome:
    """A review link for a partner organisation, open for `expires_in_days` days."""
    return attempt(ReviewRequest.create_for, plan, organisation, email, by, expires_in_days)


@dataclass(frozen=True)
class ReviewSaveOutcome:
    """What saving a review did: SAVED (a draft), SUBMITTED, or CLOSED (`error`: the link was
    revoked or expired meanwhile, or the review was already submitted)."""

    SAVED, SUBMITTED, CLOSED = "saved", "submitted", "closed"

    status: str
    error: str = ""


def submit_review(
    *,
    review_request: ReviewRequest,
    assessment: str,
    overall: str,
    comments: list[dict[str, str]],
    submit: bool,
    absolute_uri: Callable[[str], str],
) -> ReviewSaveOutcome:
    """Keep the reviewer's draft, or submit it; a submitted review is e-mailed to the plan's
    owner (`absolute_uri` makes the link in the e-mail whole)."""
    try:
        review = review_request.save_review(assessment, overall, comments, submit)
    except ReviewClosedError as error:
        return ReviewSaveOutcome(ReviewSaveOutcome.CLOSED, str(error))
    if not submit:
        return ReviewSaveOutcome(ReviewSaveOutcome.SAVED)
    _tell_owner_of_review(review, absolute_uri)
    return ReviewSaveOutcome(ReviewSaveOutcome.SUBMITTED)


def _tell_owner_of_review(review: Review, absolute_uri: Callable[[str], str]) -> None:
    """E-mail the plan's owner, in their account's language where they chose one. A failing
    mail server must not undo the review: the reviews page shows it anyway."""
    plan = review.request.plan
    owner = plan.owner
    if owner is None or not owner.email:
        return
    with translation.override(_account_language(owner)):
        context = {
            "plan": plan,
            "review": review,
            "url": absolute_uri(reverse("planner:plan_reviews", kwargs={"plan_id": plan.pk})),
        }
        subject = _("A review of your plan “%(title)s” has arrived") % {"title": plan.title}
        body = render_to_string("planner/email/review_submitted.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [owner.email])
    except Exception:
        logger.exception("Failed to send the e-mail about a submitted review")


def _account_language(user: User) -> str:
    """The language the account chose (portal's AccountPreferences), else the site's."""
    try:
        language = user.preferences.language
    except ObjectDoesNotExist:
        language = ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def reply_to_comment(*, comment: ReviewComment, by: User, text: str) -> ReviewReply:
    return ReviewReply.objects.create(comment=comment, author=by, text=text)


def resolve_comment(*, comment: ReviewComment, by: User, note: str) -> Outcome:
    """Resolve a review comment with what was changed, unless someone resolved it already."""
    if comment.resolve(by, note):
        return Outcome(done=True)
    return Outcome(done=False, error=_("Someone has resolved this comment already."))


def revoke_review_link(*, review_request: ReviewRequest) -> bool:
    """Close the link; a review submitted through it stays. False if it was closed already."""
    return review_request.revoke()


# --- The ACT log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogOutcome:
    """What a write to the log did: SAVED; CONFLICT (`error`: someone saved the entry since
    the form was loaded; the person's text stays in the form); CLOSED (`error`: the log takes
    no entries now, or the entry was deleted meanwhile); GONE (the plan was deleted)."""

    SAVED, CONFLICT, CLOSED, GONE = "saved", "conflict", "closed", "gone"

    status: str
    error: str = ""

    @property
    def done(self):
        return self.status == self.SAVED


def _log_write(write: Callable[..., object], *args: object) -> LogOutcome:
    try:
        write(*args)
    except StaleEditError as error:
        return LogOutcome(LogOutcome.CONFLICT, str(error))
    except PlanGoneError as error:
        return LogOutcome(LogOutcome.GONE, str(error))
    except PlannerError as error:  # the log is closed, or the entry is gone
        return LogOutcome(LogOutcome.CLOSED, str(error))
    return LogOutcome(LogOutcome.SAVED)


def start_logging(*, plan: InitiativePlan, version: int) -> LogOutcome:
    """Mark a draft plan as in progress, so that its log opens: refused if someone saved the
    plan's details since `version` (the page's), as a stale details form would be."""
    return _log_write(open_log, plan, version)


def log_activity(*, plan: InitiativePlan, values: dict[str, Any], by: User) -> LogOutcome:
    """Log an activity held (`values`: LoggedActivity's fields), while the log is open."""
    return _log_write(LoggedActivity.log, plan, values, by)


def edit_activity(
    *, activity: LoggedActivity, values: dict[str, Any], version: int | None
) -> LogOutcome:
    """Store an edited entry, if nobody saved it since `version`; a form that did not say
    its version is refused the same way, since nobody can tell what it would overwrite."""
    if version is None:
        return LogOutcome(
            LogOutcome.CONFLICT,
            _(
                "Not saved: we cannot tell which version of this activity your form started "
                "from. Compare your text with what is saved now, then save again."
            ),
        )
    return _log_write(activity.edit, values, version)


def delete_activity(*, activity: LoggedActivity) -> LogOutcome:
    return _log_write(activity.delete_from_log)


def write_reflection(
    *, plan: InitiativePlan, written_on: date, answers: dict[str, str], notes: str, by: User
) -> LogOutcome:
    """A self-reflection: `answers` to the toolkit's prompts by prompt pk, and the notes."""
    return _log_write(Reflection.write, plan, written_on, answers, notes, by)


def delete_reflection(*, reflection: Reflection) -> LogOutcome:
    return _log_write(reflection.delete_from_log)
