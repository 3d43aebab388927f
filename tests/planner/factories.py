"""Plans filled in code: every step's fields, shaped as the step forms store them, with the
Annex 2 topic, Annex 1 level and reason for resistance they point to."""

from planner.models import PlanPart
from tests.annexes.factories import make_levels, make_topics
from toolkit.models import Page, ResistanceReason, Section


def make_choices():
    """One Annex 2 topic, the Annex 1 levels and one reason for resistance, made in code."""
    topic = make_topics(per_area=1, areas=1)[0]
    level = make_levels(examples=0)[0]
    page = Page.objects.create(slug="plan", title="PLAN!", nav_label="PLAN!")
    section = Section.objects.create(
        page=page, slug="resistance", heading="Resistance", kind=Section.Kind.CHALLENGE
    )
    reason = ResistanceReason.objects.create(section=section, text="A lack of knowledge")
    return topic, level, reason


def full_data(topic, level, reason):
    """Every field of every step filled, shaped as the step forms store it."""
    return {
        "research": {
            "age": "Research age 18-30",
            "profession": "Research profession drivers",
            "location": "Research location the town",
            "religion": "Research religion mixed",
            "education": "Research education vocational",
            "socio_economic_background": "Research background seasonal work",
            "where_and_when": "Research where: after football\nResearch when: evenings",
            "barriers": "Research barriers mockery",
            "motivators": "Research motivators hands-on fathers",
            "attitudes_and_needs": "Research attitudes care is women's work",
        },
        "stakeholders": {
            "notes": "Stakeholders notes collective effort",
            "stakeholders": [
                {
                    "name": "Stakeholder women's rights organisation",
                    "kind": "womens_rights",
                    "role": "Stakeholder role checks in",
                    "contact": "Stakeholder contact person",
                    "objective_agreed": True,
                },
                {
                    "name": "Stakeholder football club",
                    "kind": "sports",
                    "role": "Stakeholder role hosts",
                    "contact": "",
                    "objective_agreed": False,
                },
            ],
        },
        "entry_points": {
            "topics": [topic.slug],
            "own_topics": "Entry own topics fatherhood",
            "shared_values": "Entry shared values respect",
            "local_examples": "Entry local examples paternity leave",
        },
        "strategy": {
            "objectives": "Strategy objectives safe space",
            "outcomes": "Strategy outcomes behavioural change",
            "methods": ["dialogue_group", "peer_education"],
            "other_methods": "Strategy other storytelling",
            "levels": [level.slug],
            "participatory": "Strategy participatory fathers choose",
            "inclusive": "Strategy inclusive evenings",
            "gender_transformative": "Strategy transformative caregiving",
            "timeline": "Strategy timeline six months",
            "one_off": True,
        },
        "funding": {
            "grants_and_donors": "Funding grants small grant",
            "in_kind_venues": "Funding venues club room",
            "in_kind_facilitators": "Funding facilitators peers",
            "in_kind_materials": "Funding materials cards",
            "existing_programmes": "Funding programmes courses",
            "budget_lines": [
                {"item": "Budget tea and snacks", "amount": "120.00", "notes": "Budget per session"}
            ],
        },
        "challenges": {
            "resistance_reasons": [reason.pk],
            "resistance_approach": "Challenges approach respectfully",
            "accountability_organisations": "Challenges accountability organisation",
            "accountability_check_ins": "Challenges check-ins monthly",
            "accountability_feedback": "Challenges feedback added a session",
            "referrals": [
                {
                    "name": "Referral psychosocial support centre",
                    "kind": "mental_health",
                    "contact": "Referral contact phone",
                    "area": "Referral area the town",
                }
            ],
        },
    }


def fill_plan(plan):
    """Every part of `plan` filled; returns the data by kind."""
    data = full_data(*make_choices())
    for kind, part_data in data.items():
        PlanPart.objects.create(plan=plan, kind=kind, data=part_data, version=2)
    return data


def plan_without_parts(plan):
    """The cast's plan comes with a research part; these tests fill every part themselves."""
    plan.parts.all().delete()
    return plan


def without_row_ids(data):
    """A part's data without its rows' ids, after checking every row has one: ids are made by
    the server, so tests that know what was typed compare the rest."""
    if isinstance(data, list):
        return [without_row_ids(item) for item in data]
    if not isinstance(data, dict):
        return data
    copy = {}
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            for row in value:
                assert len(row.get("row_id", "")) == 32, row
            value = [{k: v for k, v in row.items() if k != "row_id"} for row in value]
        copy[key] = value
    return copy
