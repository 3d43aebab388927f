"""Log-in and sign-up abuse (issue 8): the client's address behind the proxy, lock-outs per
username and address and per address, sign-up and password reset that answer the same
whether or not an account exists, and per-address limits on both."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.test import Client

from portal.client_ip import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SIGNUP = "/accounts/signup/"
SIGNUP_SENT = "/accounts/signup/sent/"
PASSWORD_RESET = "/accounts/password_reset/"
GOOD_PASSWORD = "tea-garden-41-kites"
User = get_user_model()


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user(
        "owner", email="owner@example.org", password="owner-password"
    )


def from_address(address, behind_proxy=False):
    """A client whose requests come from `address`: directly, or through the proxy."""
    if behind_proxy:
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
    return Client(REMOTE_ADDR=address)


def logged_in(client):
    return SESSION_KEY in client.session


# --- The client's address -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("behind_proxy", "count", "forwarded", "expected"),
    [
        (False, 1, "6.6.6.6, 203.0.113.9", "198.51.100.7"),  # no proxy: the header is a lie
        (True, 1, "203.0.113.9", "203.0.113.9"),
        (True, 1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # never the left-most
        (True, 2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (True, 2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies
        (True, 1, "", "198.51.100.7"),  # no header: the connecting address
        (True, 1, "6.6.6.6, not-an-address", "198.51.100.7"),
        (True, 1, " ::ffff:203.0.113.9 ", "203.0.113.9"),
        (True, 1, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),  # its /64
    ],
)
def test_client_ip(rf, settings, behind_proxy, count, forwarded, expected):
    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = behind_proxy, count
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_the_proxy_a_lock_out_stays_with_the_guessing_client(settings, owner):
    settings.BEHIND_PROXY = True
    guesser = from_address("203.0.113.66", behind_proxy=True)
    for _ in range(5):
        guesser.post(LOGIN, {"username": "owner", "password": "wrong"})
    response = guesser.post(LOGIN, {"username": "owner", "password": "owner-password"})
    assert response.status_code == 429

    # Every request reaches gunicorn from nginx (127.0.0.1); the owner's own address is free.
    real_owner = from_address("198.51.100.20", behind_proxy=True)
    response = real_owner.post(LOGIN, {"username": "owner", "password": "owner-password"})
    assert response.status_code == 302 and logged_in(real_owner)


def test_a_forged_forwarded_for_does_not_escape_the_lock_out(settings, owner):
    settings.BEHIND_PROXY = True
    for n in range(6):
        # The client writes what it likes on the left; nginx appends the real address.
        client = from_address(f"10.9.9.{n}, 203.0.113.66", behind_proxy=True)
        response = client.post(LOGIN, {"username": "owner", "password": "wrong"})
    assert response.status_code == 429


# --- Per address, across usernames -----------------------------------------------------------


def test_one_address_guessing_many_usernames_is_stopped(settings, django_user_model):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 12
    django_user_model.objects.create_user("victim", password="victim-password")
    guesser = from_address("203.0.113.66")
    for n in range(12):  # four failures each on three names: under the per-name limit of five
        response = guesser.post(LOGIN, {"username": f"name{n % 3}", "password": "wrong"})
        assert response.status_code == 200

    response = guesser.post(LOGIN, {"username": "victim", "password": "victim-password"})
    assert response.status_code == 429
    assert not logged_in(guesser)
    page = response.content.decode()
    assert "Too many failed log-ins from your connection" in page
    assert 'href="/accounts/password_reset/"' in page
    # The admin's log-in is the same door.
    assert guesser.post("/admin/login/", {"username": "victim", "password": "x"}).status_code == 429

    neighbour = from_address("198.51.100.20")
    response = neighbour.post(LOGIN, {"username": "victim", "password": "victim-password"})
    assert response.status_code == 302


def test_logging_in_to_ones_own_account_does_not_wipe_the_address_count(
    settings, django_user_model
):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    django_user_model.objects.create_user("mine", password="mine-password")
    guesser = from_address("203.0.113.66")
    for n in range(3):
        guesser.post(LOGIN, {"username": f"name{n}", "password": "wrong"})
    assert guesser.post(LOGIN, {"username": "mine", "password": "mine-password"}).status_code == 302
    guesser.post("/accounts/logout/")
    for n in range(3):
        guesser.post(LOGIN, {"username": f"other{n}", "password": "wrong"})
    assert guesser.post(LOGIN, {"username": "x", "password": "y"}).status_code == 429


# --- Sign-up tells nobody which names exist ------------------------------------------------


def signup(client, username, email="amina@example.org", **extra):
    return client.post(SIGNUP, {"username": username, "email": email, **extra})


def link_in(message):
    return re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body).group(1)


def test_a_taken_name_and_a_free_one_get_the_same_answer(owner):
    taken = signup(Client(), "owner")
    taken_case = signup(Client(), "OWNER")
    free = signup(Client(), "amina")

    for response in (taken, taken_case, free):
        assert response.status_code == 302
        assert response["Location"] == SIGNUP_SENT
    page = Client().get(SIGNUP_SENT).content.decode()
    assert "Check your e-mail" in page
    assert "already" not in page.lower()
    # One e-mail each, to the typed address, with the same subject; no account yet.
    assert [m.to for m in mail.outbox] == [["amina@example.org"]] * 3
    assert len({m.subject for m in mail.outbox}) == 1
    assert list(User.objects.values_list("username", flat=True)) == ["owner"]


def test_the_mail_for_a_taken_name_says_so_and_how_to_get_back_in(owner):
    signup(Client(), "owner", email="someone@example.org")
    body = mail.outbox[0].body
    assert "The name owner is already taken" in body
    assert "http://testserver/accounts/login/" in body
    assert "http://testserver/accounts/password_reset/" in body
    assert "http://testserver/accounts/signup/" in body
    assert "/accounts/signup/confirm/" not in body


def test_the_link_lets_the_address_owner_choose_a_password_and_logs_in(client):
    signup(client, "amina", next="/toolkit/plan/")
    link = link_in(mail.outbox[0])

    page = client.get(link).content.decode()
    assert "Choose your password" in page and "amina" in page
    response = client.post(link, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.exists()

    response = client.post(link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/toolkit/plan/"
    user = User.objects.get()
    assert (user.username, user.email) == ("amina", "amina@example.org")
    assert user.check_password(GOOD_PASSWORD)
    assert logged_in(client)

    # The link works once.
    client.post("/accounts/logout/")
    again = client.post(link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert "already been used" in again.content.decode()
    assert User.objects.count() == 1


def test_the_link_page_is_kept_by_no_cache(client):
    signup(client, "amina")
    response = client.get(link_in(mail.outbox[0]))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_name_taken_between_mail_and_link_is_explained(client, django_user_model):
    signup(client, "amina")
    django_user_model.objects.create_user("Amina")
    page = client.get(link_in(mail.outbox[0])).content.decode()
    assert "The name amina was taken" in page
    assert 'href="/accounts/signup/"' in page


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 300])
def test_a_broken_or_forged_link_does_not_work(client, token):
    response = client.get(f"/accounts/signup/confirm/{token}/")
    assert response.status_code == 200
    assert "This sign-up link does not work" in response.content.decode()


def test_an_old_link_does_not_work(client, settings):
    signup(client, "amina")
    settings.SIGNUP_LINK_MAX_AGE = -1
    page = client.get(link_in(mail.outbox[0])).content.decode()
    assert "This sign-up link does not work" in page


# --- Password reset tells nobody which addresses exist -------------------------------------


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(owner):
    known = Client().post(PASSWORD_RESET, {"email": "owner@example.org"}, follow=True)
    unknown = Client().post(PASSWORD_RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]


# --- Per-address limits on sign-up and password reset ----------------------------------------


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (SIGNUP, {"username": "amina", "email": "amina@example.org"}),
        (PASSWORD_RESET, {"email": "owner@example.org"}),
    ],
)
def test_ten_requests_an_hour_per_address(owner, url, data):
    client = from_address("203.0.113.66")
    for _ in range(10):
        assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests from your connection" in page
    assert "Please try again in an hour." in page
    assert len(mail.outbox) == 10
    assert client.get(url).status_code == 200  # the form itself still shows
    assert from_address("198.51.100.20").post(url, data).status_code == 302


def test_the_limits_follow_the_settings(owner, settings):
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 2
    client = from_address("203.0.113.66")
    statuses = [client.post(PASSWORD_RESET, {"email": "x@example.org"}).status_code for _ in "abc"]
    assert statuses == [302, 302, 429]
