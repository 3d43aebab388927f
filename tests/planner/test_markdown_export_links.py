"""Links in the Markdown export: what people wrote may link to http(s) and mailto only."""

from html.parser import HTMLParser

import markdown
import pytest

from planner.export import markdown_text, plan_as_markdown
from planner.models import InitiativePlan, PlanPart

pytestmark = pytest.mark.django_db

ALLOWED = ("http://", "https://", "mailto:")

PAYLOADS = [
    "[a](javascript:alert(1))",
    "[b](JaVaScRiPt:alert(1))",
    "[c](java\tscript:alert(1))",
    "[d](  javascript:alert(1))",
    "[e](\njavascript:alert(1))",
    "[f](&#106;avascript:alert(1))",
    "[g](&#x6A;&#x61;vascript:alert(1))",
    "[h](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "[i](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[j](vbscript:msgbox(1))",
    "[k](file:///etc/passwd)",
    "[l](//evil.example/)",
    '[m]( javascript:alert(1) "title")',
    "![n](javascript:alert(1))",
    "![o](https://tracker.example/pixel.png)",
    "[p](https://ok.example/[q](javascript:alert(1)))",
    "[r][ref1]\n[ref1]: javascript:alert(1)",
    "[ref2]: javascript:alert(1)\n\n[ref2]",
    "   [ref3]:   JAVASCRIPT:alert(1)\n[ref3]",
    "[ref4]:\njavascript:alert(1)\n[ref4]",
    "[ref5]: <javascript:alert(1)>\n[ref5]",
    "[ref6]: data:text/html,hi\n[ref6][]",
]

SAFE = [
    ("[Help](https://example.org/help)", "https://example.org/help"),
    ("[Mail](mailto:team@example.org)", "mailto:team@example.org"),
    ("[Old](HTTP://example.org/old)", "HTTP://example.org/old"),
    ("[Ref][safe]\n[safe]: https://example.org/ref", "https://example.org/ref"),
]


class Targets(HTMLParser):
    """Every href and src in a page, entities decoded as a browser decodes them."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]


def targets(document):
    parser = Targets()
    parser.feed(markdown.markdown(document))
    return parser.urls


def is_allowed(url):
    # Browsers drop tabs and newlines anywhere in a URL and spaces around it.
    url = "".join(url.split("\t")).replace("\n", "").replace("\r", "").strip().lower()
    return url.startswith(ALLOWED)


def plan_with(owner, texts):
    """Each text in the title, the summary, a paragraph, a list row and a tag."""
    text = "\n".join(texts)
    # A title holds 200 characters (PostgreSQL enforces it); the rest are in the other fields.
    title = " ".join(texts)[:200]
    plan = InitiativePlan.objects.create(owner=owner, title=title, summary=text)
    plan.tags.add(*[t[:100] for t in texts])
    PlanPart.objects.create(plan=plan, kind="research", data={"barriers": text})
    PlanPart.objects.create(
        plan=plan,
        kind="stakeholders",
        data={"stakeholders": [{"name": text, "kind": "ngo", "role": text, "contact": text}]},
    )
    return plan


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_makes_no_link_but_to_http_and_mailto(owner, payload):
    assert all(is_allowed(url) for url in targets(markdown_text(payload)))
    document = plan_as_markdown(plan_with(owner, [payload]))
    assert all(is_allowed(url) for url in targets(document)), targets(document)


def test_no_payload_links_in_a_whole_export(owner):
    document = plan_as_markdown(plan_with(owner, PAYLOADS))
    assert [url for url in targets(document) if not is_allowed(url)] == []
    assert "<img" not in markdown.markdown(document)  # nothing loads from elsewhere on opening
    assert "javascript:alert(1)" in document  # kept as text, only not as a link


@pytest.mark.parametrize("text, url", SAFE)
def test_http_and_mailto_links_still_work(owner, text, url):
    document = plan_as_markdown(plan_with(owner, [text]))
    assert url in targets(document)
    assert text.splitlines()[0] in document
