from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    autocomplete_fields = ["user"]
    extra = 0


class InvitationInline(admin.TabularInline):
    model = models.Invitation
    fields = ["role", "created_by", "created_at", "expires_at", "accepted_by", "accepted_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(models.Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, InvitationInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "joined_at"]
    list_filter = ["role", "network"]
    search_fields = ["user__username", "network__name"]
    list_select_related = ["user", "network"]


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["network", "role", "created_by", "expires_at", "accepted_by"]
    list_filter = ["role", "network"]
    list_select_related = ["network", "created_by", "accepted_by"]


class PlanPartInline(admin.StackedInline):
    model = models.PlanPart
    fields = ["kind", "data", "version", "updated_by", "updated_at"]
    readonly_fields = ["updated_at"]
    extra = 0


class ShareLinkInline(admin.TabularInline):
    model = models.ShareLink
    fields = ["created_by", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(models.InitiativePlan)
class InitiativePlanAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "network", "status", "is_example", "updated_at"]
    list_filter = ["status", "is_example", "network"]
    search_fields = ["title", "summary", "owner__username"]
    list_select_related = ["owner", "network"]
    inlines = [PlanPartInline, ShareLinkInline]


@admin.register(models.PlanPart)
class PlanPartAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "kind", "version", "updated_by", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["plan__title"]
    list_select_related = ["plan", "updated_by"]


@admin.register(models.ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["plan", "created_by", "created_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["plan", "created_by"]
