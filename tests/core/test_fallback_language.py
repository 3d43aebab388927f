"""A missing translation falls back along its chain (kk, ky, tg, tk, uz → ru → en; ru → en), and
the block shown in the fallback language carries its own `lang` (issue 9, item 3; WCAG 3.1.2)."""

import pytest
from django.utils import translation

from core.templatetags.content import field_markdown, field_markdown_inline
from toolkit.models import Footnote, Section

pytestmark = pytest.mark.django_db


def test_a_russian_page_marks_the_one_block_still_in_english(client, all_content):
    section = Section.objects.filter(page__slug="think").exclude(body_en="").first()
    Section.objects.filter(pk=section.pk).update(body_ru=None)  # e.g. its English just changed
    html = client.get("/ru/toolkit/think/").content.decode()
    assert '<html lang="ru"' in html
    marked = html.count('<div lang="en">')
    assert marked == 1
    english_start = section.body_en.split()[0:3]
    block = html.split('<div lang="en">', 1)[1].split("</div>", 1)[0]
    assert " ".join(english_start) in block
    assert '<div lang="en">' not in client.get("/ru/toolkit/plan/").content.decode()


def test_the_fallback_chain_of_a_central_asian_language_goes_through_russian(all_content):
    section = next(s for s in Section.objects.all() if s.body_en and s.body_ru)
    with translation.override("kk"):
        shown = Section.objects.get(pk=section.pk)
        assert shown.body == section.body_ru  # no Kazakh yet: Russian ...
        assert str(field_markdown(shown, "body")).startswith('<div lang="ru">')
        Section.objects.filter(pk=section.pk).update(body_ru=None)
        shown = Section.objects.get(pk=section.pk)
        assert shown.body == section.body_en  # ... and without Russian, English
        assert str(field_markdown(shown, "body")).startswith('<div lang="en">')
        assert str(field_markdown_inline(shown, "body")).startswith('<span lang="en">')
    with translation.override("en"):
        assert "lang=" not in str(field_markdown(Section.objects.get(pk=section.pk), "body"))


def test_a_text_kept_in_english_in_the_russian_content_says_it_is_english(all_content):
    # A publication's title is "translated" as itself: it is English text on a Russian page.
    footnote = next(
        f for f in Footnote.objects.all() if f.text_ru == f.text_en and "OSCE" in f.text_en
    )
    with translation.override("ru"):
        assert str(field_markdown_inline(footnote, "text")).startswith('<span lang="en">')
        translated = next(f for f in Footnote.objects.all() if f.text_ru != f.text_en)
        assert "lang=" not in str(field_markdown_inline(translated, "text"))
