"""What every test package shares: a clean start for each test, the toolkit's content for the
tests that need it, and the fixed cast of users that every protected view is tried by.

The cast:
- anonymous: not logged in
- outsider: logged in, no relation to the plan or network
- viewer, editor, organiser: members of `network` with that role
- owner: owns `plan`, which is shared with `network`
- staff: site staff who edit the toolkit's content in the admin; staff status and content
  permissions give no planner rights, so to the planner they are outsiders
Log in with `client.force_login(user)` (django-axes needs a request for `client.login`).
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from core import page_cache
from planner.models import InitiativePlan, Membership, Network, PlanPart


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
    for alias in ("default", "plan_parts", "plan_pages", "shared"):
        caches[alias].clear()
    page_cache.forget_held_stamp()


@pytest.fixture
def toolkit_content(db):
    """The toolkit's real content, as a fresh install loads it."""
    call_command("loaddata", "toolkit", verbosity=0)


@pytest.fixture
def all_content(db):
    """Every content app's fixtures (toolkit and annexes), as `make run` loads them."""
    call_command("load_content", verbosity=0)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "staff", password="staff-password", is_staff=True, is_superuser=True
    )


@pytest.fixture
def plain_user(django_user_model):
    return django_user_model.objects.create_user("reader", password="reader-password")


# --- The cast ---------------------------------------------------------------------------------


@pytest.fixture
def make_user(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password=f"{username}-password", **extra
        )

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner")


@pytest.fixture
def outsider(make_user):
    return make_user("outsider")


@pytest.fixture
def staff(make_user):
    from django.contrib.auth.models import Permission

    user = make_user("staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="toolkit"))
    return user


@pytest.fixture
def network(owner):
    network = Network.objects.create(name="Youth Network", slug="youth-network")
    network.add_member(owner, Membership.Role.ORGANISER)
    return network


@pytest.fixture
def organiser(network, make_user):
    user = make_user("organiser")
    network.add_member(user, Membership.Role.ORGANISER)
    return user


@pytest.fixture
def editor(network, make_user):
    user = make_user("editor")
    network.add_member(user, Membership.Role.EDITOR)
    return user


@pytest.fixture
def viewer(network, make_user):
    user = make_user("viewer")
    network.add_member(user, Membership.Role.VIEWER)
    return user


@pytest.fixture
def plan(owner, network):
    plan = InitiativePlan.objects.create(
        owner=owner, network=network, title="Fathers' football evenings", summary="A season."
    )
    PlanPart.objects.create(
        plan=plan,
        kind=PlanPart.Kind.RESEARCH,
        data={"age": "18-25", "barriers": "Shift work"},
    )
    return plan


@pytest.fixture
def cast(owner, outsider, staff, organiser, editor, viewer):
    """Every logged-in role by name; `None` stands for anonymous."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "viewer": viewer,
        "editor": editor,
        "organiser": organiser,
        "owner": owner,
        "staff": staff,
    }
