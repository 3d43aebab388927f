"""The annexes' texts that are translated: one column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Annex)
class AnnexTranslation(TranslationOptions):
    fields = (
        "title",
        "intro",
        "figure_caption",
        "figure_source",
        "examples_intro",
        "table_title",
    )


@register(models.Level)
class LevelTranslation(TranslationOptions):
    fields = ("name", "goal")


@register(models.ExampleInitiative)
class ExampleInitiativeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.ThematicArea)
class ThematicAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title", "example")


@register(models.TopicQuestion)
class TopicQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(models.TopicTag)
class TopicTagTranslation(TranslationOptions):
    fields = ("name",)
