from django.contrib import admin

from core.admin import HTTPS_LINKS, TranslatedStackedInline, TranslatedTabularInline
from core.page_cache import ContentModelAdmin

from . import models


@admin.register(models.Annex)
class AnnexAdmin(ContentModelAdmin):
    list_display = ["number", "title"]


class ExampleInitiativeInline(TranslatedStackedInline):
    model = models.ExampleInitiative
    formfield_overrides = HTTPS_LINKS
    extra = 0


@admin.register(models.Level)
class LevelAdmin(ContentModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ExampleInitiativeInline]


@admin.register(models.ExampleInitiative)
class ExampleInitiativeAdmin(ContentModelAdmin):
    list_display = ["name", "level", "url", "order"]
    list_filter = ["level"]
    list_editable = ["order"]
    search_fields = ["name", "description", "url"]
    formfield_overrides = HTTPS_LINKS


class TopicInline(TranslatedTabularInline):
    model = models.Topic
    fields = ["order", "title_en", "slug"]
    show_change_link = True
    extra = 0


@admin.register(models.ThematicArea)
class ThematicAreaAdmin(ContentModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TopicInline]


class TopicQuestionInline(TranslatedTabularInline):
    model = models.TopicQuestion
    extra = 0


@admin.register(models.Topic)
class TopicAdmin(ContentModelAdmin):
    list_display = ["title", "area", "tag_list", "order"]
    list_filter = ["area", "tags"]
    list_editable = ["order"]
    list_select_related = ["area"]
    search_fields = ["title", "example", "questions__text", "tags__name"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TopicQuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=models.Topic._meta.get_field("tags").verbose_name)
    def tag_list(self, topic):
        return ", ".join(tag.name for tag in topic.tags.all())


@admin.register(models.TopicQuestion)
class TopicQuestionAdmin(ContentModelAdmin):
    list_display = ["text", "topic", "order"]
    list_filter = ["topic__area"]
    search_fields = ["text"]


@admin.register(models.TopicTag)
class TopicTagAdmin(ContentModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
