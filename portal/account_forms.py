"""Account forms: sign-up (a name and the e-mail address the link goes to), choosing the first
password, log-in, account deletion and the account's preferences."""

import logging
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm, UsernameField
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.local_time import zone_label

from .models import AccountPreferences
from .preferences import is_offered_time_zone, offered_time_zones

logger = logging.getLogger(__name__)
SIGNUP_SALT = "portal.signup"


class SignupForm(forms.Form):
    """A name and an e-mail address; the account is made once the address's owner opens the
    link sent to it and chooses a password.

    The form never says whether a name is taken: it would tell anyone which accounts exist
    and whom to try passwords on. The answer is always "check your e-mail"; the e-mail says
    whether the name was free (a link to finish) or taken (how to log in, reset the password,
    or pick another name). Only whoever reads that mailbox learns it, one e-mail at a time,
    and a few an hour per address (AbuseLimitMiddleware).
    """

    username = (
        get_user_model()
        ._meta.get_field("username")
        .formfield(
            form_class=UsernameField,
            # The model's rule (letters, digits and @.+-_ only), as UserCreationForm applied it.
            validators=[get_user_model().username_validator],
            widget=forms.TextInput(attrs={"autocomplete": "username"}),  # WCAG 1.3.5
        )
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "We send a link there to finish your account, and later if you forget your password."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter your e-mail address.")},
    )

    def clean_email(self):
        return get_user_model().objects.normalize_email(self.cleaned_data["email"])

    def send_mail(self, request, next_url=""):
        """E-mail the address either its link to finish or word that the name is taken."""
        username, email = self.cleaned_data["username"], self.cleaned_data["email"]
        taken = get_user_model().objects.filter(username__iexact=username).exists()
        context = {
            "username": username,
            "site_name": request.get_host(),
            "login_url": request.build_absolute_uri(reverse("login")),
            "reset_url": request.build_absolute_uri(reverse("password_reset")),
            "signup_url": request.build_absolute_uri(reverse("signup")),
        }
        if not taken:
            token = signing.dumps(
                {"username": username, "email": email, "next": next_url}, salt=SIGNUP_SALT
            )
            context["link"] = request.build_absolute_uri(reverse("signup_confirm", args=[token]))
            context["days"] = settings.SIGNUP_LINK_MAX_AGE // (24 * 3600)
        template = (
            "registration/signup_taken_email.txt" if taken else "registration/signup_email.txt"
        )
        subject = render_to_string("registration/signup_subject.txt", context).strip()
        try:
            send_mail(subject, render_to_string(template, context), None, [email])
        except Exception:
            # As Django's password reset does: a failing mail server must not answer
            # differently for taken and free names.
            logger.exception("Failed to send the sign-up e-mail")


def read_signup_token(token):
    """The sign-up a link stands for ({"username", "email", "next"}), or None if the link is
    forged, broken or older than SIGNUP_LINK_MAX_AGE."""
    try:
        return signing.loads(token, salt=SIGNUP_SALT, max_age=settings.SIGNUP_LINK_MAX_AGE)
    except signing.BadSignature:
        return None


class ChoosePasswordForm(SetPasswordForm):
    """The first password of an account that does not exist yet (`user` is unsaved): save()
    creates it. The password validators compare it with the name and address as usual."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Password confirmation")


class LoginForm(AuthenticationForm):
    """Django's log-in form with the username's length checked before anything stores it
    (django-axes records failed usernames in a column of the same size)."""

    username = UsernameField(
        max_length=get_user_model()._meta.get_field("username").max_length,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for its password: a session left open is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password_incorrect")
        return password


class LanguageSelect(forms.Select):
    """Each language's option says its name in that language, and says so with `lang`."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class AccountPreferencesForm(forms.ModelForm):
    """The language and time zone on one's account (portal/preferences.py applies them)."""

    class Meta:
        model = AccountPreferences
        fields = ["language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language"),
            required=False,
            choices=[("", _("The language of this browser"))]
            + [
                # Each language in its own name: whoever needs it can read it.
                (code, translation.get_language_info(code)["name_local"].capitalize())
                for code, _name in settings.LANGUAGES
            ],
            help_text=_("The language pages open in after you log in, on any device."),
            widget=LanguageSelect,
        )
        region, others = offered_time_zones()
        now = timezone.now()
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=[
                (_("Central Asia"), [(name, zone_choice(name, now)) for name in region]),
                (_("Other time zones"), [(name, zone_choice(name, now)) for name in others]),
            ],
            help_text=_("Every date and time on the portal is shown in this time zone."),
        )
        if not self.instance.time_zone or not is_offered_time_zone(self.instance.time_zone):
            self.initial["time_zone"] = settings.PORTAL_TIME_ZONE


def zone_choice(name, now):
    """ "Asia/Almaty (UTC+5)": the name people look for, and the offset it has today."""
    label = zone_label(now.astimezone(ZoneInfo(name)))
    return name if label == name else f"{name.replace('_', ' ')} ({label})"
