"""The planner in the admin: networks to tidy up, plans only for operators who handle abuse reports.

Staff status and the usual model permissions give no sight of plans: the plan pages need the
`planner.inspect_plan` permission, granted per user, and every look at a plan is recorded
(PlanInspection) and shown to the plan's owner. Nothing the site's rules guard (versions of
parts, the last organiser, single-use invitations) is edited here: memberships, invitations,
parts and links are read-only inlines, and the only writes are deletions, whose effects the
models' on_delete rules decide. (Memberships and invitations have no admin of their own: a
registered model whose deletion the admin forbids would forbid deleting a user or network too.)
"""

from django.contrib import admin
from django.utils.translation import gettext_noop

from . import models

INSPECT = "planner.inspect_plan"


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    model = models.Membership
    fields = ["user", "role", "joined_at"]


class InvitationInline(ReadOnlyInline):
    model = models.Invitation
    fields = ["role", "created_by", "created_at", "expires_at", "accepted_by", "revoked_at"]


@admin.register(models.Network)
class NetworkAdmin(admin.ModelAdmin):
    """Name and description may be corrected; members and roles change only on the site, where
    the last-organiser rule holds. A network is created on the site, by its first organiser."""

    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["slug"]
    inlines = [MembershipInline, InvitationInline]

    def has_add_permission(self, request):
        return False


class PlanInline(ReadOnlyInline):
    """What is shown with a plan is seen with the plan's own permission."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(INSPECT)


class PlanPartInline(PlanInline):
    model = models.PlanPart
    fields = ["kind", "data", "version", "updated_by", "updated_at"]


class ShareLinkInline(PlanInline):
    model = models.ShareLink
    fields = ["created_by", "created_at", "expires_at", "revoked_at"]


class CheckAcknowledgementInline(PlanInline):
    model = models.CheckAcknowledgement
    fields = ["rule", "reason", "acknowledged_by", "acknowledged_at"]


class LoggedActivityInline(PlanInline):
    """The ACT log is plan text: seen with the plan, edited only on the site (versions)."""

    model = models.LoggedActivity
    fields = ["held_on", "kind", "place", "referrals_made", "what_worked", "created_by", "version"]


class ReflectionInline(PlanInline):
    model = models.Reflection
    fields = ["written_on", "answers", "notes", "author"]


class ReviewRequestInline(PlanInline):
    """Who was asked to review the plan; the review itself is in Reviews (also inspect_plan)."""

    model = models.ReviewRequest
    fields = ["organisation", "email", "created_by", "created_at", "expires_at", "revoked_at"]


class PlanInspectionInline(PlanInline):
    model = models.PlanInspection
    fields = ["at", "inspector_name", "what"]


@admin.register(models.InitiativePlan)
class InitiativePlanAdmin(admin.ModelAdmin):
    # The list shows no titles: a title is already content, and only opening a plan (each look
    # recorded) shows what it says. Operators find the plan of a report by its id or owner.
    list_display = ["id", "owner", "network", "status", "is_example", "language", "updated_at"]
    # An example translated from another says whether a native speaker has reviewed it.
    list_filter = ["status", "is_example", "language", "translation_status"]
    search_fields = ["=id", "owner__username"]
    list_select_related = ["owner", "network"]
    inlines = [
        PlanPartInline,
        CheckAcknowledgementInline,
        ShareLinkInline,
        ReviewRequestInline,
        LoggedActivityInline,
        ReflectionInline,
        PlanInspectionInline,
    ]

    def has_module_permission(self, request):
        return request.user.has_perm(INSPECT)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(INSPECT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # plans are written on the site, where versions guard every save

    def has_delete_permission(self, request, obj=None):
        # Removing an abusive plan: its parts, history and share links go with it.
        return request.user.has_perm(INSPECT) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Stored untranslated, shown in the owner's language.
        self._record_look(request, response, gettext_noop("the plan's page in the admin"))
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        self._record_look(request, response, gettext_noop("the admin's page to delete the plan"))
        return response

    def _record_look(self, request, response, what):
        plan = getattr(response, "context_data", {}).get("object") or getattr(
            response, "context_data", {}
        ).get("original")
        if request.method == "GET" and response.status_code == 200 and plan is not None:
            models.PlanInspection.record(plan, request.user, what)


class ReviewCommentInline(PlanInline):
    model = models.ReviewComment
    fields = ["kind", "field_name", "text", "resolved_by", "resolved_at", "resolution"]


@admin.register(models.Review)
class ReviewAdmin(admin.ModelAdmin):
    """A partner organisation's review is about a plan and seen like it: with inspect_plan only,
    each look recorded for the plan's owner. Read-only; deleting removes an abusive one."""

    list_display = ["id", "request", "assessment", "submitted_at"]
    list_filter = ["assessment"]
    search_fields = ["=request__plan__id"]
    list_select_related = ["request"]
    fields = ["request", "assessment", "overall", "submitted_at"]
    inlines = [ReviewCommentInline]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_module_permission(self, request):
        return request.user.has_perm(INSPECT)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(INSPECT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(INSPECT) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        review = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and review is not None:
            what = gettext_noop("a review of the plan in the admin")
            models.PlanInspection.record(review.request.plan, request.user, what)
        return response
