"""Links to the other pages of one list on a page that holds several lists (the planner's start
page, a network's page): each list has its own query parameter, and a link that pages one list
keeps the others where they are. Plain links, so paging works without JavaScript."""

from django import template

register = template.Library()


@register.inclusion_tag("planner/includes/list_pages.html", takes_context=True)
def list_pages(context, page, parameter, anchor, label):
    """`page` (a Paginator's page) paged by `?<parameter>=`; each link leads back to the list's
    section (`#<anchor>`); `label` names the list's pages for screen readers."""
    query = context["request"].GET

    def url(number):
        paged = query.copy()
        paged[parameter] = number
        return f"?{paged.urlencode()}#{anchor}"

    return {
        "page": page,
        "label": label,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }
