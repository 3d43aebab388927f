from django.utils.functional import SimpleLazyObject

from core.page_cache import KeptPerContent

from .models import Page

# Every page rendered afresh shows the menu: read once per content stamp and language.
_nav_steps = KeptPerContent(lambda: tuple(Page.objects.steps()))


def navigation(request):
    """The three steps for the navigation and the home page, only if a page uses them."""
    return {"nav_steps": SimpleLazyObject(_nav_steps.get)}
