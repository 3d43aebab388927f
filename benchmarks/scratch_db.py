"""A scratch PostgreSQL database for a benchmark run, so no benchmark empties a database that
someone (or the test suite) uses. Imports no Django: load.py's own process never sets it up."""

import secrets
import sys
from urllib.parse import urlsplit, urlunsplit


class ScratchPostgres:
    """A database created beside the one `url` names (the role needs CREATEDB), dropped on
    exit; entering gives its URL."""

    def __init__(self, url, purpose):
        self.url = urlsplit(url)
        self.name = f"{self.url.path.lstrip('/')}_{purpose}_{secrets.token_hex(4)}"

    def __enter__(self):
        self._run("CREATE DATABASE {}")
        return urlunsplit(self.url._replace(path=f"/{self.name}"))

    def __exit__(self, *exc):
        if "django.db" in sys.modules:  # growth.py runs Django in this process
            from django.db import connections

            connections.close_all()
        self._run("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def _run(self, statement):
        import psycopg
        from psycopg import sql

        with psycopg.connect(urlunsplit(self.url), autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))
