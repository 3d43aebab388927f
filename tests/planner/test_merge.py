"""Two people editing one step at once: saves merge field by field and row by row
(planner/merge.py); only a field both changed is a conflict, shown beside that field."""

import pytest

from planner.merge import Conflict, merge
from planner.models import PlanPart
from tests.planner.test_steps import form_data, step_url

pytestmark = pytest.mark.django_db

RESEARCH = PlanPart.Kind.RESEARCH
STAKEHOLDERS = PlanPart.Kind.STAKEHOLDERS


# --- The merge itself -----------------------------------------------------------------------


def test_fields_changed_on_one_side_take_that_side():
    base = {"age": "18-25", "barriers": "Shift work", "location": "Osh"}
    mine = {"age": "18-30", "barriers": "Shift work", "location": "Osh"}
    theirs = {"age": "18-25", "barriers": "Mockery", "location": "Osh"}
    result = merge(base, mine, theirs, set())
    assert result.data == {"age": "18-30", "barriers": "Mockery", "location": "Osh"}
    assert result.conflicts == []


def test_a_field_changed_on_both_sides_is_a_conflict_that_keeps_theirs():
    result = merge({"age": "a"}, {"age": "mine"}, {"age": "theirs"}, set())
    assert result.data == {"age": "theirs"}
    assert result.conflicts == [Conflict("age", "mine", "theirs")]


def test_the_same_change_on_both_sides_is_no_conflict():
    result = merge({"age": "a"}, {"age": "b"}, {"age": "b"}, set())
    assert result.data == {"age": "b"} and result.conflicts == []


def test_a_field_missing_from_older_data_counts_as_empty():
    result = merge({}, {"currency": ""}, {"currency": "KZT"}, set())
    assert result.data == {"currency": "KZT"} and result.conflicts == []


def test_ticked_choices_merge_as_sets():
    base = {"topics": ["a", "b"]}
    mine = {"topics": ["a", "b", "c"]}  # ticked c
    theirs = {"topics": ["b", "d"]}  # unticked a, ticked d
    result = merge(base, mine, theirs, set())
    assert result.data == {"topics": ["b", "d", "c"]} and result.conflicts == []


def row(row_id, **fields):
    return {"row_id": row_id, "name": "", "role": "", **fields}


def test_rows_merge_by_identity_not_position():
    base = {"people": [row("a", name="Aida"), row("b", name="Bek")]}
    # Mine edits Bek's role; theirs removes Aida (so Bek moves to position 0) and adds Chyngyz.
    mine = {"people": [row("a", name="Aida"), row("b", name="Bek", role="coach")]}
    theirs = {"people": [row("b", name="Bek"), row("c", name="Chyngyz")]}
    result = merge(base, mine, theirs, {"people"})
    assert result.data["people"] == [row("b", name="Bek", role="coach"), row("c", name="Chyngyz")]
    assert result.conflicts == []


def test_rows_added_on_both_sides_are_all_kept():
    base = {"people": [row("a", name="Aida")]}
    mine = {"people": [row("a", name="Aida"), row("m", name="Mine")]}
    theirs = {"people": [row("a", name="Aida"), row("t", name="Theirs")]}
    result = merge(base, mine, theirs, {"people"})
    assert [r["row_id"] for r in result.data["people"]] == ["a", "t", "m"]


def test_a_row_removed_on_one_side_and_changed_on_the_other_is_kept():
    base = {"people": [row("a", name="Aida")]}
    mine = {"people": []}
    theirs = {"people": [row("a", name="Aida", role="trainer")]}
    result = merge(base, mine, theirs, {"people"})
    assert result.data["people"] == [row("a", name="Aida", role="trainer")]


def test_the_same_field_of_one_row_changed_on_both_sides_is_a_conflict_of_that_row():
    base = {"people": [row("a", name="Aida"), row("b", name="Bek")]}
    mine = {"people": [row("a", name="Aida K."), row("b", name="Bek", role="coach")]}
    theirs = {"people": [row("a", name="Aida S."), row("b", name="Bek")]}
    result = merge(base, mine, theirs, {"people"})
    assert result.conflicts == [Conflict("name", "Aida K.", "Aida S.", "people", "a")]
    assert result.data["people"] == [row("a", name="Aida S."), row("b", name="Bek", role="coach")]


def test_my_reordering_wins_over_their_order():
    base = {"people": [row("a"), row("b"), row("c")]}
    mine = {"people": [row("c"), row("a"), row("b")]}
    theirs = {"people": [row("a"), row("b"), row("c"), row("d")]}
    result = merge(base, mine, theirs, {"people"})
    assert [r["row_id"] for r in result.data["people"]] == ["c", "a", "b", "d"]


# --- Through the step pages -----------------------------------------------------------------


@pytest.fixture
def content(db):
    """The step pages need no toolkit content to save and show a step."""


def test_two_people_editing_different_fields_from_one_version_both_save(
    client, owner, editor, plan, content
):
    url = step_url(plan, 1)
    part = plan.part(RESEARCH)
    loaded = part.version
    client.force_login(owner)
    mine = form_data(loaded, age="18-25", barriers="Shift work", location="Osh")
    assert client.post(url, mine).status_code == 302
    client.force_login(editor)
    theirs = form_data(loaded, age="18-25", barriers="Mockery from relatives")
    response = client.post(url, theirs)
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.data["location"] == "Osh" and part.data["barriers"] == "Mockery from relatives"
    assert part.version == loaded + 2


def test_the_same_field_on_both_sides_is_refused_for_that_field_only(
    client, owner, editor, plan, content
):
    url = step_url(plan, 1)
    loaded = plan.part(RESEARCH).version
    client.force_login(owner)
    client.post(url, form_data(loaded, age="Owner's age", barriers="Shift work"))
    client.force_login(editor)
    response = client.post(
        url, form_data(loaded, age="Editor's <age>", barriers="Shift work", location="Osh")
    )
    assert response.status_code == 409
    html = response.content.decode()
    part = plan.parts.get(kind=RESEARCH)
    # The rest is saved; the field in conflict keeps the owner's text until the editor chooses.
    assert part.data["location"] == "Osh" and part.data["age"] == "Owner's age"
    # Both texts, beside the field: the editor's in the input, the owner's below it.
    assert 'value="Editor&#x27;s &lt;age&gt;"' in html
    field_at = html.index('id="id_age"')
    box_at = html.index('id="id_age-conflict"')
    assert field_at < box_at < html.index('id="id_profession"')
    assert "Owner&#x27;s age" in html[box_at:]
    assert "owner also changed this" in html
    assert 'aria-describedby="id_age-conflict"' in html
    assert '<a href="#id_age">' in html  # the summary at the top links to the field
    assert f'name="version" value="{part.version}"' in html

    # Keep mine: the editor's text replaces the owner's, nothing else changes.
    data = form_data(part.version, age="Editor's <age>", barriers="Shift work", location="Osh")
    assert client.post(url, {**data, "resolve:age": "mine"}).status_code == 302
    part.refresh_from_db()
    assert part.data["age"] == "Editor's <age>" and part.data["location"] == "Osh"


def test_taking_theirs_keeps_what_the_other_saved(client, owner, editor, plan, content):
    url = step_url(plan, 1)
    loaded = plan.part(RESEARCH).version
    client.force_login(owner)
    client.post(url, form_data(loaded, age="Owner's age"))
    client.force_login(editor)
    response = client.post(url, form_data(loaded, age="Editor's age"))
    assert response.status_code == 409
    version = plan.parts.get(kind=RESEARCH).version
    data = {**form_data(version, age="Editor's age"), "resolve:age": "theirs"}
    assert client.post(url, data).status_code == 302
    assert plan.parts.get(kind=RESEARCH).data["age"] == "Owner's age"


def stakeholder_rows(part):
    return {row["name"]: row for row in part.data["stakeholders"]}


def rows_post(version, rows):
    """Step 2 as the page sends it for saved rows (with their ids) and no new one."""
    data = form_data(version, {"stakeholders": rows})
    return data


def test_list_rows_edited_by_two_people_merge_by_row(client, owner, editor, plan, content):
    url = step_url(plan, 2)
    client.force_login(owner)
    first = [{"name": "Aida", "kind": "ngo"}, {"name": "Bek", "kind": "sports"}]
    client.post(url, form_data(0, {"stakeholders": first}))
    part = plan.parts.get(kind=STAKEHOLDERS)
    saved = part.data["stakeholders"]
    loaded = part.version

    # The owner removes Aida and adds Chyngyz; the editor, from the same version, gives Bek
    # a role (Bek is at position 1 for the editor, 0 for the owner).
    owner_rows = [{**saved[1]}, {"name": "Chyngyz", "kind": "media"}]
    assert client.post(url, rows_post(loaded, owner_rows)).status_code == 302
    client.force_login(editor)
    editor_rows = [{**saved[0]}, {**saved[1], "role": "Hosts the sessions"}]
    assert client.post(url, rows_post(loaded, editor_rows)).status_code == 302

    rows = stakeholder_rows(plan.parts.get(kind=STAKEHOLDERS))
    assert set(rows) == {"Bek", "Chyngyz"}
    assert rows["Bek"]["role"] == "Hosts the sessions"
    assert rows["Bek"]["row_id"] == saved[1]["row_id"]


def test_one_row_field_changed_on_both_sides_is_shown_in_that_row(
    client, owner, editor, plan, content
):
    url = step_url(plan, 2)
    client.force_login(owner)
    client.post(url, form_data(0, {"stakeholders": [{"name": "Aida", "kind": "ngo"}]}))
    part = plan.parts.get(kind=STAKEHOLDERS)
    saved, loaded = part.data["stakeholders"][0], part.version
    client.post(url, rows_post(loaded, [{**saved, "role": "Owner's role"}]))
    client.force_login(editor)
    response = client.post(url, rows_post(loaded, [{**saved, "role": "Editor's role"}]))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="id_stakeholders-0-role-conflict"' in html
    assert f'name="resolve:stakeholders:{saved["row_id"]}:role"' in html
    assert "Owner&#x27;s role" in html and 'value="Editor&#x27;s role"' in html


def test_a_version_from_the_future_overwrites_nothing(client, owner, plan, content):
    client.force_login(owner)
    response = client.post(step_url(plan, 1), form_data(99, age="Future"))
    assert response.status_code == 409
    assert plan.parts.get(kind=RESEARCH).data["age"] == "18-25"


def test_autosave_says_when_others_changes_were_merged(client, owner, editor, plan, content):
    url = step_url(plan, 1)
    loaded = plan.part(RESEARCH).version
    headers = {"X-Autosave": "1"}
    client.force_login(owner)
    body = client.post(url, form_data(loaded, age="18-25", location="Osh"), headers=headers)
    assert body.json()["others_changed"] is False
    client.force_login(editor)
    data = form_data(loaded, age="18-25", barriers="Shift work", motivators="Pride")
    body = client.post(url, data, headers=headers).json()
    # Merged: the form the editor has open does not show the owner's location yet.
    assert body["others_changed"] is True
    assert plan.parts.get(kind=RESEARCH).data["location"] == "Osh"
