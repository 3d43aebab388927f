"""Placeholder: being written."""

from django.http import Http404


def plan_list(request, *args, **kwargs):
    raise Http404


def plan_create(request, *args, **kwargs):
    raise Http404


def plan_detail(request, *args, **kwargs):
    raise Http404


def plan_edit(request, *args, **kwargs):
    raise Http404


def plan_delete(request, *args, **kwargs):
    raise Http404


def plan_duplicate(request, *args, **kwargs):
    raise Http404


def plan_print(request, *args, **kwargs):
    raise Http404


def plan_export_markdown(request, *args, **kwargs):
    raise Http404


def plan_export_json(request, *args, **kwargs):
    raise Http404
