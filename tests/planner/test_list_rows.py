"""Adding, moving and removing list rows without JavaScript: planner/rows.py and the step pages'
`rows=...` buttons, which show the page again as typed without saving."""

import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from planner import rows
from planner.forms import new_row_id
from planner.models import PlanPart
from tests.planner.test_steps import form_data, step_url

pytestmark = pytest.mark.django_db

KEYS = ["stakeholders"]
SAVED_ID, TYPED_ID = new_row_id(), new_row_id()


def posted(action=None, **extra):
    """Step 2 as a browser sends it: two saved rows (the first with its row_id), a new row typed
    but not saved, and the empty row."""
    data = form_data(
        3,
        {
            "stakeholders": [
                {"row_id": SAVED_ID, "name": "Centre", "kind": "ngo", "objective_agreed": True},
                {"row_id": TYPED_ID, "name": "Imam", "kind": "religious", "role": "Opens"},
                {"row_id": "", "name": "Coach", "kind": "sports"},
            ]
        },
        notes="Monthly",
    )
    data["stakeholders-INITIAL_FORMS"] = 2
    if action is not None:
        data["rows"] = action
    data.update(extra)
    return data


def as_querydict(data):
    return QueryDict(urlencode(data, doseq=True))


def names(data):
    total = int(data["stakeholders-TOTAL_FORMS"])
    return [data.get(f"stakeholders-{index}-name", "") for index in range(total)]


# --- planner/rows.py ---------------------------------------------------------------------------


def test_a_save_is_no_row_action():
    assert rows.rearranged(as_querydict(posted()), KEYS) is None


def test_add_appends_an_empty_row_and_focuses_it():
    data, focus = rows.rearranged(as_querydict(posted("add:stakeholders")), KEYS)
    assert names(data) == ["Centre", "Imam", "Coach", "", ""]
    assert data["stakeholders-TOTAL_FORMS"] == "5"
    assert data["stakeholders-INITIAL_FORMS"] == "2"
    assert focus == {"key": "stakeholders", "index": 4, "target": "input"}
    assert "rows" not in data
    assert data["notes"] == "Monthly" and data["version"] == "3"


def test_moving_up_swaps_two_rows_with_all_their_fields():
    data, focus = rows.rearranged(as_querydict(posted("up:stakeholders:1")), KEYS)
    assert names(data) == ["Imam", "Centre", "Coach", ""]
    assert data["stakeholders-0-row_id"] == TYPED_ID
    assert data["stakeholders-0-role"] == "Opens"
    assert data["stakeholders-1-row_id"] == SAVED_ID
    assert data["stakeholders-1-objective_agreed"] == "on"
    assert "stakeholders-0-objective_agreed" not in data
    assert data["stakeholders-INITIAL_FORMS"] == "2"
    # Now first, the row has no "Move up": focus its "Move down".
    assert focus == {"key": "stakeholders", "index": 0, "target": "down"}


def test_moving_down_keeps_the_focus_on_the_same_button():
    data, focus = rows.rearranged(as_querydict(posted("down:stakeholders:0")), KEYS)
    assert names(data) == ["Imam", "Centre", "Coach", ""]
    assert focus == {"key": "stakeholders", "index": 1, "target": "down"}


def test_a_new_row_moved_among_saved_ones_stays_skippable_when_empty():
    data, _focus = rows.rearranged(as_querydict(posted("up:stakeholders:2")), KEYS)
    assert names(data) == ["Centre", "Coach", "Imam", ""]
    # Only the saved row still at the top counts as saved (checked strictly when saving).
    assert data["stakeholders-INITIAL_FORMS"] == "1"


def test_remove_drops_the_row_and_renumbers_the_rest():
    data, focus = rows.rearranged(as_querydict(posted("remove:stakeholders:0")), KEYS)
    assert names(data) == ["Imam", "Coach", ""]
    assert data["stakeholders-0-row_id"] == TYPED_ID
    assert data["stakeholders-TOTAL_FORMS"] == "3"
    assert data["stakeholders-INITIAL_FORMS"] == "1"
    assert "stakeholders-3-kind" not in data
    assert focus == {"key": "stakeholders", "index": 0, "target": "input"}


def test_removing_the_last_row_focuses_add_another():
    data = {
        "version": 0,
        "stakeholders-TOTAL_FORMS": 1,
        "stakeholders-INITIAL_FORMS": 0,
        "stakeholders-0-name": "Solo",
        "rows": "remove:stakeholders:0",
    }
    data, focus = rows.rearranged(as_querydict(data), KEYS)
    assert data["stakeholders-TOTAL_FORMS"] == "0"
    assert focus == {"key": "stakeholders", "index": None, "target": "add"}


def test_add_stops_at_the_most_rows_a_list_holds():
    data = {"stakeholders-TOTAL_FORMS": 50, "stakeholders-INITIAL_FORMS": 0}
    data["rows"] = "add:stakeholders"
    data, focus = rows.rearranged(as_querydict(data), KEYS)
    assert data["stakeholders-TOTAL_FORMS"] == "50" and focus is None


@pytest.mark.parametrize(
    "action",
    [
        "",
        "add",
        "add:",
        "add:budget_lines",  # not a list of this step
        "add:stakeholders:1",
        "up:stakeholders",
        "up:stakeholders:x",
        "up:stakeholders:-1",
        "up:stakeholders:0",  # the first row cannot go up
        "down:stakeholders:3",  # nor the last down
        "remove:stakeholders:4",
        "remove:stakeholders:99999999999999999999",
        "up:stakeholders:٣",  # a digit, but not an ASCII one
        "sideways:stakeholders:1",
        "remove:stakeholders:1\n",
        "remove:__proto__:0",
    ],
)
def test_malformed_actions_change_nothing(action):
    before = as_querydict(posted(action))
    data, focus = rows.rearranged(before, KEYS)
    assert focus is None
    assert names(data) == ["Centre", "Imam", "Coach", ""]
    assert "rows" not in data


@pytest.mark.parametrize("total", ["", "x", "-3", "1e9", "999"])
def test_a_broken_management_form_is_read_as_at_most_fifty_rows(total):
    data = posted("add:stakeholders", **{"stakeholders-TOTAL_FORMS": total})
    data, focus = rows.rearranged(as_querydict(data), KEYS)
    if focus is None:  # already full: nothing added, the page is shown as posted
        assert data["stakeholders-TOTAL_FORMS"] == total
        return
    assert int(data["stakeholders-TOTAL_FORMS"]) <= 50
    assert 0 <= int(data["stakeholders-INITIAL_FORMS"]) <= int(data["stakeholders-TOTAL_FORMS"])


def test_other_lists_and_fields_pass_through_unchanged():
    data = as_querydict(posted("remove:stakeholders:1", **{"budget_lines-0-item": "Tea"}))
    data, _focus = rows.rearranged(data, ["stakeholders", "budget_lines"])
    assert data["budget_lines-0-item"] == "Tea"
    assert data.getlist("notes") == ["Monthly"]


# --- The step pages ----------------------------------------------------------------------------


@pytest.fixture
def stakeholders(plan, owner):
    part = PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.STAKEHOLDERS)
    part.save_edit(
        {
            "notes": "Monthly",
            "stakeholders": [
                {"row_id": SAVED_ID, "name": "Centre", "kind": "ngo", "objective_agreed": True},
                {"row_id": TYPED_ID, "name": "Imam", "kind": "religious", "role": "Opens"},
            ],
        },
        part.version,
        owner,
    )
    return part


def page_data(part, action):
    data = posted(action)
    data["version"] = part.version
    return data


def main_of(response):
    return response.content.decode().split('<main id="main"', 1)[1]


def input_value(html, name):
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    return match.group(1) if match else ""


@pytest.mark.parametrize(
    "action,order",
    [
        ("add:stakeholders", ["Centre", "Imam", "Coach", "", ""]),
        ("up:stakeholders:2", ["Centre", "Coach", "Imam", ""]),
        ("down:stakeholders:0", ["Imam", "Centre", "Coach", ""]),
        ("remove:stakeholders:1", ["Centre", "Coach", ""]),
    ],
)
def test_a_row_action_shows_the_page_again_as_typed_without_saving(
    client, owner, plan, stakeholders, action, order
):
    client.force_login(owner)
    version = stakeholders.version
    response = client.post(step_url(plan, 2), page_data(stakeholders, action))
    assert response.status_code == 200
    html = main_of(response)
    shown = [input_value(html, f"stakeholders-{index}-name") for index in range(len(order))]
    assert shown == order
    assert input_value(html, "stakeholders-TOTAL_FORMS") == str(len(order))
    assert re.search(r'name="notes"[^>]*>\s*Monthly</textarea>', html)
    assert input_value(html, "version") == str(version)
    # Every row keeps its row_id, the new ones none.
    ids = {"Centre": SAVED_ID, "Imam": TYPED_ID, "Coach": "", "": ""}
    for index, name in enumerate(order):
        assert input_value(html, f"stakeholders-{index}-row_id") == ids[name]
    # The tick box moved with its row.
    centre = order.index("Centre")
    assert re.search(rf'name="stakeholders-{centre}-objective_agreed"[^>]*checked', html)
    # Neither saved nor checked.
    stakeholders.refresh_from_db()
    assert stakeholders.version == version
    assert [row["name"] for row in stakeholders.data["stakeholders"]] == ["Centre", "Imam"]
    assert "is-invalid" not in html and "alert-danger" not in html
    assert "This field is required" not in html
    assert "alert-success" not in html


def test_the_new_row_takes_the_focus(client, owner, plan, stakeholders):
    client.force_login(owner)
    html = main_of(client.post(step_url(plan, 2), page_data(stakeholders, "add:stakeholders")))
    assert html.count("autofocus") == 1
    assert re.search(r'<input[^>]*name="stakeholders-4-name"[^>]*autofocus', html) or re.search(
        r'<input[^>]*autofocus[^>]*name="stakeholders-4-name"', html
    )


def test_a_moved_row_keeps_the_focus_on_its_button(client, owner, plan, stakeholders):
    client.force_login(owner)
    html = main_of(client.post(step_url(plan, 2), page_data(stakeholders, "down:stakeholders:1")))
    assert html.count("autofocus") == 1
    assert re.search(r'value="down:stakeholders:2"[^>]*autofocus', html)


def test_three_adds_then_a_save_keep_every_row_in_order(client, owner, plan, stakeholders):
    client.force_login(owner)
    url = step_url(plan, 2)
    data = page_data(stakeholders, "add:stakeholders")
    for _click in range(3):
        html = main_of(client.post(url, data))
        total = int(input_value(html, "stakeholders-TOTAL_FORMS"))
        data = {**data, "stakeholders-TOTAL_FORMS": total}
    assert total == 7
    assert input_value(html, "stakeholders-INITIAL_FORMS") == "2"
    del data["rows"]
    data.update({"stakeholders-4-name": "Radio", "stakeholders-4-kind": "media"})
    response = client.post(url, data)
    assert response.status_code == 302
    saved = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["stakeholders"]
    assert [row["name"] for row in saved] == ["Centre", "Imam", "Coach", "Radio"]
    assert saved[0]["row_id"] == SAVED_ID and saved[1]["row_id"] == TYPED_ID


def test_removing_a_saved_row_then_saving_removes_it(client, owner, plan, stakeholders):
    client.force_login(owner)
    url = step_url(plan, 2)
    client.post(url, page_data(stakeholders, "remove:stakeholders:0"))
    data = page_data(stakeholders, None)
    rearranged, _focus = rows.rearranged(
        as_querydict({**data, "rows": "remove:stakeholders:0"}), KEYS
    )
    assert client.post(url, rearranged).status_code == 302
    saved = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["stakeholders"]
    assert [row["name"] for row in saved] == ["Imam", "Coach"]


def test_malformed_actions_show_the_page_again(client, owner, plan, stakeholders):
    client.force_login(owner)
    for action in ["up:stakeholders:x", "remove:stakeholders:9", "add:referrals", "", "zzz"]:
        response = client.post(step_url(plan, 2), page_data(stakeholders, action))
        assert response.status_code == 200
        assert input_value(main_of(response), "stakeholders-2-name") == "Coach"
    # On a step without lists too.
    response = client.post(step_url(plan, 1), form_data(0, age="30", rows="add:stakeholders"))
    assert response.status_code == 200
    assert input_value(main_of(response), "age") == "30"
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data["age"] == "18-25"


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 404),  # as every other step POST answers: the plan is not found
        ("outsider", 404),
        ("viewer", 403),
        ("editor", 200),
        ("organiser", 200),
        ("owner", 200),
        ("staff", 404),
    ],
)
def test_only_editors_rearrange_rows(client, cast, plan, stakeholders, role, status):
    if cast[role] is not None:
        client.force_login(cast[role])
    response = client.post(step_url(plan, 2), page_data(stakeholders, "add:stakeholders"))
    assert response.status_code == status
    if status != 200:
        assert "Coach" not in response.content.decode()


def test_a_row_action_on_a_deleted_plan_is_not_found(client, owner, plan, stakeholders):
    client.force_login(owner)
    url = step_url(plan, 2)
    data = page_data(stakeholders, "add:stakeholders")
    plan.delete()
    assert client.post(url, data).status_code == 404


def test_the_wrong_method_is_refused(client, owner, plan):
    client.force_login(owner)
    assert client.put(step_url(plan, 2), "rows=add:stakeholders").status_code == 405


# --- The budget total --------------------------------------------------------------------------


def test_the_budget_total_shows_saved_and_typed_lines(client, owner, plan):
    part = PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.FUNDING)
    part.save_edit(
        {
            "currency": "KGS",
            "budget_lines": [
                {"row_id": new_row_id(), "item": "Tea", "amount": "1500.50", "notes": ""},
                {"row_id": new_row_id(), "item": "Hall", "amount": "", "notes": ""},
            ],
        },
        part.version,
        owner,
    )
    client.force_login(owner)
    url = step_url(plan, 5)
    assert "Budget total: 1,500.50 KGS" in main_of(client.get(url))
    data = form_data(
        part.version,
        {"budget_lines": [{"item": "Tea", "amount": "1500.50"}, {"item": "Bus", "amount": "99.5"}]},
        currency="KGS",
        rows="add:budget_lines",
    )
    html = main_of(client.post(url, data))
    assert "Budget total: 1,600.00 KGS" in html
    # No amount, no total.
    assert "Budget total" not in main_of(client.get(step_url(plan, 2)))
