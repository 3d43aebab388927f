"""Placeholder: being written."""

from django.http import Http404


def plan_step(request, *args, **kwargs):
    raise Http404


def plan_challenges(request, *args, **kwargs):
    raise Http404


def part_history(request, *args, **kwargs):
    raise Http404


def part_restore(request, *args, **kwargs):
    raise Http404
