"""The fixed cast of the planner's tests: every protected view is tried by each of them.

- anonymous: not logged in
- outsider: logged in, no relation to the plan or network
- viewer, editor, organiser: members of `network` with that role
- owner: owns `plan`, which is shared with `network`
- staff: site staff who edit the toolkit's content in the admin; staff status and content
  permissions give no planner rights, so to the planner they are outsiders
Log in with `client.force_login(user)` (django-axes needs a request for `client.login`).
"""

import pytest

from planner.models import InitiativePlan, Membership, Network, PlanPart


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
def private_plan(owner):
    return InitiativePlan.objects.create(owner=owner, title="Private draft")


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
