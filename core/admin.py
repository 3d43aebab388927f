"""The admin of translated content: each field's languages side by side, and the state of each
language's translation (untranslated / machine-assisted draft / reviewed / stale) with a way to
mark it reviewed.

django-modeltranslation's TranslationAdmin, not its tabbed variant: the tabs need jQuery UI,
which the package does not ship (it loads it from a CDN), and the site's CSP allows only 'self'.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import URLField
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from modeltranslation.utils import build_localized_fieldname

from .translation_state import (
    State,
    attach_states,
    is_translated,
    is_translated_model,
    mark_reviewed,
    record_human_edit,
    state_of,
    translated_fields,
    translation_languages,
)

MARK_REVIEWED = "_mark_reviewed"
ALWAYS_LISTED = "ru"  # the language every record is translated into first

# For an admin's formfield_overrides: a link typed without a scheme is https (Django 6's
# default, chosen now).
HTTPS_LINKS = {URLField: {"assume_scheme": "https"}}


def language_name(code):
    return get_language_info(code)["name_translated"]


class TranslationStateChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # The page's records are fetched here, and the template iterates the same queryset:
        # the states of the whole page come in one more query, whatever its length.
        attach_states(self.result_list)


class TranslatedContentAdmin(TranslationAdmin):
    group_fieldsets = True
    change_form_template = "admin/core/translated_change_form.html"

    def get_changelist(self, request, **kwargs):
        return TranslationStateChangeList

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_states"]

    @admin.display(description=gettext_lazy("Translation"))
    def translation_states(self, record):
        shown = [
            (language.upper(), State(state).label)
            for language in translation_languages()
            for state in [state_of(record, language)[0]]
            if language == ALWAYS_LISTED or state != State.UNTRANSLATED
        ]
        return format_html_join(mark_safe("<br>"), "{}: {}", shown)

    @admin.display(description=gettext_lazy("State of each translation"))
    def translation_summary(self, record):
        rows = []
        for language in translation_languages():
            state, stored = state_of(record, language)
            if state == State.REVIEWED and stored.reviewed_at:
                reviewer = stored.reviewed_by.get_username() if stored.reviewed_by else "—"
                detail = _("by %(reviewer)s, %(date)s") % {
                    "reviewer": reviewer,
                    "date": stored.reviewed_at.date().isoformat(),
                }
            else:
                detail = ""
            rows.append((language_name(language), State(state).label, detail))
        return format_html(
            '<table class="translation-states">{}</table>',
            format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', rows),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "translation_summary"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        shown = {name for _title, options in fieldsets for name in options["fields"]}
        if obj is not None and "translation_summary" not in shown:
            fieldsets.append((_("Translation"), {"fields": ["translation_summary"]}))
        return fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for language in translation_languages():
                name = f"mark_reviewed_{language}"
                description = _("Mark the translation reviewed: %(language)s") % {
                    "language": language_name(language)
                }
                actions[name] = (self._mark_reviewed_action(language), name, description)
        return actions

    @staticmethod
    def _mark_reviewed_action(language):
        def action(modeladmin, request, queryset):
            modeladmin.mark_reviewed(request, list(queryset), language)

        return action

    def mark_reviewed(self, request, records, language):
        marked = mark_reviewed(records, language, request.user)
        values = {"count": marked, "language": language_name(language)}
        if marked:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record: translation marked reviewed (%(language)s).",
                    "%(count)d records: translation marked reviewed (%(language)s).",
                    marked,
                )
                % values,
                messages.SUCCESS,
            )
        if marked < len(records):
            skipped = len(records) - marked
            self.message_user(
                request,
                ngettext(
                    "%(count)d record has no translation to review (%(language)s).",
                    "%(count)d records have no translation to review (%(language)s).",
                    skipped,
                )
                % {**values, "count": skipped},
                messages.WARNING,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["translation_review_buttons"] = [
                (
                    language,
                    _("Save and mark the translation reviewed: %(language)s")
                    % {"language": language_name(language)},
                )
                for language in translation_languages()
                if is_translated(obj, language)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        language = request.POST.get(MARK_REVIEWED)
        if language in translation_languages():
            self.mark_reviewed(request, [obj], language)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    # A person editing a translation by hand produces a new text that nobody has reviewed yet:
    # it is a draft (made from the English of the moment) until someone marks it reviewed. An
    # edit of the English needs nothing: the translations read as stale by themselves.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_human_edit(obj, form.changed_data)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if is_translated_model(formset.model):
            deleted = set(formset.deleted_forms)
            for inline_form in formset.forms:
                if inline_form not in deleted and inline_form.instance.pk:
                    record_human_edit(inline_form.instance, inline_form.changed_data)


class SourceLanguageInlineMixin:
    """An inline edits the English of the records it lists; each record's translations are
    edited, and reviewed, on its own page (seven languages of every field of every row would
    bury the form)."""

    show_change_link = True

    def get_exclude(self, request, obj=None):
        translations = [
            build_localized_fieldname(field, language)
            for field in translated_fields(self.model)
            for language in translation_languages()
        ]
        return [*(super().get_exclude(request, obj) or []), *translations]


class TranslatedTabularInline(SourceLanguageInlineMixin, TranslationTabularInline):
    pass


class TranslatedStackedInline(SourceLanguageInlineMixin, TranslationStackedInline):
    pass
