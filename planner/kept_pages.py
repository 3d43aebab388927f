"""A plan's overview and step pages, kept rendered per plan revision.

Rendering them costs 10-15 ms (forms, reviews, the self-check, the log); identifying the reader
and the plan, as every request does anyway, about 1 ms. So each page is kept, in each process,
under everything it depends on:
- the plan's revision, which every change to what its pages show counts (InitiativePlan.revision);
- the rights the reader has now, so a role changed in the network shows at once, and the reader
  (their own copy: nothing a page may one day say to one reader alone reaches another);
- the language, the reader's time zone (every time shown) and the content stamp (the toolkit's
  guidance and choices beside the forms);
- the address, its query included.
The reader's name and CSRF token are filled in on every request (core.page_cache). A page with
a pending message is rendered afresh, as is anything but a GET or HEAD.

What changes with time alone is held no longer than it stays true: a page is kept until the
plan's next share link lapses (the overview counts the active ones), and at most
PLAN_PAGE_TIMEOUT. That is also how long a change nothing counts can show late: an account
renamed in the admin.
"""

import hashlib

from django.core.cache import caches
from django.db.models import Min
from django.utils import timezone, translation

from core.page_cache import content_stamp, kept_for_reader

PLAN_PAGE_TIMEOUT = 300


def _key(request, plan):
    user = request.user
    rights = (plan.can_read(user), plan.can_edit(user), plan.can_manage(user))
    page = f"{request.get_host()}{request.get_full_path()}"
    parts = [
        str(plan.pk),
        str(plan.revision),
        str(user.pk),
        "".join("1" if right else "0" for right in rights),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        content_stamp(),
        page,
    ]
    return "plan-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _seconds_held(plan, since):
    """Until the plan's next open share link lapses (the overview counts the active ones), at
    most the timeout; counted from `since`, before the page was rendered."""
    open_links = plan.share_links.filter(revoked_at__isnull=True, expires_at__gt=since)
    lapse = open_links.aggregate(at=Min("expires_at"))["at"]
    seconds = (lapse - timezone.now()).total_seconds() if lapse else PLAN_PAGE_TIMEOUT
    return max(0, int(min(PLAN_PAGE_TIMEOUT, seconds)))


def kept_plan_page(request, plan, render):
    """`render()`'s page of `plan` for this reader, kept while the plan's revision holds."""
    since = timezone.now()
    return kept_for_reader(
        request,
        _key(request, plan),
        render,
        cache=caches["plan_pages"],
        timeout=lambda: _seconds_held(plan, since),
    )
