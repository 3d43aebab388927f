import pytest

from core.markdown import render_markdown
from toolkit.models import Page, Section

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Intro <script>alert('x')</script> text "
    '<img src="x" onerror="alert(1)"> '
    "[click](javascript:alert(2)) "
    '<a href="javascript:alert(3)" onclick="alert(4)">there</a>'
)


def test_it_drops_script_event_handlers_and_javascript_links():
    html = render_markdown(HOSTILE)
    assert "<script" not in html
    assert "alert(" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "Intro" in html and "text" in html


def test_it_keeps_ordinary_markdown_and_links():
    html = render_markdown("Some **bold**, *italic* and <https://example.org/a?b=1>.")
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert 'href="https://example.org/a?b=1"' in html


def test_it_turns_citations_into_footnote_links():
    html = render_markdown("Equality[^2] matters[^10].", inline=True)
    assert html.startswith("Equality<sup")
    assert 'href="#fn-2" id="fnref-2"' in html
    assert 'href="#fn-10" id="fnref-10"' in html


def test_a_page_never_renders_stored_script(client):
    page = Page.objects.create(
        slug="think", title="Step 1", nav_label="THINK!", step_number=1, lead=HOSTILE
    )
    Section.objects.create(
        page=page, slug="context", heading="Context", body=HOSTILE, closing=HOSTILE
    )
    html = client.get("/toolkit/think/").content.decode()
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert html.count("Intro") == 3


def test_a_heading_is_escaped_not_rendered(client):
    page = Page.objects.create(slug="plan", title="<b>Plan</b>", nav_label="PLAN!", step_number=2)
    Section.objects.create(page=page, slug="s", heading="<script>alert(1)</script>")
    html = client.get("/toolkit/plan/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Plan</b>" not in html
