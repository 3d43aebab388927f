"""Reading the annexes' pages as a tree (Django's own test HTML parser), to check their tables
and figure by structure rather than by substrings."""

from django.test.html import Element, parse_html


def tree(response):
    return parse_html(response.content.decode())


def attrs(element):
    return dict(element.attributes)


def find_all(node, tag, cls=None, **wanted):
    """Elements named `tag` under `node` (depth first, in document order) with the class `cls`
    and the attribute values `wanted` (`scope="row"`...)."""
    for child in node.children:
        if not isinstance(child, Element):
            continue
        have = attrs(child)
        if (
            child.name == tag
            and (cls is None or cls in (have.get("class") or "").split())
            and all(have.get(name) == value for name, value in wanted.items())
        ):
            yield child
        yield from find_all(child, tag, cls, **wanted)


def find(node, tag, cls=None, **wanted):
    found = list(find_all(node, tag, cls, **wanted))
    assert len(found) == 1, f"{len(found)} <{tag}> with {cls or ''} {wanted}"
    return found[0]


def children(node, tag):
    return [c for c in node.children if isinstance(c, Element) and c.name == tag]


def text(node):
    """The node's text, whitespace collapsed."""
    if not isinstance(node, Element):
        return " ".join(str(node).split())
    return " ".join(part for part in (text(c) for c in node.children) if part)
