"""Small lxml helpers the block stages share: serialising, detaching and moving content."""

from __future__ import annotations

from lxml import etree, html as lxml_html

from ..fragment import detach  # noqa: F401  (re-exported: part of the blocks' toolkit)

INTERNAL = ("data-block", "data-form", "data-line", "data-title", "data-flags", "data-implicit")


def inner_html(element: etree._Element) -> str:
    """The element's content (text and children) as HTML, without the element itself."""
    text = lxml_html.tostring(element, encoding="unicode", with_tail=False)
    copy = lxml_html.fragment_fromstring(text)
    return ((copy.text or "") + "".join(lxml_html.tostring(c, encoding="unicode") for c in copy)).strip()


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def new(tag: str, cls: str | None = None, text: str | None = None, **attributes: str) -> etree._Element:
    element = lxml_html.Element(tag)
    if cls:
        element.set("class", cls)
    for name, value in attributes.items():
        element.set(name.replace("_", "-"), value)
    if text is not None:
        element.text = text
    return element


def move_content(source: etree._Element, target: etree._Element) -> None:
    """Append source's text and children to target."""
    if source.text:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + source.text
        else:
            target.text = (target.text or "") + source.text
        source.text = None
    for child in list(source):
        target.append(child)


def replace_with(old: etree._Element, new_element: etree._Element) -> None:
    new_element.tail = old.tail
    old.tail = None
    old.getparent().replace(old, new_element)


def strip_internal(element: etree._Element) -> None:
    for name in INTERNAL:
        element.attrib.pop(name, None)


def block_ancestor(element: etree._Element) -> etree._Element | None:
    """The nearest enclosing revision block (an element still carrying `data-block`)."""
    parent = element.getparent()
    while parent is not None and not parent.get("data-block"):
        parent = parent.getparent()
    return parent


def trim_end(element: etree._Element, count: int) -> None:
    """Remove the last `count` characters of the element's text, wherever they sit in its tree."""
    for node, attribute in reversed(list(_segments(element))):
        if count <= 0:
            break
        value = getattr(node, attribute) or ""
        cut = min(count, len(value))
        setattr(node, attribute, value[: len(value) - cut] or None)
        count -= cut
    for node in list(element.iter()):
        if node is not element and not text_of(node) and node.tag not in ("br", "img"):
            detach(node)


def _segments(element: etree._Element):
    """(node, "text" | "tail") in document order, inside `element`."""
    yield element, "text"
    for child in element:
        yield from _segments(child)
        yield child, "tail"
