"""Hostile input to a plan's sharing: the network it is shared with and a share link's
expiry. The answer is never a 5xx; only a network of the owner's, or none, and only the
offered expiries are accepted."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from planner.models import InitiativePlan, Network, ShareLink
from tests.oracle import INVALID, int_or_none
from tests.pages import assert_not_server_error, client_for, page
from tests.strategies import HUGE_NUMBER, hostile_settings, hostile_text, rolled_back

pytestmark = pytest.mark.django_db


@hostile_settings(max_examples=30)
@given(
    choice=st.one_of(
        st.sampled_from(["own", "own padded", "other", "", "-1", HUGE_NUMBER, "1.0", "[1]"]),
        hostile_text,
    )
)
@example(choice="\x00")
def test_sharing_with_a_network_never_fails(owner, plan, network, choice):
    with rolled_back():
        other = Network.objects.create(name="Other", slug="other")
        value = {
            "own": str(network.pk),
            "own padded": f" {network.pk} ",
            "other": str(other.pk),
        }.get(choice, choice)
        # A network of the owner's (its key as int() reads it: surrounding spaces are fine),
        # or nobody.
        expected = {"own": network, "own padded": network, "": None}.get(choice, INVALID)
        if choice not in ("other", "own", "own padded") and expected is INVALID:
            expected = network if int_or_none(value) == network.pk else INVALID
        client = client_for(owner)
        response = client.post(f"/plans/{plan.pk}/sharing/", {"network": value})

        assert_not_server_error(response)
        saved = InitiativePlan.objects.get(pk=plan.pk)
        if expected is INVALID:
            assert response.status_code == 400
            assert "is-invalid" in page(response)
            assert saved.network == network  # unchanged
        else:
            assert response.status_code == 302
            assert saved.network == expected


@hostile_settings(max_examples=30)
@given(
    days=st.one_of(
        st.sampled_from(["0", "1", "7", "30", "07", " 7", "-1", "2", HUGE_NUMBER]), hostile_text
    )
)
@example(days="\x00")
@example(days="x" * 20000)
def test_share_link_expiry_never_fails(owner, plan, days):
    with rolled_back():
        client = client_for(owner)
        response = client.post(f"/plans/{plan.pk}/links/new/", {"expires_in_days": days})

        assert_not_server_error(response)
        links = list(ShareLink.objects.filter(plan=plan))
        if days in ("0", "1", "7", "30"):
            assert response.status_code == 302
            [link] = links
            if days == "0":
                assert link.expires_at is None
            else:
                expected = timezone.now() + timedelta(days=int(days))
                assert abs(link.expires_at - expected) < timedelta(minutes=1)
            assert client_for().get(f"/shared/{link.token}/").status_code == 200
        else:
            assert response.status_code == 400
            assert links == []
