from django.urls import path

from . import views

app_name = "toolkit"

urlpatterns = [
    path("further-reading/", views.further_reading, name="further_reading"),
    path("<slug:slug>/", views.step, name="step"),
]
