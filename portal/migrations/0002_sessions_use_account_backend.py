"""Sessions logged in before portal.auth_backend.AccountBackend existed name Django's model
backend, which is no longer configured: Django would log them out. They are moved to the
account backend (and back, if this is reversed), so a deploy that migrates before it serves
logs no one out. Expired sessions are left as they are."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ACCOUNT_BACKEND = "portal.auth_backend.AccountBackend"


def _move(apps, old, new):
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    _move(apps, MODEL_BACKEND, ACCOUNT_BACKEND)


def backwards(apps, schema_editor):
    _move(apps, ACCOUNT_BACKEND, MODEL_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_account_preferences"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
