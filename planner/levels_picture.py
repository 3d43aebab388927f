"""The socio-ecological picture of a plan: Annex 1's levels drawn as nested rings, society
outermost, each marked when the plan works there, with what the plan does at that level and its
stakeholders placed on their ring.

`levels_picture()` reads a plan (like the selectors: prefetch "parts"); the rest lays the rings
out for templates/planner/includes/levels_svg.html, which draws them as inline SVG without
script. The server cannot measure text, so lines are wrapped and cut by counting characters
against a generous width per character.
"""

import textwrap
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from annexes.models import Level

from . import forms
from .models import InitiativePlan, PlanPart
from .walkthrough import STEPS_BY_KIND, hidden_fields

# Where each kind of stakeholder stands among Annex 1's levels (by Level slug). Annex 1 puts
# intimate partners, families and the workplace at the level of relationships: a youth group
# is the participants' own peers. Its community level works "through participatory planning,
# media, outreach, mobilization, campaigns", and THINK! has change "amplified by community and
# faith leaders": the organisations, communities, schools and leaders people meet where they
# live, media included (Annex 1's own example there is a media campaign). Its societal level
# reforms "national, regional, and local laws and policies": formal leaders make those. An
# "other" stakeholder is, as step 2 defines them, one of the "organizations and institutions
# who can influence your target groups", which Annex 1's introduction places at the community.
# No stakeholder stands at the individual level: that ring is the target group itself.
STAKEHOLDER_LEVEL = {
    "womens_rights": "community",
    "ngo": "community",
    "activist": "community",
    "educator": "community",
    "youth_group": "relationships",
    "media": "community",
    "influencer": "community",
    "religious": "community",
    "cultural": "community",
    "sports": "community",
    "formal_leader": "society",
    "informal_leader": "community",
    "other": "community",
}
# A row with a kind the form does not offer (hand-made data) stands where "other" does.
UNKNOWN_KIND_LEVEL = STAKEHOLDER_LEVEL["other"]

# More names than this on one ring would crowd it: the rest are counted ("+2 more"); the text
# alternative and the exports list them all.
SHOWN_PER_RING = 4


@dataclass
class PlacedStakeholder:
    name: str  # as written (the plan's language); "" where hidden from share-link readers
    kind: str  # the kind's label (the reader's language)

    @property
    def label(self):
        return self.name or self.kind


@dataclass
class LevelPlace:
    """One level as the plan stands at it."""

    level: Level
    works_here: bool  # ticked in step 4
    does: str  # what the plan does there (step 4's field for the level), as written
    stakeholders: list[PlacedStakeholder] = field(default_factory=list)


class Line(NamedTuple):
    """One line of text in the picture, at (x, y) of its baseline."""

    x: int
    y: int
    text: str
    size: int
    bold: bool = False
    italic: bool = False


@dataclass
class Ring:
    """One level's ring: a rounded rectangle, with its lines in the band above the next."""

    place: LevelPlace
    x: int
    y: int
    width: int
    height: int = 0
    lines: list[Line] = field(default_factory=list)

    @property
    def works_here(self):
        return self.place.works_here


@dataclass
class LevelsPicture:
    places: list[LevelPlace]  # outermost first: the picture's order from top to bottom
    unplaced: list[PlacedStakeholder]  # their level is not among Annex 1's rows
    rings: list[Ring]
    width: int
    height: int
    strategy_url: str

    @property
    def works_at(self):
        return [place for place in self.places if place.works_here]

    @property
    def view_box(self):
        # A margin around the outermost ring, so that its border is not cut in half.
        return f"-{MARGIN} -{MARGIN} {self.width + 2 * MARGIN} {self.height + 2 * MARGIN}"


def levels_picture(plan: InitiativePlan, hide_confidential: bool = False) -> LevelsPicture:
    """The plan's levels and the rings that draw them; with `hide_confidential`, the names a
    share link keeps back (walkthrough.CONFIDENTIAL) give way to the stakeholder's kind.

    Reads `plan.parts.all()`: prefetch "parts" to keep the page's query count constant."""
    parts = {part.kind: part.data for part in plan.parts.all()}
    strategy = parts.get(PlanPart.Kind.STRATEGY) or {}
    ticked = _strings(strategy.get("levels"))
    places = []
    for level in reversed(Level.objects.all()):
        does = strategy.get(forms.StrategyForm.AT_LEVEL.get(level.slug, ""))
        places.append(
            LevelPlace(level, level.slug in ticked, does if isinstance(does, str) else "")
        )
    by_slug = {place.level.slug: place for place in places}
    unplaced = []
    rows = (parts.get(PlanPart.Kind.STAKEHOLDERS) or {}).get("stakeholders")
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        stakeholder = _placed(row, hide_confidential)
        slug = STAKEHOLDER_LEVEL.get(row.get("kind"), UNKNOWN_KIND_LEVEL)
        place = by_slug.get(slug)
        (place.stakeholders if place else unplaced).append(stakeholder)
    rings, height = draw(places)
    strategy_url = STEPS_BY_KIND[PlanPart.Kind.STRATEGY].url(plan)
    return LevelsPicture(places, unplaced, rings, WIDTH, height, strategy_url)


def _strings(value):
    return {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()


KIND_LABELS = dict(forms.Stakeholder.Kind.CHOICES)


def _placed(row, hide_confidential):
    name = row.get("name")
    name = name.strip() if isinstance(name, str) else ""
    if hide_confidential and "name" in hidden_fields("stakeholders", row):
        name = ""
    kind = row.get("kind")
    return PlacedStakeholder(name, str(KIND_LABELS.get(kind, KIND_LABELS["other"])))


# --- Drawing ---------------------------------------------------------------------------------

# In the viewBox's units, which a 375 px phone shows about one to one.
WIDTH = 340
MARGIN = 2
INSET = 10  # each ring inside the one around it, on every side
PAD = 10  # text from its ring's edge
RADIUS = 14
NAME_SIZE, TEXT_SIZE = 14, 13
NAME_LINE, TEXT_LINE = 18, 17
NAME_LINES, DOES_LINES = 4, 2
# Wider than most letters (Latin and Cyrillic alike), so that a line never overruns its ring.
EM_PER_CHARACTER, EM_PER_BOLD_CHARACTER = 0.6, 0.66


def draw(places: list[LevelPlace]) -> tuple[list[Ring], int]:
    """The rings, outermost first, and the picture's height: each ring's band holds its name,
    whether the plan works there, what it does there and its stakeholders; the next ring
    starts below them."""
    rings, y = [], 0
    for depth, place in enumerate(places):
        x = depth * INSET
        ring = Ring(place, x, y, WIDTH - 2 * x)
        y = _band(ring, y + PAD)
        rings.append(ring)
    bottom = y + PAD
    for depth, ring in reversed(list(enumerate(rings))):
        ring.height = bottom - ring.y
        bottom += INSET if depth else 0
    return rings, bottom


def _band(ring, y):
    """Fills the ring's band with its lines from `y` down; returns where the band ends."""
    place, x = ring.place, ring.x + PAD
    room = ring.width - 2 * PAD
    for text in wrapped(str(place.level.name), _fits(room, NAME_SIZE, bold=True), NAME_LINES):
        y += NAME_LINE
        ring.lines.append(Line(x, y - 4, text, NAME_SIZE, bold=True))
    status = _("✓ Works here") if place.works_here else _("Not ticked in step 4")
    texts = [(status, {"bold": place.works_here})]
    texts += [(line, {"italic": True}) for line in wrapped(place.does, _fits(room), DOES_LINES)]
    texts += [(label, {}) for label in _stakeholder_labels(place.stakeholders, room)]
    for text, style in texts:
        y += TEXT_LINE
        ring.lines.append(Line(x, y - 4, text, TEXT_SIZE, **style))
    return y + PAD


def _stakeholder_labels(stakeholders, room):
    """Up to SHOWN_PER_RING lines: the names, cut to fit, or as many as fit above "+N more"."""
    fits = _fits(room) - 2  # the bullet
    if len(stakeholders) <= SHOWN_PER_RING:
        return [f"• {cut(s.label, fits)}" for s in stakeholders]
    shown = SHOWN_PER_RING - 1
    more = len(stakeholders) - shown
    labels = [f"• {cut(s.label, fits)}" for s in stakeholders[:shown]]
    return [*labels, ngettext("+%(count)d more", "+%(count)d more", more) % {"count": more}]


def _fits(room, size=TEXT_SIZE, bold=False):
    """How many characters fit in `room` units of width."""
    return max(int(room / (size * (EM_PER_BOLD_CHARACTER if bold else EM_PER_CHARACTER))), 8)


def cut(text, width):
    """One line of at most `width` characters, an ellipsis where it was cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrapped(text, width, max_lines):
    """`text` wrapped in lines of at most `width` characters, at most `max_lines` of them, the
    last one ending in an ellipsis where the text goes on."""
    lines = textwrap.wrap(" ".join(str(text).split()), width)
    if len(lines) <= max_lines:
        return lines
    return [*lines[: max_lines - 1], cut(lines[max_lines - 1] + " …", width)]
