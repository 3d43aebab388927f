from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import printable


class TopicFilterForm(forms.Form):
    """The topic list's filters; every field is optional and arrives by GET."""

    q = forms.CharField(label=_("Search topics"), required=False, max_length=200)
    area = forms.SlugField(label=_("Thematic area"), required=False, max_length=80)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)

    def clean_q(self):
        return printable(self.cleaned_data["q"])
