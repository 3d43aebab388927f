"""Give the records an existing install already holds the keys fixtures/toolkit.json gives them.

A record is recognised by its English text as the fixture has it; one whose English an admin
has edited since is recognised by its place (the aims table's row, the recommendation's number,
the planning step's key action in order).
"""

from django.db import migrations

AIMS = [
    ("community-awareness", "Increase the awareness of your community about the benefits of gender equality"),
    ("young-men-as-leaders", "Encourage young men to take on leadership roles to advocate for gender equality"),
    ("peers-ready-to-act", "Expand the group of peers ready to take action for gender equality"),
]

RECOMMENDATIONS = [
    ("safe-spaces", "Build trust through appropriate safe spaces."),
    ("openness-to-change", "Encourage openness and readiness for change"),
    ("online-learning", "Leverage online learning and digital programmes, which have become increasingly popular and accessible for educational opportunities"),
    ("external-facilitators", "Consider the role of external facilitators and experts"),
    ("comprehensive-interventions", "Comprehensive interventions are proving to be more effective"),
    ("opinion-leaders", "Involve opinion leaders and influencers"),
    ("topics-that-resonate", "Engage men and boys through topics and areas that resonate with their interests. (see [Annex 2](/annexes/topics/) for examples)"),
    ("service-providers", "Provide information on and establish linkages to appropriate service providers"),
]

# Three key actions for each of the five planning steps, in order.
KEY_ACTIONS = [
    ("research-audience", "Research your target audience to determine how, where and when you can best engage with them."),
    ("barriers-and-motivators", "Identify barriers and motivators for change."),
    ("attitudes-and-needs", "Understand their current attitudes, needs and behaviours."),
    ("local-partners", "Partner with local NGOs, including local women's rights organizations, activists, educators, youth groups and media."),
    ("community-allies", "Engage allies from religious, cultural or sports communities."),
    ("formal-and-informal-leaders", "Consider both formal and informal leaders."),
    ("entry-topics", "Use topics like fatherhood, emotional health, violence prevention, or workplace equality."),
    ("shared-values", "Frame conversations around shared values (e.g., respect, care, justice)."),
    ("local-examples", "Localize examples to resonate with your audience."),
    ("objectives-and-outcomes", "Define objectives and outcomes (e.g., behavioural change, awareness)."),
    ("choose-methods", "Choose your methods: trainings, media or social media campaigns, peer education, etc., depending on your target audience."),
    ("participatory-approach", "Ensure the approach is participatory, inclusive[^9], and gender-transformative."),
    ("grants-and-donors", "Apply for grants or donor support."),
    ("existing-programmes", "Integrate activities into existing programmes."),
    ("in-kind-support", "Leverage in-kind support (venues, facilitators, materials)."),
]


def give_keys(records, keyed, text_field):
    """records: the model's records in the fixture's places (None where one is missing);
    keyed: [(key, English text as the fixture has it)], in the same places."""
    present = [record for record in records if record is not None]
    by_text = {getattr(record, text_field): record for record in present}
    fixture_texts = {text for _key, text in keyed}
    for position, (key, text) in enumerate(keyed):
        record = by_text.get(text)
        if record is None and position < len(records):
            candidate = records[position]
            if candidate is not None and getattr(candidate, text_field) not in fixture_texts:
                record = candidate
        if record is not None and not record.key:
            record.key = key
            record.save(update_fields=["key"])


def set_keys(apps, schema_editor):
    Aim = apps.get_model("toolkit", "Aim")
    Recommendation = apps.get_model("toolkit", "Recommendation")
    KeyAction = apps.get_model("toolkit", "KeyAction")
    aims = Aim.objects.filter(section__slug="what-do-you-want-to-achieve").order_by("order", "pk")
    give_keys(list(aims), AIMS, "title_en")
    recommendations = Recommendation.objects.filter(section__slug="recommendations")
    give_keys(list(recommendations.order_by("number", "pk")), RECOMMENDATIONS, "title_en")
    key_actions = []
    for number in range(1, 6):
        in_step = KeyAction.objects.filter(planning_step__number=number).order_by("order", "pk")
        key_actions += ([*in_step] + [None, None, None])[:3]
    give_keys(key_actions, KEY_ACTIONS, "text_en")


class Migration(migrations.Migration):
    dependencies = [
        ("toolkit", "0003_stable_keys"),
    ]

    operations = [migrations.RunPython(set_keys, migrations.RunPython.noop)]
