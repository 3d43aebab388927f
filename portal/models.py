from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountPreferences(models.Model):
    """What a person chose for their account: the interface language and the time zone times
    are shown in. Blank means not chosen: the browser's language, the site's zone
    (settings.PORTAL_TIME_ZONE). portal/preferences.py reads and writes them.

    No choices on the fields: the offered languages and the zone database change without a
    migration, so values are checked where they are chosen, and a stale one is ignored.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=16, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("account preferences")
        verbose_name_plural = _("account preferences")

    def __str__(self):
        return str(self.user)
