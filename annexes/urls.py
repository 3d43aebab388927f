from django.urls import path

from . import views

app_name = "annexes"

urlpatterns = [
    path("socio-ecological-model/", views.socio_ecological_model, name="socio_ecological_model"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
