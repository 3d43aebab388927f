"""The plan self-check: rules that read a plan and say where it strays from what the toolkit
recommends.

Each rule cites the toolkit passage it comes from (a recommendation's DON'T, a key action, a
challenge, a planning step) by a key in the toolkit's data, so the words a finding shows are
the toolkit's own, as edited in the admin and translated; none is copied here. A rule names the
step and the fields to fix. Rules read only the plan's parts. A rule whose parts are all still
empty, or whose question the plan has not reached (no method or level ticked, no objective
written), is not checked yet: a plan just started is not a list of faults.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import PlanPart

Kind = PlanPart.Kind
Parts = dict[str, dict]  # part kind -> its data


@dataclass(frozen=True)
class Passage:
    """Where in the toolkit a rule comes from: a record found by its key, and which of its
    texts is cited."""

    RECOMMENDATION = "recommendation"  # key: Recommendation.key
    KEY_ACTION = "key_action"  # key: KeyAction.key
    SECTION = "section"  # key: Section.key (the challenges)
    PLANNING_STEP = "planning_step"  # key: PlanningStep.number

    source: str
    key: str | int
    field: str


@dataclass(frozen=True)
class Rule:
    key: str  # kept with acknowledgements: never change it
    subject: Promise  # what it checks, in a word or two: "Methods"
    title: Promise  # what the finding says, in the portal's words
    passage: Passage
    kind: str  # the part whose fields `finds` names
    reads: tuple[str, ...]  # the parts it reads; all empty: not checked yet
    # The fields (or list keys) to fix; none: it passes; None: nothing to check yet.
    finds: Callable[[Parts], list[str] | None]


def _text(data: dict, name: str) -> bool:
    value = data.get(name)
    return isinstance(value, str) and bool(value.strip())


def _chosen(data: dict, name: str) -> list:
    value = data.get(name)
    return value if isinstance(value, list) else []


def _rows(data: dict, name: str) -> list[dict]:
    """The rows of a list that hold a name: the empty rows a form may keep are no entry."""
    return [row for row in _chosen(data, name) if isinstance(row, dict) and _text(row, "name")]


# Methods where the men mostly listen. The toolkit's comprehensive interventions combine them
# with discussions and community engagement (dialogue groups, peer education, or whatever
# "other methods" says).
ONE_WAY_METHODS = {"training", "media_campaign", "social_media_campaign"}


def one_off_event(parts: Parts) -> list[str]:
    return ["one_off"] if parts[Kind.STRATEGY].get("one_off") is True else []


def one_way_methods_only(parts: Parts) -> list[str] | None:
    strategy = parts[Kind.STRATEGY]
    methods = set(_chosen(strategy, "methods"))
    if not methods and not _text(strategy, "other_methods"):
        return None
    if not methods <= ONE_WAY_METHODS or _text(strategy, "other_methods"):
        return []
    return ["methods"]


def influencers_without_evaluation(parts: Parts) -> list[str]:
    stakeholders = _rows(parts[Kind.STAKEHOLDERS], "stakeholders")
    influencers = [row for row in stakeholders if row.get("kind") == "influencer"]
    if influencers and not _text(parts[Kind.STRATEGY], "evaluation"):
        return ["evaluation"]
    return []


def one_level_only(parts: Parts) -> list[str] | None:
    levels = _chosen(parts[Kind.STRATEGY], "levels")
    if not levels:
        return None
    return ["levels"] if len(levels) == 1 else []


def no_womens_organisation(parts: Parts) -> list[str]:
    stakeholders = _rows(parts[Kind.STAKEHOLDERS], "stakeholders")
    if any(row.get("kind") == "womens_rights" for row in stakeholders):
        return []
    if _text(parts[Kind.CHALLENGES], "accountability_organisations"):
        return []
    return ["accountability_organisations"]


def no_objective_agreed(parts: Parts) -> list[str]:
    stakeholders = _rows(parts[Kind.STAKEHOLDERS], "stakeholders")
    agreed = any(row.get("objective_agreed") is True for row in stakeholders)
    return [] if agreed else ["stakeholders"]


def no_referral_list(parts: Parts) -> list[str]:
    return [] if _rows(parts[Kind.CHALLENGES], "referrals") else ["referrals"]


def resistance_without_approach(parts: Parts) -> list[str]:
    challenges = parts[Kind.CHALLENGES]
    if _chosen(challenges, "resistance_reasons") and not _text(challenges, "resistance_approach"):
        return ["resistance_approach"]
    return []


def objectives_without_outcomes(parts: Parts) -> list[str] | None:
    strategy = parts[Kind.STRATEGY]
    if not _text(strategy, "objectives"):
        return None
    return [name for name in ("outcomes", "timeline") if not _text(strategy, name)]


def approach_unanswered(parts: Parts) -> list[str]:
    strategy = parts[Kind.STRATEGY]
    answers = ("participatory", "inclusive", "gender_transformative")
    return [name for name in answers if not _text(strategy, name)]


RULES = [
    Rule(
        "one-off-event",
        _("One-off events"),
        _("The initiative is a one-off event"),
        Passage(Passage.RECOMMENDATION, "comprehensive-interventions", "dont_text"),
        Kind.STRATEGY,
        (Kind.STRATEGY,),
        one_off_event,
    ),
    Rule(
        "one-way-methods",
        _("Methods"),
        _("Only trainings and campaigns: no discussion, dialogue or peer work"),
        Passage(Passage.RECOMMENDATION, "comprehensive-interventions", "do_text"),
        Kind.STRATEGY,
        (Kind.STRATEGY,),
        one_way_methods_only,
    ),
    Rule(
        "influencers-without-evaluation",
        _("Influencers"),
        _("Influencers take part, but nothing says how their impact is evaluated"),
        Passage(Passage.RECOMMENDATION, "opinion-leaders", "dont_text"),
        Kind.STRATEGY,
        (Kind.STAKEHOLDERS, Kind.STRATEGY),
        influencers_without_evaluation,
    ),
    Rule(
        "one-level-only",
        _("Levels of the socio-ecological model"),
        _("The initiative works at one level of the socio-ecological model only"),
        Passage(Passage.RECOMMENDATION, "comprehensive-interventions", "dont_text"),
        Kind.STRATEGY,
        (Kind.STRATEGY,),
        one_level_only,
    ),
    Rule(
        "no-womens-rights-organisation",
        _("Women's rights organisations"),
        _("No women's rights organisation among the stakeholders or in the accountability"),
        Passage(Passage.SECTION, "accountability", "body"),
        Kind.CHALLENGES,
        (Kind.STAKEHOLDERS, Kind.CHALLENGES),
        no_womens_organisation,
    ),
    Rule(
        "no-objective-agreed",
        _("A shared objective with stakeholders"),
        _("No stakeholder shares a common understanding of the objective yet"),
        Passage(Passage.PLANNING_STEP, 2, "what_it_means"),
        Kind.STAKEHOLDERS,
        (Kind.STAKEHOLDERS,),
        no_objective_agreed,
    ),
    Rule(
        "no-referral-list",
        _("Referrals"),
        _("No support services to refer participants to"),
        Passage(Passage.SECTION, "referrals", "body"),
        Kind.CHALLENGES,
        (Kind.CHALLENGES,),
        no_referral_list,
    ),
    Rule(
        "resistance-without-approach",
        _("Resistance"),
        _("Resistance is expected, but nothing says how it will be handled"),
        Passage(Passage.SECTION, "resistance", "closing"),
        Kind.CHALLENGES,
        (Kind.CHALLENGES,),
        resistance_without_approach,
    ),
    Rule(
        "objectives-without-outcomes",
        _("Outcomes and timeline"),
        _("The objectives have no expected outcomes or no timeline"),
        Passage(Passage.KEY_ACTION, "objectives-and-outcomes", "text"),
        Kind.STRATEGY,
        (Kind.STRATEGY,),
        objectives_without_outcomes,
    ),
    Rule(
        "approach-unanswered",
        _("A participatory, inclusive, gender-transformative approach"),
        _("The approach does not say how it is participatory, inclusive and gender-transformative"),
        Passage(Passage.KEY_ACTION, "participatory-approach", "text"),
        Kind.STRATEGY,
        (Kind.STRATEGY,),
        approach_unanswered,
    ),
]
RULES_BY_KEY = {rule.key: rule for rule in RULES}


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    fields: list[str]  # empty: the plan passes this rule (or was not checked)
    checked: bool


def run(parts: dict[str, PlanPart]) -> list[Outcome]:
    """Every rule's outcome for a plan's parts (kind -> PlanPart; a part never saved is
    missing), in the rules' order."""
    data = {kind: (parts[kind].data if kind in parts else {}) for kind in Kind.values}
    outcomes = []
    for rule in RULES:
        started = any(kind in parts and not parts[kind].is_empty for kind in rule.reads)
        fields = rule.finds(data) if started else None
        outcomes.append(Outcome(rule, fields or [], fields is not None))
    return outcomes
