from .languages import language_links


def languages(request):
    """The page in every offered language: the header's switcher and the hreflang links."""
    return {"language_links": language_links(request)}
