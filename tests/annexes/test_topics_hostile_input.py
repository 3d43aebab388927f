"""Hostile query strings and slugs on Annex 2's topic pages.

Any combination of `?q=`, `?area=` and `?tag=` on the topic list, and any slug after
/annexes/topics/, is answered without a 5xx; valid filters list exactly the topics they
describe and show the filter text back, escaped; refused filters list nothing and say why.
"""

import re

import pytest
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from tests.annexes.factories import make_topics
from tests.oracle import INVALID, cleaned_text
from tests.pages import client_for, page, path_segment, submittable
from tests.strategies import hostile_settings, hostile_text, piece, rolled_back

pytestmark = pytest.mark.django_db

SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's validate_slug
# Words of the topics make_topics() writes, so that text filters also find something.
TOPIC_WORDS = ["topic", "Topic 0-1", "FATHER", "question", "shared", "Area 1", "own", "1-0", "?"]


@pytest.fixture
def topics(db, django_user_model):
    return {
        "topics": make_topics(per_area=2, areas=2),
        "reader": django_user_model.objects.create_user("reader"),
    }


def expected_text_filter(q):
    """TopicFilterForm's q: CharField rules, then the characters that are not printable go."""
    value = cleaned_text(q, max_length=200)
    if value is INVALID:
        return INVALID
    return "".join(ch for ch in value if ch.isprintable()).strip()


def expected_slug_filter(value, max_length):
    value = cleaned_text(value, max_length=max_length)
    if value is INVALID or (value and not SLUG.fullmatch(value)):
        return INVALID
    return value


def topic_texts(topic):
    return [
        topic.title,
        topic.example,
        topic.area.name,
        *(question.text for question in topic.questions.all()),
        *(tag.name for tag in topic.tags.all()),
    ]


def mentions(topic, text):
    """icontains on either database: ASCII case folding on SQLite, UPPER() on PostgreSQL."""
    return any(
        text.lower() in candidate.lower() or text.upper() in candidate.upper()
        for candidate in topic_texts(topic)
    )


def shown_titles(html):
    return re.findall(
        r'<th scope="row" class="topic-title"><a href="/annexes/topics/[-\w]+/">([^<]*)</a></th>',
        html,
    )


filter_value = st.one_of(
    st.none(),
    hostile_text,
    st.sampled_from(["area-0", "area-1", "shared", "own-0-1", "AREA-0", "nowhere", ""]),
)
text_value = st.one_of(
    st.none(),
    hostile_text,
    st.lists(st.one_of(st.sampled_from(TOPIC_WORDS), piece), min_size=1, max_size=3).map("".join),
)


@hostile_settings(max_examples=50)
@given(q=text_value, area=filter_value, tag=filter_value, logged_in=st.booleans())
@example(q="\x00", area=None, tag=None, logged_in=False)
@example(q=None, area="area-0\x00", tag=None, logged_in=False)
@example(q=None, area=None, tag="\x00", logged_in=True)
@example(q="0-1", area="area-0", tag="shared", logged_in=False)
@example(q="%", area=None, tag=None, logged_in=False)
@example(q="_", area="Ünïcode", tag="a" * 101, logged_in=False)
def test_topic_filters_never_fail_and_list_exactly_the_matching_topics(
    topics, q, area, tag, logged_in
):
    params = {"q": q, "area": area, "tag": tag}
    params = {name: value for name, value in params.items() if value is not None}
    text = expected_text_filter(q or "")
    area_slug = expected_slug_filter(area or "", 80)
    tag_slug = expected_slug_filter(tag or "", 100)
    with rolled_back():
        response = client_for(topics["reader"] if logged_in else None).get(
            "/annexes/topics/", params
        )

        assert response.status_code == 200
        html = page(response)
        titles = shown_titles(html)
        if INVALID in (text, area_slug, tag_slug):
            assert titles == []
            assert 'class="alert alert-warning"' in html
        else:
            matching = [
                topic
                for topic in topics["topics"]
                if (not area_slug or topic.area.slug == area_slug)
                and (not tag_slug or tag_slug in {t.slug for t in topic.tags.all()})
                and (not text or mentions(topic, text))
            ]
            if not text or text.isascii():
                assert titles == [escape(topic.title) for topic in matching]
            else:  # only its own case rules may differ: nothing else is listed
                assert set(titles) <= {escape(topic.title) for topic in matching}
            if text:
                assert f"“{escape(text)}”" in html
        shown = submittable(response)
        # The header's site search comes first; the filter's box keeps what was typed.
        assert shown["q"] == ["", q or ""]
        if tag:
            assert shown["tag"] == [tag]


@hostile_settings(max_examples=30)
@given(slug=st.one_of(hostile_text, st.sampled_from(["topic-0-0", "TOPIC-0-0", "topic-0-0-"])))
@example(slug="\x00")
@example(slug="topic-0-0" + "0" * 20000)
def test_topic_slugs_never_fail(topics, slug):
    known = {topic.slug: topic for topic in topics["topics"]}
    with rolled_back():
        response = client_for().get(f"/annexes/topics/{path_segment(slug)}/")

        if slug in known:
            assert response.status_code == 200
            assert f"<h1>{escape(known[slug].title)}</h1>" in page(response)
        else:
            assert response.status_code == 404
