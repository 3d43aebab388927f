"""Hostile input to the networks' forms: creating a network (name, description, a slug
already taken), an invitation's role and a member's role. The answer is never a 5xx; a valid
form saves exactly what Django's fields make of the text, anything else changes nothing."""

import re

import pytest
from django.utils.html import escape
from django.utils.text import slugify
from hypothesis import example, given
from hypothesis import strategies as st

from planner.forms import NetworkForm
from planner.models import Invitation, Membership, Network
from tests.oracle import INVALID, NUL_ERROR, cleaned_text, shown_again
from tests.pages import assert_not_server_error, client_for, page, submittable, without_none
from tests.strategies import hostile_settings, hostile_text, rolled_back

pytestmark = pytest.mark.django_db


def expected_network_lines(description):
    return [line for line in re.split(r"\r\n|\r|\n", description) if line]


@hostile_settings(max_examples=35)
@given(
    name=hostile_text,
    description=st.one_of(st.none(), hostile_text),
    taken=st.booleans(),  # a network already has the slug the name makes
)
@example(name="Молодёжь Оша", description="a\r\n\r\nb", taken=True)
@example(name="new", description=None, taken=False)
@example(name="\u202eevil", description=None, taken=False)
@example(name="a\x00", description=None, taken=False)
@example(name="name", description="\x00", taken=False)
def test_network_create_never_fails_and_saves_the_text_exactly(outsider, name, description, taken):
    expected_name = cleaned_text(name, 120, required=True)
    expected_description = cleaned_text(description or "", 2000)
    valid = expected_name is not INVALID and expected_description is not INVALID
    with rolled_back():
        if taken and expected_name is not INVALID:
            Network.objects.create(name="taken", slug=slugify(expected_name)[:70] or "network")
        before = set(Network.objects.values_list("pk", flat=True))
        client = client_for(outsider)
        response = client.post(
            "/networks/new/", without_none({"name": name, "description": description})
        )

        assert_not_server_error(response)
        created = Network.objects.exclude(pk__in=before)
        if not valid:
            assert response.status_code == 200
            assert not created.exists()
            if "\x00" in name or "\x00" in (description or ""):
                assert NUL_ERROR in page(response)
            shown = submittable(response)
            assert shown["name"] == [name]
            description_field = NetworkForm().fields["description"]
            assert shown["description"] == [shown_again(description, description_field)]
            return

        network = created.get()
        assert (network.name, network.description) == (expected_name, expected_description)
        assert re.fullmatch(r"[-a-z0-9_]{1,80}", network.slug)
        assert network.slug not in Network.RESERVED_SLUGS
        assert response["Location"] == f"/networks/{network.slug}/"
        assert network.membership_of(outsider).role == Membership.Role.ORGANISER
        detail = client.get(response["Location"])
        assert detail.status_code == 200
        assert escape(expected_name) in page(detail)
        for line in expected_network_lines(expected_description):
            assert escape(line) in page(detail)
        assert client.get("/networks/").status_code == 200


role_text = st.one_of(st.sampled_from(Membership.Role.values), hostile_text)


@hostile_settings(max_examples=25)
@given(role=role_text)
@example(role=" editor")
@example(role="EDITOR")
@example(role="editor\x00")
def test_invitation_role_never_fails(owner, network, role):
    with rolled_back():
        client = client_for(owner)
        response = client.post(f"/networks/{network.slug}/invite/", {"role": role})

        assert response.status_code == 302
        assert response["Location"] == f"/networks/{network.slug}/#invitations"
        invitations = list(Invitation.objects.filter(network=network))
        if role in Membership.Role.values:
            assert [invitation.role for invitation in invitations] == [role]
        else:
            assert invitations == []
        assert client.get(response["Location"]).status_code == 200


@hostile_settings(max_examples=25)
@given(role=role_text)
@example(role="organiser ")
@example(role="\x00")
def test_member_role_never_fails(owner, editor, network, role):
    with rolled_back():
        membership = Membership.objects.get(network=network, user=editor)
        client = client_for(owner)
        response = client.post(
            f"/networks/{network.slug}/members/{membership.pk}/role/", {"role": role}
        )

        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.role == (role if role in Membership.Role.values else "editor")
        assert client.get(f"/networks/{network.slug}/").status_code == 200
