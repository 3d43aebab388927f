"""Hostile input to the plan form, creating a plan and editing one: random, huge and
awkward text in the title, summary, status and tags. The answer is never a 5xx; a valid form
saves exactly what Django's fields make of the text, and every page and export of the plan
shows it back; a refused form saves nothing and shows the submitted text again."""

import json

import pytest
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st
from taggit.utils import parse_tags

from planner.forms import PlanForm
from planner.models import InitiativePlan
from tests.oracle import INVALID, NUL_ERROR, assert_no_nul_stored, cleaned_text, shown_again
from tests.pages import assert_not_server_error, client_for, page, submittable, without_none
from tests.strategies import hostile_settings, hostile_text, rolled_back, short_hostile_text

pytestmark = pytest.mark.django_db

TAG_MAX_LENGTH = 100  # taggit's TagBase.name and TagBase.slug columns
STATUSES = [value for value, _label in InitiativePlan.Status.choices]
tag_text = st.one_of(
    hostile_text,
    st.lists(
        st.one_of(short_hostile_text, st.sampled_from(["fatherhood", "sports"])), max_size=5
    ).map(", ".join),
)


def expected_tags(raw):
    """The tags a valid form saves (taggit's parse_tags of the stripped text), or INVALID when
    a tag would not fit the tag table (name and slug are both at most 100 characters)."""
    cleaned = cleaned_text(raw)
    if cleaned is INVALID:
        return INVALID
    tags = parse_tags(cleaned)
    if any(len(tag) > TAG_MAX_LENGTH for tag in tags):
        return INVALID
    return set(tags)


@hostile_settings(max_examples=40)
@pytest.mark.parametrize("action", ["create", "edit"])
@given(
    title=hostile_text,
    summary=st.one_of(st.none(), hostile_text),
    status=st.one_of(st.sampled_from(STATUSES), hostile_text),
    tags=st.one_of(st.none(), tag_text),
)
@example(title="Отцы ⚽ שלום", summary="a\r\nb\rc\n", status="ready", tags='"α, β", γ')
@example(title="a\x00b", summary=None, status="draft", tags=None)
@example(title="title", summary="\x00", status="draft", tags=None)
@example(title="title", summary=None, status="draft", tags="x\x00")
@example(title="title", summary=None, status="draft", tags="t" * 101)  # a tag too long
@example(title="title", summary=None, status="draft", tags="\ufdfa" * 6)  # its slug too long
def test_plan_form_never_fails_and_saves_the_text_exactly(
    owner, plan, action, title, summary, status, tags
):
    data = without_none({"title": title, "summary": summary, "status": status, "tags": tags})
    if action == "edit":
        data["version"] = plan.details_version
    expected = {
        "title": cleaned_text(title, 200, required=True),
        "summary": cleaned_text(summary or "", 2000),
        "status": status if status in STATUSES else INVALID,
        "tags": expected_tags(tags or ""),
    }
    valid = all(value is not INVALID for value in expected.values())
    with rolled_back():
        client = client_for(owner)
        before = set(InitiativePlan.objects.values_list("pk", flat=True))
        url = "/plans/new/" if action == "create" else f"/plans/{plan.pk}/edit/"
        response = client.post(url, data)

        assert_not_server_error(response)
        if action == "create":
            created = InitiativePlan.objects.exclude(pk__in=before)
            saved = created.first()
        else:
            saved = InitiativePlan.objects.get(pk=plan.pk)
        if not valid:
            assert response.status_code == 200
            assert "is-invalid" in page(response)
            if "\x00" in title or "\x00" in (summary or "") or "\x00" in (tags or ""):
                assert NUL_ERROR in page(response)
            if action == "create":
                assert saved is None
            else:
                assert (saved.title, saved.summary, saved.status) == (
                    plan.title,
                    plan.summary,
                    "draft",
                )
            shown = submittable(response)
            assert shown["title"] == [title]
            assert shown["summary"] == [shown_again(summary, PlanForm().fields["summary"])]
            assert escape(title) in page(response)
            return

        assert response.status_code == 302, response.context["form"].errors
        assert (saved.title, saved.summary, saved.status) == (
            expected["title"],
            expected["summary"],
            expected["status"],
        )
        stored_tags = list(saved.tags.all())
        assert {tag.name for tag in stored_tags} == expected["tags"]
        for tag in stored_tags:
            assert len(tag.name) <= TAG_MAX_LENGTH and len(tag.slug) <= TAG_MAX_LENGTH
        assert_no_nul_stored(saved.title, saved.summary, [tag.name for tag in stored_tags])

        shown = submittable(client.get(f"/plans/{saved.pk}/edit/"))
        assert shown["title"] == [expected["title"]]
        assert shown["summary"] == [expected["summary"]]
        detail = client.get(f"/plans/{saved.pk}/")
        assert detail.status_code == 200
        assert escape(expected["title"]) in page(detail)
        for url in [f"/plans/{saved.pk}/print/", f"/plans/{saved.pk}/export.md"]:
            assert client.get(url).status_code == 200
        exported = json.loads(client.get(f"/plans/{saved.pk}/export.json").content)
        assert (exported["title"], exported["summary"]) == (expected["title"], expected["summary"])
        assert set(exported["tags"]) == expected["tags"]
