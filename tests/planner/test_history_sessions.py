"""History that reads like a story: one person's saves within minutes make one version; each
version says what changed, word by word; every version, or one of its fields, can be restored."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from planner.models import PlanPart
from planner.selectors import HISTORY_PER_PAGE, word_diff

pytestmark = pytest.mark.django_db

RESEARCH = PlanPart.Kind.RESEARCH


def history_url(plan, page=1):
    return f"/plans/{plan.pk}/history/{RESEARCH}/?page={page}"


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def autosave(client, plan, part, **fields):
    data = {"version": part.version, **fields}
    response = client.post(f"/plans/{plan.pk}/steps/1/", data, headers={"X-Autosave": "1"})
    assert response.status_code == 200, response.content
    part.refresh_from_db()
    return response


def test_thirty_autosaves_in_two_minutes_by_one_person_make_one_version(client, owner, plan):
    client.force_login(owner)
    part = plan.part(RESEARCH)
    before = part.history.count()
    start = timezone.now()
    sentence = "Young fathers meet after football training on Saturdays"
    for n in range(30):
        with at(start + timedelta(seconds=4 * n)):
            autosave(client, plan, part, age=sentence[: 2 + n * 2])
    assert part.version == 30
    assert part.history.count() == before + 1
    newest = part.history.order_by("-history_id").first()
    assert newest.data["age"] == sentence[:60] and newest.version == 30
    html = client.get(history_url(plan)).content.decode()
    assert html.count('<h2 id="version-') == before + 1


def test_a_pause_another_person_or_a_long_session_starts_a_new_version(client, owner, editor, plan):
    part = plan.part(RESEARCH)
    start = timezone.now()
    client.force_login(owner)
    with at(start):
        autosave(client, plan, part, age="a")
    with at(start + timedelta(minutes=4)):
        autosave(client, plan, part, age="ab")  # same session
    count = part.history.count()
    with at(start + timedelta(minutes=10)):
        autosave(client, plan, part, age="abc")  # after a pause of six minutes
    assert part.history.count() == count + 1
    client.force_login(editor)
    with at(start + timedelta(minutes=11)):
        autosave(client, plan, part, age="abcd", location="Osh")  # someone else
    assert part.history.count() == count + 2
    client.force_login(owner)
    for minute in range(12, 50, 3):  # saves every three minutes: a new version each half hour
        with at(start + timedelta(minutes=minute)):
            autosave(client, plan, part, age=f"age {minute}", location="Osh")
    assert part.history.count() == count + 4


def test_each_version_says_who_when_and_which_words_changed(client, owner, editor, plan):
    part = plan.part(RESEARCH)
    part.save_edit({"barriers": "Mockery from relatives"}, part.version, owner)
    part.refresh_from_db()
    with at(timezone.now() + timedelta(minutes=10)):
        part.save_edit({"barriers": "Mockery from friends and relatives"}, part.version, editor)
    client.force_login(owner)
    html = client.get(history_url(plan)).content.decode()
    newest = html.split('<li class="border rounded')[1]
    assert "saved by editor" in newest
    assert '<ins><span class="visually-hidden">added: </span>friends and </ins>' in newest
    assert "<del>" not in newest  # nothing was removed


def test_word_diff_names_the_changed_words():
    assert word_diff("one two three", "one 2 three") == [
        ("same", "one "),
        ("removed", "two "),
        ("added", "2 "),
        ("same", "three"),
    ]
    assert word_diff("", "new text") == [("added", "new text")]


def test_list_changes_are_named_by_entry(client, owner, plan):
    part = plan.part(PlanPart.Kind.STAKEHOLDERS)
    row = {"row_id": "a" * 32, "name": "Aida", "kind": "ngo", "role": "", "contact": ""}
    part.save_edit({"stakeholders": [row]}, part.version, owner)
    part.refresh_from_db()
    with at(timezone.now() + timedelta(minutes=10)):
        part.save_edit({"stakeholders": [{**row, "role": "Hosts"}]}, part.version, owner)
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/history/stakeholders/").content.decode()
    assert "Entry changed" in html and "Entry added" in html
    assert '<ins><span class="visually-hidden">added: </span>Hosts</ins>' in html


def test_every_version_is_restorable_through_the_paged_history(client, owner, plan):
    part = plan.part(RESEARCH)
    start = timezone.now()
    for n in range(HISTORY_PER_PAGE + 5):  # the oldest on the second page
        with at(start + timedelta(minutes=10 * n)):
            part.save_edit({"age": f"Version {n}"}, part.version, owner)
            part.refresh_from_db()
    client.force_login(owner)
    second = client.get(history_url(plan, 2)).content.decode()
    oldest = part.history.get(data__age="Version 0")
    assert f"/history/{RESEARCH}/{oldest.history_id}/restore/" in second
    with at(start + timedelta(days=1)):
        response = client.post(f"/plans/{plan.pk}/history/{RESEARCH}/{oldest.history_id}/restore/")
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.data["age"] == "Version 0"


def test_one_field_of_a_version_can_be_restored(client, owner, plan):
    part = plan.part(RESEARCH)
    part.save_edit({"age": "Old age", "location": "Old town"}, part.version, owner)
    part.refresh_from_db()
    old = part.history.order_by("-history_id").first()
    with at(timezone.now() + timedelta(minutes=10)):
        part.save_edit({"age": "New age", "location": "New town"}, part.version, owner)
    client.force_login(owner)
    html = client.get(history_url(plan)).content.decode()
    assert 'name="field" value="age"' in html
    url = f"/plans/{plan.pk}/history/{RESEARCH}/{old.history_id}/restore/"
    assert client.post(url, {"field": "age"}).status_code == 302
    part.refresh_from_db()
    assert part.data["age"] == "Old age" and part.data["location"] == "New town"
    # A field the step does not have is no address at all.
    assert client.post(url, {"field": "password"}).status_code == 404
