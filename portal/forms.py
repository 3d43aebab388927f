from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import printable

from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the guidance"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": _("Type a word or two to search for."),
            "max_length": _("Please search for at most %(limit_value)d characters."),
        },
    )

    def clean_q(self):
        text = printable(self.cleaned_data["q"])
        if not text:
            raise forms.ValidationError(self.fields["q"].error_messages["required"])
        return text
