"""Text folded for matching a reader's words, the same on SQLite and PostgreSQL, and a reader's
query cleaned of what no text holds.

SQLite's LIKE and lower() fold only ASCII letters, so "Отцы" would miss "отцы" there; the content
is small enough to match in Python instead.
"""

import unicodedata


def fold(text):
    """Text folded for matching: case-insensitive (Cyrillic too) and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def printable(text):
    """`text` without control characters, stripped: they never occur in the content, and in a
    query they would only break the page that echoes it."""
    return "".join(ch for ch in text if ch.isprintable()).strip()
