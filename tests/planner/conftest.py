"""Fixtures only the planner's tests use. The shared cast (make_user, owner, outsider, staff,
network, organiser, editor, viewer, plan, cast) lives in tests/conftest.py."""

from datetime import timedelta

import pytest

from planner.models import InitiativePlan, PlanPart
from tests.annexes.factories import make_levels, make_topics
from toolkit import models as toolkit


@pytest.fixture
def private_plan(owner):
    return InitiativePlan.objects.create(owner=owner, title="Private draft")


@pytest.fixture
def choices(db):
    """What the steps' choice fields offer: Annex 2 topics, Annex 1 levels, resistance reasons."""
    topics = make_topics(per_area=2, areas=1)
    levels = make_levels(examples=0)
    page = toolkit.Page.objects.create(slug="plan", title="PLAN!", nav_label="PLAN!")
    section = toolkit.Section.objects.create(
        page=page, slug="resistance", heading="Resistance", kind=toolkit.Section.Kind.CHALLENGE
    )
    reasons = [
        toolkit.ResistanceReason.objects.create(section=section, text=f"Reason {n}", order=n)
        for n in range(2)
    ]
    return {"topics": topics, "levels": levels, "reasons": reasons}


@pytest.fixture
def every_save_a_version(monkeypatch):
    """For tests about versions rather than sessions: no two saves fold into one version
    (PlanPart.SESSION_GAP; tests/planner/test_history_sessions.py covers the folding)."""
    monkeypatch.setattr(PlanPart, "SESSION_GAP", timedelta(0))
