"""Hostile input to sign-up, log-in, password reset and password change: random, huge and
awkward text in every field and in `next`. Whatever arrives, the answer is never a 5xx; where a
form is valid, what it saves is exactly the submitted text as Django's fields clean it, and only
the exact credentials let anyone in."""

import re
import string
import unicodedata

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from tests.oracle import INVALID, contains_nul
from tests.pages import assert_not_server_error, client_for, page, path_segment
from tests.strategies import hostile_settings, hostile_text, rolled_back

pytestmark = pytest.mark.django_db

# --- Sign-up ----------------------------------------------------------------------------------

User = get_user_model()
USERNAME_SHAPE = re.compile(r"^[\w.@+-]+\Z")  # UnicodeUsernameValidator's rule
USERNAME_LETTERS = "abcxyzABC019_.@+-" + "Молодыеотцы" + "שלוםמרחבا" + "مرحباب" + "é"
# Nothing in common with usernames or e-mail addresses, so the similarity check never trips.
PASSWORD_LETTERS = "!#$%&*()[]{}<>?/|~^=;:,0123456789αβγδεζηθλμξπσφψω"

valid_username = st.text(alphabet=USERNAME_LETTERS, min_size=1, max_size=150)
strong_password = st.text(alphabet=PASSWORD_LETTERS, min_size=12, max_size=64).filter(
    lambda password: not password.isdigit()
)
valid_email = st.builds(
    "{}@{}.{}".format,
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=20),
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=20),
    st.sampled_from(["org", "kg", "рф", "ORG"]),
)


def expected_username(username):
    """The username UsernameField keeps (stripped, then NFKC-normalised), or INVALID."""
    value = unicodedata.normalize("NFKC", username.strip())
    if not value or len(value) > 150 or not USERNAME_SHAPE.match(value):
        return INVALID
    return value


def expected_email(email):
    """The e-mail address as saved: stripped, its domain lower-cased."""
    local, _at, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


SIGNUP_LINK = re.compile(r"http://testserver(/accounts/signup/confirm/\S+/)")


@hostile_settings(max_examples=40)
@given(
    username=st.one_of(valid_username, hostile_text),
    email=st.one_of(valid_email, hostile_text),
    password1=st.one_of(strong_password, hostile_text),
    password2=st.one_of(st.none(), hostile_text),  # None: the same as password1
)
@example(username="Дмитрий", email="d@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="ﬁona", email="f@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="a\x00b", email="a@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="amina", email="a\x00@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="amina", email="a@example.org", password1="(0)αβγ#12ξπ\x00", password2=None)
def test_signup_never_fails_and_saves_the_username_as_cleaned(
    username, email, password1, password2
):
    if password2 is None:
        password2 = password1
    mail.outbox = []
    with rolled_back():
        client = client_for(own_address=True)
        response = client.post("/accounts/signup/", {"username": username, "email": email})

        assert_not_server_error(response)
        surely_invalid_form = expected_username(username) is INVALID or contains_nul(email)
        if surely_invalid_form:
            assert response.status_code == 200
            assert 'role="alert"' in page(response) or "is-invalid" in page(response)
        if response.status_code != 302:
            assert mail.outbox == []
            assert not User.objects.filter(is_staff=False).exists()
            return
        assert response["Location"] == "/accounts/signup/sent/"
        assert [message.to for message in mail.outbox] == [[expected_email(email)]]
        link = SIGNUP_LINK.search(mail.outbox[0].body).group(1)
        response = client.post(
            link, {"new_password1": password1, "new_password2": password2}, follow=True
        )

        assert_not_server_error(response)
        created = User.objects.filter(is_staff=False).first()
        surely_valid = (
            re.fullmatch(r"[a-z0-9]+@[a-z]+\.(org|kg|рф|ORG)", email)
            and password1 == password2
            and re.fullmatch(f"[{re.escape(PASSWORD_LETTERS)}]{{12,}}", password1)
            and not password1.isdigit()
        )
        if surely_valid:
            assert created is not None, response.context["form"].errors
        if password1 != password2 or contains_nul(password1):
            assert created is None
            assert response.status_code == 200
            assert 'role="alert"' in page(response) or "is-invalid" in page(response)
        if created is not None:
            assert created.username == expected_username(username)
            assert created.email == expected_email(email)
            assert created.check_password(password1)
            assert str(client.session[SESSION_KEY]) == str(created.pk)
            assert escape(created.username) in page(response)  # "Welcome, …!"


@hostile_settings(max_examples=15)
@given(next_url=hostile_text)
@example(next_url="//evil.example/")
@example(next_url="/\x00/")
@example(next_url="\\\\evil.example")
def test_signup_never_follows_a_next_to_another_site(next_url):
    data = {"username": "bakyt", "email": "b@example.org", "next": next_url}
    password = {"new_password1": "(0)αβγ#12ξπ!", "new_password2": "(0)αβγ#12ξπ!"}
    mail.outbox = []
    with rolled_back():
        client = client_for(own_address=True)
        assert client.post("/accounts/signup/", data)["Location"] == "/accounts/signup/sent/"
        response = client.post(SIGNUP_LINK.search(mail.outbox[0].body).group(1), password)

        assert response.status_code == 302
        location = response["Location"]
        assert location in ("/plans/", iri_to_uri(next_url))
        assert not location.startswith(("//", "\\", "http"))


# --- Log-in, password reset and change --------------------------------------------------------

HOSTILE_USERNAME = "Айгүл_שלום.ﬁ-👍"  # what sign-up keeps is NFKC: "fi", not "ﬁ"
HOSTILE_PASSWORD = "  пароль 👨‍👧 \u202e\t"  # passwords are not stripped


@pytest.fixture
def hostile_user(db):
    username = unicodedata.normalize("NFKC", HOSTILE_USERNAME)
    return User.objects.create_user(username, email="aigul@example.org", password=HOSTILE_PASSWORD)


def test_the_hostile_user_logs_in_with_exactly_their_credentials(hostile_user):
    client = client_for()
    response = client.post(
        "/accounts/login/", {"username": hostile_user.username, "password": HOSTILE_PASSWORD}
    )

    assert response.status_code == 302
    assert str(client.session[SESSION_KEY]) == str(hostile_user.pk)


@hostile_settings(max_examples=40)
@given(username=hostile_text, password=hostile_text, next_url=hostile_text)
@example(username="\x00", password="x", next_url="")
@example(username=HOSTILE_USERNAME, password=HOSTILE_PASSWORD.strip(), next_url="")
@example(username="x" * 20000, password="x" * 20000, next_url="x" * 20000)
@example(username="x" * 256, password="x", next_url="")  # longer than axes' column
def test_login_never_fails_and_lets_in_only_the_exact_credentials(
    hostile_user, username, password, next_url
):
    with rolled_back():
        client = client_for()
        response = client.post(
            "/accounts/login/", {"username": username, "password": password, "next": next_url}
        )

        assert_not_server_error(response)
        exact = (
            expected_username(username) == hostile_user.username and password == HOSTILE_PASSWORD
        )
        if exact:
            assert response.status_code == 302
        else:
            # 200 with the form's error, or 429 once django-axes locks the username out.
            assert response.status_code in (200, 429)
            assert SESSION_KEY not in client.session


@hostile_settings(max_examples=30)
@given(email=st.one_of(hostile_text, valid_email, st.just("aigul@example.org")))
@example(email="aigul@example.org\x00")
@example(email=" AIGUL@example.ORG ")
def test_password_reset_never_fails_and_mails_only_the_account(hostile_user, email):
    mail.outbox = []
    with rolled_back():
        response = client_for(own_address=True).post("/accounts/password_reset/", {"email": email})

        assert_not_server_error(response)
        if "\x00" in email:
            assert response.status_code == 200
        if response.status_code == 302:
            addressed = [message.to for message in mail.outbox]
            if email.strip().lower() == "aigul@example.org":
                assert addressed == [["aigul@example.org"]]
            else:
                assert addressed == []
        else:
            assert response.status_code == 200
            assert mail.outbox == []


@hostile_settings(max_examples=25)
@given(uidb64=hostile_text, token=hostile_text, new_password=hostile_text)
@example(uidb64="\x00", token="set-password", new_password="x")
@example(uidb64="MQ", token="x" * 20000, new_password="x")
def test_password_reset_links_never_fail(hostile_user, uidb64, token, new_password):
    url = f"/accounts/reset/{path_segment(uidb64)}/{path_segment(token)}/"
    with rolled_back():
        client = client_for()
        assert_not_server_error(client.get(url))
        response = client.post(url, {"new_password1": new_password, "new_password2": new_password})

        assert_not_server_error(response)
        assert User.objects.get(pk=hostile_user.pk).check_password(HOSTILE_PASSWORD)


@hostile_settings(max_examples=25)
@given(old=st.one_of(hostile_text, st.just(HOSTILE_PASSWORD)), new1=hostile_text, new2=hostile_text)
@example(old=HOSTILE_PASSWORD, new1="\x00(0)αβγ#12ξπ!", new2="\x00(0)αβγ#12ξπ!")
@example(old=HOSTILE_PASSWORD, new1=" (0)αβγ#12ξπ! ", new2=" (0)αβγ#12ξπ! ")
def test_password_change_never_fails_and_keeps_the_new_password_exactly(
    hostile_user, old, new1, new2
):
    data = {"old_password": old, "new_password1": new1, "new_password2": new2}
    with rolled_back():
        user = User.objects.get(pk=hostile_user.pk)  # not the fixture's object: it outlives this
        response = client_for(user).post("/accounts/password_change/", data)

        assert_not_server_error(response)
        user.refresh_from_db()
        if response.status_code == 302:
            assert response["Location"] == "/accounts/password_change/done/"
            assert old == HOSTILE_PASSWORD and new1 == new2 and "\x00" not in new1
            assert user.check_password(new1)  # kept as typed, spaces and all
        else:
            assert response.status_code == 200
            assert user.check_password(HOSTILE_PASSWORD)
