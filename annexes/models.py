"""The two annexes: Annex 1's socio-ecological levels with example initiatives, and Annex 2's
thematic areas with topics to reflect upon. Text fields take Markdown, sanitised on output."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core.text import fold


class Annex(models.Model):
    """The texts around an annex's table."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    figure_caption = models.CharField(_("figure caption"), max_length=200, blank=True)
    figure_source = models.CharField(_("figure source"), max_length=300, blank=True)
    examples_intro = models.TextField(_("text before the table"), blank=True)
    table_title = models.CharField(_("table title"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.number == 1:
            return reverse("annexes:socio_ecological_model")
        return reverse("annexes:topic_list")


class Level(models.Model):
    """A level of action of the socio-ecological model, from the individual to society."""

    slug = models.SlugField(_("anchor"), max_length=80, unique=True)
    name = models.CharField(_("level"), max_length=200)
    goal = models.TextField(_("goal"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("level of action")
        verbose_name_plural = _("levels of action")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('annexes:socio_ecological_model')}#{self.slug}"


class ExampleInitiative(models.Model):
    """An initiative the annex gives as an example: "Label: description (url)" in the source, or a
    sentence with no label, which is a description with a blank name."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="examples")
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("example initiative")
        verbose_name_plural = _("example initiatives")

    def __str__(self):
        return self.name or Truncator(self.description).chars(80)


class ThematicArea(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('annexes:topic_list')}?area={self.slug}"


class TopicTag(TagBase):
    """Topics' own tags: the content fixture holds them, and plans' tags stay apart."""

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic tag")
        verbose_name_plural = _("topic tags")

    def get_absolute_url(self):
        return f"{reverse('annexes:topic_list')}?tag={self.slug}"


class TaggedTopic(TaggedItemBase):
    content_object = models.ForeignKey("Topic", on_delete=models.CASCADE)
    tag = models.ForeignKey(TopicTag, on_delete=models.CASCADE, related_name="tagged_topics")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_topic_tag")
        ]


# PostgreSQL's text search configuration for a language; one without its own (kk, ky, ...) takes
# the first of its fallback chain that has one, as its pages show that language's text.
TEXT_SEARCH_CONFIGS = {"en": "english", "ru": "russian"}


def reading_languages():
    """The active language and its fallbacks, in the order a page reads a translated field."""
    return resolution_order(get_language())


class TopicQuerySet(models.QuerySet):
    def filter_by(self, area="", tag="", text=""):
        """Topics in an area (slug), with a tag (slug) and mentioning `text` in the reader's
        language (the text a page shows them, a fallback included); blank means any."""
        topics = self
        if area:
            topics = topics.filter(area__slug=area)
        if tag:
            topics = topics.filter(tags__slug=tag)
        if text:
            matches = models.Q(pk__in=Topic.objects.mentioning(text))
            if connection.vendor == "postgresql":
                # Full-text search adds word forms ("fathers" finds "father", "отцов" finds
                # "отцы"); the substring match above keeps every result SQLite would give.
                matches |= models.Q(pk__in=Topic.objects.word_forms_of(text).values("pk"))
            topics = topics.filter(matches)
        return topics.distinct() if tag else topics

    def mentioning(self, text):
        """Primary keys of the topics whose texts, as the reader sees them, contain `text`,
        ignoring case and accents. Folded in Python, as SQLite's LIKE folds only ASCII; the
        annex has a few dozen topics at most, read in three queries however many there are."""
        needle = fold(text)
        return [
            topic.pk
            for topic in self.for_listing()
            if any(needle in fold(shown) for shown in topic.search_texts())
        ]

    def word_forms_of(self, text):
        """PostgreSQL only: topics matching `text` by full-text search in the reader's language's
        configuration, over the columns the reader sees (their language, else its fallbacks)."""
        languages = reading_languages()
        config = next(
            (TEXT_SEARCH_CONFIGS[code] for code in languages if code in TEXT_SEARCH_CONFIGS),
            "simple",
        )

        def shown(field):
            columns = [
                NullIf(
                    build_localized_fieldname(field, code),
                    models.Value(""),
                    output_field=models.TextField(),
                )
                for code in languages
            ]
            if len(columns) == 1:
                return columns[0]
            return Coalesce(*columns, output_field=models.TextField())

        fields = ("title", "example", "questions__text", "tags__name", "area__name")
        vector = SearchVector(*(shown(field) for field in fields), config=config)
        query = SearchQuery(text, config=config, search_type="websearch")
        return self.annotate(search=vector).filter(search=query)

    def for_listing(self):
        """Topics in the annex's order with what a list shows, in a fixed number of queries."""
        return self.select_related("area").prefetch_related("questions", "tags")

    def related_to(self, topic):
        """Other topics of the same thematic area or sharing a tag, same-area ones first."""
        same_area = models.Q(area=topic.area_id)
        shared_tag = models.Q(tags__in=topic.tags.all())
        return (
            self.filter(same_area | shared_tag)
            .exclude(pk=topic.pk)
            .distinct()
            .annotate(
                same_area=models.Case(
                    models.When(same_area, then=0), default=1, output_field=models.IntegerField()
                )
            )
            .order_by("same_area", "area__order", "order")
        )


class Topic(models.Model):
    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="topics")
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("topic"), max_length=300)
    example = models.TextField(_("example"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    tags = TaggableManager(_("tags"), through=TaggedTopic, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "order", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("annexes:topic_detail", kwargs={"slug": self.slug})

    def search_texts(self):
        """What a reader may search the topic by, in the active language: its title, area,
        example, questions and tags (use on a topic from `for_listing()`)."""
        texts = [self.title, self.area.name, self.example]
        texts += [question.text for question in self.questions.all()]
        texts += [tag.name for tag in self.tags.all()]
        return texts


class TopicQuestion(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("possible question")
        verbose_name_plural = _("possible questions")

    def __str__(self):
        return self.text[:80]
