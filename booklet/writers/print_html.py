"""Print-only HTML adjustments: footnotes move to the foot of the page where they are called."""

from __future__ import annotations

from lxml import etree, html as lxml_html

from ..fragment import detach


def place_footnotes(document: etree._Element) -> None:
    """Turn Python-Markdown's end-of-topic footnote list into CSS footnotes (`float: footnote`)."""
    for block in document.xpath('//div[contains(concat(" ", @class, " "), " footnote ")]'):
        notes = {li.get("id"): li for li in block.iter("li") if li.get("id")}
        scope = block.getparent()
        for ref in scope.xpath('.//sup[a[contains(@class, "footnote-ref")]]'):
            target = ref[0].get("href", "")[1:]
            if target in notes:
                _replace_call(ref, notes[target])
        scope.remove(block)


def _replace_call(ref: etree._Element, note: etree._Element) -> None:
    for back in note.xpath('.//a[contains(@class, "footnote-backref")]'):
        detach(back)
    call = lxml_html.Element("span", {"class": "footnote-call", "id": note.get("id")})
    paragraphs = list(note)
    # Leading white space would push the note's text below its marker.
    call.text = (note.text or "").strip() or None
    for index, child in enumerate(paragraphs):
        # Paragraphs inside an inline footnote become runs of text separated by a space.
        if child.tag == "p":
            child.tag = "span"
            if index:
                child.text = " " + (child.text or "")
        child.tail = (child.tail or "").strip() or None
        call.append(child)
    call.tail = ref.tail
    ref.getparent().replace(ref, call)
