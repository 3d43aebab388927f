"""Youth networks and the initiative plans they write through the toolkit's planning steps.

A plan belongs to its owner. Shared with one of the owner's networks, its members read it and its
editors and organisers edit it; a share link gives anyone with the token read-only access.
Each planning step (and the challenges) is a PlanPart whose `data` holds the step's fields as
the step's form shapes them; a part's `version` detects conflicting saves, and every saved
version is kept in its history.
"""

import contextlib
import contextvars
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from .merge import Merge, merge


def unprefixed_reverse(name, **kwargs):
    """The URL of a link handed to someone else (a share link, an invitation): without a
    language prefix, so it opens in the receiver's language, not the sender's."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs=kwargs)


def new_token():
    return secrets.token_urlsafe(32)


def next_revision():
    """For an UPDATE of plan rows: their pages change (InitiativePlan.revision)."""
    return {"revision": F("revision") + 1}


def plans_changed(*conditions, **lookups):
    """Something the pages of the plans these select show changed outside their rows (a link,
    a review, the log, a network's name)."""
    InitiativePlan.objects.filter(*conditions, **lookups).update(**next_revision())


class PlannerError(Exception):
    """A rule of the planner was broken; the message is meant for the user."""


class LastOrganiserError(PlannerError):
    pass


class InvitationError(PlannerError):
    pass


class AlreadyMemberError(InvitationError):
    pass


class StaleEditError(PlannerError):
    """Someone saved the same part since this form was loaded."""


class PlanGoneError(PlannerError):
    """The plan was deleted while someone was still working on it."""


class NotThisPartError(Exception):
    """A version of another part was offered to restore: a wrong address, not a broken rule
    (the view answers 404)."""


def update_if_unchanged(model, pk, version_field, expected_version, stale_message, **values):
    """Write `values` and bump the version, if the row is still at `expected_version`.

    One conditional UPDATE, so two saves from the same version cannot both land. Raises
    StaleEditError with `stale_message` when someone saved since, PlanGoneError when the row
    (its plan) was deleted meanwhile.
    """
    current = model.objects.filter(pk=pk, **{version_field: expected_version})
    if current.update(**values, **{version_field: F(version_field) + 1}):
        return
    if not model.objects.filter(pk=pk).exists():
        raise PlanGoneError(_("This plan has been deleted in the meantime."))
    raise StaleEditError(stale_message)


class Network(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="networks"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("youth network")
        verbose_name_plural = _("youth networks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("planner:network_detail", kwargs={"slug": self.slug})

    def membership_of(self, user):
        return membership_in(self.pk, user)

    # Slugs that would shadow the fixed URLs under /networks/.
    RESERVED_SLUGS = {"new", "join"}

    @classmethod
    @transaction.atomic
    def create(cls, name, description, organiser):
        """A new network whose creator is its first organiser, under a free, readable slug."""
        base = slugify(name)[:70] or "network"
        slug, n = base, 1
        while slug in cls.RESERVED_SLUGS or cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        network = cls.objects.create(name=name, slug=slug, description=description)
        network.add_member(organiser, Membership.Role.ORGANISER)
        return network

    @transaction.atomic
    def add_member(self, user, role):
        membership, _created = Membership.objects.get_or_create(
            network=self, user=user, defaults={"role": role}
        )
        return membership

    @transaction.atomic
    def change_role(self, membership, role, by=None):
        """Give a member another role; `by`, the organiser doing it, is checked again under lock."""
        membership = self._locked_membership(membership, by)
        if membership.is_organiser and role != Membership.Role.ORGANISER:
            self._keep_an_organiser(membership)
            self._revoke_invitations_of(membership.user)
        membership.role = role
        membership.save(update_fields=["role"])
        return membership

    @transaction.atomic
    def remove_member(self, membership, by=None):
        membership = self._locked_membership(membership, by)
        if membership.is_organiser:
            self._keep_an_organiser(membership)
            self._revoke_invitations_of(membership.user)
        # Plans the leaving member shared here stay theirs but are no longer shared.
        InitiativePlan.objects.filter(owner=membership.user, network=self).update(
            network=None, **next_revision()
        )
        membership.delete()

    def lock_memberships(self):
        """Lock the network's memberships until the transaction ends and return them by user.

        Every write that reads roles locks them first, before any plan or invitation it then
        touches: one order everywhere, so two such writes wait for each other, never deadlock.
        """
        return {m.user_id: m for m in self.memberships.select_for_update().order_by("pk")}

    def _locked_membership(self, membership, by=None):
        """The membership as it is now, with the network's memberships locked: roles read
        before the transaction may be stale (another organiser just changed them), and the
        last-organiser rule must count what is true. `by`, the organiser acting, must still be
        one, also when acting on their own membership (a demoted organiser cannot promote
        themselves back); leaving needs no `by`."""
        locked = self.lock_memberships()
        if by is not None:
            acting = locked.get(by.pk)
            if acting is None or not acting.is_organiser:
                raise PlannerError(_("Only the network's organisers can do this."))
        current = locked.get(membership.user_id)
        if current is None or current.pk != membership.pk:
            raise PlannerError(_("This person is no longer a member of the network."))
        current.user = membership.user
        return current

    def _keep_an_organiser(self, membership):
        others = self.memberships.filter(role=Membership.Role.ORGANISER).exclude(pk=membership.pk)
        if not others.exists():
            raise LastOrganiserError(
                _("A network needs at least one organiser: make someone else organiser first.")
            )

    def _revoke_invitations_of(self, user):
        """An invitation speaks for the organiser who made it: it dies when they stop being one."""
        self.invitations.usable().filter(created_by=user).update(revoked_at=timezone.now())

    def successor_organiser(self, leaving_user_ids):
        """Who holds the network when the users with `leaving_user_ids` go: another organiser if
        there is one, else the longest-standing editor, else the longest-standing viewer; None
        if no one is left."""
        others = self.memberships.exclude(user__in=leaving_user_ids).select_related("user")
        rank = {Membership.Role.ORGANISER: 0, Membership.Role.EDITOR: 1, Membership.Role.VIEWER: 2}
        candidates = sorted(others, key=lambda m: (rank[m.role], m.joined_at, m.pk))
        return candidates[0] if candidates else None


def _deleted_user_ids(collector, field):
    """The accounts this deletion removes: several at once from the admin's bulk delete, and
    none of them may be chosen to take over from another."""
    return {user.pk for user in collector.data.get(field.related_model, ())}


def membership_user_deleted(collector, field, sub_objs, using):
    """on_delete for Membership.user: a deleted account's memberships go, and a network whose
    last organiser it was gets a new one (see Network.successor_organiser) or, with no one left,
    goes too. The admin, self-service deletion and `user.delete()` all come through here."""
    leaving = _deleted_user_ids(collector, field)
    for membership in sub_objs:
        network = membership.network
        if not membership.is_organiser:
            continue
        successor = network.successor_organiser(leaving)
        if successor is None:
            collector.collect([network])
        elif not successor.is_organiser:
            role = Membership._meta.get_field("role")
            collector.add_field_update(role, Membership.Role.ORGANISER, [successor])
    models.CASCADE(collector, field, sub_objs, using)


def membership_in(network_id, user):
    """The user's membership of the network, or None: who belongs is decided here alone (staff
    status counts for nothing)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(network_id=network_id, user=user).first()


class Membership(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=membership_user_deleted, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.VIEWER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["network", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_network")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.network}"

    @property
    def can_edit_plans(self):
        return self.role in (self.Role.ORGANISER, self.Role.EDITOR)

    @property
    def is_organiser(self):
        return self.role == self.Role.ORGANISER

    @property
    def can_manage_network(self):
        """Invite, change roles, remove members: the organisers' rights (staff status counts
        for nothing here)."""
        return self.is_organiser


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        """Not used, not revoked, not expired, and its inviter is still an organiser."""
        inviter_is_organiser = Membership.objects.filter(
            network=OuterRef("network"),
            user=OuterRef("created_by"),
            role=Membership.Role.ORGANISER,
        )
        return self.filter(
            Exists(inviter_is_organiser),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    """A single-use, expiring link an organiser gives to someone who should join the network."""

    VALID_FOR = timedelta(days=7)

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role, default=Membership.Role.EDITOR
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.network} ({self.get_role_display()})"

    def get_absolute_url(self):
        return unprefixed_reverse("planner:invitation_accept", token=self.token)

    @classmethod
    def create_for(cls, network, role, created_by):
        return cls.objects.create(
            network=network,
            role=role,
            created_by=created_by,
            expires_at=timezone.now() + cls.VALID_FOR,
        )

    @property
    def is_usable(self):
        return self.unusable_reason() is None

    def unusable_reason(self):
        """Why the link cannot be used (a message for the person holding it), or None."""
        if self.accepted_at is not None:
            return _("This invitation has already been used.")
        if self.revoked_at is not None or not self._inviter_is_organiser():
            return _("This invitation was withdrawn. Ask an organiser for a new one.")
        if self.expires_at <= timezone.now():
            return _("This invitation has expired. Ask an organiser for a new one.")
        return None

    def _inviter_is_organiser(self):
        return self.network.memberships.filter(
            user=self.created_by_id, role=Membership.Role.ORGANISER
        ).exists()

    def revoke(self):
        """Withdraw an open invitation; a used one stays as the record of who joined.
        True if this withdrew it, False if it was already used or withdrawn."""
        return bool(
            Invitation.objects.filter(
                pk=self.pk, accepted_at__isnull=True, revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
        )

    @transaction.atomic
    def accept(self, user):
        # Lock the network's memberships, so that the inviter's role is checked as it is now,
        # and the invitation, so that two people clicking the same link cannot both use it.
        self.network.lock_memberships()
        invitation = Invitation.objects.select_for_update().get(pk=self.pk)
        if self.network.membership_of(user) is not None:
            # They keep their role, and the link stays usable for the person it was meant for.
            raise AlreadyMemberError(
                _("You are already a member of this network; the invitation was not used.")
            )
        reason = invitation.unusable_reason()
        if reason is not None:
            raise InvitationError(reason)
        membership = self.network.add_member(user, invitation.role)
        invitation.accepted_by, invitation.accepted_at = user, timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
        return membership


class PlanTag(TagBase):
    """Plans' own tags: plans have UUID keys, and topics' tags stay apart from them."""

    class Meta:
        ordering = ["name"]
        verbose_name = _("plan tag")
        verbose_name_plural = _("plan tags")

    def slugify(self, tag, i=None):
        # A short tag can have a long slug (one character of some scripts is many letters).
        slug = slugify(tag, allow_unicode=True)[:90]
        return slug if i is None else f"{slug}_{i}"


class TaggedPlan(TaggedItemBase):
    content_object = models.ForeignKey("InitiativePlan", on_delete=models.CASCADE)
    tag = models.ForeignKey(PlanTag, on_delete=models.CASCADE, related_name="tagged_plans")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_plan_tag")
        ]


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans the user may read: own, shared with one of their networks, and examples."""
        # Staff status gives no planner rights: operators look through the admin, with the
        # inspect_plan permission, and every look is recorded (PlanInspection).
        if not user.is_authenticated:
            return self.filter(is_example=True)
        return self.filter(
            Q(owner=user) | Q(network__memberships__user=user) | Q(is_example=True)
        ).distinct()

    def examples(self):
        return self.filter(is_example=True)

    def examples_for(self, language):
        """The example plans to offer a reader of `language`: those written in it, else in the
        nearest language of its content fallback chain (kk → ru → en, ru → en), else every one.

        An example is content shown to every reader, so it comes in the reader's language
        where one was written (fixtures/example_plan.<language>.json); a plan's text is never
        translated on the fly.
        """
        written_in = set(self.examples().values_list("language", flat=True))
        for code in [language, *fallback_languages(language)]:
            if code in written_in:
                return self.examples().filter(language=code)
        return self.examples()


def fallback_languages(language):
    """The languages a reader of `language` is offered when nothing is written in it, nearest
    first: the chain the content uses (settings.MODELTRANSLATION_FALLBACK_LANGUAGES)."""
    chains = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    return [code for code in chains.get(language, chains["default"]) if code != language]


# The languages a plan may be written in: the portal's content languages. Their names are
# Django's own (its catalogues translate them); the choices live here, not in settings, so
# that a language offered to readers later needs no migration of plans.
PLAN_LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("tg", _("Tajik")),
    ("tk", _("Turkmen")),
    ("uz", _("Uzbek")),
]


def plan_owner_deleted(collector, field, sub_objs, using):
    """on_delete for InitiativePlan.owner: a deleted account's private plans go; each plan it
    shared with a network goes to the network's organiser (Network.successor_organiser), since
    others wrote it too. A plan whose network has no one left goes with the account."""
    leaving = _deleted_user_ids(collector, field)
    handed_over = {}
    gone = []
    for plan in sub_objs:
        heir = plan.network.successor_organiser(leaving) if plan.network_id else None
        if heir is None:
            gone.append(plan)
        else:
            handed_over.setdefault(heir.user, []).append(plan)
    for heir, plans in handed_over.items():
        collector.add_field_update(field, heir, plans)
    if gone:
        models.CASCADE(collector, field, gone, using)


class InitiativePlan(models.Model):
    class Status(models.TextChoices):
        # In the order a plan lives through them.
        DRAFT = "draft", _("Draft")
        IN_PROGRESS = "in_progress", _("In progress")
        READY = "ready", _("Ready")
        DONE = "done", _("Done")
        ARCHIVED = "archived", _("Archived")

    class TranslationStatus(models.TextChoices):
        """For an example plan translated from another one: how far to trust the translation."""

        DRAFT = "draft", _("machine-assisted draft")
        REVIEWED = "reviewed", _("reviewed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=plan_owner_deleted,
        related_name="plans",
        null=True,
        blank=True,
        help_text=_("Empty only for the example plan."),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("shared with network"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    is_example = models.BooleanField(
        _("example plan"), default=False, help_text=_("Readable by every visitor.")
    )
    # The language the plan's own text is written in. That text is never translated: pages in
    # another language mark it with this (lang="…", WCAG 3.1.2). Empty means not known (plans
    # written before plans had a language): then nothing is claimed.
    language = models.CharField(
        _("language of this plan"), max_length=10, choices=PLAN_LANGUAGES, blank=True
    )
    translation_status = models.CharField(
        _("translation"),
        max_length=10,
        choices=TranslationStatus,
        blank=True,
        help_text=_(
            "Only for an example plan translated from another one: whether a native-speaker "
            "editor has reviewed the translation."
        ),
    )
    tags = TaggableManager(_("tags"), through=TaggedPlan, blank=True)
    # Like a part's version, for the details (title, summary, status, tags): a stale save of
    # the details form is refused instead of overwriting a newer one.
    details_version = models.PositiveIntegerField(_("version of the details"), default=0)
    # Counts every change to anything the plan's pages show (its row, steps, links, reviews,
    # log...): the plan's pages are kept per revision (planner/kept_pages.py). Counted in the
    # database, never written from an instance read earlier (see save and next_revision).
    revision = models.PositiveBigIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("initiative plan")
        verbose_name_plural = _("initiative plans")
        permissions = [
            (
                "inspect_plan",
                _("Can look at any plan in the admin (abuse reports); each look is recorded"),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        # A revision read with the instance may be old: written back, it would give a kept
        # page of newer content the number again. So the database counts it, and the value is
        # read afresh when next asked for.
        self.revision = F("revision") + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("revision", None)

    def get_absolute_url(self):
        return reverse("planner:plan_detail", kwargs={"plan_id": self.pk})

    # Access: the one place that says who may do what with a plan. Staff status counts for
    # nothing here (see PlanQuerySet.visible_to).
    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_memberships", None)  # membership_of asks afresh
        super().refresh_from_db(*args, **kwargs)

    def membership_of(self, user):
        if self.network_id is None or not user.is_authenticated:
            return None
        # A request asks can_read, then can_edit and the like of the same plan object: one
        # query answers them all. Kept per network, so share_with() asks afresh.
        key = (self.network_id, user.pk)
        known = self.__dict__.setdefault("_memberships", {})
        if key not in known:
            known[key] = membership_in(self.network_id, user)  # the network itself not read
        return known[key]

    def can_read(self, user):
        if self.is_example:
            return True
        if not user.is_authenticated:
            return False
        return self.owner_id == user.pk or self.membership_of(user) is not None

    def can_edit(self, user):
        if not user.is_authenticated or self.is_example:
            return False
        if self.owner_id == user.pk:
            return True
        membership = self.membership_of(user)
        return membership is not None and membership.can_edit_plans

    def can_manage(self, user):
        """Share, unshare, delete: the owner's decisions."""
        return user.is_authenticated and self.owner_id is not None and self.owner_id == user.pk

    @transaction.atomic
    def share_with(self, network):
        """Share with one of the owner's networks, or make the plan private with None."""
        # The owner's membership is read under lock (memberships first, see lock_memberships):
        # leaving the network at the same time must not leave the plan shared with it.
        members = network.lock_memberships() if network is not None else {}
        locked = InitiativePlan.objects.select_for_update().filter(pk=self.pk).first()
        if locked is None:
            raise PlanGoneError(_("This plan has been deleted."))
        if network is not None and locked.owner_id not in members:
            raise PlannerError(_("A plan can only be shared with one of its owner's networks."))
        self.network = network
        InitiativePlan.objects.filter(pk=self.pk).update(
            network=network, updated_at=timezone.now(), **next_revision()
        )

    @transaction.atomic
    def save_details(self, details, expected_version):
        """Store title, summary, status, language and tags if nobody saved them since
        `expected_version`.

        Only these columns are written, so a details save never undoes a share, an unshare or a
        deletion that happened while the form was open.
        """
        fields = {
            key: details[key]
            for key in ("title", "summary", "status", "language")
            if key in details
        }
        update_if_unchanged(
            InitiativePlan,
            self.pk,
            "details_version",
            expected_version,
            _(
                "Someone else saved this plan's details while you were editing. Your text is "
                "still in the form: compare it with what they saved, then save again."
            ),
            **fields,
            updated_at=timezone.now(),
            **next_revision(),
        )
        self.tags.set(details["tags"])
        self.refresh_from_db(
            fields=["title", "summary", "status", "language", "details_version", "updated_at"]
        )

    @transaction.atomic
    def delete_by(self, user):
        """Delete the plan if `user` still manages it, read under lock: it may have changed
        hands (its owner's account deleted) since the page was opened. Its parts, their history
        and its share links go with it (erase_plan_history)."""
        locked = InitiativePlan.objects.select_for_update().filter(pk=self.pk).first()
        if locked is None or not locked.can_manage(user):
            raise PlanGoneError(_("This plan has been deleted or is no longer yours."))
        locked.delete()

    @transaction.atomic
    def part(self, kind):
        """The plan's part for a step, created empty on first use (never for a deleted plan)."""
        if not InitiativePlan.objects.select_for_update().filter(pk=self.pk).exists():
            raise PlanGoneError(_("This plan has been deleted."))
        part, _created = PlanPart.objects.get_or_create(plan=self, kind=kind)
        return part

    def progress(self):
        """(filled parts, all parts): a part counts once it holds any text."""
        filled = sum(1 for part in self.parts.all() if not part.is_empty)
        return filled, len(PlanPart.Kind.values)

    @transaction.atomic
    def duplicate(self, owner):
        # The copy's title is plan text too: "Copy of" in the plan's language, where known.
        with translation.override(self.language or translation.get_language()):
            title = str(_("Copy of %(title)s") % {"title": self.title})
        copy = InitiativePlan.objects.create(
            owner=owner,
            title=title,
            summary=self.summary,
            language=self.language,  # the same text, in the same language
        )
        copy.tags.set(list(self.tags.all()))
        for part in self.parts.all():
            PlanPart.objects.create(plan=copy, kind=part.kind, data=part.data, updated_by=owner)
        return copy


class PlanPart(models.Model):
    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research target groups")
        STAKEHOLDERS = "stakeholders", _("Identify stakeholders and allies")
        ENTRY_POINTS = "entry_points", _("Identify relevant topics and entry points")
        STRATEGY = "strategy", _("Develop a strategic approach")
        FUNDING = "funding", _("Secure funding and resources")
        CHALLENGES = "challenges", _("Planning for challenges")

    plan = models.ForeignKey(InitiativePlan, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(_("step"), max_length=20, choices=Kind)
    data = models.JSONField(_("content"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "kind"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="one_part_per_step")]
        verbose_name = _("plan part")
        verbose_name_plural = _("plan parts")

    def __str__(self):
        return f"{self.plan}: {self.get_kind_display()}"

    @property
    def is_empty(self):
        return not any(_has_text(value) for value in self.data.values())

    # Saves by one person in a row, each within SESSION_GAP of the last and all within
    # SESSION_LENGTH, are kept as one version: autosave stores every pause in typing, and a
    # history of single sentences reads like noise. A restored version stands on its own.
    SESSION_GAP = timedelta(minutes=5)
    SESSION_LENGTH = timedelta(minutes=30)
    RESTORED = "restored"

    def save_edit(self, data, expected_version, user, restored=False):
        """Store `data` if nobody saved since `expected_version`; else raise StaleEditError."""
        with transaction.atomic():
            current = self._locked()
            if current.version != expected_version:
                raise StaleEditError(
                    _(
                        "Someone else saved this step while you were editing. Your text is "
                        "still in the form below: compare it with theirs, then save again."
                    )
                )
            self._store(data, current.version + 1, user, restored)

    def save_merged(self, mine, base_version, user, list_keys):
        """Store `mine`, typed on the part as it was at `base_version`, merged with what others
        saved since (planner/merge.py): their changes to fields `mine` left alone are kept.
        Fields both changed keep the saved text and come back as the Merge's conflicts."""
        with transaction.atomic():
            current = self._locked()
            if current.version == base_version:
                merged = Merge(data=mine)
            else:
                # A version from the future comes from a hand-made form: with nothing known
                # of where it started, every field both hold differently is a conflict.
                known = base_version < current.version
                base = self.data_at(base_version) if known else {}
                merged = merge(base, mine, current.data, list_keys)
            self._store(merged.data, current.version + 1, user)
            return merged

    def _locked(self):
        """The part as saved now, locked until the transaction ends (SQLite: the whole database,
        as settings open every transaction IMMEDIATE)."""
        current = PlanPart.objects.select_for_update().filter(pk=self.pk).first()
        if current is None:
            raise PlanGoneError(_("This plan has been deleted in the meantime."))
        return current

    def data_at(self, version):
        """The data as it was at `version`, the starting point of a merge: exact from the
        recent versions (MergeBase); for a form kept open longer, the newest version of the
        history at or before it (history folds sessions, so that may be older: then more
        fields count as changed, and a change may come back as a conflict, never be dropped)."""
        base = self.merge_bases.filter(version=version).first()
        if base is not None:
            return base.data
        record = (
            self.history.filter(version__lte=version).order_by("-version", "-history_id").first()
        )
        return record.data if record is not None else {}

    def _store(self, data, version, user, restored=False):
        now = timezone.now()
        session = None if restored else self._open_session(user, now)
        self.data, self.version, self.updated_by = data, version, user
        if session is not None:
            self.skip_history_when_saving = True
        elif restored:
            self._change_reason = self.RESTORED
        try:
            self.save(update_fields=["data", "version", "updated_by", "updated_at"])
        finally:
            self.__dict__.pop("skip_history_when_saving", None)
            self.__dict__.pop("_change_reason", None)
        if session is not None:
            # The session's record takes the newest text; its history_date stays the time the
            # session began, its updated_at says when it ended.
            type(session).objects.filter(pk=session.pk).update(
                data=data, version=version, updated_at=self.updated_at
            )
        MergeBase.keep(self, version, data, now)

    def _open_session(self, user, now):
        """The newest version, if `user` is still in the session that made it."""
        latest = self.history.order_by("-history_id").first()
        if (
            latest is None
            or user is None
            or latest.updated_by_id != user.pk
            or latest.history_change_reason == self.RESTORED
            or latest.history_type == "+"
        ):
            return None
        if now - latest.updated_at > self.SESSION_GAP:
            return None
        if now - latest.history_date > self.SESSION_LENGTH:
            return None
        return latest

    def restore(self, historical_record, user, field_name=None):
        """Make an earlier version the current one (or only its `field_name`), as a new edit
        that history keeps too."""
        if historical_record.id != self.pk:
            raise NotThisPartError
        data = historical_record.data
        if field_name is not None:
            data = {**self.data, field_name: historical_record.data.get(field_name)}
        self.save_edit(data, self.version, user, restored=True)


class MergeBase(models.Model):
    """What a part held at each of its recent versions: where a form loaded at that version
    started, for merging its save (PlanPart.save_merged). The history cannot say, since it folds
    a session's saves into one version. Kept for KEPT_FOR, long enough for any form left open."""

    KEPT_FOR = timedelta(days=3)
    # Bases older than KEPT_FOR are dropped when a part's version is a multiple of this: a
    # DELETE on every save was one statement more per autosave, and a part's bases only pile
    # up as it is saved. Old bases lingering a little longer are harmless.
    PRUNE_EVERY = 20

    part = models.ForeignKey("PlanPart", on_delete=models.CASCADE, related_name="merge_bases")
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["part", "version"], name="one_merge_base_per_version")
        ]

    def __str__(self):
        return f"{self.part_id} v{self.version}"

    @classmethod
    def keep(cls, part, version, data, now):
        cls.objects.create(part=part, version=version, data=data, saved_at=now)
        if version % cls.PRUNE_EVERY == 0:
            cls.objects.filter(part=part, saved_at__lt=now - cls.KEPT_FOR).delete()


def _has_text(value):
    if isinstance(value, dict):
        return any(_has_text(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_text(v) for v in value)
    return value not in (None, "", False)


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ShareLink(models.Model):
    """Read-only access to one plan for whoever holds the token; revocable, may expire."""

    plan = models.ForeignKey(InitiativePlan, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.plan} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return unprefixed_reverse("planner:shared_plan", token=self.token)

    @classmethod
    @transaction.atomic
    def create_for(cls, plan, created_by, expires_in_days=None):
        """A new link; it works until revoked, or for `expires_in_days` days."""
        if not InitiativePlan.objects.select_for_update().filter(pk=plan.pk).exists():
            raise PlanGoneError(_("This plan has been deleted."))
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        return cls.objects.create(plan=plan, created_by=created_by, expires_at=expires_at)

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_active else "expired"

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


@receiver(post_delete, sender=InitiativePlan)
def erase_plan_history(sender, instance, **kwargs):
    """A deleted plan leaves no text behind: simple-history keeps the rows of deleted parts
    (and adds one holding the last text), so they go with the plan, whoever deletes it; so do
    tags no other plan uses (people write them too), and the reasons given for keeping the
    self-check's findings."""
    PlanPart.history.filter(plan_id=instance.pk).delete()
    CheckAcknowledgement.history.filter(plan_id=instance.pk).delete()
    PlanTag.objects.filter(tagged_plans__isnull=True).delete()


class PlanInspection(models.Model):
    """A look at a plan by a site operator (inspect_plan permission), shown to the plan's owner."""

    plan = models.ForeignKey(InitiativePlan, on_delete=models.CASCADE, related_name="inspections")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    inspector_name = models.CharField(_("operator"), max_length=150)
    what = models.CharField(_("what was looked at"), max_length=200)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("look at a plan by an operator")
        verbose_name_plural = _("looks at plans by operators")

    def __str__(self):
        return f"{self.inspector_name}: {self.plan_id} ({self.what})"

    @classmethod
    def record(cls, plan, user, what):
        return cls.objects.create(
            plan=plan, inspector=user, inspector_name=user.get_username(), what=str(what)[:200]
        )


# --- Accountable plans (issue 13) ---------------------------------------------------------
# Self-check: findings acknowledged with a reason.


class CheckAcknowledgement(models.Model):
    """A finding of the plan's self-check (planner/check.py) that the plan's team looked at and
    keeps, saying why. History keeps every acknowledgement and its withdrawal."""

    plan = models.ForeignKey(
        InitiativePlan, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    rule = models.CharField(_("finding"), max_length=60)
    reason = models.TextField(_("reason"), max_length=1000)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)
    history = HistoricalRecords()
    # Set by the services, so that history names who acknowledged or withdrew also outside a
    # request (simple-history reads it; in a request its middleware knows the user anyway).
    _history_user: object

    class Meta:
        ordering = ["plan", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "rule"], name="one_acknowledgement_per_finding")
        ]
        verbose_name = _("acknowledged finding")
        verbose_name_plural = _("acknowledged findings")

    def __str__(self):
        return f"{self.plan_id}: {self.rule}"


# Accountability reviews by partner organisations.


class ReviewClosedError(PlannerError):
    """The review link was revoked or expired, or its review is already submitted."""


class ReviewRequestQuerySet(ShareLinkQuerySet):
    def usable(self):
        """Links a reviewer can still open: neither revoked nor expired (a share link's rule;
        a review link always expires)."""
        return self.active()


class ReviewRequest(models.Model):
    """A plan's owner asks a partner organisation (the toolkit: women gender activists and
    women's rights organisations) to review the plan, by a link that needs no account. The
    link gives one Review; it expires and can be revoked, and a submitted review outlives it."""

    plan = models.ForeignKey(
        InitiativePlan, on_delete=models.CASCADE, related_name="review_requests"
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The review stays when the account that asked for it goes.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")

    def __str__(self):
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return unprefixed_reverse("planner:review", token=self.token)

    @classmethod
    @transaction.atomic
    def create_for(cls, plan, organisation, email, created_by, expires_in_days):
        if not InitiativePlan.objects.select_for_update().filter(pk=plan.pk).exists():
            raise PlanGoneError(_("This plan has been deleted."))
        return cls.objects.create(
            plan=plan,
            organisation=organisation,
            email=email,
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=expires_in_days),
        )

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        return "open" if self.is_usable else "expired"

    def revoke(self):
        """Close the link; a review submitted through it stays. True if this closed it.

        One conditional UPDATE: it waits for a submission holding the row (save_review), so
        the two are decided one after the other."""
        revoked = ReviewRequest.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            plans_changed(pk=self.plan_id)
        return bool(revoked)

    @transaction.atomic
    def save_review(self, assessment, overall, comments, submit):
        """Store the reviewer's draft (assessment, overall text, comments as dicts with kind,
        field_name and text), and with `submit` submit it. The link is read under lock: a
        revoke at the same moment lands either before (refused) or after (the review stays)."""
        locked = ReviewRequest.objects.select_for_update().filter(pk=self.pk).first()
        if locked is None or not locked.is_usable:
            raise ReviewClosedError(_("This review link was revoked or has expired."))
        review, _created = Review.objects.get_or_create(request=locked)
        if review.submitted_at is not None:
            raise ReviewClosedError(_("This review has already been submitted."))
        review.assessment, review.overall = assessment, overall
        if submit:
            review.submitted_at = timezone.now()
        review.save()  # counts the change to the plan's pages
        # A draft is the reviewer's alone until submitted: its comments are simply replaced.
        with counted_already():
            review.comments.all().delete()
        ReviewComment.objects.bulk_create(
            ReviewComment(review=review, position=n, **comment)
            for n, comment in enumerate(comments)
        )
        return review


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Review(models.Model):
    """What the partner organisation says of the plan: an overall assessment and comments on
    its steps. Seen by the plan's team once submitted."""

    class Assessment(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        CONCERNS = "concerns", _("Concerns")
        SERIOUS_CONCERNS = "serious_concerns", _("Serious concerns")

    request = models.OneToOneField(ReviewRequest, on_delete=models.CASCADE, related_name="review")
    assessment = models.CharField(
        _("overall assessment"), max_length=20, choices=Assessment, blank=True
    )
    overall = models.TextField(_("overall comment"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    # Set by selectors.plan_reviews for reading: the steps commented on (StepSpec, comments),
    # and how many comments are not resolved yet.
    steps: list[tuple[object, list["ReviewComment"]]]
    open_count: int

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.request.organisation}: {self.get_assessment_display()}"


class ReviewComment(models.Model):
    """A reviewer's comment on one step (and maybe one of its fields), answered by the team and
    resolved with what they changed."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("step"), max_length=20, choices=PlanPart.Kind)
    field_name = models.CharField(_("field"), max_length=50, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.TextField(_("what we changed"), max_length=5000, blank=True)

    # Set by selectors.labelled_comments for reading: the StepSpec and the field's label.
    step: object = None
    field_label: str = ""

    class Meta:
        ordering = ["review", "position", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return f"{self.review_id}: {self.get_kind_display()}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    def resolve(self, by, note):
        """Mark resolved with what was changed; True if this resolved it. One conditional
        UPDATE, so two people resolving at once cannot both write their note."""
        now = timezone.now()
        done = ReviewComment.objects.filter(pk=self.pk, resolved_at__isnull=True).update(
            resolved_by=by, resolved_at=now, resolution=note
        )
        if done:
            self.resolved_by, self.resolved_at, self.resolution = by, now, note
            plans_changed(review_requests__review__comments=self.pk)
        return bool(done)


class ReviewReply(models.Model):
    """The plan's team answering a reviewer's comment."""

    comment = models.ForeignKey(ReviewComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=5000)
    created_at = models.DateTimeField(_("replied"), auto_now_add=True)

    class Meta:
        ordering = ["comment", "created_at", "pk"]
        verbose_name = _("reply to a review comment")
        verbose_name_plural = _("replies to review comments")

    def __str__(self):
        return f"{self.comment_id}: {self.created_at:%Y-%m-%d}"


# The ACT log: activities held and reflections.


class LogClosedError(PlannerError):
    """The plan's log takes no entries now: the plan is a draft, archived or an example."""


class LogEntryGoneError(PlannerError):
    """The activity was deleted while someone was editing it."""


# Participants are counted per age band, one column each: totals and the chart are plain
# sums. (field name, label), youngest first, the order of every table and the chart's stack.
AGE_BANDS = [
    ("participants_under_15", _("Under 15")),
    ("participants_15_17", _("15–17")),
    ("participants_18_24", _("18–24")),
    ("participants_25_35", _("25–35")),
    ("participants_over_35", _("Over 35")),
]


def participants_field(label):
    return models.PositiveIntegerField(label, default=0)


# A plan's log takes entries from "in progress" on: its team is acting on it. A draft is not
# acted on yet; an archived plan's log is kept as it was; an example's is never written.
LOG_OPEN_STATUSES = {
    InitiativePlan.Status.IN_PROGRESS,
    InitiativePlan.Status.READY,
    InitiativePlan.Status.DONE,
}


def log_is_open(plan):
    return not plan.is_example and plan.status in LOG_OPEN_STATUSES


def lock_open_log(plan):
    """The plan as it is now, locked until the transaction ends, if its log takes entries: a
    status changed meanwhile (archived, back to draft) is read as it is, not as the page was."""
    locked = InitiativePlan.objects.select_for_update().filter(pk=plan.pk).first()
    if locked is None:
        raise PlanGoneError(_("This plan has been deleted in the meantime."))
    if not log_is_open(locked):
        raise LogClosedError(
            _("This plan's log takes entries only while the plan is in progress, ready or done.")
        )
    return locked


@transaction.atomic
def open_log(plan, expected_version):
    """Mark a draft plan as in progress (its log opens), if nobody saved its details since
    `expected_version`; a plan already past draft is left as it is."""
    if not InitiativePlan.objects.filter(pk=plan.pk, status=InitiativePlan.Status.DRAFT).exists():
        if not InitiativePlan.objects.filter(pk=plan.pk).exists():
            raise PlanGoneError(_("This plan has been deleted in the meantime."))
        return
    update_if_unchanged(
        InitiativePlan,
        plan.pk,
        "details_version",
        expected_version,
        _(
            "Someone else saved this plan's details since you opened this page. Look at its "
            "status now, then try again."
        ),
        status=InitiativePlan.Status.IN_PROGRESS,
        updated_at=timezone.now(),
        **next_revision(),
    )


class LoggedActivity(models.Model):
    """An activity the plan's team held, logged in ACT: who came, what worked, the resistance
    met (the toolkit's reasons) and how many were referred to support services: a number only,
    never who (the log is plan text, read by the whole network)."""

    class Kind(models.TextChoices):
        # Step 4's methods (StrategyForm.METHODS) and the formats ACT names.
        DISCUSSION = "discussion", _("Discussion")
        DIALOGUE_GROUP = "dialogue_group", _("Dialogue group")
        TRAINING = "training", _("Training")
        PEER_EDUCATION = "peer_education", _("Peer education")
        SPORTS = "sports", _("Sports")
        ONLINE = "online", _("Online session")
        MEDIA_CAMPAIGN = "media_campaign", _("Media campaign")
        SOCIAL_MEDIA_CAMPAIGN = "social_media_campaign", _("Social media campaign")
        COMMUNITY_EVENT = "community_event", _("Community event")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        InitiativePlan, on_delete=models.CASCADE, related_name="logged_activities"
    )
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind of activity"), max_length=30, choices=Kind)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants_under_15 = participants_field(_("participants under 15"))
    participants_15_17 = participants_field(_("participants aged 15–17"))
    participants_18_24 = participants_field(_("participants aged 18–24"))
    participants_25_35 = participants_field(_("participants aged 25–35"))
    participants_over_35 = participants_field(_("participants over 35"))
    what_worked = models.TextField(_("what worked"), max_length=5000, blank=True)
    # ResistanceReason pks, like the challenges step's resistance_reasons.
    resistance_reasons = models.JSONField(_("resistance met"), default=list, blank=True)
    referrals_made = models.PositiveIntegerField(_("referrals made"), default=0)
    reflection = models.TextField(_("reflection"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Like a part's version: a stale edit is refused instead of overwriting a newer one.
    version = models.PositiveIntegerField(_("version"), default=0)
    # For reading, set by selectors.label_activities: the texts of the reasons met.
    reasons_met: list[str]

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("logged activity")
        verbose_name_plural = _("logged activities")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d}: {self.get_kind_display()}"

    @property
    def participants(self):
        return sum(getattr(self, name) for name, _label in AGE_BANDS)

    def participants_by_band(self):
        return [(label, getattr(self, name)) for name, label in AGE_BANDS]

    @classmethod
    @transaction.atomic
    def log(cls, plan, values, by):
        lock_open_log(plan)
        return cls.objects.create(plan=plan, created_by=by, **values)

    @transaction.atomic
    def edit(self, values, expected_version):
        lock_open_log(self.plan)
        self.save_edit(values, expected_version)

    @transaction.atomic
    def delete_from_log(self):
        """Delete the entry while the log is open; deleted already counts as done."""
        lock_open_log(self.plan)
        LoggedActivity.objects.filter(pk=self.pk).delete()

    def save_edit(self, values, expected_version):
        """Store `values` if nobody saved this entry since `expected_version`: one conditional
        UPDATE, so two edits from the same version cannot both land."""
        current = LoggedActivity.objects.filter(pk=self.pk, version=expected_version)
        if current.update(**values, version=F("version") + 1, updated_at=timezone.now()):
            plans_changed(pk=self.plan_id)
            self.refresh_from_db()
            return
        if not LoggedActivity.objects.filter(pk=self.pk).exists():
            raise LogEntryGoneError(_("This activity was deleted in the meantime."))
        raise StaleEditError(
            _(
                "Someone else saved this activity while you were editing. Your text is still "
                "in the form: compare it with what they saved, then save again."
            )
        )


class Reflection(models.Model):
    """A periodic self-reflection of the plan's team: answers to the toolkit's own prompts (the
    THINK exercise's questions, by ExercisePrompt pk) and what they take from them."""

    plan = models.ForeignKey(InitiativePlan, on_delete=models.CASCADE, related_name="reflections")
    written_on = models.DateField(_("written on"))
    # {str(ExercisePrompt pk): answer}; a prompt later removed from the toolkit keeps its answer.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("what we take from it"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # For reading, set by selectors.with_answers: (the toolkit's question, the answer) pairs.
    answered: list[tuple[str, str]]

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self):
        return f"{self.plan_id}: {self.written_on:%Y-%m-%d}"

    @classmethod
    @transaction.atomic
    def write(cls, plan, written_on, answers, notes, by):
        lock_open_log(plan)
        return cls.objects.create(
            plan=plan, written_on=written_on, answers=answers, notes=notes, author=by
        )

    @transaction.atomic
    def delete_from_log(self):
        lock_open_log(self.plan)
        Reflection.objects.filter(pk=self.pk).delete()


# --- Revisions: every change a plan's pages show counts (InitiativePlan.revision) ------------
# Saves and deletes through the ORM, the admin's included, come through these receivers; the
# conditional UPDATEs above bump the revision themselves (next_revision, plans_changed). The
# receivers run after the write, in its transaction: a page read before the bump is of the old
# revision, and one read after it sees the write.


_COUNTED_ALREADY = contextvars.ContextVar("plan_revision_counted_already", default=False)


@contextlib.contextmanager
def counted_already():
    """Rows written in this block belong to plans whose revision the caller has moved on in the
    same transaction (a reviewer's draft replacing its comments, after the review's own save):
    no UPDATE per row."""
    token = _COUNTED_ALREADY.set(True)
    try:
        yield
    finally:
        _COUNTED_ALREADY.reset(token)


def _counted_elsewhere(signal_kwargs):
    """A row deleted with its plan (nothing is left to show) or with an account (whose
    pre_delete receiver, _account_deleted, counted every plan the account is on), or written
    in a counted_already() block: no UPDATE per row."""
    if _COUNTED_ALREADY.get():
        return True
    origin = signal_kwargs.get("origin")
    origin_model = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    return origin_model is InitiativePlan or origin_model is get_user_model()


# Each kind of row, and how its plan is found from it: the lookup from the plan and the row's
# attribute that names the other end.
_PLAN_OF_ROW = {
    ShareLink: ("pk", "plan_id"),
    PlanInspection: ("pk", "plan_id"),
    CheckAcknowledgement: ("pk", "plan_id"),
    ReviewRequest: ("pk", "plan_id"),
    LoggedActivity: ("pk", "plan_id"),
    Reflection: ("pk", "plan_id"),
    TaggedPlan: ("pk", "content_object_id"),
    Review: ("review_requests", "request_id"),
    ReviewComment: ("review_requests__review", "review_id"),
    ReviewReply: ("review_requests__review__comments", "comment_id"),
}


def _row_changed(sender, instance, **kwargs):
    if _counted_elsewhere(kwargs):
        return
    lookup, attribute = _PLAN_OF_ROW[sender]
    plans_changed(**{lookup: getattr(instance, attribute)})


for _model in _PLAN_OF_ROW:
    for _signal in (post_save, post_delete):
        _signal.connect(_row_changed, sender=_model, dispatch_uid=f"revision-{_model.__name__}")


@receiver(post_save, sender=PlanPart, dispatch_uid="revision-PlanPart")
@receiver(post_delete, sender=PlanPart, dispatch_uid="revision-PlanPart")
def _part_changed(sender, instance, created=False, **kwargs):
    if _counted_elsewhere(kwargs):
        return
    # A changed step is a change to the plan: its time, as the plan list shows it, too. A step
    # made empty, before its first save is checked (InitiativePlan.part), is not yet one.
    touched = {} if created else {"updated_at": timezone.now()}
    InitiativePlan.objects.filter(pk=instance.plan_id).update(**touched, **next_revision())


@receiver(post_save, sender=Network, dispatch_uid="revision-Network")
def _network_renamed(sender, instance, created, **kwargs):
    # Its name is on the pages of the plans shared with it.
    if not created:
        plans_changed(network=instance)


@receiver(pre_delete, sender=Network, dispatch_uid="revision-Network-deleted")
def _network_deleted(sender, instance, **kwargs):
    # Its plans become private by an UPDATE no receiver hears; counted here, in that transaction.
    plans_changed(network=instance)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="revision-user-deleted")
def _account_deleted(sender, instance, **kwargs):
    # The plans a deleted account is named on: their owner changes, or "a former member" takes
    # its name, by UPDATEs no receiver hears (plan_owner_deleted, SET_NULL).
    # One semi-join per kind of row, each on its own index (joined together under one OR,
    # they would walk every plan's rows multiplied).
    user = instance
    named = Q(owner=user)
    for rows, plan in (
        (PlanPart.objects.filter(updated_by=user), "plan_id"),
        (LoggedActivity.objects.filter(created_by=user), "plan_id"),
        (Reflection.objects.filter(author=user), "plan_id"),
        (CheckAcknowledgement.objects.filter(acknowledged_by=user), "plan_id"),
        (ReviewComment.objects.filter(resolved_by=user), "review__request__plan_id"),
        (ReviewReply.objects.filter(author=user), "comment__review__request__plan_id"),
    ):
        named |= Q(pk__in=rows.values(plan))
    plans_changed(named)
