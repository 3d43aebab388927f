import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from toolkit.models import Page

# Schema changes need real transactions (and leave the database as they found it).
pytestmark = pytest.mark.django_db(transaction=True)

OUR_APPS = ["planner", "annexes", "toolkit", "portal"]


def test_our_migrations_unapply_to_empty_and_apply_forwards_again_with_content():
    executor = MigrationExecutor(connection)
    leaves = [key for key in executor.loader.graph.leaf_nodes() if key[0] in OUR_APPS]
    executor.migrate([(app, None) for app in OUR_APPS])
    assert "toolkit_page" not in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    call_command("load_content", verbosity=0)
    assert Page.objects.count() == 6
