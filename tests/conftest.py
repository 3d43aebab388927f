import pytest
from django.core.management import call_command


@pytest.fixture
def toolkit_content(db):
    """The toolkit's real content, as a fresh install loads it."""
    call_command("loaddata", "toolkit", verbosity=0)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "staff", password="staff-password", is_staff=True, is_superuser=True
    )


@pytest.fixture
def plain_user(django_user_model):
    return django_user_model.objects.create_user("reader", password="reader-password")
