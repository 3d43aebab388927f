"""Hostile path parameters in every planner URL (plans, steps, history, share links,
networks, invitations, members), tried anonymously and by the owner with GET and POST: the
answer is a page, a redirect or a 4xx, never a 5xx."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from planner.models import PlanPart
from tests.pages import client_for, path_segment
from tests.strategies import HUGE_NUMBER, hostile_settings, hostile_text, rolled_back

pytestmark = pytest.mark.django_db


PATHS = [
    "/plans/{x}/",
    "/plans/{x}/steps/1/",
    "/plans/{plan}/steps/{x}/",
    "/plans/{plan}/history/{x}/",
    "/plans/{plan}/history/{x}/1/restore/",
    "/plans/{plan}/history/research/{x}/restore/",
    "/plans/{plan}/links/{x}/revoke/",
    "/shared/{x}/",
    "/networks/join/{x}/",
    "/networks/{x}/",
    "/networks/{x}/invite/",
    "/networks/{slug}/members/{x}/role/",
    "/networks/{slug}/members/{x}/remove/",
]
segment = st.one_of(
    hostile_text,
    st.uuids().map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1", "5", "6", "0", "research", "challenges", "new", "join", ".", ".."]),
)
# What any of these URLs may answer: a page, a redirect (to log in, or back after a POST),
# a refused form (400), a read-only member (403), not found (404), wrong method (405), an
# unusable invitation (410).
ALLOWED = {200, 302, 400, 403, 404, 405, 410}


@hostile_settings(max_examples=15)
@pytest.mark.parametrize("template", PATHS)
@given(x=segment)
@example(x="\x00")
@example(x=HUGE_NUMBER)
@example(x="x" * 20000)
@example(x="00000000-0000-0000-0000-000000000000")
def test_path_parameters_never_fail(owner, plan, network, template, x):
    url = template.format(x=path_segment(x), plan=plan.pk, slug=network.slug)
    with rolled_back():
        for user in [None, owner]:
            client = client_for(user)
            for method in [client.get, client.post]:
                response = method(url)
                assert response.status_code in ALLOWED, (url, response.status_code)
        owner_get = client_for(owner).get(url)
        if template == "/plans/{plan}/steps/{x}/":
            is_step = re.fullmatch("[0-9]+", x) and 1 <= int(x) <= 5  # the <int:...> converter
            assert owner_get.status_code == (200 if is_step else 404)
        if template == "/plans/{plan}/history/{x}/":
            assert owner_get.status_code == (200 if x in PlanPart.Kind.values else 404)
        if template in ("/shared/{x}/", "/networks/join/{x}/"):
            assert owner_get.status_code == 404
