from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from core.page_cache import cache_content_page
from planner.selectors import account_deletion_outcome
from planner.services import delete_account
from toolkit.views import render_content_page

from .account_forms import (
    AccountDeleteForm,
    AccountPreferencesForm,
    ChoosePasswordForm,
    SignupForm,
    read_signup_token,
)
from .auth_backend import ACCOUNT_BACKEND
from .forms import SearchForm
from .languages import is_safe_next, same_page_in, set_language_cookie
from .preferences import apply_stored_language, preferences_for, remember_language, save_preferences
from .search import search as search_guidance

User = get_user_model()


@require_safe
@cache_content_page
def home(request):
    return render_content_page(request, "home", "portal/home.html")


@require_safe
@cache_content_page
def about(request):
    return render_content_page(request, "about", "portal/about.html")


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


def safe_next(request, next_url):
    """`next_url` if it is a path on this site, else "": an outside one would make the
    account pages an open redirect."""
    return next_url if is_safe_next(request, next_url) else ""


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def switch_language(request, code):
    """The language switcher: the page at `next` in language `code`, and the choice kept.

    Anonymous readers follow a plain link (a form would need a CSRF cookie, and their reading
    pages are kept); the choice is kept in a cookie. Logged-in readers post a form, and the
    choice is also stored on their account, so it follows them to another device.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    target = same_page_in(next_url or "/", code)
    if target is None:  # a page that is the same in every language (or none at all)
        target = next_url or same_page_in("/", code, default="/")
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(request.user, code)
    response = HttpResponseRedirect(target)
    set_language_cookie(response, code)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("planner:plan_list")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        # The same answer whether or not the name is taken; the e-mail tells which.
        form.send_mail(request, next_url)
        return redirect("signup_sent")
    return render(request, "portal/signup.html", {"form": form, "next": next_url})


@require_safe
def signup_sent(request):
    return render(request, "registration/signup_sent.html")


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup_confirm(request, token):
    """The link from the sign-up e-mail: choose a password, and the account exists."""
    claim = read_signup_token(token)
    if claim is None:
        return render(request, "registration/signup_confirm.html", {"problem": "invalid"})
    username, email = claim["username"], claim["email"]
    context = {"username": username}
    existing = User.objects.filter(username__iexact=username).first()
    if existing is not None:
        # Opened again after the account was made, or someone else took the name meanwhile.
        used = existing.email.lower() == email.lower()
        context["problem"] = "used" if used else "taken"
        return render(request, "registration/signup_confirm.html", context)
    form = ChoosePasswordForm(
        User(username=username, email=email), request.POST if request.method == "POST" else None
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # the same name, made in the same instant
            context["problem"] = "taken"
            return render(request, "registration/signup_confirm.html", context)
        # Named because two backends are configured (django-axes' and the account backend).
        login(request, user, backend=ACCOUNT_BACKEND)
        messages.success(
            request,
            _("Welcome, %(username)s! Your account is ready.") % {"username": user.get_username()},
        )
        next_url = safe_next(request, claim.get("next", ""))
        if next_url:
            # Not redirect(): it would try a bare word such as "home" as a URL name first.
            return HttpResponseRedirect(next_url)
        return redirect("planner:plan_list")
    context["form"] = form
    return render(request, "registration/signup_confirm.html", context)


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
        delete_account(user)
        messages.success(request, _("Your account is deleted."))
        return redirect("home")
    context = {"form": form, "outcome": account_deletion_outcome(request.user)}
    status = 400 if form.errors else 200
    return render(request, "registration/account_delete.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_settings(request):
    """One's own language and time zone (portal/preferences.py applies them)."""
    form = AccountPreferencesForm(request.POST or None, instance=preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        save_preferences(request.user, language=language, time_zone=form.cleaned_data["time_zone"])
        # The next page, and the confirmation on it, in the language just chosen.
        with translation.override(language or translation.get_language()):
            messages.success(request, _("Your settings are saved."))
        response = HttpResponseRedirect(reverse("account_settings"))
        apply_stored_language(request.user, response)
        return response
    status = 400 if form.errors else 200
    context = {"form": form, "now": timezone.now()}
    return render(request, "registration/account_settings.html", context, status=status)
