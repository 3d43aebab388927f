"""Text folded for matching a reader's words, the same on SQLite and PostgreSQL.

SQLite's LIKE and lower() fold only ASCII letters, so "Отцы" would miss "отцы" there; the content
is small enough to match in Python instead.
"""

import unicodedata


def fold(text):
    """Text folded for matching: case-insensitive (Cyrillic too) and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
