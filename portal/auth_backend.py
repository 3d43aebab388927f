"""How a logged-in reader is loaded on every request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# The path sessions record for a log-in by password (settings.AUTHENTICATION_BACKENDS).
ACCOUNT_BACKEND = "portal.auth_backend.AccountBackend"


class AccountBackend(ModelBackend):
    """Django's model backend, which loads the reader's preferences with the user: every
    request of a logged-in reader needs their time zone (portal/preferences.py), and one
    query costs less than two."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("preferences").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
