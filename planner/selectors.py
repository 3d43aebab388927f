"""The planner's reads: the plan list and a user's networks; a plan and its parts described for
reading, printing and exporting (the step forms stay the one definition of what a part holds);
what a step page shows beside its form (the toolkit's guidance and notes, progress, topics, the
one-off warning) and its history; where an invitation stands; what deleting an account would
do."""

import difflib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, cast

from django import forms as django_forms
from django.contrib.auth.models import AnonymousUser, User
from django.core import paginator
from django.core.validators import slug_re
from django.db import NotSupportedError, router
from django.db.models import (
    BooleanField,
    Count,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.deletion import Collector
from django.db.models.functions import TruncMonth
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from annexes.models import Level, Topic
from toolkit.models import (
    Aim,
    ExercisePrompt,
    Footnote,
    KeyAction,
    PlanningStep,
    Recommendation,
    ResistanceReason,
    Section,
)

from . import check, forms
from .charts import (
    CHART_ID,
    MonthParticipants,
    latest_months_note,
    participants_chart,
    pattern_id,
)
from .models import (
    AGE_BANDS,
    CheckAcknowledgement,
    InitiativePlan,
    Invitation,
    LoggedActivity,
    Membership,
    Network,
    PlanPart,
    Reflection,
    Review,
    ReviewComment,
    ReviewReply,
    ReviewRequest,
    TaggedPlan,
    log_is_open,
)
from .walkthrough import STEPS, STEPS_BY_KIND, StepSpec, hidden_fields, hidden_list


@dataclass
class AccountDeletionOutcome:
    """What deleting an account does to the planner."""

    deleted_plans: list = field(default_factory=list)
    handed_over: list = field(default_factory=list)  # (plan, the user who gets it)
    new_organisers: list = field(default_factory=list)  # (network, the member promoted)
    deleted_networks: list = field(default_factory=list)  # networks with no one else in them


def account_deletion_outcome(user: User) -> AccountDeletionOutcome:
    """Collected as the deletion itself collects it (the models' on_delete rules), without
    deleting: what the page promises is what happens."""
    collector = Collector(using=router.db_for_write(type(user)), origin=user)
    collector.collect([user])
    outcome = AccountDeletionOutcome(
        deleted_plans=sorted(collector.data.get(InitiativePlan, ()), key=lambda p: p.title),
        deleted_networks=sorted(collector.data.get(Network, ()), key=lambda n: n.name),
    )
    for (updated, value), batches in collector.field_updates.items():
        # Each entry is a batch of objects (django-stubs 5.2 says single objects).
        objs = [obj for batch in cast("list[Iterable[Any]]", batches) for obj in batch]
        if updated.model is InitiativePlan and updated.name == "owner":
            outcome.handed_over += [(plan, value) for plan in objs]
        elif updated.model is Membership and updated.name == "role":
            outcome.new_organisers += [(membership.network, membership.user) for membership in objs]
    return outcome


def guidance_for(spec: StepSpec) -> dict[str, Any]:
    """The toolkit's own guidance shown beside a step's form."""
    if spec.number is not None:
        return {
            "planning_step": PlanningStep.objects.prefetch_related("key_actions")
            .filter(number=spec.number)
            .first()
        }
    return {"challenge_sections": Section.objects.challenges().prefetch_related("reasons")}


def footnotes_cited_in(guidance: dict[str, Any]) -> list[Footnote]:
    """The toolkit's notes that the guidance shown cites, so that its note links lead somewhere."""
    texts = []
    step = guidance.get("planning_step")
    if step is not None:
        texts += [step.note, step.what_it_means, step.why_it_matters]
        texts += [action.text for action in step.key_actions.all()]
    for section in guidance.get("challenge_sections") or []:
        texts += [section.body, section.closing] + [reason.text for reason in section.reasons.all()]
    return list(Footnote.objects.cited_in(texts))


def step_progress(
    plan: InitiativePlan, spec: StepSpec, parts: dict[str, PlanPart]
) -> list[dict[str, Any]]:
    """Every step of the walk-through with its page, whether it holds something, and which one
    is shown (`parts`: the plan's saved parts by kind)."""
    return [
        {
            "spec": step,
            "url": step.url(plan),
            "filled": step.kind in parts and not parts[step.kind].is_empty,
            "current": step.kind == spec.kind,
        }
        for step in STEPS
    ]


def step_neighbours(plan: InitiativePlan, spec: StepSpec) -> dict[str, Any]:
    """The steps before and after, and their pages (the plan's page at either end)."""
    index = STEPS.index(spec)
    previous_step = STEPS[index - 1] if index > 0 else None
    next_step = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return {
        "previous_step": previous_step,
        "previous_url": previous_step.url(plan) if previous_step else plan.get_absolute_url(),
        "next_step": next_step,
        "next_url": next_step.url(plan) if next_step else plan.get_absolute_url(),
    }


def topics_chosen(slugs: object) -> list[Topic]:
    """The Annex 2 topics of a step 3 form (or saved part), with their questions; anything but
    a list of slugs chooses none."""
    if not slugs or not isinstance(slugs, list | tuple):
        return []
    slugs = [slug for slug in slugs if isinstance(slug, str) and slug_re.match(slug)]
    return list(Topic.objects.filter(slug__in=slugs).prefetch_related("questions"))


def topic_suggested(slug: str) -> Topic | None:
    """The topic of `?topic=<slug>` ("Use in a plan" on a topic page), if there is one."""
    if not slug_re.match(slug):
        return None
    return Topic.objects.filter(slug=slug).only("slug", "title").first()


# The aim whose "what you should avoid" is the toolkit's warning against one-off events.
ONE_OFF_EVENTS_AIM = "community-awareness"


def one_off_warning(part: PlanPart) -> dict[str, Any] | None:
    """The toolkit's own warning against one-off events, once a plan's strategy says it is one."""
    if part.kind != PlanPart.Kind.STRATEGY or part.data.get("one_off") is not True:
        return None
    aim = Aim.objects.by_key(ONE_OFF_EVENTS_AIM)
    if aim is not None:
        return {"text": aim.avoid, "from_toolkit": True}
    return {
        "text": gettext(
            "The toolkit warns against one-off events: change takes time, so engage with the "
            "community over a longer period, not only once."
        ),
        "from_toolkit": False,
    }


# --- The self-check -------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedPassage:
    """The toolkit passage a finding comes from: the record, which of its texts, and where it
    stands in the toolkit (`where`, `url`)."""

    record: Any
    field: str
    where: str
    url: str
    column: str = ""  # a recommendation's "DO" or "DON'T", said before the quote


# A recommendation's two columns, as the toolkit heads them.
RECOMMENDATION_COLUMNS = {"do_text": _("DO"), "dont_text": _("DON'T")}


@dataclass
class Finding:
    rule: check.Rule
    spec: StepSpec
    fields: list[tuple[str, str]]  # (label, #anchor of the input) of each field to fix
    step_url: str  # where editors change it
    part_url: str  # where readers see it, on the plan's page
    acknowledgement: CheckAcknowledgement | None = None
    passage: CitedPassage | None = None


@dataclass
class PlanCheck:
    findings: list[Finding]  # not acknowledged
    acknowledged: list[Finding]
    passed: list[check.Rule]
    not_checked: list[check.Rule]
    # Every rule in order with what came of it: "finding", "acknowledged", "passed", "waiting".
    states: list[tuple[check.Rule, str]] = field(default_factory=list)


def plan_check(plan: InitiativePlan, with_passages: bool = False) -> PlanCheck:
    """The plan's self-check; with the toolkit passages the findings cite when `with_passages`
    (the check's own page: four more queries). The plan's parts come from `with_parts`."""
    parts = {part.kind: part for part in plan.parts.all()}
    acknowledgements = plan.acknowledgements.select_related("acknowledged_by")
    acknowledged = {ack.rule: ack for ack in acknowledgements}
    result = PlanCheck([], [], [], [])
    for outcome in check.run(parts):
        if not outcome.checked:
            result.not_checked.append(outcome.rule)
            state = "waiting"
        elif not outcome.fields:
            result.passed.append(outcome.rule)
            state = "passed"
        else:
            finding = _finding(plan, outcome, acknowledged.get(outcome.rule.key))
            if finding.acknowledgement is None:
                result.findings.append(finding)
                state = "finding"
            else:
                result.acknowledged.append(finding)
                state = "acknowledged"
        result.states.append((outcome.rule, state))
    if with_passages:
        passages = cited_passages([f.rule for f in result.findings + result.acknowledged])
        for finding in result.findings + result.acknowledged:
            finding.passage = passages.get(finding.rule.passage)
    return result


def _finding(
    plan: InitiativePlan, outcome: check.Outcome, acknowledgement: CheckAcknowledgement | None
) -> Finding:
    spec = STEPS_BY_KIND[outcome.rule.kind]
    return Finding(
        rule=outcome.rule,
        spec=spec,
        fields=[_field_target(spec, name) for name in outcome.fields],
        step_url=spec.url(plan),
        part_url=f"{plan.get_absolute_url()}#part-{spec.kind}",
        acknowledgement=acknowledgement,
    )


def _field_target(spec: StepSpec, name: str) -> tuple[str, str]:
    """A field's label, and the anchor of its input on the step's page (lists: the list)."""
    if name in spec.lists:
        return str(spec.lists[name][1]), f"#{name}-rows"
    form_field = forms.shown_fields(spec.form_class)[name]
    # Groups of checkboxes have no single id: their first box.
    first_box = "_0" if getattr(form_field.widget, "allow_multiple_selected", False) else ""
    return str(form_field.label), f"#id_{name}{first_box}"


def cited_passages(rules: list[check.Rule]) -> dict[check.Passage, CitedPassage]:
    """The toolkit records `rules` cite, one query per kind of record, read as they are now
    (edited in the admin, in the reader's language). A passage whose record is gone (a key
    changed) is missing from the result."""
    wanted: dict[str, set] = {}
    for rule in rules:
        wanted.setdefault(rule.passage.source, set()).add(rule.passage.key)
    found = {}
    for source, keys in wanted.items():
        for key, record, where, url in _passage_records(source, keys):
            found[source, key] = (record, where, url)
    cited = {}
    for rule in rules:
        passage = rule.passage
        if (passage.source, passage.key) not in found:
            continue
        record, where, url = found[passage.source, passage.key]
        column = str(RECOMMENDATION_COLUMNS.get(passage.field, ""))
        cited[passage] = CitedPassage(record, passage.field, where, url, column)
    return cited


def _passage_records(source: str, keys: set) -> Iterable[tuple[Any, Any, str, str]]:
    """(key, record, where it stands, its URL) for each record of `source` with one of `keys`."""
    if source == check.Passage.RECOMMENDATION:
        for rec in Recommendation.objects.filter(key__in=keys).select_related("section__page"):
            where = _("ACT, recommendation %(number)s") % {"number": rec.number}
            url = f"{rec.section.page.get_absolute_url()}#recommendation-{rec.number}"
            yield rec.key, rec, where, url
    elif source == check.Passage.KEY_ACTION:
        actions = KeyAction.objects.filter(key__in=keys)
        for action in actions.select_related("planning_step__section__page"):
            step = action.planning_step
            where = _("PLAN, step %(number)s, a key action") % {"number": step.number}
            yield action.key, action, where, f"{step.section.page.get_absolute_url()}#{step.slug}"
    elif source == check.Passage.SECTION:
        for section in Section.objects.filter(key__in=keys).select_related("page"):
            where = _("PLAN, planning for challenges: %(heading)s") % {"heading": section.heading}
            yield section.key, section, where, section.get_absolute_url()
    elif source == check.Passage.PLANNING_STEP:
        steps = PlanningStep.objects.filter(number__in=keys).select_related("section__page")
        for step in steps:
            where = _("PLAN, step %(number)s: what it means") % {"number": step.number}
            yield step.number, step, where, f"{step.section.page.get_absolute_url()}#{step.slug}"


def footnotes_of_passages(passages: Iterable[CitedPassage]) -> list[Footnote]:
    """The toolkit's notes the passages cite, so that their note links lead somewhere."""
    texts = [getattr(passage.record, passage.field) for passage in passages]
    return list(Footnote.objects.cited_in(texts))


@dataclass(frozen=True)
class AcknowledgementEvent:
    record: Any  # the history record: when, who (history_user), the reason
    title: Any  # the finding's title; None for a check that no longer exists
    withdrawn: bool


def acknowledgement_history(plan: InitiativePlan, limit: int = 50) -> list[AcknowledgementEvent]:
    """The newest acknowledgements and withdrawals of the plan's findings, newest first."""
    records = CheckAcknowledgement.history.filter(plan_id=plan.pk).select_related("history_user")
    return [
        AcknowledgementEvent(
            record,
            check.RULES_BY_KEY[record.rule].title if record.rule in check.RULES_BY_KEY else None,
            record.history_type == "-",
        )
        for record in records.order_by("-history_date", "-history_id")[:limit]
    ]


# Each version is shown whole with its changes (some 8 KB of HTML): 10 keep a page light on a
# phone, however long the history (benchmarks/growth.py).
HISTORY_PER_PAGE = 10


def history_page(
    part: PlanPart | None, kind: str, page_number: str | int
) -> tuple[paginator.Page, list[dict[str, Any]]]:
    """One page of the saved versions of `part` (None: nobody saved it yet), newest first, each
    with who saved it, when, and what changed since the version before (`changes`).

    Raises django.core.paginator.InvalidPage for a page that does not exist.
    """
    history = (
        part.history.select_related("history_user", "updated_by").order_by(
            "-history_date", "-history_id"
        )
        if part is not None
        else PlanPart.history.none()
    )
    page = paginator.Paginator(history, HISTORY_PER_PAGE).page(page_number)
    records = list(page.object_list)
    # The version before the page's oldest, to say what that one changed: one more query,
    # also on the last page, so that every page costs the same.
    older = list(history[page.end_index() : page.end_index() + 1]) if records else []
    lookups = choice_lookups() if records else {}
    # Each version described once, for itself and as the one before the next newer one.
    shown = [*records, *older]
    described_versions = [describe_part(PlanPart(kind=kind, data=r.data), lookups) for r in shown]
    entries = []
    for index, record in enumerate(records):
        described = described_versions[index]
        if index + 1 < len(shown):
            before_data, before_described = shown[index + 1].data, described_versions[index + 1]
        else:
            before_data = {}
            before_described = describe_part(PlanPart(kind=kind, data={}), lookups)
        entries.append(
            {
                "record": record,
                "author": record.history_user or record.updated_by,
                # Every save adds or extends the newest record, and the newest comes first, so
                # the first record of the first page is what the step holds now.
                "is_current": page.number == 1 and index == 0,
                "is_restore": record.history_change_reason == PlanPart.RESTORED,
                "described": described,
                "is_empty": all(field.is_empty for field in described),
                "changes": version_changes(
                    kind, before_data, record.data, lookups, (before_described, described)
                ),
            }
        )
    return page, entries


@dataclass
class FieldChange:
    """What one version changed in one field: `words` for text ((op, text) pairs, op one of
    "same", "added", "removed"), `added` / `removed` for choices, `rows` for lists."""

    name: str
    label: str
    is_plan_text: bool = False
    words: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"status", "cells"}


def version_changes(
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any],
    lookups: dict[str, dict],
    described: tuple[list["DescribedField"], list["DescribedField"]] | None = None,
) -> list[FieldChange]:
    """Every field of a step that differs between two versions' data, for reading. `described`:
    the two versions as describe_part gives them, when the caller has them already."""
    spec = STEPS_BY_KIND[kind]
    was_described, now_described = described or (
        describe_part(PlanPart(kind=kind, data=before), lookups),
        describe_part(PlanPart(kind=kind, data=after), lookups),
    )
    old = {f.name: f for f in was_described}
    now = {f.name: f for f in now_described}
    changes = []
    for new in now_described:
        if new.is_list or new.name == "budget_total":
            continue
        was = old[new.name]
        if was.value == new.value:
            continue
        change = FieldChange(new.name, new.label, new.is_plan_text)
        if new.kind == DescribedField.CHOICES or was.kind == DescribedField.CHOICES:
            was_items, now_items = _items(was.value), _items(new.value)
            change.added = [item for item in now_items if item not in was_items]
            change.removed = [item for item in was_items if item not in now_items]
        else:
            change.words = word_diff(str(was.value), str(new.value))
        changes.append(change)
    for key, (_row_form, label) in spec.lists.items():
        rows = _row_changes(
            before.get(key) or [], after.get(key) or [], old[key].value, now[key].value
        )
        if rows:
            changes.append(FieldChange(key, str(label), rows=rows))
    return changes


def _items(value: object) -> list[str]:
    """A choices field's labels (an empty field is "", not a list)."""
    return [str(item) for item in value] if isinstance(value, list) else []


def _row_changes(
    before: list[Any], after: list[Any], before_cells: Any, after_cells: Any
) -> list[dict[str, Any]]:
    """Rows added, removed or changed, matched by their ids; `before_cells` and `after_cells`
    are the rows as describe_part gives them (a list of Cells per row, in the same order)."""
    old = {
        row.get("row_id"): was
        for row, was in zip(before, before_cells, strict=True)
        if isinstance(row, dict)
    }
    new_ids = {row.get("row_id") for row in after if isinstance(row, dict)}
    changes = []
    for row, cells in zip(after, after_cells, strict=True):
        was = old.get(row.get("row_id"))
        if was is None:
            changes.append({"status": "added", "cells": [(c, [("same", c.text)]) for c in cells]})
            continue
        was_cells = {c.label: c for c in was}
        if all(was_cells[c.label].text == c.text for c in cells):
            continue
        diffs = [(c, word_diff(was_cells[c.label].text, c.text)) for c in cells]
        changes.append({"status": "changed", "cells": diffs})
    for row_id, was in old.items():
        if row_id not in new_ids:
            changes.append({"status": "removed", "cells": [(c, [("same", c.text)]) for c in was]})
    return changes


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """`after` against `before`, word by word: (op, text) pairs, op "same", "added" or
    "removed"; spaces and line breaks stay with the words they follow."""
    old, new = re.findall(r"\S+\s*|\s+", before), re.findall(r"\S+\s*|\s+", after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(new[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new[b1:b2])))
    return pieces


class Cell(NamedTuple):
    """One field of a list's row, for reading: `is_plan_text` when people typed it (it is in
    the plan's language), not when it is one of the portal's choices (in the reader's)."""

    label: str
    text: str
    is_plan_text: bool = False


@dataclass
class DescribedField:
    TEXT, CHOICES, ROWS = "text", "choices", "rows"

    name: str
    label: str
    value: object  # text, list of texts, or for lists: list of rows, each a list of Cells
    is_list: bool = False
    # Typed by people, so in the plan's language (pages mark it with lang); choices and
    # "Yes" are the portal's words, in the reader's.
    is_plan_text: bool = False

    @property
    def kind(self):
        """How templates and exports show the value: TEXT, CHOICES or ROWS."""
        if self.is_list:
            return self.ROWS
        return self.CHOICES if isinstance(self.value, list) else self.TEXT

    @property
    def is_empty(self):
        return not (str(self.value).strip() if self.kind == self.TEXT else self.value)


def describe_part(
    part: PlanPart, lookups: dict[str, dict], hide_confidential: bool = False
) -> list[DescribedField]:
    """Label every stored value of `part` for reading, printing and exporting; with
    `hide_confidential`, without what CONFIDENTIAL keeps from share-link viewers.

    `lookups` comes from `choice_lookups()`, loaded once per page however many parts it shows.
    """
    spec = STEPS_BY_KIND[part.kind]
    form_class: type[django_forms.Form] = spec.form_class  # StepSpec says only `type`
    described = [
        _describe_field(name, form_field, part.data.get(name), lookups)
        for name, form_field in forms.shown_fields(form_class).items()
    ]
    for key, (row_form_class, label) in spec.lists.items():
        if hide_confidential and hidden_list(key):
            continue
        rows = [
            _describe_row(row_form_class, row, hidden_fields(key, row) if hide_confidential else ())
            for row in part.data.get(key) or []
        ]
        described.append(DescribedField(key, str(label), rows, is_list=True))
        if key == BUDGET_LINES:
            total = budget_total(part.data)
            described.append(DescribedField("budget_total", str(_("Budget total")), total or ""))
    return described


def _describe_field(
    name: str, form_field: django_forms.Field, value: object, lookups: dict[str, dict]
) -> DescribedField:
    choices = lookups.get(name) or dict(getattr(form_field, "choices", []) or [])
    if isinstance(value, list):
        value = [str(choices.get(item, item)) for item in value]
    elif isinstance(value, bool):
        value = _("Yes") if value else ""
    return DescribedField(
        name, str(form_field.label), value or "", is_plan_text=forms.is_plan_text(form_field)
    )


def _describe_row(
    row_form_class: type[django_forms.Form], row: dict[str, object], hidden: Collection[str]
) -> list[Cell]:
    """A list's row as Cells, in the row form's order, without the `hidden` fields."""
    cells = []
    for name, form_field in forms.shown_fields(row_form_class).items():
        if name in hidden:
            continue
        value = row.get(name, "")
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(form_field, django_forms.DecimalField):
            value = _number(value)
        elif choices := getattr(form_field, "choices", None):
            value = dict(choices).get(value, value)
        text = str(value) if value is not None else ""
        cells.append(Cell(str(form_field.label), text, forms.is_plan_text(form_field)))
    return cells


BUDGET_LINES = "budget_lines"


def budget_total(data: dict[str, Any]) -> str:
    """The sum of a funding part's budget lines with the plan's currency, for reading
    ("12,500.00 KZT"); empty when no line has an amount. Lines without one count for nothing."""
    amounts = []
    for row in data.get(BUDGET_LINES) or []:
        try:
            amounts.append(Decimal(str(row.get("amount") or "")))
        except (InvalidOperation, ValueError, AttributeError):
            continue
    amounts = [amount for amount in amounts if amount.is_finite()]
    if not amounts:
        return ""
    currency = data.get("currency") or ""
    return f"{_number(sum(amounts))} {currency}".strip()


def _number(text):
    """A stored amount ("1500.50") for reading, in the reader's language: "1,500.50",
    "1 500,50". Exact as entered; stored data and the JSON export keep the plain text."""
    try:
        number = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return text
    if not number.is_finite():
        return text
    return number_format(number, force_grouping=True)


def choice_lookups():
    """Labels for values that point at content: Annex 2 topics, Annex 1 levels, reasons."""
    return {
        "topics": dict(Topic.objects.values_list("slug", "title")),
        "levels": dict(Level.objects.values_list("slug", "name")),
        "resistance_reasons": dict(ResistanceReason.objects.values_list("pk", "text")),
    }


class OfStep:
    """A step's part as a page lists it: named by its step (`spec`)."""

    spec: StepSpec

    @property
    def kind(self):
        return self.spec.kind

    @property
    def title(self):
        return self.spec.title

    @property
    def heading(self):
        return self.spec.heading


@dataclass
class DescribedPart(OfStep):
    spec: StepSpec
    fields: list[DescribedField]  # only those that hold something
    url: str  # the step's page, where it is edited

    @property
    def is_empty(self):
        return not self.fields


def describe_plan(plan: InitiativePlan, hide_confidential: bool = False) -> list[DescribedPart]:
    """Every step's part in the toolkit's order, with only the fields that hold something.

    Reads `plan.parts.all()`: prefetch "parts" to keep the page's query count constant.
    """
    lookups = choice_lookups()
    parts = {part.kind: part for part in plan.parts.all()}
    return [
        describe_step(plan, spec, parts.get(spec.kind), lookups, hide_confidential)
        for spec in STEPS
    ]


def describe_step(
    plan: InitiativePlan,
    spec: StepSpec,
    part: PlanPart | None,
    lookups: dict[str, dict],
    hide_confidential: bool = False,
) -> DescribedPart:
    """One step of describe_plan(): `part` None for a step nobody has saved yet."""
    part = part or PlanPart(plan=plan, kind=spec.kind, data={})
    fields = [
        field
        for field in describe_part(part, lookups, hide_confidential=hide_confidential)
        if not field.is_empty
    ]
    return DescribedPart(spec, fields, spec.url(plan))


def step_to_continue(plan: InitiativePlan, described: list[DescribedPart]) -> DescribedPart:
    """Where the plan page's "Continue" leads: the first step that holds nothing yet (the
    challenges come last), else the step saved most recently.

    `described` is describe_plan(plan) or rendering.shown_parts(plan): "empty" means what the
    page shows as "still empty".
    """
    for part in described:
        if part.is_empty:
            return part
    saved_at = {part.kind: part.updated_at for part in plan.parts.all()}
    return max(described, key=lambda part: saved_at[part.kind])


# --- Lists of plans and networks ------------------------------------------------------------


class HoldsText(Func):
    """Whether a part's `data` holds any text, as PlanPart.is_empty says it (models._has_text:
    some value in it is not None, "", False or 0), answered by the database so that a list
    counts parts without loading their text."""

    arity = 1
    output_field = BooleanField()
    SQLITE = (
        "EXISTS (SELECT 1 FROM json_tree(%(expressions)s) WHERE type = 'true'"
        " OR (type IN ('integer', 'real') AND atom != 0) OR (type = 'text' AND atom != ''))"
    )
    POSTGRESQL = (
        "jsonb_path_exists(%(expressions)s, 'strict $.** ? ("
        '(@.type() == "string" && @ != "")'
        ' || (@.type() == "number" && @ != 0)'
        ' || (@.type() == "boolean" && @ == true)'
        ")')"
    )

    def as_sql(self, compiler, connection, *args, **extra_context):
        raise NotSupportedError(f"HoldsText has no SQL for {connection.vendor}.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template=self.SQLITE, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template=self.POSTGRESQL, **extra_context)


# A page of a list of plans or members: enough to find one's way, few enough that a page with
# 500 rows behind it costs at most half as much again as one with a single row (issue 14;
# benchmarks/growth.py: 1.4x at 15 a page, 1.8x at 25).
LIST_PER_PAGE = 15


def page_of(
    rows: QuerySet, number: str | int | None, per_page: int = LIST_PER_PAGE
) -> paginator.Page:
    """One page of `rows` (ordered), for `number` as the query string gives it: a number out
    of range (past the end, or below 1) gives the last page, anything that is not a whole
    number the first (Django's Paginator.get_page)."""
    page = paginator.Paginator(rows, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page


def with_progress(plans: QuerySet[InitiativePlan]) -> QuerySet[InitiativePlan]:
    """What a list of plans shows of each but its progress (count_filled_parts): its network."""
    # The summary: up to 2,000 characters a plan, and no list shows it.
    return plans.select_related("network").defer("summary")


def count_filled_parts(plans: list[InitiativePlan]) -> None:
    """Sets each plan's `parts_filled`: how many of its parts hold text (out of PlanPart.Kind's:
    a card's "3 of 6 parts written"). One query for the plans of every list a page shows, once
    they are paged (a count in each row of the lists' queries would be worked out for every
    row before the page is cut), and no part's text is loaded."""
    filled = (
        PlanPart.objects.filter(plan__in=plans)
        .filter(HoldsText("data"))
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
    )
    counts = {row["plan"]: row["count"] for row in filled}
    for plan in plans:
        plan.parts_filled = counts.get(plan.pk, 0)  # type: ignore[attr-defined]


@dataclass
class PlanList:
    """The planner's start page: the examples in the reader's language, and for a logged-in
    reader a page of each list: their own plans, those they set apart, those their networks
    share with them; and what explains an empty networks' list: how many of their own plans
    they share (listed as theirs, not again as the networks'), and whether they are in a
    network at all."""

    examples: list[InitiativePlan]
    mine: paginator.Page | None = None
    set_apart: paginator.Page | None = None
    shared_with_me: paginator.Page | None = None
    mine_shared: int = 0
    in_a_network: bool = False


# The query parameter that pages each list of the start page: each keeps its page while
# another is paged.
PLAN_LIST_PAGES = {"mine": "mine", "set_apart": "apart", "shared_with_me": "shared"}


def plan_list_for(
    user: User | AnonymousUser, language: str, pages: Mapping[str, str] | None = None
) -> PlanList:
    """`pages`: the query string (PLAN_LIST_PAGES says which parameter pages which list)."""
    pages = pages or {}
    plans = PlanList(list(with_progress(InitiativePlan.objects.examples_for(language))))
    if user.is_authenticated:
        # With a tie-breaker, so that no plan shows on two pages or none.
        own = with_progress(InitiativePlan.objects.filter(owner=user, is_example=False))
        own = own.order_by("-updated_at", "pk")
        archived = Q(status=InitiativePlan.Status.ARCHIVED)
        plans.mine = page_of(own.exclude(archived), pages.get(PLAN_LIST_PAGES["mine"]))
        plans.set_apart = page_of(own.filter(archived), pages.get(PLAN_LIST_PAGES["set_apart"]))
        plans.mine_shared = own.filter(network__isnull=False).count()
        plans.in_a_network = Membership.objects.filter(user=user).exists()
        # Through visible_to, the one rule of who reads what.
        shared = InitiativePlan.objects.visible_to(user).filter(is_example=False)
        shared = with_progress(shared.exclude(owner=user)).select_related("owner")
        plans.shared_with_me = page_of(
            shared.order_by("-updated_at", "pk"), pages.get(PLAN_LIST_PAGES["shared_with_me"])
        )
    shown = [plans.mine, plans.set_apart, plans.shared_with_me]
    count_filled_parts(plans.examples + [plan for page in shown if page for plan in page])
    return plans


@dataclass(frozen=True)
class PlanForTopic:
    """A plan an Annex 2 topic may be added to, and whether its step 3 holds the topic."""

    plan: InitiativePlan
    has_topic: bool


def plans_to_add_topic_to(user: User, topic: Topic) -> list[PlanForTopic]:
    """The plans `user` may edit (InitiativePlan.can_edit: their own, and those shared with a
    network where they edit plans), most recently changed first; in two queries."""
    editing = [Membership.Role.ORGANISER, Membership.Role.EDITOR]
    in_their_network = Q(network__memberships__user=user, network__memberships__role__in=editing)
    plans = list(
        InitiativePlan.objects.filter(Q(owner=user) | in_their_network, is_example=False)
        .distinct()
        .select_related("network")
    )
    step_three = PlanPart.objects.filter(plan__in=plans, kind=PlanPart.Kind.ENTRY_POINTS)
    chosen = dict(step_three.values_list("plan_id", "data"))
    return [
        PlanForTopic(plan, topic.slug in topics_of(chosen.get(plan.pk) or {})) for plan in plans
    ]


def topics_of(data: dict) -> list[str]:
    """The Annex 2 topics' slugs a step 3 part holds (nothing else: a hand-made value is none)."""
    topics = data.get("topics") if isinstance(data, dict) else None
    return [slug for slug in topics if isinstance(slug, str)] if isinstance(topics, list) else []


@dataclass(frozen=True)
class UsersNetwork:
    """One of a user's networks as their list shows it."""

    network: Network
    member_count: int
    role_label: str


def networks_of(user: User) -> list[UsersNetwork]:
    my_role = Membership.objects.filter(network=OuterRef("pk"), user=user).values("role")
    networks = Network.objects.annotate(
        member_count=Count("memberships"), my_role=Subquery(my_role[:1])
    ).filter(my_role__isnull=False)
    role_labels = dict(Membership.Role.choices)
    return [
        UsersNetwork(network, network.member_count, str(role_labels.get(network.my_role, "")))
        for network in networks
    ]


@dataclass(frozen=True)
class InvitationOutcome:
    """Where an invitation stands for a user: OPEN (they may accept it), JOINED (they did),
    ALREADY_MEMBER (it stays unused, so it can be passed on to the person it was meant for) or
    UNUSABLE (with `reason`)."""

    OPEN, JOINED, ALREADY_MEMBER, UNUSABLE = "open", "joined", "already member", "unusable"

    status: str
    membership: Membership | None = None
    reason: str = ""


def invitation_status(*, invitation: Invitation, user: User) -> InvitationOutcome:
    """Whether `user` can accept `invitation`, without accepting it (the page before)."""
    membership = invitation.network.membership_of(user)
    if membership is not None:
        return InvitationOutcome(InvitationOutcome.ALREADY_MEMBER, membership)
    reason = invitation.unusable_reason()
    if reason is not None:
        return InvitationOutcome(InvitationOutcome.UNUSABLE, reason=str(reason))
    return InvitationOutcome(InvitationOutcome.OPEN)


def with_parts(plan: InitiativePlan) -> InitiativePlan:
    """The plan with its parts loaded once for a whole page (its description and progress)."""
    # Not "tags": taggit's prefetch misses UUID keys on SQLite; one plan's tags are one query.
    prefetch_related_objects([plan], "parts")
    return plan


# --- Accountability reviews -----------------------------------------------------------------


def review_fields(spec: StepSpec) -> dict[str, str]:
    """The fields of a step a reviewer sees, by name, with their labels: a comment may name one.
    The lists a share link leaves out (the referrals) are not among them."""
    fields = {name: str(f.label) for name, f in forms.shown_fields(spec.form_class).items()}
    for key, (_row_form, label) in spec.lists.items():
        if not hidden_list(key):
            fields[key] = str(label)
    return fields


def labelled_comments(comments: list[ReviewComment]) -> list[ReviewComment]:
    """Comments with their step (`step`, a StepSpec) and the label of the field they name."""
    for comment in comments:
        spec = comment.step = STEPS_BY_KIND.get(comment.kind)
        fields = review_fields(spec) if spec else {}
        comment.field_label = fields.get(comment.field_name, "")
    return comments


def _comments_with_replies() -> Prefetch:
    replies = ReviewReply.objects.select_related("author")
    return Prefetch(
        "comments",
        queryset=ReviewComment.objects.select_related("resolved_by").prefetch_related(
            Prefetch("replies", queryset=replies)
        ),
    )


@dataclass
class PlanReviews:
    """A plan's submitted reviews, newest first, each with `steps` ([(StepSpec, comments)], the
    steps commented on, in the toolkit's order) and `open_count`; for its managers also every
    review link with its state (`requests`: [(ReviewRequest, state)])."""

    reviews: list[Review]
    open_count: int = 0
    requests: list[tuple[ReviewRequest, str]] = field(default_factory=list)


def submitted_reviews(plans: Iterable[InitiativePlan]) -> dict[Any, list[Review]]:
    """Each plan's submitted reviews by plan id, with their comments by step (`steps`) and
    `open_count`: in a fixed number of queries, however many plans, reviews and comments."""
    reviews = (
        Review.objects.submitted()
        .filter(request__plan__in=[plan.pk for plan in plans])
        .select_related("request")
        .prefetch_related(_comments_with_replies())
    )
    by_plan: dict[Any, list[Review]] = {}
    for review in reviews:
        comments = labelled_comments(list(review.comments.all()))
        by_step = [(spec, [c for c in comments if c.kind == spec.kind]) for spec in STEPS]
        review.steps = [(spec, shown) for spec, shown in by_step if shown]
        review.open_count = sum(1 for comment in comments if not comment.is_resolved)
        by_plan.setdefault(review.request.plan_id, []).append(review)
    return by_plan


def tag_names(plans: Iterable[InitiativePlan]) -> dict[Any, list[str]]:
    """Each plan's tag names by plan id, sorted, in one query. (Not a prefetch of "tags":
    taggit's prefetch misses UUID keys on SQLite and finds no tags at all.)"""
    names: dict[Any, list[str]] = {}
    tagged = TaggedPlan.objects.filter(content_object__in=[plan.pk for plan in plans])
    for plan_id, name in tagged.values_list("content_object_id", "tag__name").order_by("tag__name"):
        names.setdefault(plan_id, []).append(name)
    return names


def plan_reviews(plan: InitiativePlan, with_requests: bool = False) -> PlanReviews:
    """In a fixed number of queries, however many reviews and comments."""
    reviews = submitted_reviews([plan]).get(plan.pk, [])
    shown = PlanReviews(reviews, sum(review.open_count for review in reviews))
    if with_requests:
        for request in plan.review_requests.select_related("review"):
            shown.requests.append((request, review_request_state(request)))
    return shown


def review_request_state(request: ReviewRequest) -> str:
    """Where a review link stands: submitted, revoked, expired, started (a draft is kept) or
    open."""
    try:
        review = request.review
    except Review.DoesNotExist:
        review = None
    if review is not None and review.submitted_at is not None:
        return "submitted"
    if request.state != "open":
        return request.state
    return "started" if review is not None else "open"


def step_review_comments(plan: InitiativePlan, kind: str) -> dict[str, list[ReviewComment]]:
    """The submitted reviews' comments on one step: {"open": [...], "resolved": [...]}, oldest
    first, each with its replies, its review (and organisation) and field label."""
    comments = labelled_comments(
        list(
            ReviewComment.objects.filter(
                review__request__plan=plan, review__submitted_at__isnull=False, kind=kind
            )
            .select_related("review__request", "resolved_by")
            .prefetch_related(Prefetch("replies", ReviewReply.objects.select_related("author")))
            .order_by("review__submitted_at", "position", "pk")
        )
    )
    return {
        "open": [comment for comment in comments if not comment.is_resolved],
        "resolved": [comment for comment in comments if comment.is_resolved],
    }


def usable_review_request(token: str) -> ReviewRequest | None:
    """The review link of `token` while it is usable, with its plan's parts and its review."""
    return (
        ReviewRequest.objects.usable()
        .select_related("plan")
        .prefetch_related("plan__parts")
        .filter(token=token)
        .first()
    )


def draft_of(request: ReviewRequest) -> Review | None:
    """The review made through this link so far (a draft or submitted), with its comments."""
    return Review.objects.filter(request=request).prefetch_related("comments").first()


def review_comment_of(plan: InitiativePlan, comment_id: int) -> ReviewComment | None:
    """A submitted review's comment on `plan` (None: not this plan's, or still a draft)."""
    return (
        ReviewComment.objects.filter(
            pk=comment_id, review__request__plan=plan, review__submitted_at__isnull=False
        )
        .select_related("review__request")
        .first()
    )


def reviews_as_data(
    plan: InitiativePlan, reviews: list[Review] | None = None
) -> list[dict[str, Any]]:
    """The submitted reviews as plain data, for the JSON export; `reviews` as
    submitted_reviews() gives them for this plan, else read here."""
    if reviews is None:
        reviews = plan_reviews(plan).reviews
    return [
        {
            "organisation": review.request.organisation,
            "assessment": review.assessment,
            "overall": review.overall,
            "submitted_at": review.submitted_at,
            "comments": [
                {
                    "step": comment.kind,
                    "field": comment.field_name,
                    "text": comment.text,
                    "replies": [
                        {"text": reply.text, "at": reply.created_at}
                        for reply in comment.replies.all()
                    ],
                    "resolved_at": comment.resolved_at,
                    "what_we_changed": comment.resolution,
                }
                for _spec, comments in review.steps
                for comment in comments
            ],
        }
        for review in reviews
    ]


# --- The ACT log ----------------------------------------------------------------------------

LOG_PER_PAGE = 20
LOG_LATEST = 3  # the plan page's short timeline
CHART_MONTHS = 24  # the chart's bars stay readable on a phone; the log keeps every entry
# The toolkit's self-reflection: the THINK exercise's questions, found by its anchor.
REFLECTION_EXERCISE = "gender-norms-exercise"
ACCOUNTABILITY = "accountability"  # the challenge that asks for monitoring and self-reflection


class LogState:
    """What a plan's log allows: OPEN (editors log), DRAFT (it opens once the plan is in
    progress) or READ_ONLY (an archived plan, or an example)."""

    OPEN, DRAFT, READ_ONLY = "open", "draft", "read only"


def log_state(plan: InitiativePlan) -> str:
    if log_is_open(plan):
        return LogState.OPEN
    if plan.status == InitiativePlan.Status.DRAFT and not plan.is_example:
        return LogState.DRAFT
    return LogState.READ_ONLY


def log_timeline(plan: InitiativePlan, page_number: str | int) -> paginator.Page:
    """One page of the plan's logged activities, newest first, each with `reasons_met` (the
    toolkit's resistance reasons, labelled). Raises paginator.InvalidPage."""
    activities = plan.logged_activities.select_related("created_by")
    page = paginator.Paginator(activities, LOG_PER_PAGE).page(page_number)
    label_activities(page.object_list)
    return page


def label_activities(activities: Iterable[LoggedActivity]) -> list[LoggedActivity]:
    """Give each activity `reasons_met`: the texts of the resistance reasons it names (one
    query for all); a reason no longer in the toolkit is left out."""
    activities = list(activities)
    reasons = dict(ResistanceReason.objects.values_list("pk", "text")) if activities else {}
    for activity in activities:
        activity.reasons_met = [reasons[pk] for pk in _reason_ids(activity) if pk in reasons]
    return activities


def _reason_ids(activity: LoggedActivity) -> list[int]:
    ids = activity.resistance_reasons
    return [pk for pk in ids if isinstance(pk, int)] if isinstance(ids, list) else []


def _participants_per_month(plan: InitiativePlan) -> list[MonthParticipants]:
    """Participants per month and age band, oldest first, in one query: every month from the
    first logged to the last (a month without activities shows as none). log_summary keeps
    the latest CHART_MONTHS for the chart."""
    bands = [name for name, _label in AGE_BANDS]
    rows = (
        plan.logged_activities.annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(**{name: Sum(name) for name in bands})
        .order_by("month")
    )
    by_month = {_first_of_month(row["month"]): [row[name] or 0 for name in bands] for row in rows}
    if not by_month:
        return []
    months = []
    month, last = min(by_month), max(by_month)
    while month <= last:
        months.append(MonthParticipants(month, by_month.get(month, [0] * len(bands))))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _first_of_month(value: Any) -> date:
    """TruncMonth gives a date on PostgreSQL and SQLite alike; a datetime is cut to its day."""
    return (value.date() if isinstance(value, datetime) else value).replace(day=1)


@dataclass
class LogSummary:
    """What the plan page, the print view and the exports show of the log: the totals, the
    resistance met (reason, how many activities met it), the chart's months, the latest
    activities and the reflections (each with `answered`: (question, answer) pairs).
    `older_months`: the log began before the chart's months, which the totals count."""

    state: str
    activity_count: int = 0
    bands: list[tuple[str, int]] = field(default_factory=list)
    participants: int = 0
    referrals: int = 0
    resistance: list[tuple[str, int]] = field(default_factory=list)
    months: list[MonthParticipants] = field(default_factory=list)
    older_months: bool = False
    latest: list[LoggedActivity] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.activity_count or self.reflections)

    @property
    def chart(self):
        return participants_chart(self.months, older_months=self.older_months)

    @property
    def months_note(self):
        """What the chart and the lists of its months say of the months they leave out."""
        return latest_months_note(len(self.months)) if self.older_months else ""

    @property
    def active_months(self):
        """The chart's months with activities: the exports list these, not runs of none."""
        return [month for month in self.months if month.total]

    @property
    def legend(self):
        """The chart's bands: label and pattern id, in the stack's order."""
        return [
            {"label": label, "pattern": pattern_id(CHART_ID, band)}
            for band, (label, _count) in enumerate(self.bands)
        ]


def log_summary(
    plan: InitiativePlan, latest: int = LOG_LATEST, reflections: int | None = None
) -> LogSummary:
    """The log in a fixed number of queries however many entries it holds; `reflections`
    bounds how many reflections come (None: all)."""
    bands = [name for name, _label in AGE_BANDS]
    totals = plan.logged_activities.aggregate(
        count=Count("pk"), referrals=Sum("referrals_made"), **{n: Sum(n) for n in bands}
    )
    summary = LogSummary(
        state=log_state(plan),
        activity_count=totals["count"],
        bands=[(str(label), totals[name] or 0) for name, label in AGE_BANDS],
        referrals=totals["referrals"] or 0,
    )
    summary.participants = sum(count for _label, count in summary.bands)
    if summary.activity_count:
        summary.resistance = resistance_met(plan)
        every_month = _participants_per_month(plan)
        summary.months = every_month[-CHART_MONTHS:]
        summary.older_months = len(every_month) > CHART_MONTHS
        summary.latest = label_activities(
            plan.logged_activities.select_related("created_by")[:latest]
        )
    written = plan.reflections.select_related("author")
    summary.reflections = with_answers(written if reflections is None else written[:reflections])
    return summary


def resistance_met(plan: InitiativePlan) -> list[tuple[str, int]]:
    """The toolkit's resistance reasons met, in the toolkit's order, with how many activities
    met each."""
    met = Counter(
        pk
        for ids in plan.logged_activities.values_list("resistance_reasons", flat=True)
        if isinstance(ids, list)
        for pk in set(ids)
        if isinstance(pk, int)
    )
    if not met:
        return []
    reasons = ResistanceReason.objects.filter(pk__in=met).values_list("pk", "text")
    return [(text, met[pk]) for pk, text in reasons]


def reflection_prompts() -> list[ExercisePrompt]:
    """The toolkit's self-reflection questions (the THINK exercise's), in its order."""
    return list(
        ExercisePrompt.objects.filter(
            section__page__step_number=1, section__slug=REFLECTION_EXERCISE
        ).order_by("order", "pk")
    )


def accountability_section() -> Section | None:
    """The toolkit's challenge that asks for routine monitoring, evaluation and
    self-reflection: shown above the reflection form, in the toolkit's words."""
    return Section.objects.by_key(ACCOUNTABILITY)


def with_answers(reflections: Iterable[Reflection]) -> list[Reflection]:
    """Give each reflection `answered`: (the toolkit's question, the answer) in the toolkit's
    order; an answer whose question left the toolkit keeps a plain label."""
    reflections = list(reflections)
    ids = {
        int(key)
        for reflection in reflections
        if isinstance(reflection.answers, dict)
        for key in reflection.answers
        if str(key).isdigit()
    }
    prompts = list(ExercisePrompt.objects.filter(pk__in=ids).order_by("order", "pk")) if ids else []
    for reflection in reflections:
        answers = reflection.answers if isinstance(reflection.answers, dict) else {}
        answered = [(p.question, answers[str(p.pk)]) for p in prompts if answers.get(str(p.pk))]
        known = {str(p.pk) for p in prompts}
        answered += [
            (gettext("A question no longer in the toolkit"), text)
            for key, text in answers.items()
            if key not in known and text
        ]
        reflection.answered = answered
    return reflections


def log_as_data(plan: InitiativePlan) -> dict[str, Any]:
    """The log as plain data, for the JSON export: codes and numbers, reasons by pk."""
    return {
        "activities": [
            {
                "held_on": activity.held_on,
                "kind": activity.kind,
                "place": activity.place,
                "participants": {name: getattr(activity, name) for name, _l in AGE_BANDS},
                "what_worked": activity.what_worked,
                "resistance_reasons": activity.resistance_reasons,
                "referrals_made": activity.referrals_made,
                "reflection": activity.reflection,
                "updated_at": activity.updated_at,
            }
            for activity in plan.logged_activities.all()
        ],
        "reflections": [
            {
                "written_on": reflection.written_on,
                "answers": reflection.answers,
                "notes": reflection.notes,
            }
            for reflection in plan.reflections.all()
        ],
    }
