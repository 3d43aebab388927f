from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_safe

from . import offline, views
from .account_forms import LoginForm
from .sitemaps import SITEMAPS

# Django's form views answer any method; ours take GET and POST only, like every other view.
get_or_post = require_http_methods(["GET", "HEAD", "POST"])

# Outside the language prefixes: machines read these, in no language.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    # At the root, so the worker's scope is the whole site.
    path("sw.js", offline.service_worker, name="service_worker"),
]

# English at today's URLs, every other language under its prefix (/ru/toolkit/think/).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("offline/", offline.offline, name="offline"),
    path("offline/pages.json", offline.offline_pages, name="offline_pages"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("toolkit/download/", offline.toolkit_download, name="toolkit_download"),
    path("toolkit/", include("toolkit.urls")),
    path("annexes/", include("annexes.urls")),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/sent/", views.signup_sent, name="signup_sent"),
    path("accounts/signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path("accounts/settings/", views.account_settings, name="account_settings"),
    path(
        "accounts/login/",
        get_or_post(auth_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path(
        "accounts/password_change/",
        get_or_post(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        get_or_post(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        get_or_post(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("planner.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
