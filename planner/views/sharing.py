"""Placeholder: being written."""

from django.http import Http404


def plan_sharing(request, *args, **kwargs):
    raise Http404


def share_link_create(request, *args, **kwargs):
    raise Http404


def share_link_revoke(request, *args, **kwargs):
    raise Http404


def shared_plan(request, *args, **kwargs):
    raise Http404
