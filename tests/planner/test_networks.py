import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import InitiativePlan, Invitation, Membership, Network

pytestmark = pytest.mark.django_db

Role = Membership.Role
EVERYONE = ["anonymous", "outsider", "viewer", "editor", "organiser", "owner", "staff"]
ORGANISERS = {"organiser", "owner"}
# Staff status gives no rights in networks: to them a network of others does not exist.
STRANGERS = {"outsider", "staff"}
MEMBERS = {"viewer", "editor", "organiser", "owner"}


def log_in(client, user):
    if user is not None:
        client.force_login(user)


def assert_redirects_to_login(response, url):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def detail_url(network):
    return reverse("planner:network_detail", args=[network.slug])


# --- network_list -------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_list_permissions(client, cast, network, who):
    log_in(client, cast[who])
    Network.create("Another network", "", organiser=cast["outsider"])
    url = reverse("planner:network_list")
    response = client.get(url)
    if who == "anonymous":
        assert_redirects_to_login(response, url)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/networks/new/"' in html
    names = {mine.network.name for mine in response.context["networks"]}
    if who == "staff":
        assert names == set()
    elif who in STRANGERS:
        assert names == {"Another network"}
    else:
        assert names == {"Youth Network"}
        role = Membership.Role(network.membership_of(cast[who]).role).label
        assert f"Your role: {role}" in html
        assert "4 members" in html  # owner, organiser, editor and viewer


def test_list_shows_role_and_member_count(client, make_user):
    alice, bob = make_user("alice"), make_user("bob")
    network = Network.create("Alice's network", "", organiser=alice)
    network.add_member(bob, Role.VIEWER)
    Network.create("Bob's own", "", organiser=bob)
    client.force_login(bob)
    html = client.get(reverse("planner:network_list")).content.decode()
    assert html.count("Your role: Viewer") == 1 and html.count("Your role: Organiser") == 1
    assert "2 members" in html and re.search(r"\b1 member\b", html)


def test_list_without_networks_explains_how_to_join(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("planner:network_list"))
    assert "You are not a member of any network yet" in response.content.decode()


def test_list_runs_a_constant_number_of_queries(client, make_user):
    user = make_user("busy")
    client.force_login(user)
    url = reverse("planner:network_list")
    Network.create("Network 0", "", organiser=user)
    client.get(url)  # a process's first page builds the menu it keeps (7684a94)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 8):
        network = Network.create(f"Network {n}", "", organiser=user)
        network.add_member(make_user(f"member-{n}"), Role.EDITOR)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["networks"]) == 8
    assert len(many) == len(one)


def test_list_refuses_post(client, viewer):
    client.force_login(viewer)
    assert client.post(reverse("planner:network_list")).status_code == 405


# --- network_create -----------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_create_permissions(client, cast, who):
    log_in(client, cast[who])
    url = reverse("planner:network_create")
    response = client.get(url)
    if who == "anonymous":
        assert_redirects_to_login(response, url)
        assert_redirects_to_login(client.post(url, {"name": "Sneaky"}), url)
        assert not Network.objects.filter(name="Sneaky").exists()
        return
    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()
    response = client.post(url, {"name": f"Made by {who}", "description": "Hello"})
    network = Network.objects.get(name=f"Made by {who}")
    assert response.status_code == 302 and response["Location"] == detail_url(network)
    assert network.membership_of(cast[who]).role == Role.ORGANISER


def test_create_shows_the_new_network_with_a_message(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("planner:network_create"), {"name": "Osh Fathers", "description": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/networks/osh-fathers/"
    assert any("Osh Fathers" in m and "organiser" in m for m in messages_of(response))


@pytest.mark.parametrize(
    "data, error",
    [
        ({"name": "", "description": "x"}, "This field is required."),
        ({"name": "   ", "description": "x"}, "This field is required."),
        ({"name": "n" * 201, "description": ""}, "Ensure this value has at most 120 characters"),
        ({"name": "ok", "description": "d" * 2001}, "at most 2000 characters"),
    ],
)
def test_create_refuses_bad_input(client, outsider, data, error):
    client.force_login(outsider)
    response = client.post(reverse("planner:network_create"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Network.objects.exists()


def test_create_refuses_other_methods(client, outsider):
    client.force_login(outsider)
    assert client.put(reverse("planner:network_create")).status_code == 405


def test_user_text_is_escaped(client, outsider):
    client.force_login(outsider)
    client.post(
        reverse("planner:network_create"),
        {"name": "<b>Bold</b> crew", "description": "<script>alert(1)</script>\nline two"},
    )
    network = Network.objects.get()
    html = client.get(detail_url(network)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; crew" in html and "<b>Bold</b>" not in html
    listing = client.get(reverse("planner:network_list")).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; crew" in listing and "<b>Bold</b>" not in listing


# --- network_detail -----------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_detail_permissions(client, cast, network, plan, private_plan, who):
    log_in(client, cast[who])
    url = detail_url(network)
    response = client.get(url)
    if who == "anonymous":
        assert_redirects_to_login(response, url)
        return
    if who in STRANGERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Youth Network</h1>" in html
    for name in ("owner", "organiser", "editor", "viewer"):
        assert f"<strong>{name}</strong>" in html
    assert f'href="/plans/{plan.pk}/"' in html and "Fathers&#x27; football evenings" in html
    assert private_plan.title not in html
    organiser_tools = [
        f'action="/networks/youth-network/members/{network.membership_of(cast["viewer"]).pk}/role/"',
        'action="/networks/youth-network/invite/"',
        "Open invitations",
    ]
    if who in ORGANISERS:
        assert all(tool in html for tool in organiser_tools)
    else:
        assert not any(tool in html for tool in organiser_tools)
        assert "/remove/" not in html
    has_leave = 'action="/networks/youth-network/leave/"' in html
    assert has_leave == (who in MEMBERS)


def test_detail_lists_plan_owner_and_status(client, viewer, network, plan):
    InitiativePlan.objects.filter(pk=plan.pk).update(status=InitiativePlan.Status.IN_PROGRESS)
    client.force_login(viewer)
    html = client.get(detail_url(network)).content.decode()
    assert "by owner" in html and "Status: In progress" in html


def test_detail_offers_no_remove_button_for_oneself(client, organiser, owner, network):
    client.force_login(organiser)
    html = client.get(detail_url(network)).content.decode()
    own = network.membership_of(organiser).pk
    other = network.membership_of(owner).pk
    assert f"/members/{own}/remove/" not in html
    assert f"/members/{other}/remove/" in html
    assert f"/members/{own}/role/" in html  # organisers may step down while others remain


def test_detail_shows_open_invitations_with_their_absolute_link(client, owner, network, make_user):
    open_one = Invitation.create_for(network, Role.VIEWER, created_by=owner)
    used = Invitation.create_for(network, Role.EDITOR, created_by=owner)
    used.accept(make_user("newcomer"))
    expired = Invitation.create_for(network, Role.EDITOR, created_by=owner)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    client.force_login(owner)
    html = client.get(detail_url(network)).content.decode()
    assert f">http://testserver/networks/join/{open_one.token}/</p>" in html
    assert "Invitation link for the role “Viewer”" in html
    assert used.token not in html and expired.token not in html


def test_detail_runs_a_constant_number_of_queries(client, make_user):
    organiser = make_user("boss")
    network = Network.create("Counted", "", organiser=organiser)
    InitiativePlan.objects.create(owner=organiser, network=network, title="First plan")
    Invitation.create_for(network, Role.EDITOR, created_by=organiser)
    client.force_login(organiser)
    url = detail_url(network)
    client.get(url)  # a process's first page builds the menu it keeps (7684a94)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(9):
        member = make_user(f"member-{n}")
        network.add_member(member, Role.EDITOR)
        InitiativePlan.objects.create(owner=member, network=network, title=f"Plan {n}")
        Invitation.create_for(network, Role.VIEWER, created_by=organiser)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert len(response.context["members"]) == 10
    assert len(ten) == len(one)


def test_detail_refuses_post(client, viewer, network):
    client.force_login(viewer)
    assert client.post(detail_url(network)).status_code == 405


def test_detail_of_unknown_network_is_404(client, staff):
    client.force_login(staff)
    assert client.get("/networks/no-such-network/").status_code == 404


# --- invitation_create --------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_invitation_create_permissions(client, cast, network, who):
    log_in(client, cast[who])
    url = reverse("planner:invitation_create", args=[network.slug])
    response = client.post(url, {"role": Role.VIEWER})
    if who == "anonymous":
        assert_redirects_to_login(response, url)
    elif who in STRANGERS:
        assert response.status_code == 404
    elif who in ("viewer", "editor"):
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"] == detail_url(network) + "#invitations"
        invitation = Invitation.objects.get()
        assert invitation.role == Role.VIEWER and invitation.created_by == cast[who]
        return
    assert not Invitation.objects.exists()


def test_invitation_create_shows_the_new_link(client, organiser, network):
    client.force_login(organiser)
    response = client.post(
        reverse("planner:invitation_create", args=[network.slug]),
        {"role": Role.EDITOR},
        follow=True,
    )
    invitation = Invitation.objects.get()
    assert f"http://testserver/networks/join/{invitation.token}/" in response.content.decode()
    assert any("Editor" in m for m in messages_of(response))


def test_invitation_create_refuses_an_unknown_role(client, organiser, network):
    client.force_login(organiser)
    response = client.post(
        reverse("planner:invitation_create", args=[network.slug]), {"role": "king"}, follow=True
    )
    assert not Invitation.objects.exists()
    assert any("Choose the role" in m for m in messages_of(response))


def test_invitation_create_refuses_get(client, organiser, network):
    client.force_login(organiser)
    url = reverse("planner:invitation_create", args=[network.slug])
    assert client.get(url).status_code == 405
    assert not Invitation.objects.exists()


# --- member_role --------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_member_role_permissions(client, cast, network, who):
    target = network.membership_of(cast["viewer"])
    log_in(client, cast[who])
    url = reverse("planner:member_role", args=[network.slug, target.pk])
    response = client.post(url, {"role": Role.EDITOR})
    target.refresh_from_db()
    if who == "anonymous":
        assert_redirects_to_login(response, url)
    elif who in STRANGERS:
        assert response.status_code == 404
    elif who in ("viewer", "editor"):
        assert response.status_code == 403
    else:
        assert response["Location"] == detail_url(network) + "#members"
        assert target.role == Role.EDITOR
        return
    assert target.role == Role.VIEWER


def test_member_role_keeps_the_last_organiser(client, owner, editor, network):
    client.force_login(owner)
    own = network.membership_of(owner)
    response = client.post(
        reverse("planner:member_role", args=[network.slug, own.pk]),
        {"role": Role.VIEWER},
        follow=True,
    )
    own.refresh_from_db()
    assert own.role == Role.ORGANISER
    assert any("at least one organiser" in m for m in messages_of(response))


def test_member_role_refuses_an_unknown_role(client, owner, viewer, network):
    client.force_login(owner)
    target = network.membership_of(viewer)
    client.post(reverse("planner:member_role", args=[network.slug, target.pk]), {"role": "god"})
    target.refresh_from_db()
    assert target.role == Role.VIEWER


def test_member_role_needs_a_member_of_this_network(client, owner, network, make_user):
    stranger = make_user("stranger")
    other = Network.create("Other", "", organiser=stranger)
    foreign = other.membership_of(stranger)
    client.force_login(owner)
    url = reverse("planner:member_role", args=[network.slug, foreign.pk])
    assert client.post(url, {"role": Role.VIEWER}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.ORGANISER


def test_member_role_refuses_get(client, owner, viewer, network):
    client.force_login(owner)
    target = network.membership_of(viewer)
    url = reverse("planner:member_role", args=[network.slug, target.pk])
    assert client.get(url).status_code == 405


# --- member_remove ------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_member_remove_permissions(client, cast, network, who):
    target = network.membership_of(cast["viewer"])
    log_in(client, cast[who])
    url = reverse("planner:member_remove", args=[network.slug, target.pk])
    response = client.post(url)
    still_member = Membership.objects.filter(pk=target.pk).exists()
    if who == "anonymous":
        assert_redirects_to_login(response, url)
    elif who in STRANGERS:
        assert response.status_code == 404
    elif who in ("viewer", "editor"):
        assert response.status_code == 403
    else:
        assert response["Location"] == detail_url(network) + "#members"
        assert not still_member
        return
    assert still_member


def test_member_remove_keeps_the_last_organiser(client, owner, viewer, network):
    client.force_login(owner)
    own = network.membership_of(owner)
    response = client.post(
        reverse("planner:member_remove", args=[network.slug, own.pk]), follow=True
    )
    assert Membership.objects.filter(pk=own.pk).exists()
    assert any("at least one organiser" in m for m in messages_of(response))


def test_member_remove_needs_a_member_of_this_network(client, owner, network, make_user):
    stranger = make_user("stranger")
    foreign = Network.create("Other", "", organiser=stranger).membership_of(stranger)
    client.force_login(owner)
    url = reverse("planner:member_remove", args=[network.slug, foreign.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_member_remove_refuses_get(client, owner, viewer, network):
    client.force_login(owner)
    target = network.membership_of(viewer)
    url = reverse("planner:member_remove", args=[network.slug, target.pk])
    assert client.get(url).status_code == 405
    assert Membership.objects.filter(pk=target.pk).exists()


# --- network_leave ------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_leave_permissions(client, cast, network, who):
    log_in(client, cast[who])
    url = reverse("planner:network_leave", args=[network.slug])
    response = client.post(url)
    if who == "anonymous":
        assert_redirects_to_login(response, url)
    elif who in STRANGERS:
        assert response.status_code == 404
    else:
        assert response["Location"] == reverse("planner:network_list")
        assert network.membership_of(cast[who]) is None
    assert network.memberships.count() == (3 if who in MEMBERS else 4)


def test_leave_unshares_own_plans(client, owner, organiser, network, plan):
    client.force_login(owner)
    response = client.post(reverse("planner:network_leave", args=[network.slug]), follow=True)
    plan.refresh_from_db()
    assert plan.network is None and plan.owner == owner
    assert any("You have left Youth Network" in m for m in messages_of(response))


def test_the_last_organiser_cannot_leave(client, owner, viewer, network):
    client.force_login(owner)
    response = client.post(reverse("planner:network_leave", args=[network.slug]), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(network)
    assert network.membership_of(owner).role == Role.ORGANISER
    assert any("at least one organiser" in m for m in messages_of(response))


def test_leave_refuses_get(client, viewer, network):
    client.force_login(viewer)
    assert client.get(reverse("planner:network_leave", args=[network.slug])).status_code == 405
    assert network.membership_of(viewer) is not None


# --- invitation_accept --------------------------------------------------------------------


@pytest.fixture
def invitation(network, owner):
    return Invitation.create_for(network, Role.EDITOR, created_by=owner)


def accept_url(invitation):
    return reverse("planner:invitation_accept", args=[invitation.token])


@pytest.mark.parametrize("who", EVERYONE)
def test_accept_permissions(client, cast, network, invitation, who):
    user = cast[who]
    role_before = network.membership_of(user).role if who in MEMBERS else None
    log_in(client, user)
    url = accept_url(invitation)
    response = client.get(url)
    if who == "anonymous":
        assert_redirects_to_login(response, url)
        assert_redirects_to_login(client.post(url), url)
    elif who in MEMBERS:
        # Already a member: role unchanged and the link left for the person it was meant for.
        assert response["Location"] == detail_url(network)
        response = client.post(url, follow=True)
        assert network.membership_of(user).role == role_before
        assert any("already a member" in m for m in messages_of(response))
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Join Youth Network</h1>" in html and "as Editor" in html
        assert f'action="{url}"' in html
        response = client.post(url)
        assert response["Location"] == detail_url(network)
        assert network.membership_of(user).role == Role.EDITOR
        invitation.refresh_from_db()
        assert invitation.accepted_by == user
        return
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accept_welcomes_the_new_member(client, outsider, invitation):
    client.force_login(outsider)
    response = client.post(accept_url(invitation), follow=True)
    assert response.status_code == 200
    assert any("Welcome to Youth Network" in m for m in messages_of(response))
    assert "Your role: Editor" in response.content.decode()


def test_accept_of_a_used_invitation_is_gone(client, outsider, make_user, invitation):
    client.force_login(outsider)
    client.post(accept_url(invitation))
    latecomer = make_user("latecomer")
    client.force_login(latecomer)
    for response in (client.get(accept_url(invitation)), client.post(accept_url(invitation))):
        assert response.status_code == 410
        html = response.content.decode()
        assert "already been used" in html and "ask one of its organisers" in html
    assert invitation.network.membership_of(latecomer) is None


def test_accept_of_an_expired_invitation_is_gone(client, outsider, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(outsider)
    for response in (client.get(accept_url(invitation)), client.post(accept_url(invitation))):
        assert response.status_code == 410
        assert "This invitation has expired." in response.content.decode()
    assert invitation.network.membership_of(outsider) is None


def test_accept_of_an_unknown_token_is_404(client, outsider):
    client.force_login(outsider)
    assert client.get("/networks/join/not-a-token/").status_code == 404
    assert client.post("/networks/join/not-a-token/").status_code == 404


def test_accept_refuses_other_methods(client, outsider, invitation):
    client.force_login(outsider)
    assert client.put(accept_url(invitation)).status_code == 405
    assert client.delete(accept_url(invitation)).status_code == 405
    assert invitation.network.membership_of(outsider) is None
