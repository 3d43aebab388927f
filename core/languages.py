"""The language a URL names: the one rule that a kept page (core/page_cache.py) and the
language switcher (portal/languages.py) must agree on."""

from django.conf import settings
from django.utils import translation


def language_of_path(path_info):
    """The language a URL names: its prefix, else the default (English)."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
