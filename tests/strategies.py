"""Hypothesis strategies for hostile text, and the settings every hostile-input test runs with.

Random, huge and awkward text: control characters, Cyrillic, right-to-left scripts, combining
accents, emoji, zero-width characters, HTML, format strings, and lengths around the limits the
forms set. Every example of a test that writes runs inside `rolled_back()`, so that the
examples of one test never see each other's rows.
"""

import string
from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

CONTROL_CHARACTERS = [chr(code) for code in range(0x20)] + ["\x7f"]
CYRILLIC = ["Молодые", "отцы", "Ёжик", "ДЕВУШКИ", "ё", "Ї"]
RIGHT_TO_LEFT = ["שלום", "עולם", "مرحبا", "بالعالم", "\u0627\u0644\u0646\u0633\u0627\u0621"]
COMBINING = [chr(code) for code in range(0x300, 0x370)] + ["e\u0301", "a\u0308\u0323"]
EMOJI = ["⚽", "😀", "👍🏽", "👨‍👧", "🏳️‍🌈", "🇰🇬", "🧕🏾"]
ZERO_WIDTH = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
]
MARKUP = ["<", ">", "&", '"', "'", "<script>alert(1)</script>", "&amp;", "{{ x }}", "{% x %}"]
FORMATTING = ["%s", "%(name)s", "{0}", "\\", "\\n", "%", "_", "*", "#", "`"]
WHITESPACE = [" ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\u3000", "\x1c", "\x85"]
HUGE_NUMBER = "9" * 30  # a number, but larger than any key or version

# Every piece is whole code points; lone surrogates cannot travel in HTTP, so none is drawn.
piece = st.one_of(
    st.sampled_from(CONTROL_CHARACTERS),
    st.sampled_from(CYRILLIC + RIGHT_TO_LEFT + EMOJI),
    st.sampled_from(COMBINING),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(MARKUP + FORMATTING),
    st.sampled_from(WHITESPACE),
    st.characters(exclude_categories=("Cs",)),
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8),
)
short_hostile_text = st.lists(piece, max_size=25).map("".join)

# Lengths around the limits the forms set (SHORT 200, LONG 5000, summaries 2000, ...), and
# far beyond them.
LENGTHS = [99, 100, 101, 119, 120, 121, 149, 150, 151, 199, 200, 201, 1999, 2000, 2001]
LENGTHS += [4999, 5000, 5001, 20000]


def repeat_to(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


huge_text = st.builds(
    repeat_to, st.lists(piece, min_size=1, max_size=5).map("".join), st.sampled_from(LENGTHS)
)
# Padded with what CharField strips, to test that the saved text is the stripped one.
padded_text = st.builds(
    lambda before, text, after: before + text + after,
    st.sampled_from(["", " ", "\n\t", "\u3000", "\x1f "]),
    short_hostile_text,
    st.sampled_from(["", " ", "\r\n", "\x1c", " \u2028"]),
)
hostile_text = st.one_of(short_hostile_text, padded_text, huge_text)


def fitting_text(max_length):
    """Hostile text that a field of `max_length` accepts: no NUL, not too long."""
    return hostile_text.map(lambda text: text.replace("\x00", "")[:max_length])


def hostile_settings(max_examples=30):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,  # derandomized: nothing to replay, and no files left behind
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextmanager
def rolled_back():
    """One example's database changes, undone when it ends (a savepoint inside the test's
    transaction), so that every example starts from the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
