"""Fixtures only the planner's tests use. The shared cast (make_user, owner, outsider, staff,
network, organiser, editor, viewer, plan, cast) lives in tests/conftest.py."""

import pytest

from planner.models import InitiativePlan


@pytest.fixture
def private_plan(owner):
    return InitiativePlan.objects.create(owner=owner, title="Private draft")
