"""Backups of the whole database: SQLite's online backup API or PostgreSQL's pg_dump.

A backup is taken while the site runs and restored over the current database in one step.
"""

import os
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

BACKUP_DIR = settings.BASE_DIR / "backups"


def _is_sqlite():
    return connection.vendor == "sqlite"


def _pg_environment():
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or ""),
        PGPORT=str(db.get("PORT") or ""),
        PGUSER=str(db.get("USER") or ""),
        PGPASSWORD=str(db.get("PASSWORD") or ""),
        PGDATABASE=str(db["NAME"]),
    )
    return env


def _create_private(path):
    """An empty file only its owner can read, made before anything is written to it: a backup
    holds password hashes, sessions and every plan. SQLite and pg_dump write into it as it is."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.parent == BACKUP_DIR:
        BACKUP_DIR.chmod(0o700)  # also when the folder was there before, with a looser mode
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)  # a file that was there before keeps its old mode through os.open


def backup(target=None):
    """Write a backup and return its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if _is_sqlite() else "pgdump"
    target = Path(target or BACKUP_DIR / f"portal-{stamp}.{suffix}")
    _create_private(target)
    if _is_sqlite():
        connection.ensure_connection()
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)],
            env=_pg_environment(),
            check=True,
        )
    return target


def restore(source):
    """Replace the database's contents with those of the backup at `source`."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(source)
    if _is_sqlite():
        connection.ensure_connection()
        with sqlite3.connect(source) as backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    else:
        connection.close()  # pg_restore drops tables this process may hold locks on
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _pg_environment()["PGDATABASE"],
                str(source),
            ],
            env=_pg_environment(),
            check=True,
        )
