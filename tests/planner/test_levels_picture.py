"""The socio-ecological picture of a plan (planner/levels_picture.py): Annex 1's levels as nested
rings on the plan page, print and share link, and the same in words there and in the exports."""

import io
import re

import docx
import pytest
from django.utils import translation

from annexes.models import Level
from planner import forms
from planner.export import plan_as_markdown
from planner.levels_picture import (
    EM_PER_BOLD_CHARACTER,
    EM_PER_CHARACTER,
    SHOWN_PER_RING,
    STAKEHOLDER_LEVEL,
    levels_picture,
)
from planner.models import InitiativePlan, PlanPart, ShareLink
from planner.selectors import with_parts
from tests.planner.test_example_plan import load_example

pytestmark = pytest.mark.django_db

ANNEX_1 = ["individual", "relationships", "community", "society"]


@pytest.fixture
def example(all_content):
    return with_parts(load_example("en"))


def stakeholders_part(plan, rows):
    PlanPart.objects.update_or_create(
        plan=plan, kind=PlanPart.Kind.STAKEHOLDERS, defaults={"data": {"stakeholders": rows}}
    )
    return with_parts(InitiativePlan.objects.get(pk=plan.pk))


def row(name, kind):
    return {"name": name, "kind": kind, "role": "", "contact": "", "objective_agreed": False}


def levels_section(html):
    start = html.index('id="levels"')
    return html[start : html.index("</section>", start)]


def test_every_kind_of_stakeholder_stands_on_one_of_annex_1s_levels(all_content):
    kinds = [kind for kind, _label in forms.Stakeholder.Kind.CHOICES]
    assert sorted(STAKEHOLDER_LEVEL) == sorted(kinds)
    assert set(STAKEHOLDER_LEVEL.values()) <= set(Level.objects.values_list("slug", flat=True))
    assert STAKEHOLDER_LEVEL["youth_group"] == "relationships"
    assert STAKEHOLDER_LEVEL["formal_leader"] == "society"
    assert STAKEHOLDER_LEVEL["sports"] == STAKEHOLDER_LEVEL["informal_leader"] == "community"


def test_step_4_asks_what_the_plan_does_at_each_of_annex_1s_levels_after_ticking_them(
    all_content,
):
    assert list(Level.objects.values_list("slug", flat=True)) == ANNEX_1
    assert list(forms.StrategyForm.AT_LEVEL) == ANNEX_1
    names = list(forms.StrategyForm.base_fields)
    start = names.index("levels") + 1
    at_level = list(forms.StrategyForm.AT_LEVEL.values())
    assert names[start : start + 4] == at_level
    assert all(forms.is_plan_text(forms.StrategyForm.base_fields[name]) for name in at_level)


def test_the_examples_rings_society_outermost_marked_where_it_works(example):
    picture = levels_picture(example)
    assert [ring.place.level.slug for ring in picture.rings] == ANNEX_1[::-1]
    assert [ring.works_here for ring in picture.rings] == [False, True, True, True]
    # Each ring lies inside the one around it.
    for outer, inner in zip(picture.rings, picture.rings[1:], strict=False):
        assert outer.x < inner.x and outer.y < inner.y
        assert inner.x + inner.width < outer.x + outer.width
        assert inner.y + inner.height < outer.y + outer.height
    places = {place.level.slug: place for place in picture.places}
    assert [s.name for s in places["relationships"].stakeholders] == [
        "Town youth group (add yours)"
    ]
    assert [s.name for s in places["community"].stakeholders] == [
        "Local women's rights organisation (add yours)",
        "Local football club (add yours)",
        "Course for young fathers-to-be (add yours)",
        "Respected community elder (add yours)",
    ]
    assert places["individual"].stakeholders == places["society"].stakeholders == []
    assert places["individual"].does.startswith("Dialogue groups where young fathers")
    assert places["society"].does == "" and picture.unplaced == []


def test_no_line_of_the_picture_runs_out_of_its_ring(example):
    for ring in levels_picture(example).rings:
        for line in ring.lines:
            em = EM_PER_BOLD_CHARACTER if line.bold else EM_PER_CHARACTER
            assert line.x + len(line.text) * line.size * em <= ring.x + ring.width, line.text


def test_the_plan_page_draws_the_rings_and_says_them_in_words(client, example):
    html = client.get(f"/plans/{example.pk}/").content.decode()
    section = levels_section(html)
    assert '<h2 id="levels-heading">Levels of the socio-ecological model</h2>' in section
    assert 'role="img" aria-labelledby="levels-heading levels-summary"' in section
    assert "The plan works at 3 of the 4 levels." in section
    assert section.count("<rect ") == 4
    assert section.count('stroke-dasharray="6 4"') == 1  # society, not ticked
    assert section.count("✓ Works here") == 3
    words = section[section.index('class="levels-in-words') :]
    strategy = example.parts.get(kind=PlanPart.Kind.STRATEGY).data
    for level in Level.objects.all():
        assert level.name in words
        does = strategy[forms.StrategyForm.AT_LEVEL[level.slug]]
        for line in does.splitlines():
            assert line.replace("'", "&#x27;") in words
    assert words.count("✓ The plan works at this level.") == 3
    assert "Town youth group (add yours)</span> (Youth group)" in words
    assert 'href="/annexes/socio-ecological-model/"' in section


def test_an_empty_plan_draws_four_rings_none_marked(client, owner, all_content):
    plan = InitiativePlan.objects.create(owner=owner, title="Nothing yet")
    picture = levels_picture(with_parts(plan))
    assert len(picture.rings) == 4 and picture.works_at == []
    assert all(ring.place.stakeholders == [] and not ring.place.does for ring in picture.rings)
    client.force_login(owner)
    section = levels_section(client.get(f"/plans/{plan.pk}/").content.decode())
    assert section.count("<rect ") == section.count('stroke-dasharray="6 4"') == 4
    assert "✓" not in section
    assert "The plan does not tick any level yet (step 4)." in section
    # Its owner is led to where levels are ticked.
    assert f'href="/plans/{plan.pk}/steps/4/"' in section


def test_a_share_link_shows_a_persons_kind_not_their_name(client, owner, plan, all_content):
    plan = stakeholders_part(
        plan, [row("Aigul Asanova", "activist"), row("Osh Football Club", "sports")]
    )
    shared = levels_picture(plan, hide_confidential=True)
    community = next(p for p in shared.places if p.level.slug == "community")
    assert [(s.name, s.kind) for s in community.stakeholders] == [
        ("", "Activist"),
        ("Osh Football Club", "Sports community"),
    ]
    link = ShareLink.create_for(plan, owner)
    section = levels_section(client.get(f"/shared/{link.token}/").content.decode())
    assert "Aigul" not in section and "Osh Football Club" in section
    assert "• Activist" in section and "<li>Activist</li>" in section
    assert "Aigul" not in plan_as_markdown(plan, hide_confidential=True)
    client.force_login(owner)
    assert "Aigul Asanova" in levels_section(client.get(f"/plans/{plan.pk}/").content.decode())


def test_many_stakeholders_on_one_ring_are_counted_not_crowded(client, owner, plan, all_content):
    clubs = [f"Football club number {n}" for n in range(10)]
    plan = stakeholders_part(plan, [row(name, "sports") for name in clubs])
    community = next(r for r in levels_picture(plan).rings if r.place.level.slug == "community")
    bullets = [line.text for line in community.lines if line.text.startswith("• ")]
    assert len(bullets) == SHOWN_PER_RING - 1
    assert community.lines[-1].text == f"+{10 - SHOWN_PER_RING + 1} more"
    client.force_login(owner)
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    words = levels_section(html).split('class="levels-in-words', 1)[1]
    assert all(name in words for name in clubs)  # the words list them all


def test_a_long_name_is_cut_with_an_ellipsis(owner, plan, all_content):
    plan = stakeholders_part(plan, [row("A very long name " * 10, "formal_leader")])
    society = levels_picture(plan).rings[0]
    (line,) = [line for line in society.lines if line.text.startswith("• ")]
    assert line.text.endswith("…") and len(line.text) < 60


def test_russian_readers_see_annex_1s_levels_in_russian(client, example):
    html = client.get(f"/ru/plans/{example.pk}/").content.decode()
    section = levels_section(html)
    with translation.override("ru"):
        names = [level.name for level in Level.objects.all()]
    assert "Укрепление индивидуальных знаний и навыков" in names
    svg = section[section.index("<svg") : section.index("</svg>")]
    for name in names:
        assert name in section
        assert name.split()[0] in svg  # drawn in the ring, wrapped across lines
    assert "Strengthening individual knowledge" not in section


def test_the_print_view_holds_the_picture(client, example):
    html = client.get(f"/plans/{example.pk}/print/").content.decode()
    section = levels_section(html)
    assert "<svg" in section and section.count("<rect ") == 4
    assert "steps/4/" not in section  # no editing from paper


def test_the_markdown_export_says_the_levels_in_words(example):
    markdown = plan_as_markdown(example)
    levels = markdown[markdown.index("## Levels of the socio-ecological model") :]
    for level in Level.objects.all():
        assert f"### {level.name}" in levels
    assert levels.count("**✓ The plan works at this level.**") == 3
    assert "- Town youth group (add yours) (Youth group)" in levels
    strategy = example.parts.get(kind=PlanPart.Kind.STRATEGY).data
    assert strategy["at_community"] in levels


def test_the_word_export_says_the_levels_in_words(client, example):
    response = client.get(f"/plans/{example.pk}/export.docx")
    document = docx.Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    start = texts.index("Levels of the socio-ecological model")
    levels = texts[start:]
    assert [text for text in levels if text in Level.objects.values_list("name", flat=True)] == [
        level.name for level in reversed(Level.objects.all())
    ]
    assert "Town youth group (add yours) (Youth group)" in levels
    assert levels.count("✓ The plan works at this level.") == 3


def test_the_page_reads_the_levels_in_a_constant_number_of_queries(
    client, owner, plan, all_content, django_assert_max_num_queries
):
    client.force_login(owner)
    url = f"/plans/{plan.pk}/"
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    stakeholders_part(plan, [row(f"Club {n}", "sports") for n in range(20)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert re.search(r"\+\d+ more", html)
