"""The reading pages for search engines, each with its address in every offered language
(`hreflang` alternates, English as x-default)."""

from django.contrib.sitemaps import Sitemap

from annexes.models import Annex, Topic
from toolkit.models import Page


class ReadingPages(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        pages = list(Page.objects.order_by("order", "pk"))
        annexes = list(Annex.objects.order_by("number"))
        topics = list(Topic.objects.order_by("area__order", "order"))
        return [*pages, *annexes, *topics]

    def location(self, item):
        return item.get_absolute_url()


SITEMAPS = {"reading": ReadingPages}
