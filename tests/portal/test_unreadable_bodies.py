"""A POST whose body cannot be read as a form answers a short 400, never a 500 (issue 8).

tests/portal/test_fuzz_bodies.py sends thousands of such bodies everywhere; these are the
named cases, through the CSRF check as production runs it.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN = "f" * 32


@pytest.fixture
def client():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = TOKEN
    return client


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/x-www-form-urlencoded; charset=latin-1", b"username=caf\xe9"),
        ("application/x-www-form-urlencoded; charset=utf-16", "a=b".encode("utf-16")),
        ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--"),
        ("multipart/form-data; boundary=", b"--\r\n"),
    ],
)
@pytest.mark.parametrize("url", ["/accounts/login/", "/plans/new/", "/", "/no-such-page/"])
def test_an_unreadable_body_answers_400(client, url, content_type, body):
    response = client.generic("POST", url, body, content_type=content_type, HTTP_X_CSRFTOKEN=TOKEN)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"Bad request: the form data could not be read."


def test_a_content_length_that_is_not_a_number_answers_400(client):
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"username=a",
        content_type="application/x-www-form-urlencoded",
        HTTP_X_CSRFTOKEN=TOKEN,
        CONTENT_LENGTH="ten",
    )
    assert response.status_code == 400


def test_a_readable_form_still_gets_through(client, django_user_model):
    django_user_model.objects.create_user("amina", password="amina-password")
    response = client.post(
        "/accounts/login/",
        {"username": "amina", "password": "amina-password", "csrfmiddlewaretoken": TOKEN},
    )
    assert response.status_code == 302
