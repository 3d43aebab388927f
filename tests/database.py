"""Rows built once for a whole test module, for modules whose every test reads the same world."""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import translation


@contextmanager
def kept_for_the_module(django_db_blocker, build):
    """What `build()` makes, kept for every test of a module and built once.

    Its rows stay in a transaction that every test's own transaction nests in (a savepoint that
    pytest-django rolls back after the test), so each test starts from exactly these rows; the
    transaction is rolled back after the module, so the next module starts from none. Only for
    modules whose tests all use `django_db` without `transaction=True` or a live server.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            built = build()
        yield built
        transaction.set_rollback(True)
