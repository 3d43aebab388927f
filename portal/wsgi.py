import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# No serving without a secret key outside debug: sessions and CSRF tokens would be forgeable.
if not os.environ.get("SECRET_KEY") and not settings.DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG=1")
