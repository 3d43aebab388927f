"""The toolkit's content, each kind of thing in the shape it has in the printed guidance.

A Page (home, about, the three steps, further reading) holds ordered Sections. A section's
`kind` says which of the structured children it shows between its `body` and `closing` text:
exercise prompts, aims, planning steps, resistance reasons, recommendations, reading items or
quotes. Text fields take Markdown; `[^N]` in a text cites footnote N of the same page.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.markdown import FOOTNOTE_CITATION


class PageQuerySet(models.QuerySet):
    def steps(self):
        return self.filter(step_number__isnull=False).order_by("step_number")

    def with_content(self):
        """Everything a page shows, in a fixed number of queries however long the page is."""
        return self.prefetch_related(
            "sections__prompts",
            "sections__aims__actions",
            "sections__planning_steps__key_actions",
            "sections__reasons",
            "sections__recommendations",
            "sections__reading_items",
            "sections__quotes",
            "footnotes",
        )


class Page(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    nav_label = models.CharField(
        _("navigation label"), max_length=40, help_text=_("Short name in the site navigation.")
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("Markdown shown under the title."))
    step_number = models.PositiveSmallIntegerField(
        _("step number"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("1, 2 or 3 for THINK, PLAN and ACT; empty for other pages."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Markdown: what this step offers, shown on the home page."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        special = {"home": "home", "about": "about", "further-reading": "toolkit:further_reading"}
        if self.slug in special:
            return reverse(special[self.slug])
        return reverse("toolkit:step", kwargs={"slug": self.slug})

    def next_step(self):
        if self.step_number is None:
            return None
        return Page.objects.filter(step_number=self.step_number + 1).first()


class KeyedQuerySet(models.QuerySet):
    def by_key(self, key):
        """The record with this key, or None: content found by a name that stays when its
        text is edited or translated."""
        return self.filter(key=key).first() if key else None


def key_field():
    return models.SlugField(
        _("key"),
        max_length=60,
        blank=True,
        default="",
        help_text=_(
            "A fixed name the portal finds this record by; not translated. Empty if nothing "
            "looks it up. Changing it breaks those look-ups."
        ),
    )


def unique_key(model_name):
    """Keys are unique; the empty key of records nobody looks up may repeat."""
    return models.UniqueConstraint(
        fields=["key"], condition=~Q(key=""), name=f"unique_{model_name}_key"
    )


class SectionQuerySet(KeyedQuerySet):
    def challenges(self):
        """The challenges of planning (resistance, referrals, accountability), in the toolkit's
        order. Every section of this kind is one: the planner shows them all beside the
        challenges step, so a challenge section belongs on the PLAN page only."""
        return self.filter(kind=Section.Kind.CHALLENGE).order_by("page__order", "order", "pk")


class Section(models.Model):
    class Kind(models.TextChoices):
        PROSE = "prose", _("Prose")
        EXERCISE = "exercise", _("Exercise with prompts")
        AIMS = "aims", _("Aims table")
        PLANNING_STEPS = "planning_steps", _("Planning steps table")
        CHALLENGE = "challenge", _("Challenge")
        RECOMMENDATIONS = "recommendations", _("Recommendations (DO / DON'T)")
        READING = "reading", _("Further reading category")
        QUOTES = "quotes", _("Quotes")
        STEPS_OVERVIEW = "steps_overview", _("Overview of the three steps")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(
        _("anchor"), max_length=80, help_text=_("The #anchor of this part on its page.")
    )
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PROSE)
    key = key_field()
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown shown before the items."))
    closing = models.TextField(
        _("closing text"), blank=True, help_text=_("Markdown shown after the items.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "slug"], name="unique_section_anchor_per_page"),
            unique_key("section"),
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.page.nav_label}: {self.heading or self.slug}"

    def get_absolute_url(self):
        return f"{self.page.get_absolute_url()}#{self.slug}"


class OrderedItem(models.Model):
    """An item kept in the toolkit's order inside its parent."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class ExercisePrompt(OrderedItem):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="prompts")
    explanation = models.TextField(_("explanation"))
    question = models.TextField(_("THINK question"))

    class Meta(OrderedItem.Meta):
        verbose_name = _("exercise prompt")
        verbose_name_plural = _("exercise prompts")

    def __str__(self):
        return self.question


class Aim(OrderedItem):
    """A row of the "what do you want to achieve?" table."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="aims")
    key = key_field()
    title = models.CharField(_("what you want to achieve"), max_length=300)
    avoid = models.TextField(_("what you should avoid"))

    objects = KeyedQuerySet.as_manager()

    class Meta(OrderedItem.Meta):
        constraints = [unique_key("aim")]
        verbose_name = _("aim")
        verbose_name_plural = _("aims")

    def __str__(self):
        return self.title


class AimAction(OrderedItem):
    aim = models.ForeignKey(Aim, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("what you'd be expected to do"))

    class Meta(OrderedItem.Meta):
        verbose_name = _("expected action")
        verbose_name_plural = _("expected actions")

    def __str__(self):
        return self.text[:80]


class PlanningStep(OrderedItem):
    """One of the five planning steps of the PLAN step; the planner walks through these."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="planning_steps")
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("anchor"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Shown in brackets after the title.")
    )
    what_it_means = models.TextField(_("what it means"))
    why_it_matters = models.TextField(_("why it matters"))

    class Meta(OrderedItem.Meta):
        verbose_name = _("planning step")
        verbose_name_plural = _("planning steps")

    def __str__(self):
        return f"{self.number}. {self.title}"


class KeyAction(OrderedItem):
    planning_step = models.ForeignKey(
        PlanningStep, on_delete=models.CASCADE, related_name="key_actions"
    )
    key = key_field()
    text = models.TextField(_("key action"))

    objects = KeyedQuerySet.as_manager()

    class Meta(OrderedItem.Meta):
        constraints = [unique_key("keyaction")]
        verbose_name = _("key action")
        verbose_name_plural = _("key actions")

    def __str__(self):
        return self.text[:80]


class ResistanceReason(OrderedItem):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="reasons")
    text = models.TextField(_("reason"))

    class Meta(OrderedItem.Meta):
        verbose_name = _("reason for resistance")
        verbose_name_plural = _("reasons for resistance")

    def __str__(self):
        return self.text[:80]


class Recommendation(OrderedItem):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="recommendations")
    key = key_field()
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    do_text = models.TextField(_("DO"))
    dont_text = models.TextField(_("DON'T"))

    objects = KeyedQuerySet.as_manager()

    class Meta(OrderedItem.Meta):
        constraints = [unique_key("recommendation")]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return f"{self.number}. {self.title}"


class ReadingItem(OrderedItem):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="reading_items")
    title = models.CharField(_("title"), max_length=400)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta(OrderedItem.Meta):
        verbose_name = _("reading item")
        verbose_name_plural = _("reading items")

    def __str__(self):
        return self.title

    # A link cannot hold the footnote link, so templates put the citations after it.
    @property
    def title_without_citations(self):
        return FOOTNOTE_CITATION.sub("", self.title).strip()

    @property
    def citations(self):
        return "".join(match.group(0) for match in FOOTNOTE_CITATION.finditer(self.title))


class Quote(OrderedItem):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("quote"))
    author = models.CharField(_("author"), max_length=200)
    role = models.CharField(_("role"), max_length=300, blank=True)

    class Meta(OrderedItem.Meta):
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return self.author


class FootnoteQuerySet(models.QuerySet):
    def cited_in(self, texts):
        """The notes that `texts` cite as `[^number]`."""
        numbers = {
            int(number) for text in texts for number in FOOTNOTE_CITATION.findall(text or "")
        }
        return self.filter(number__in=numbers) if numbers else self.none()


class Footnote(models.Model):
    """A note cited as `[^number]` in the texts of its page, listed at the page's end."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.TextField(_("text"))

    objects = FootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")

    def __str__(self):
        return f"[{self.number}] {self.text[:60]}"
