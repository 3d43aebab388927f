import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts in English: a request in Russian leaves Russian active in this thread,
    and loading fixtures then would store their English as the Russian (modeltranslation)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with no kept pages: the database under them is new too."""
    for alias in ("default", "shared"):
        caches[alias].clear()


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


@pytest.fixture
def all_content(db):
    """Every content app's fixtures (toolkit and annexes), as `make run` loads them."""
    call_command("load_content", verbosity=0)
