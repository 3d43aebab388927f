from .models import Page


def navigation(request):
    """The three steps for the navigation and the home page; one query, only if a page uses it."""
    return {"nav_steps": Page.objects.steps()}
