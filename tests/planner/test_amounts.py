"""Budget amounts: read in the reader's language, kept as plain numbers in data and JSON."""

import json

import pytest
from django.utils import translation

from planner.export import plan_as_json, plan_as_markdown
from planner.forms import BudgetLine
from planner.models import InitiativePlan, PlanPart
from planner.selectors import describe_part

pytestmark = pytest.mark.django_db

ROWS = [
    {"item": "Pitch rent", "amount": "1500.50", "notes": ""},
    {"item": "Balls", "amount": "1234567", "notes": ""},
    {"item": "Tea", "amount": "", "notes": ""},
]


def amounts(part):
    budget = next(field for field in describe_part(part, {}) if field.name == "budget_lines")
    label = str(BudgetLine.base_fields["amount"].label)  # in the active language
    return [{cell[0]: cell[1] for cell in row}[label] for row in budget.value]


def funding(plan=None):
    return PlanPart(plan=plan, kind=PlanPart.Kind.FUNDING, data={"budget_lines": ROWS})


def test_amounts_read_in_english():
    assert amounts(funding()) == ["1,500.50", "1,234,567", ""]


def test_amounts_read_in_russian():
    with translation.override("ru"):
        # A no-break space groups the thousands, a comma marks the decimals.
        assert amounts(funding()) == ["1\xa0500,50", "1\xa0234\xa0567", ""]


def test_an_amount_that_is_not_a_number_is_shown_as_it_is():
    part = PlanPart(kind=PlanPart.Kind.FUNDING, data={"budget_lines": [{"amount": "lots"}]})
    assert amounts(part) == ["lots"]


def test_the_exports_keep_numbers_machines_can_read(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    plan = InitiativePlan.objects.create(owner=owner, title="Budget")
    part = plan.part(PlanPart.Kind.FUNDING)
    part.save_edit({"budget_lines": ROWS}, part.version, owner)
    with translation.override("ru"):
        data = json.loads(plan_as_json(plan))
        markdown = plan_as_markdown(plan)
    assert "1500.50" in json.dumps(data) and "1\xa0500,50" not in json.dumps(data)
    assert "1\xa0500,50" in markdown  # the Markdown is for reading
