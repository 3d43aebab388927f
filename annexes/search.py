"""What the site-wide search reads from the annexes: Annex 1's levels and Annex 2's topics."""

from .models import Annex, Level, Topic


def search_documents():
    """Yield (group, title, url, texts) in the annexes' order; texts are Markdown."""
    annexes = {annex.number: annex for annex in Annex.objects.all()}
    first = annexes.get(1)
    if first:
        url = first.get_absolute_url()
        yield (
            first.title,
            first.title,
            url,
            [first.intro, first.examples_intro, first.figure_source],
        )
        for level in Level.objects.prefetch_related("examples"):
            texts = [level.goal] + [
                # an example sentence has no name: no leading space in its snippet
                " ".join(filter(None, [example.name, example.description, example.url]))
                for example in level.examples.all()
            ]
            yield first.title, level.name, level.get_absolute_url(), texts
    group = annexes[2].title if 2 in annexes else Topic._meta.verbose_name_plural
    for topic in Topic.objects.for_listing():
        yield group, topic.title, topic.get_absolute_url(), topic.search_texts()
