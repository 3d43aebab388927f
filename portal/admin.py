from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from planner.services import delete_account

User = get_user_model()


class PortalUserAdmin(UserAdmin):
    """Accounts deleted in the admin go the way a user's own deletion does (planner.services)."""

    def delete_model(self, request, obj):
        delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            delete_account(user)


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
