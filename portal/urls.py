from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("toolkit/", include("toolkit.urls")),
    path("annexes/", include("annexes.urls")),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("planner.urls")),
    path("admin/", admin.site.urls),
]
