"""Hostile request bodies at every URL pattern of the project: none answers 5xx.

Every named URL pattern (read from the URLconf by tests/urlwalk.py, the admin's included) gets
every method (GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE and made-up ones) with bodies a
browser would never send: undecodable and unknown charsets, multipart without a boundary or cut
short, random bytes, NUL bytes, more fields than allowed, a body over the size limit, bad
percent-escapes and broken headers. Each goes out as an anonymous visitor without cookies, as an
anonymous visitor and as the plan's owner, both carrying a valid CSRF cookie and token (so that
the body gets past the CSRF check to the view). The random parts come from a seeded generator,
so a failure is repeatable.

The requests are counted, the figure printed (`-s` shows it) and asserted, so the README's
figure is the one this test sent.
"""

import logging
import random
import time
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, RequestFactory
from django.test.client import ClientHandler
from hypothesis import given
from hypothesis import strategies as st

from tests.database import kept_for_the_module
from tests.strategies import hostile_settings
from tests.urlwalk import all_patterns, build_content, build_world, url_for

pytestmark = pytest.mark.django_db

CSRF_TOKEN = "f" * 32  # a well-formed token; cookie and form carry the same one
METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "PROPFIND", "X-FOO"]  # and POST
FORM = "application/x-www-form-urlencoded"
BOUNDARY = "----fuzzboundary"
WHO = ["anonymous", "anonymous with CSRF cookie", "owner with CSRF cookie"]


def multipart(*parts, boundary=BOUNDARY, close=True):
    body = b""
    for headers, value in parts:
        body += b"--" + boundary.encode() + b"\r\n" + headers + b"\r\n\r\n" + value + b"\r\n"
    if close:
        body += b"--" + boundary.encode() + b"--\r\n"
    return body


def field(name, value=b"x"):
    return (b'Content-Disposition: form-data; name="' + name + b'"', value)


def hostile_bodies(rng):
    """(label, content type, body, extra WSGI environ) for one request each."""
    token = b"csrfmiddlewaretoken=" + CSRF_TOKEN.encode()
    noise = rng.randbytes(rng.randint(1, 600))
    printable = bytes(rng.choice(b"=&%;+a0\x00\xff ") for _ in range(rng.randint(1, 300)))
    too_many = b"&".join(b"f%d=1" % i for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5))
    return [
        ("unknown charset", f"{FORM}; charset=nonexistent-charset", token + b"&a=\xff", {}),
        ("latin-1 charset", f"{FORM}; charset=latin-1", token + b"&title=caf\xe9", {}),
        ("utf-16 charset", f"{FORM}; charset=utf-16", "a=б".encode("utf-16"), {}),
        ("undecodable utf-8", FORM, token + b"&title=\xff\xfe\xc3\x28&\xed\xa0\x80=1", {}),
        ("bad percent escapes", FORM, token + b"&title=%ff%fe%c3%28%&%zz=%00", {}),
        ("NUL bytes", FORM, token + b"&title=a\x00b&\x00=\x00&next=/\x00", {}),
        ("random bytes as a form", FORM, token + b"&" + noise, {}),
        ("random form-ish bytes", FORM, token + b"&" + printable, {}),
        ("random bytes, no type", "", noise, {}),
        ("random bytes as JSON", "application/json", noise, {}),
        ("broken JSON", "application/json", b'{"title": "\xff', {}),
        ("too many fields", FORM, token + b"&" + too_many, {}),
        ("multipart without boundary", "multipart/form-data", multipart(field(b"a")), {}),
        ("multipart empty boundary", "multipart/form-data; boundary=", b"--\r\n\r\n", {}),
        (
            "multipart boundary not in body",
            f"multipart/form-data; boundary={BOUNDARY}",
            noise,
            {},
        ),
        (
            "multipart cut short",
            f"multipart/form-data; boundary={BOUNDARY}",
            multipart(field(b"csrfmiddlewaretoken", CSRF_TOKEN.encode()), field(b"t", noise))[
                : rng.randint(10, 120)
            ],
            {},
        ),
        (
            "multipart unknown charset",
            f"multipart/form-data; boundary={BOUNDARY}; charset=nonexistent",
            multipart(field(b"csrfmiddlewaretoken", CSRF_TOKEN.encode()), field(b"t\xff")),
            {},
        ),
        (
            "multipart part charset and base64",
            f"multipart/form-data; boundary={BOUNDARY}",
            multipart(
                field(b"csrfmiddlewaretoken", CSRF_TOKEN.encode()),
                (
                    b'Content-Disposition: form-data; name="title"\r\n'
                    b"Content-Type: text/plain; charset=nonexistent\r\n"
                    b"Content-Transfer-Encoding: base64",
                    b"!!not base64\xff",
                ),
                (
                    b'Content-Disposition: form-data; name="f"; filename="\xff\x00.txt"\r\n'
                    b"Content-Type: text/plain; charset=utf-99",
                    noise,
                ),
            ),
            {},
        ),
        (
            "multipart garbage headers",
            f"multipart/form-data; boundary={BOUNDARY}",
            multipart((b"\xff\x00: ;;;\r\nContent-Disposition: form-data; name=", noise)),
            {},
        ),
        ("broken content type", 'multipart/form-data; boundary="unterminated', b"x", {}),
        # NUL, CR and LF in a header never reach Django: gunicorn answers 400 itself.
        ("content type of junk", "\xff\x7f; charset=;;; boundary", b"a=1", {}),
        ("over the size limit", FORM, b"a=" + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE, {}),
        ("content length not a number", FORM, token + b"&a=1", {"CONTENT_LENGTH": "abc"}),
        ("content length short", FORM, token + b"&a=12345", {"CONTENT_LENGTH": "9"}),
        (
            "hostile query and headers",
            FORM,
            token,
            {
                "QUERY_STRING": "q=%ff%fe%00&next=%00//evil&page=-1&area=\xff",
                "HTTP_ACCEPT_LANGUAGE": "\x00;q=x, ru;q=2, *;q=-1",
                "HTTP_X_FORWARDED_FOR": "\x00, ::ffff:1.2.3.4, not-an-address",
                "HTTP_REFERER": "http://\xff/",
            },
        ),
    ]


def cookies_for(who, world):
    """The Cookie header of one visitor; the session comes from a real log-in."""
    if who == "anonymous":
        return ""
    cookies = f"{settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}"
    user = {"owner with CSRF cookie": world["owner"], "staff with CSRF cookie": world["staff"]}
    if who in user:
        client = Client()
        client.force_login(user[who])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies += f"; {settings.SESSION_COOKIE_NAME}={session}"
    return cookies


# The test client's own handler, with the CSRF check on as in production, called without the
# client: the client would copy every template context of every page, a third of the run time.
# An exception in a view comes back as the 500 page, not raised.
handler = ClientHandler(enforce_csrf_checks=True)
factory = RequestFactory()


def send(cookies, method, url, content_type, body, extra):
    """The status code the server would answer with."""
    environ = factory.generic(
        method,
        url,
        body,
        content_type=content_type,
        HTTP_COOKIE=cookies,
        HTTP_X_CSRFTOKEN=CSRF_TOKEN,
        **extra,
    ).environ
    try:
        return handler(environ).status_code
    except Exception:  # it escaped even the error pages: gunicorn would answer 500
        return 500


@pytest.fixture(scope="module")
def kept_world(django_db_setup, django_db_blocker):
    """The walk's world and a superuser, built once; every test starts from these rows."""

    def build():
        build_content()
        world = build_world(get_user_model())
        world["staff"] = get_user_model().objects.create_superuser("fuzz-staff")
        return world

    with kept_for_the_module(django_db_blocker, build) as world:
        yield world


@pytest.fixture
def world(kept_world, caplog):
    # Thousands of 4xx warnings would only slow the run; errors (5xx) are still logged.
    caplog.set_level(logging.ERROR, logger="django.request")
    caplog.set_level(logging.ERROR, logger="django.security")
    return kept_world


def requests_for(name, who, rng):
    """(method, body) pairs for one URL and visitor: every kind of body by POST (the method
    whose body Django parses) and a random few by every other method."""
    bodies = hostile_bodies(rng)
    if who == "staff with CSRF cookie":  # the admin's forms are slow to render: a rotating few
        return [("POST", body) for body in rng.sample(bodies, 4)] + [("GET", bodies[-1])]
    # The admin's own pages only redirect visitors who are not staff: fewer of those.
    others = 1 if name.startswith("admin:") else 4
    requests = [("POST", body) for body in bodies]
    return requests + [(method, body) for method in METHODS for body in rng.sample(bodies, others)]


def test_no_hostile_body_gets_a_server_error_anywhere(world):
    rng = random.Random(8)
    patterns = all_patterns()
    statuses, failures, sent = Counter(), [], 0
    started = time.monotonic()
    for name, pattern in patterns:
        url = url_for(name, pattern, world["kwargs"])
        visitors = WHO + (["staff with CSRF cookie"] if name.startswith("admin:") else [])
        for who in visitors:
            # Each URL and visitor starts from the same world: a garbage POST that deletes the
            # plan or leaves the network must not turn the rest of the walk into 404s.
            with transaction.atomic():
                cookies = cookies_for(who, world)
                for method, (label, content_type, body, extra) in requests_for(name, who, rng):
                    status = send(cookies, method, url, content_type, body, extra)
                    sent += 1
                    statuses[status] += 1
                    if status >= 500:
                        failures.append(f"{status} {method} {url} ({name}, {who}): {label}")
                transaction.set_rollback(True)
    seconds = time.monotonic() - started
    print(
        f"\nfuzz: {sent} requests to {len(patterns)} URL patterns in {seconds:.0f} s, "
        f"{len(failures)} answers >= 500; statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, "\n".join(failures[:30])
    assert sent >= 20_000
    # The bodies reached the views (200, 302), the CSRF check (403) and the body guard (400).
    assert statuses[200] and statuses[302] and statuses[403] and statuses[400]


@hostile_settings(max_examples=300)
@given(
    content_type=st.one_of(
        st.sampled_from([FORM, "multipart/form-data", "application/json", "text/plain", ""]),
        st.builds(
            "{}; {}={}".format,
            st.sampled_from([FORM, "multipart/form-data", "text/plain"]),
            st.sampled_from(["charset", "boundary", "Charset", ""]),
            st.one_of(
                st.sampled_from(["latin-1", "utf-16", "cp1251", "nonexistent", "utf-8", '"x']),
                # What gunicorn lets through in a header: no NUL, CR or LF.
                st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\x00\r\n")),
            ),
        ),
    ),
    body=st.binary(max_size=400),
    method=st.sampled_from(["POST", "PUT", "PATCH"]),
    index=st.integers(min_value=0),
)
def test_hypothesis_bodies_never_get_a_server_error(world, content_type, body, method, index):
    patterns = all_patterns()
    name, pattern = patterns[index % len(patterns)]
    url = url_for(name, pattern, world["kwargs"])
    with transaction.atomic():
        cookies = cookies_for("owner with CSRF cookie", world)
        token = b"csrfmiddlewaretoken=" + CSRF_TOKEN.encode() + b"&"
        status = send(cookies, method, url, content_type, token + body, {})
        transaction.set_rollback(True)
    assert status < 500, f"{method} {url} {content_type!r}"
