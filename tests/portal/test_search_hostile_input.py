"""Hostile queries to the site search: whatever `?q=` holds (control characters, Cyrillic,
right-to-left scripts, emoji, huge text, repeated or unknown parameters), the answer is a page,
never a 5xx, and it names the query the search ran, or says why none ran."""

from urllib.parse import quote

import pytest
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from tests.oracle import INVALID, cleaned_text
from tests.pages import client_for, page
from tests.strategies import hostile_settings, hostile_text, piece

pytestmark = pytest.mark.django_db

SEARCH_MAX = 100  # portal.search.MAX_QUERY_LENGTH
# Words of the toolkit's content, so that queries also find something and build snippets.
CONTENT_WORDS = ["gender", "father", "young men", "Stakeholders", "ФУТБОЛ", "é", "ﬁ", "ß", "İ"]


def expected_search_query(q):
    """The query the search runs, or INVALID: too long or NUL are refused before its
    clean_q drops the characters that are not printable."""
    value = cleaned_text(q, max_length=SEARCH_MAX, required=True)
    if value is INVALID:
        return INVALID
    value = "".join(ch for ch in value if ch.isprintable()).strip()
    return value or INVALID


search_query = st.one_of(
    hostile_text,
    st.lists(st.one_of(st.sampled_from(CONTENT_WORDS), piece), max_size=12).map(" ".join),
)


@hostile_settings(max_examples=40)
@given(q=search_query)
@example(q="\x00")
@example(q="ﬁ" * 100)  # folds to two letters each: snippet positions map back to one
@example(q="a\u0301 " * 33)
def test_search_never_fails_and_echoes_the_query_it_ran(all_content, q):
    response = client_for().get("/search/", {"q": q})

    assert response.status_code == 200
    html = page(response)
    expected = expected_search_query(q)
    if expected is INVALID:
        assert 'id="q-error"' in html
        assert 'role="status"' not in html  # no count of results
    else:
        assert 'id="q-error"' not in html
        assert f"“{escape(expected)}”</p>" in html
    assert escape(q[:200]) in html  # the box keeps what was typed, escaped


@hostile_settings(max_examples=10)
@given(values=st.lists(hostile_text, max_size=3), other=hostile_text)
def test_search_with_repeated_or_other_parameters_never_fails(all_content, values, other):
    query = "&".join(f"q={quote(value)}" for value in values)
    response = client_for().get(f"/search/?{query}&{quote(other) or 'x'}={quote(other)}")

    assert response.status_code == 200
