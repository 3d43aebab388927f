"""The toolkit's texts that are translated: one column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "nav_label", "lead", "summary")


@register(models.Section)
class SectionTranslation(TranslationOptions):
    fields = ("heading", "body", "closing")


@register(models.ExercisePrompt)
class ExercisePromptTranslation(TranslationOptions):
    fields = ("explanation", "question")


@register(models.Aim)
class AimTranslation(TranslationOptions):
    fields = ("title", "avoid")


@register(models.AimAction)
class AimActionTranslation(TranslationOptions):
    fields = ("text",)


@register(models.PlanningStep)
class PlanningStepTranslation(TranslationOptions):
    fields = ("title", "note", "what_it_means", "why_it_matters")


@register(models.KeyAction)
class KeyActionTranslation(TranslationOptions):
    fields = ("text",)


@register(models.ResistanceReason)
class ResistanceReasonTranslation(TranslationOptions):
    fields = ("text",)


@register(models.Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "do_text", "dont_text")


@register(models.Quote)
class QuoteTranslation(TranslationOptions):
    fields = ("text", "role")


@register(models.Footnote)
class FootnoteTranslation(TranslationOptions):
    fields = ("text",)
