"""Placeholder: being written."""

from django.http import Http404


def network_list(request, *args, **kwargs):
    raise Http404


def network_create(request, *args, **kwargs):
    raise Http404


def invitation_accept(request, *args, **kwargs):
    raise Http404


def network_detail(request, *args, **kwargs):
    raise Http404


def invitation_create(request, *args, **kwargs):
    raise Http404


def network_leave(request, *args, **kwargs):
    raise Http404


def member_role(request, *args, **kwargs):
    raise Http404


def member_remove(request, *args, **kwargs):
    raise Http404
