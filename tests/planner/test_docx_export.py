"""The plan as a Word concept note (planner/docx_export.py): what it holds, what it leaves out,
its languages, and who may download it."""

import io
from decimal import Decimal

import docx
import pytest
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from annexes.models import Level, Topic
from planner.docx_export import plan_as_docx
from planner.models import InitiativePlan
from planner.selectors import with_parts
from tests.planner.test_example_plan import load_example
from toolkit.models import ResistanceReason

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W_LANG = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"
W_VAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
# What the concept note leaves out: the referrals (for the team only) and the stakeholders'
# contacts (a concept note goes to donors).
LEFT_OUT = {"referrals", "contact"}
CHOICES = {"kind", "topics", "methods", "levels", "resistance_reasons", "currency"}
# Amounts are numbers, written in the reader's format: the budget test checks them.
BOOKKEEPING = {"row_id", "amount"}


def opened(content):
    return docx.Document(io.BytesIO(content))


def paragraphs_of(document):
    """Every paragraph's text, the tables' cells' included."""
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [p.text for cell in row.cells for p in cell.paragraphs]
    return texts


def texts_in(value, skip=()):
    """Every line people wrote in a part's data, but for the keys in `skip`."""
    if isinstance(value, dict):
        return [t for key, item in value.items() if key not in skip for t in texts_in(item, skip)]
    if isinstance(value, list):
        return [text for item in value for text in texts_in(item, skip)]
    if isinstance(value, str):
        return [line for line in value.splitlines() if line.strip()]
    return []


def table_with(document, first_cell):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)


def download(client, plan, language="en"):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(f"{prefix}/plans/{plan.pk}/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    return response


@pytest.fixture
def example(all_content):
    return load_example("en")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_concept_note_holds_every_filled_field_it_includes(client, example, language):
    response = download(client, example, language)
    slug = "example-plan-dialogue-groups-for-young-fathers"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.docx"'
    document = opened(response.content)
    texts = paragraphs_of(document)
    whole = "\n".join(texts)
    parts = {part.kind: part.data for part in example.parts.all()}

    assert document.paragraphs[0].text == example.title
    assert example.summary in texts
    for kind, data in parts.items():
        for line in texts_in(data, skip=LEFT_OUT | CHOICES | BOOKKEEPING):
            assert line in whole, f"{kind}: {line!r} is missing"
    with translation.override(language):
        # Choices by their labels, in the reader's language.
        for slug in parts["entry_points"]["topics"]:
            assert Topic.objects.get(slug=slug).title in texts
        for slug in parts["strategy"]["levels"]:
            assert Level.objects.get(slug=slug).name in whole
        for pk in parts["challenges"]["resistance_reasons"]:
            assert ResistanceReason.objects.get(pk=pk).text in texts
        labels = [
            "Target group",
            "Partners",
            "Topics and entry points",
            "Objectives and expected outcomes",
            "Activities and timeline",
            "Approach",
            "Budget and support",
            "Risks and how we handle them",
            "Accountability",
            "Barriers to change",
            "Dialogue group",
            "How the approach is gender-transformative",
            "In-kind support: venues",
            "Women's rights organisations that check in on the initiative",
        ]
        for label in labels:
            assert gettext(label) in whole, label
        assert f"{gettext('Status')}: {gettext('Ready')}" in texts


def test_the_concept_note_is_in_russian_under_ru_and_the_plans_text_as_written(client, example):
    document = opened(download(client, example, "ru").content)
    whole = "\n".join(paragraphs_of(document))
    with translation.override("ru"):
        russian = [gettext(label) for label in ["Barriers to change", "Budget total", "Item"]]
    assert all(label in whole for label in russian)
    assert "Barriers to change" not in whole and "Budget total" not in whole
    assert example.title in whole  # not translated
    # Word reads the labels as Russian and the plan's text as English.
    assert document.core_properties.language == "en"
    assert document.core_properties.title == example.title
    normal = document.styles["Normal"].element.rPr.find(W_LANG)
    assert normal.get(W_VAL) == "ru"
    title_runs = document.paragraphs[0].runs
    assert [run._r.rPr.find(W_LANG).get(W_VAL) for run in title_runs] == ["en"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_budget_table_adds_up_its_amounts_right_aligned(client, example, language):
    document = opened(download(client, example, language).content)
    funding = example.parts.get(kind="funding").data
    with translation.override(language):
        table = table_with(document, gettext("Item"))
        header = [cell.text for cell in table.rows[0].cells]
        assert header == [gettext("Item"), gettext("Amount"), gettext("Notes")]
        amounts = [Decimal(line["amount"]) for line in funding["budget_lines"]]
        expected_total = f"{number_format(sum(amounts), force_grouping=True)} USD"
        rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        assert rows[-1] == [gettext("Budget total"), expected_total, ""]
        assert [row[1] for row in rows[:-1]] == [
            number_format(amount, force_grouping=True) for amount in amounts
        ]
        assert f"{gettext('Currency of the budget')}: USD" in paragraphs_of(document)
    for row in table.rows:
        assert row.cells[1].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT


def test_the_activities_and_partners_tables(client, example):
    document = opened(download(client, example).content)
    strategy = example.parts.get(kind="strategy").data
    activities = table_with(document, "Methods")
    rows = {row.cells[0].text: row.cells[1].text for row in activities.rows}
    assert rows["Methods"].splitlines() == [
        "Dialogue group",
        "Peer education",
        "Social media campaign",
    ]
    assert rows["Other methods"] == strategy["other_methods"]
    assert rows["Timeline"] == strategy["timeline"]
    assert "Levels of the socio-ecological model it works at" in rows
    partners = table_with(document, "Name")
    header = [cell.text for cell in partners.rows[0].cells]
    assert header == [
        "Name",
        "Kind",
        "Their role in the initiative",
        "We share a common understanding of the objective",
    ]
    stakeholders = example.parts.get(kind="stakeholders").data["stakeholders"]
    assert len(partners.rows) == len(stakeholders) + 1
    assert [cell.text for cell in partners.rows[1].cells][1:] == [
        "Women's rights organisation",
        stakeholders[0]["role"],
        "Yes",
    ]


def test_no_contact_and_no_referral_leaves_with_the_concept_note(client, example):
    whole = "\n".join(paragraphs_of(opened(download(client, example).content)))
    challenges = example.parts.get(kind="challenges").data
    for service in challenges["referrals"]:
        assert service["name"] not in whole and service["area"] not in whole
    assert "Add the contact person" not in whole and "Add phone and address" not in whole
    assert "Support services for referrals" not in whole and "Contact" not in whole


def test_a_plan_with_nothing_filled_still_exports(private_plan):
    document = opened(plan_as_docx(with_parts(private_plan)))
    texts = [text for text in paragraphs_of(document) if text]
    assert texts[0] == "Private draft"
    assert not document.tables
    # Title, status and the date only: no empty section.
    assert len(texts) == 3 and texts[1] == "Status: Draft"
    assert document.core_properties.language == ""


def test_characters_xml_refuses_do_not_break_the_file(owner):
    # A bell and a vertical tab: text fields take them, XML does not. (NUL never reaches the
    # database: forms refuse it, and PostgreSQL would too.)
    plan = InitiativePlan.objects.create(owner=owner, title="Bell\x07 evenings", summary="a\x0bb")
    document = opened(plan_as_docx(with_parts(plan)))
    assert document.paragraphs[0].text == "Bell evenings"


# --- Who may download it --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 200),
        ("editor", 200),
        ("organiser", 200),
        ("owner", 200),
        ("staff", 404),
    ],
)
def test_it_lets_readers_download_the_plan(client, cast, plan, role, status):
    if cast[role] is not None:
        client.force_login(cast[role])
    response = client.get(f"/plans/{plan.pk}/export.docx")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert opened(response.content).paragraphs[0].text == "Fathers' football evenings"


def test_anonymous_visitors_meet_a_private_plan_as_the_markdown_export_does(client, private_plan):
    markdown = client.get(f"/plans/{private_plan.pk}/export.md")
    response = client.get(f"/plans/{private_plan.pk}/export.docx")
    assert response.status_code == markdown.status_code
    assert response.status_code in (302, 404)


def test_it_hides_a_private_plan_from_network_members(client, viewer, private_plan):
    client.force_login(viewer)
    assert client.get(f"/plans/{private_plan.pk}/export.docx").status_code == 404


def test_it_refuses_other_methods(client, owner, plan):
    client.force_login(owner)
    assert client.post(f"/plans/{plan.pk}/export.docx").status_code == 405


def test_anyone_may_download_the_example(client, example):
    assert client.get(f"/plans/{example.pk}/export.docx").status_code == 200
