import re
from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from annexes.models import Annex
from core.page_cache import KeptPerContent
from core.templatetags.content import fallback_language, field_text

from .languages import language_links

# "Annex 1 – The socio-ecological model": the number before the dash, the rest from the dash on.
ANNEX_TITLE = re.compile(r"^(?P<number>[^–—-]+?)(?P<rest>\s+[–—-]\s+.+)$")


def languages(request):
    """The page in every offered language: the header's switcher and the hreflang links."""
    return {"language_links": language_links(request)}


@dataclass(frozen=True)
class NavAnnex:
    """An annex as the menu and the home page name it: its title from the content, split into
    "Annex 1" and the rest, so a wide screen's one-row menu can show the number alone."""

    url: str
    title: str
    number: str
    rest: str
    lang: str | None

    @property
    def number_html(self):
        return self._in_its_language(self.number)

    @property
    def rest_html(self):
        return self._in_its_language(self.rest)

    def _in_its_language(self, text):
        if self.lang is None:
            return text
        return format_html('<span lang="{}">{}</span>', self.lang, text)


def nav_annex(annex):
    title = annex.title
    parts = ANNEX_TITLE.match(title)
    number, rest = (parts["number"], parts["rest"]) if parts else (title, "")
    return NavAnnex(
        url=annex.get_absolute_url(),
        title=field_text(annex, "title"),
        number=number,
        rest=rest,
        lang=fallback_language(annex, "title"),
    )


# Every page rendered afresh shows the menu: read once per content stamp and language.
_nav_annexes = KeptPerContent(lambda: tuple(nav_annex(a) for a in Annex.objects.all()))


def annexes(request):
    """Annex 1 and Annex 2 for the menu and the home page, only if a page uses them (portal's,
    as the toolkit may not import the annexes)."""
    return {"nav_annexes": SimpleLazyObject(_nav_annexes.get)}
