"""The apps whose content ships as fixtures: `fixtures/<app>.json` holds each app's rows."""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

CONTENT_APPS = ["toolkit", "annexes"]


def fixture_path(app_label):
    return settings.BASE_DIR / "fixtures" / f"{app_label}.json"


def has_content(app_label):
    return any(model.objects.exists() for model in apps.get_app_config(app_label).get_models())


def delete_content(app_label):
    # Dependent models are declared after what they point to: delete them first (PROTECT).
    for model in reversed(list(apps.get_app_config(app_label).get_models())):
        model.objects.all().delete()


def load_fixture(app_label):
    """The app's English content from its fixture, then its translations from locale/content/
    (one PO file per language)."""
    from .content_po import SOURCE_LANGUAGE, content_languages, import_po

    # The fixture's texts are English: loaded with English active, modeltranslation stores them
    # as <field>_en whatever language the caller had active.
    with translation.override(SOURCE_LANGUAGE):
        call_command("loaddata", str(fixture_path(app_label)), verbosity=0)
    for language in content_languages():
        import_po(language, app_labels=[app_label])
