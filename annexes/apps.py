from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnexesConfig(AppConfig):
    name = "annexes"
    verbose_name = _("Annexes: socio-ecological model and topics")
