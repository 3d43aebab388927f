from django.contrib import admin

from core.admin import HTTPS_LINKS, TranslatedStackedInline, TranslatedTabularInline
from core.page_cache import ContentModelAdmin, UntranslatedContentModelAdmin

from . import models


class SectionInline(TranslatedTabularInline):
    model = models.Section
    fields = ["order", "slug", "heading_en", "kind"]
    show_change_link = True
    extra = 0


class FootnoteInline(TranslatedTabularInline):
    model = models.Footnote
    fields = ["number", "text_en"]
    extra = 0


@admin.register(models.Page)
class PageAdmin(ContentModelAdmin):
    list_display = ["title", "slug", "step_number", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, FootnoteInline]


class OrderedInline(TranslatedStackedInline):
    extra = 0


class KeyedAdminMixin:
    """A key, once given, stays: the portal finds the record by it. (Inline rows show it
    read-only; a key is given on the record's own page.)"""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.key:
            readonly.append("key")
        return readonly


class ExercisePromptInline(OrderedInline):
    model = models.ExercisePrompt


class AimInline(OrderedInline):
    model = models.Aim
    readonly_fields = ["key"]
    show_change_link = True


class PlanningStepInline(OrderedInline):
    model = models.PlanningStep
    show_change_link = True


class ResistanceReasonInline(TranslatedTabularInline):
    model = models.ResistanceReason
    extra = 0


class RecommendationInline(OrderedInline):
    model = models.Recommendation
    readonly_fields = ["key"]
    show_change_link = True


class ReadingItemInline(admin.TabularInline):
    model = models.ReadingItem
    formfield_overrides = HTTPS_LINKS
    extra = 0


class QuoteInline(OrderedInline):
    model = models.Quote


@admin.register(models.Section)
class SectionAdmin(KeyedAdminMixin, ContentModelAdmin):
    list_display = ["__str__", "page", "kind", "order"]
    list_filter = ["page", "kind"]
    list_editable = ["order"]
    search_fields = ["heading", "body", "closing"]
    list_select_related = ["page"]
    inlines = [
        ExercisePromptInline,
        AimInline,
        PlanningStepInline,
        ResistanceReasonInline,
        RecommendationInline,
        ReadingItemInline,
        QuoteInline,
    ]

    def get_inline_instances(self, request, obj=None):
        # Show only the items this kind of section holds; a new section shows none until saved.
        if obj is None:
            return []
        kind_inlines = {
            models.Section.Kind.EXERCISE: ExercisePromptInline,
            models.Section.Kind.AIMS: AimInline,
            models.Section.Kind.PLANNING_STEPS: PlanningStepInline,
            models.Section.Kind.CHALLENGE: ResistanceReasonInline,
            models.Section.Kind.RECOMMENDATIONS: RecommendationInline,
            models.Section.Kind.READING: ReadingItemInline,
            models.Section.Kind.QUOTES: QuoteInline,
        }
        inline = kind_inlines.get(obj.kind)
        return [inline(self.model, self.admin_site)] if inline else []


class AimActionInline(TranslatedTabularInline):
    model = models.AimAction
    extra = 0


@admin.register(models.Aim)
class AimAdmin(KeyedAdminMixin, ContentModelAdmin):
    list_display = ["title", "key", "order"]
    list_editable = ["order"]
    inlines = [AimActionInline]


class KeyActionInline(TranslatedTabularInline):
    model = models.KeyAction
    readonly_fields = ["key"]
    show_change_link = True
    extra = 0


@admin.register(models.PlanningStep)
class PlanningStepAdmin(ContentModelAdmin):
    list_display = ["number", "title", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [KeyActionInline]


@admin.register(models.Recommendation)
class RecommendationAdmin(KeyedAdminMixin, ContentModelAdmin):
    list_display = ["number", "title", "key", "order"]
    list_editable = ["order"]
    search_fields = ["title", "do_text", "dont_text"]


@admin.register(models.KeyAction)
class KeyActionAdmin(KeyedAdminMixin, ContentModelAdmin):
    list_display = ["__str__", "planning_step", "key", "order"]
    list_select_related = ["planning_step"]


@admin.register(models.ReadingItem)
class ReadingItemAdmin(UntranslatedContentModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["title", "section", "url", "order"]
    list_filter = ["section"]
    list_editable = ["order"]
    search_fields = ["title", "url"]


@admin.register(models.Footnote)
class FootnoteAdmin(ContentModelAdmin):
    list_display = ["number", "page", "text"]
    list_filter = ["page"]
    search_fields = ["text"]


for simple_model in [
    models.ExercisePrompt,
    models.AimAction,
    models.ResistanceReason,
    models.Quote,
]:
    admin.site.register(simple_model, ContentModelAdmin)
