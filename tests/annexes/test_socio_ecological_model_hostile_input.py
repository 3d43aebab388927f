"""Hostile query strings on Annex 1's page, the socio-ecological model: it takes no query,
so any name and value is ignored and the page is shown."""

import pytest
from hypothesis import given

from tests.annexes.factories import make_levels
from tests.pages import client_for
from tests.strategies import hostile_settings, hostile_text, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(db):
    return make_levels(examples=1)


@hostile_settings(max_examples=15)
@given(name=hostile_text, value=hostile_text)
def test_the_socio_ecological_model_ignores_any_query(levels, name, value):
    with rolled_back():
        response = client_for().get("/annexes/socio-ecological-model/", {name or "x": value})

        assert response.status_code == 200
