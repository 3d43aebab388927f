from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from planner.selectors import account_deletion_outcome
from toolkit.models import Page
from toolkit.views import render_page

from .account_forms import AccountDeleteForm, SignupForm
from .forms import SearchForm
from .page_cache import cache_content_page
from .search import search as search_guidance


@require_safe
@cache_content_page
def home(request):
    page = get_object_or_404(Page.objects.with_content(), slug="home")
    return render_page(request, page, "portal/home.html")


@require_safe
@cache_content_page
def about(request):
    page = get_object_or_404(Page.objects.with_content(), slug="about")
    return render_page(request, page, "portal/about.html")


@require_safe
@cache_content_page
def search(request):
    form = SearchForm(request.GET)
    groups = None
    if "q" in request.GET and form.is_valid():
        groups = search_guidance(form.cleaned_data["q"])
    context = {
        "form": form,
        "groups": groups,
        "result_count": sum(len(group.results) for group in groups or []),
        "search_query": request.GET.get("q", "")[:200],
    }
    return render(request, "portal/search.html", context)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("planner:plan_list")
    # Only a path on this site: an outside `next` would make sign-up an open redirect.
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = form.save()
        # Named because two backends are configured (django-axes' and the model backend).
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(username)s! Your account is ready.") % {"username": user.get_username()},
        )
        if next_url:
            # Not redirect(): it would try a bare word such as "home" as a URL name first.
            return HttpResponseRedirect(next_url)
        return redirect("planner:plan_list")
    return render(request, "portal/signup.html", {"form": form, "next": next_url})


@sensitive_post_parameters("password")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete one's own account: private plans go, plans shared with a network stay with it
    (the models' on_delete rules say how; the page shows the outcome first)."""
    form = AccountDeleteForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Your account is deleted."))
        return redirect("home")
    context = {"form": form, "outcome": account_deletion_outcome(request.user)}
    status = 400 if form.errors else 200
    return render(request, "registration/account_delete.html", context, status=status)
