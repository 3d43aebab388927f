from datetime import timedelta

import pytest
from django.utils import timezone

from planner.models import Network, PlannerError, ShareLink

pytestmark = pytest.mark.django_db


def test_a_plan_is_shared_only_with_one_of_its_owners_networks(private_plan, network, outsider):
    private_plan.share_with(network)
    assert private_plan.network == network
    foreign = Network.create("Elsewhere", "", organiser=outsider)
    with pytest.raises(PlannerError):
        private_plan.share_with(foreign)
    private_plan.refresh_from_db()
    assert private_plan.network == network
    private_plan.share_with(None)
    private_plan.refresh_from_db()
    assert private_plan.network is None


def test_share_links_expire_and_revoke(private_plan, owner):
    forever = ShareLink.create_for(private_plan, owner)
    week = ShareLink.create_for(private_plan, owner, expires_in_days=7)
    assert forever.expires_at is None and forever.state == "active"
    assert timedelta(days=6) < week.expires_at - timezone.now() <= timedelta(days=7)
    week.expires_at = timezone.now() - timedelta(seconds=1)
    week.save()
    assert week.state == "expired"
    forever.revoke()
    assert forever.state == "revoked"
    assert list(ShareLink.objects.active()) == []
