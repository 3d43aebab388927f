"""One search across the toolkit and the annexes.

The content is a few hundred short texts, so matching happens in Python on text folded for case
and accents (`Ö` finds `o`, Cyrillic folds its own case), the same on SQLite and PostgreSQL.
Every word of the query must appear in a part for it to match. Parts are read in the reader's
language, as their pages show them: a text not translated yet is searched in its fallback language.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from annexes.search import search_documents as annex_documents
from core.markdown import plain_text
from core.text import fold
from toolkit.search import search_documents as toolkit_documents

MAX_QUERY_LENGTH = 100
MAX_WORDS = 10
SNIPPET_CHARS = 220


def fold_with_positions(text):
    """The folded text and, for each of its characters, the index it came from in `text`."""
    folded, positions = [], []
    for index, ch in enumerate(text):
        for folded_ch in fold(ch):
            folded.append(folded_ch)
            positions.append(index)
    return "".join(folded), positions


def query_words(query):
    return list(dict.fromkeys(fold(query).split()))[:MAX_WORDS]


@dataclass
class SearchResult:
    title: str
    url: str
    snippet: str
    score: int


@dataclass
class SearchGroup:
    name: str
    results: list = field(default_factory=list)


def all_documents():
    yield from toolkit_documents()
    yield from annex_documents()


def search(query):
    """Groups of results, in the guidance's order; each result links to the part it is in."""
    words = query_words(query)
    groups = {}
    for group, title, url, texts in all_documents():
        title = plain_text(title)
        text = " ".join(plain_text(t) for t in texts if t)
        folded_title = fold(title)
        folded_text, positions = fold_with_positions(text)
        if not all(word in folded_title or word in folded_text for word in words):
            continue
        score = sum(folded_text.count(word) + 5 * folded_title.count(word) for word in words)
        result = SearchResult(title, url, snippet(text, folded_text, positions, words), score)
        groups.setdefault(group, SearchGroup(group)).results.append(result)
    for search_group in groups.values():
        search_group.results.sort(key=lambda result: -result.score)
    return list(groups.values())


def snippet(text, folded_text, positions, words):
    """A window of `text` around the first matching word, with the words marked."""
    hits = sorted(
        (start, start + len(word)) for word in words for start in _find_all(folded_text, word)
    )
    if not hits:  # the words are in the title only
        return mark_safe(escape(text[:SNIPPET_CHARS]) + ("…" if len(text) > SNIPPET_CHARS else ""))
    first = positions[hits[0][0]]
    begin = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(text), begin + SNIPPET_CHARS)
    spans = []
    for start, stop in hits:
        a, b = positions[start], positions[stop - 1] + 1
        if a >= begin and b <= end and (not spans or a >= spans[-1][1]):
            spans.append((a, b))
    parts, cursor = [], begin
    for a, b in spans:
        parts.append(escape(text[cursor:a]))
        parts.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    parts.append(escape(text[cursor:end]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def _find_all(haystack, needle):
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + 1)
