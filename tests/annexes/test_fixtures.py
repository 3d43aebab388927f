"""The annexes fixture: the toolkit's two annexes, transcribed in their order and wording."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from modeltranslation.fields import TranslationField

from annexes.models import (
    Annex,
    ExampleInitiative,
    Level,
    TaggedTopic,
    ThematicArea,
    Topic,
    TopicQuestion,
    TopicTag,
)

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "data" / "toolkit-seed.txt"

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>", re.IGNORECASE)
URL = re.compile(r"https?://[^\s)<]+")

EXPECTED_LEVELS = [
    (
        "individual",
        "Strengthening individual knowledge and skills",
        "To help men and women understand how existing gender and social norms affect their "
        "lives, promote changes in attitudes and beliefs about gender equality, enhance skills, "
        "and encourage specific target behaviours.",
    ),
    (
        "relationships",
        "Establishing positive family relationships and creating an environment of equality",
        "To support efforts to improve intimate partner relationships, reduce gender-based "
        "violence, and foster a supportive and equitable environment both in the workplace and "
        "within families.",
    ),
    (
        "community",
        "Mobilizing communities using a community-based approach",
        "To foster a supportive social environment that advances gender equality and encourages "
        "male engagement by involving communities through participatory planning, media, "
        "outreach, mobilization, campaigns, etc.",
    ),
    (
        "society",
        "Advocating for political and legal reform at the societal level",
        "To develop strategies to reform and implement national, regional, and local laws and "
        "policies that positively change the social environment.",
    ),
]

# level slug -> [(name, url)] of its example initiatives, in the annex's order; a source entry
# without a "Label:" has no name (its sentence is the description, checked below)
EXPECTED_EXAMPLES = {
    "individual": [
        ("Vocational guidance project for boys", "https://www.boys-day.de/"),
        ("", "https://youngmeninitiative.net/en/"),
    ],
    "relationships": [
        (
            "Improving the quality of intimate partner relationships",
            "https://promundoglobal.org/programs/program-p/",
        ),
        ("", "https://www.osce.org/secretariat/576324"),
    ],
    "community": [
        (
            "Community dialogues",
            "https://prevention-collaborative.org/programme-examples/"
            "stepping-stones-and-creating-futures/",
        ),
        (
            "Media campaigns and Events",
            "https://georgia.unfpa.org/sites/default/files/pub-pdf/MenCare%20Brochure.pdf",
        ),
    ],
    "society": [("Information support", "http://www.menengage.org/")],
}

EXPECTED_AREAS = [
    # The seed misspells this one "PARTICIPTION"; see NOT_TRANSCRIBED below.
    ("gender-equality-and-womens-participation", "Gender equality and women's participation"),
    ("gender-and-economic-development", "Gender and economic development"),
    ("gender-in-the-workplace", "Gender in the workplace"),
    ("gender-and-family-life", "Gender and family life"),
    ("gender-and-mens-well-being", "Gender and men's well-being"),
]

# area slug -> [(topic slug, title)], in the annex's order
EXPECTED_TOPICS = {
    "gender-equality-and-womens-participation": [
        ("what-is-gender-mainstreaming", "What is gender mainstreaming?"),
        (
            "reasoning-about-patriarchy-power-and-privilege",
            "Reasoning about patriarchy, power, and privilege",
        ),
        (
            "gender-equality-as-a-prerequisite-for-human-rights-programming",
            "Gender equality as a prerequisite for human rights programming",
        ),
    ],
    "gender-and-economic-development": [
        (
            "how-will-climate-change-affect-gender-equality",
            "How will climate change affect gender equality?",
        ),
        (
            "the-link-between-economic-development-and-gender-equality",
            "The link between economic development and gender equality",
        ),
    ],
    "gender-in-the-workplace": [
        ("men-women-and-workplace-dynamics", "Men, women, and workplace dynamics"),
        (
            "preventing-sexual-harassment-in-the-workplace",
            "Preventing sexual harassment in the workplace",
        ),
        ("gender-stereotypes-in-the-workplace", "Gender stereotypes in the workplace"),
    ],
    "gender-and-family-life": [
        (
            "money-matters",
            "Money matters: Who is responsible for financial decisions in our families?",
        ),
        ("sharing-responsibilities-at-home", "Sharing responsibilities at home"),
        ("how-our-decisions-affect-others", "How our decisions affect others"),
        (
            "parental-leave-family-leave-paternity-leave",
            "Parental leave, family leave, paternity leave",
        ),
    ],
    "gender-and-mens-well-being": [
        (
            "masculinity-and-behaviour-for-a-healthy-lifestyle",
            "Masculinity and behaviour for a healthy lifestyle?",
        ),
        ("men-and-mental-health", "Men and mental health"),
        ("mens-health-is-public-health", "Men's health is public health"),
        ("stress-pressure-and-anger-management", "Stress, pressure, and anger management"),
    ],
}

# topic slug -> its possible questions, one row each, in the annex's order
EXPECTED_QUESTIONS = {
    "what-is-gender-mainstreaming": [
        "What does it mean to apply a gender lens to all sectors?",
        "How can we ensure gender mainstreaming isn't just a box-ticking exercise?",
    ],
    "reasoning-about-patriarchy-power-and-privilege": [
        "What’s the difference between individual respect and systemic equality?",
        "How can men reflect upon their own social privileges in their communities?",
    ],
    "gender-equality-as-a-prerequisite-for-human-rights-programming": [
        "How do we talk about gender equality in ways that connect with local values like "
        "justice, respect, and dignity?",
    ],
    "how-will-climate-change-affect-gender-equality": [
        "How are gender roles shifting due to climate change?",
        "What kinds of policies are needed to protect the most vulnerable?",
    ],
    "the-link-between-economic-development-and-gender-equality": [
        "How do we ensure women’s economic empowerment doesn’t lead to new forms of control or "
        "violence?",
        "What role do men play in supporting gender equity?",
    ],
    "men-women-and-workplace-dynamics": [
        "How do traditional perceptions of male and female roles shape communication and "
        "leadership in mixed teams?",
        "How can both men and women contribute to more equitable participation?",
    ],
    "preventing-sexual-harassment-in-the-workplace": [
        "What do we consider as harassment?",
        "How do social taboos and silence around harassment affect victims in Central Asian "
        "workplaces?",
        "What kind of support systems are needed?",
    ],
    "gender-stereotypes-in-the-workplace": [
        "How do cultural expectations of men and women influence behaviour in security and "
        "defence institutions?",
        "How can we promote diversity and inclusion in these sectors?",
    ],
    "money-matters": [
        "How do power and trust materialize in financial decisions at home?",
        "What are ways to build transparency and shared financial responsibility?",
    ],
    "sharing-responsibilities-at-home": [
        "How are gender roles at home shaped by the expectations of others – of parents, "
        "parents-in-law, uncles/aunts, siblings, children?",
        "How can young couples navigate tradition and equality?",
    ],
    "how-our-decisions-affect-others": [
        "How do economic pressures affect families in our region, such as the pressure on men "
        "to migrate and women to move in with in-laws?",
        # Printed on one line with the next question; two questions, so two rows.
        "Who takes the decisions?",
        "How can relationships be sustained in a healthy way in these situations?",
        "How can families make decisions that consider everyone's well-being?",
    ],
    "parental-leave-family-leave-paternity-leave": [
        "How do we challenge the idea that caregiving is only women's work?",
        "What are the benefits for children, if both parents care for them?",
        "What would it take for men to feel proud of being hands-on fathers?",
    ],
    "masculinity-and-behaviour-for-a-healthy-lifestyle": [
        "How do traditional ideas of masculinity affect men's health?",
        "What's the cost of silence?",
    ],
    "men-and-mental-health": [
        "Where do men in our communities turn for help?",
        "Why is seeking help important?",
        "How can we reduce stigma around mental illness?",
    ],
    "mens-health-is-public-health": [
        "What would make men more likely to care about health prevention?",
        "How can public health campaigns be more gender-sensitive to reach different target "
        "groups?",
    ],
    "stress-pressure-and-anger-management": [
        "What tools do men need to cope with stress and emotions in healthy ways?",
        "How can we teach non-violent ways of working through negative emotions to men of all "
        "ages?",
    ],
}


@pytest.fixture(autouse=True)
def annexes():
    call_command("loaddata", "annexes", verbosity=0)


def text_values(obj):
    """The text fields of `obj` (not slugs, not the per-language copies), in field order."""
    return [
        getattr(obj, field.name)
        for field in obj._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, models.SlugField | TranslationField)
    ]


def annex_objects():
    """Both annexes and everything shown in them, in reading order."""
    annex_1, annex_2 = Annex.objects.all()
    yield annex_1
    for level in Level.objects.all():
        yield level
        yield from level.examples.all()
    yield annex_2
    for area in ThematicArea.objects.all():
        yield area
        for topic in area.topics.all():
            yield topic
            yield from topic.questions.all()


def all_texts():
    return [text for obj in annex_objects() for text in text_values(obj)]


def in_tens(items):
    return [item.order for item in items] == [10 * (i + 1) for i in range(len(items))]


def test_every_object_is_reachable():
    reached = Counter(type(obj) for obj in annex_objects())
    for model in (Annex, Level, ExampleInitiative, ThematicArea, Topic, TopicQuestion):
        assert reached[model] == model.objects.count(), model
    counts = {model: model.objects.count() for model in (Annex, Level, ExampleInitiative)}
    assert counts == {Annex: 2, Level: 4, ExampleInitiative: 7}
    counts = {model: model.objects.count() for model in (ThematicArea, Topic, TopicQuestion)}
    assert counts == {ThematicArea: 5, Topic: 16, TopicQuestion: 36}


def test_annex_1():
    annex = Annex.objects.get(number=1)
    assert annex.title == "Annex 1 – The socio-ecological model"
    assert annex.intro == (
        "Socio-ecological models are approaches that seek to map, understand and address the "
        "dynamic interrelations between different factors that shape our lives at different "
        "levels simultaneously, from the individual and the family, to the community and "
        "institutions that we engage with, up to the policy level."
    )
    # The caption's footnote marker is dropped: the footnote is shown as the figure's source.
    assert annex.figure_caption == "Figure 1: A socio-ecological model"
    assert annex.figure_source == "Centers for Disease Control and Prevention (CDC)."
    assert annex.examples_intro.startswith("Below, you will find activities, initiatives, and")
    assert annex.examples_intro.endswith("tailored to your community and context.")
    assert (
        annex.table_title
        == "The Socio-Ecological Model: Levels of Action for Long-Lasting Social Change"
    )


def test_annex_2():
    annex = Annex.objects.get(number=2)
    assert annex.title == "Annex 2 – List of potential gender equality issues to reflect upon"
    assert annex.intro == annex.figure_caption == annex.figure_source == ""
    assert annex.examples_intro == annex.table_title == ""


def test_levels_in_order():
    levels = list(Level.objects.all())
    assert [(lv.slug, lv.name, lv.goal) for lv in levels] == EXPECTED_LEVELS
    assert in_tens(levels)


def test_example_initiatives():
    for level in Level.objects.all():
        examples = list(level.examples.all())
        assert [(e.name, e.url) for e in examples] == EXPECTED_EXAMPLES[level.slug], level.slug
        assert in_tens(examples), level.slug
        for example in examples:
            assert re.fullmatch(r"https?://\S+", example.url), example.url
            assert not example.name.endswith(":") and "http" not in example.name
            assert "http" not in example.description
    by_name = {e.name: e for e in ExampleInitiative.objects.exclude(name="")}
    assert by_name["Vocational guidance project for boys"].description == (
        '"Boys\' Day – Future Prospects for Boys"'
    )
    # Entries without a "Label: description" colon are a sentence: a description with no name.
    assert [e.description for e in ExampleInitiative.objects.filter(name="")] == [
        'Training based on "Program M Manual" by Young Men Initiative.',
        "For more in-depth information on perpetrator programs in Central Asia, please refer "
        "to the following publication",
    ]
    assert by_name["Community dialogues"].description == (
        '"Stepping Stones" program in English '
        "(Note: this approach has been adapted for use in Central Asia)"
    )
    assert by_name["Information support"].description == (
        "A variety of resources related to information support and male engagement are "
        "available on the MenEngage Alliance website"
    )


def test_example_urls_are_the_seeds():
    annexes = annex_text(SEED.read_text(encoding="utf-8"))
    urls = [e.url for lv in Level.objects.all() for e in lv.examples.all()]
    assert urls == URL.findall(annexes)


def test_thematic_areas_in_order():
    areas = list(ThematicArea.objects.all())
    assert [(a.slug, a.name) for a in areas] == EXPECTED_AREAS
    assert in_tens(areas)


def test_topics_in_order_under_their_area():
    for area in ThematicArea.objects.all():
        topics = list(area.topics.all())
        assert [(t.slug, t.title) for t in topics] == EXPECTED_TOPICS[area.slug], area.slug
        assert in_tens(topics), area.slug
        for topic in topics:
            assert topic.example.strip()
    assert sum(len(topics) for topics in EXPECTED_TOPICS.values()) == 16
    assert [t.slug for t in Topic.objects.all()] == [
        slug for topics in EXPECTED_TOPICS.values() for slug, _ in topics
    ]


def test_each_question_is_its_own_row():
    for topic in Topic.objects.all():
        questions = list(topic.questions.all())
        assert [q.text for q in questions] == EXPECTED_QUESTIONS[topic.slug], topic.slug
        assert in_tens(questions), topic.slug
        for question in questions:
            # One question a row: a single "?", at the end.
            assert question.text.endswith("?") and question.text.count("?") == 1, question.text
    assert sum(len(q) for q in EXPECTED_QUESTIONS.values()) == 36


def test_slugs_unique_and_stable():
    slugs = [t.slug for t in Topic.objects.all()]
    assert len(slugs) == len(set(slugs))
    assert Topic.objects.get(slug="what-is-gender-mainstreaming").title.startswith("What is")
    assert Topic.objects.get(slug="money-matters").title.startswith("Money matters:")
    assert Topic.objects.get(slug="parental-leave-family-leave-paternity-leave")
    assert Topic.objects.get(slug="stress-pressure-and-anger-management")
    assert [lv.slug for lv in Level.objects.all()] == [
        "individual",
        "relationships",
        "community",
        "society",
    ]


def tagged(*names):
    return set(Topic.objects.filter(tags__name__in=names).values_list("slug", flat=True))


def test_every_topic_has_two_to_four_tags():
    for topic in Topic.objects.all():
        names = list(topic.tags.names())
        assert 2 <= len(names) <= 4, (topic.slug, names)
        assert all(name == name.lower() for name in names), names
    # Tags are the app's own, so the fixture carries them: none is left unused.
    assert not TopicTag.objects.filter(tagged_topics__isnull=True).exists()
    assert TaggedTopic.objects.count() == sum(t.tags.count() for t in Topic.objects.all())


def test_family_and_fatherhood_tags_find_family_topics():
    assert {
        "parental-leave-family-leave-paternity-leave",
        "sharing-responsibilities-at-home",
        "money-matters",
        "how-our-decisions-affect-others",
        "stress-pressure-and-anger-management",  # a father lashing out at his son
    } <= tagged("fatherhood", "family")
    assert {
        "parental-leave-family-leave-paternity-leave",
        "stress-pressure-and-anger-management",
    } <= tagged("fatherhood")
    assert {
        "how-will-climate-change-affect-gender-equality",
        "how-our-decisions-affect-others",
    } <= tagged("migration")
    assert "preventing-sexual-harassment-in-the-workplace" in tagged("harassment")
    assert {"men-and-mental-health", "stress-pressure-and-anger-management"} <= tagged(
        "mental health"
    )


def test_no_conversion_artefacts():
    for text in all_texts():
        assert not HTML_TAG.search(text), text
        assert not re.search(r"^\s*[-*•✓→]\s", text, re.MULTILINE), text
        assert not any(c in text for c in "✓•→*"), text
        assert not any(c in text for c in SUPERSCRIPTS), text
        assert "\n" not in text and "  " not in text, text
        assert text == text.strip(), text
        # Headings printed in capitals are in sentence case.
        assert not re.search(r"\b[A-Z]{5,}\b", text.replace("UNFPA", "")), text


# --------------------------------------------------------------------------- fidelity

# Seed text deliberately not in the fixture, as normalised fragments. (The other column
# headings, "LEVELS", "GOALS", "THEMATIC AREA", "TOPIC", "EXAMPLE" and "POSSIBLE QUESTIONS", are
# shorter than a fragment; footnote 17's "¹⁷" markers are dropped with all superscripts.)
NOT_TRANSCRIBED = {
    # A column heading of Annex 1's table: the template labels the examples itself.
    "examples of initiativesprojects",
    # The seed's misspelling of the first thematic area, stored as "... women's participation".
    "gender equality and womens particiption",
}


def normalise(text):
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = re.sub(r"[^\w\s]|_", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def annex_text(seed_text):
    """The seed from Annex 1's heading to the back cover's "Funded by"."""
    start = seed_text.index("ANNEX 1 –")
    return seed_text[start : seed_text.index("Funded by", start)]


def seed_fragments(seed_text):
    text = annex_text(seed_text)
    # URLs become the examples' links (test_example_urls_are_the_seeds), with their brackets.
    text = re.sub(r"\(?" + URL.pattern + r"\)?", "\n", text)
    text = re.sub(r"<[^>]+>", "\n\n", text)  # HTML artefacts end a table cell's paragraph
    # A tab-separated line is a table row: its cells, and the row itself, end paragraphs.
    text = re.sub(r"^(.*\t.*)$", lambda row: row[1].replace("\t", "\n\n") + "\n", text, flags=re.M)
    text = re.sub(f"[{SUPERSCRIPTS}]", "", text)  # footnote 17's markers
    text = text.replace("-\n", "-")  # "WELL-\nBEING"
    fragments = []
    for block in re.split(r"\n\s*\n", text):
        # Lines the conversion broke ("Parental leave,\nfamily leave,...") are joined.
        block = " ".join(block.split())
        fragments += re.split(r"(?<=[.!?])\s+", block)
    return [f for f in fragments if len(f) >= 20]


def fixture_corpus():
    return normalise(" \n ".join(all_texts()))


def missing_fragments(seed_text):
    corpus = fixture_corpus()
    return [
        fragment
        for fragment in seed_fragments(seed_text)
        if normalise(fragment) not in corpus and normalise(fragment) not in NOT_TRANSCRIBED
    ]


def test_fixture_holds_all_of_the_annexes():
    seed_text = SEED.read_text(encoding="utf-8")
    assert len(seed_fragments(seed_text)) > 100
    assert missing_fragments(seed_text) == []


def test_fidelity_check_notices_a_missing_question():
    TopicQuestion.objects.get(text="Who takes the decisions?").delete()
    Topic.objects.get(slug="men-and-mental-health").questions.first().delete()
    missing = missing_fragments(SEED.read_text(encoding="utf-8"))
    assert missing == ["Who takes the decisions?", "Where do men in our communities turn for help?"]


def test_exceptions_are_still_needed():
    """Each allowed exception names seed text that really is absent from the fixture."""
    corpus = fixture_corpus()
    fragments = {normalise(f) for f in seed_fragments(SEED.read_text(encoding="utf-8"))}
    for exception in NOT_TRANSCRIBED:
        assert exception in fragments
        assert exception not in corpus
