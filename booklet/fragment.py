"""Operations on a topic's HTML fragment: ids, links, images, headings."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree, html as lxml_html

from .errors import BookletError, Reporter, SourceLocation
from .index import BookletIndex
from .model import Heading, Topic
from .sources import inside

_WRAPPER = "booklet-fragment"


def parse(html: str) -> etree._Element:
    """Parse a fragment into a wrapper <div> so that several top-level elements survive."""
    return lxml_html.fragment_fromstring(html, create_parent=_WRAPPER)


def serialize(tree: etree._Element) -> str:
    inner = (tree.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in tree
    )
    return inner


def _clean_id(value: str) -> str:
    # Python-Markdown's footnote ids hold colons, which XML ids (EPUB) do not allow.
    return re.sub(r"[^A-Za-z0-9_.-]", "-", value)


def prefix_ids(tree: etree._Element, topic_id: str) -> None:
    """Make every id unique across the booklet by prefixing the topic's id; fix links to match."""
    local = set()
    for element in tree.iter():
        if element.get("id"):
            local.add(element.get("id"))
            element.set("id", f"{topic_id}--{_clean_id(element.get('id'))}")
    for element in tree.iter("a"):
        href = element.get("href", "")
        if href.startswith("#") and unquote(href[1:]) in local:
            element.set("href", f"#{topic_id}--{_clean_id(unquote(href[1:]))}")


def headings(tree: etree._Element) -> tuple[Heading, ...]:
    found = []
    for element in tree.iter("h2", "h3", "h4"):
        text = " ".join("".join(element.itertext()).split())
        if element.get("id") and text:  # an empty `##` gets no entry in the contents or the EPUB nav
            found.append(Heading(int(element.tag[1]), text, element.get("id")))
    return tuple(found)


def line_of(topic: Topic, needle: str) -> SourceLocation:
    """Python-Markdown forgets source lines; find the first raw line that holds `needle`."""
    for number, line in enumerate(topic.source.split("\n"), 1):
        if needle and needle in line:
            return topic.location(number)
    return topic.location(None)


def resolve_images(tree: etree._Element, topic: Topic, root: Path, reporter: Reporter,
                   vault: Path | None = None) -> tuple[Path, ...]:
    """Check every image is a local file inside the project; point src at it from the root.

    Remote images and site-absolute paths that lead nowhere (web clippings, digital-garden
    exports) do not stop the build: a warning, and a placeholder with the alt text and host.
    """
    images = []
    for img in list(tree.iter("img")):
        src = img.get("src", "")
        outside = _outside_image(src, topic, root, vault)
        if outside is not None:
            reporter.warning(outside[0], line_of(topic, src))
            _replace_with_placeholder(img, outside[1])
            continue
        try:
            path = _site_absolute(src, root, vault) or _local_file(src, topic, root, "image")
        except BookletError as exc:
            reporter.add(exc)
            img.getparent().remove(img) if img.getparent() is not None else None
            continue
        img.set("src", path.relative_to(root.resolve()).as_posix())
        images.append(path.relative_to(root.resolve()))
        if not img.get("alt"):
            img.set("alt", "")
    return tuple(images)


def _local_file(src: str, topic: Topic, root: Path, what: str) -> Path:
    where = line_of(topic, src)
    parts = urlsplit(src)
    if parts.scheme or src.startswith("//"):
        raise BookletError(
            f"{what} '{src}' is not a local file; builds never use the network: download it into the project",
            where,
        )
    reference = unquote(parts.path)
    if not reference:
        raise BookletError(f"{what} with an empty path", where)
    candidate = (topic.path.parent / reference)
    if Path(reference).is_absolute() or not inside(candidate, (root,)):
        raise BookletError(f"{what} '{src}' points outside the project folder {root}", where)
    if not candidate.is_file():
        raise BookletError(f"{what} not found: {src}", where)
    return candidate.resolve()


def _outside_image(src: str, topic: Topic, root: Path, vault: Path | None) -> tuple[str, str] | None:
    """(warning, where it lives) for a remote image or a site-absolute path found nowhere, else None."""
    parts = urlsplit(src)
    if parts.scheme in ("http", "https") or src.startswith("//"):
        return (f"image '{_short(src)}' is on the web and is not fetched (builds stay offline); a placeholder "
                "shows where it goes: download it into the project to print it", parts.hostname or "the web")
    if src.startswith("/") and not src.startswith("//") and _site_absolute(src, root, vault) is None:
        base = vault or root
        return (f"image '{_short(src)}' is a path on a website, and no such file is in {base.name or base}; "
                "a placeholder shows where it goes", "a website")
    return None


def _site_absolute(src: str, root: Path, vault: Path | None) -> Path | None:
    """A site-absolute path (`/img/user/x.png`, as digital gardens publish) found in the vault, or None."""
    if not src.startswith("/") or src.startswith("//") or urlsplit(src).scheme:
        return None
    reference = unquote(urlsplit(src).path).lstrip("/")
    base = vault or root
    candidates = [base / reference]
    if reference.startswith("img/user/"):  # the Obsidian Digital Garden plugin's attachment folder
        candidates.append(base / reference.removeprefix("img/user/"))
    for candidate in candidates:
        if candidate.is_file() and inside(candidate, (root,)):
            return candidate.resolve()
    return None


def _replace_with_placeholder(img: etree._Element, host: str) -> None:
    placeholder = etree.Element("span", {"class": "image-placeholder"})
    placeholder.text = f"Image not included: {img.get('alt') or 'no description'} ({host})"
    placeholder.tail = img.tail
    parent = img.getparent()
    if parent is not None:
        parent.replace(img, placeholder)


def _short(src: str) -> str:
    return src if len(src) <= 80 else src[:77] + "…"


def resolve_links(tree: etree._Element, topic: Topic, index: BookletIndex, reporter: Reporter) -> tuple[str, ...]:
    """Links to other topics become internal links; local non-topic files are refused; a `#fragment`
    that no element of this topic has is reported and printed as text. Returns the links into other
    topics' fragments, which only the whole booklet can check (booklet/links.py)."""
    local = {element.get("id") for element in tree.iter() if element.get("id")}
    elsewhere = []
    for link in tree.iter("a"):
        href = link.get("href")
        if href is None:
            continue  # an anchor, not a link
        parts = urlsplit(href)
        if href.startswith("#"):
            if href[1:] not in local:
                reporter.warning(f"link to '{href}': no heading or anchor in this topic has that id; "
                                 "shown as plain text", line_of(topic, href))
                _unwrap(link)
            continue
        if parts.scheme == "mailto":
            continue
        where = line_of(topic, href)
        if parts.scheme in ("http", "https"):
            if not valid_web_address(parts):
                reporter.warning(f"link '{href}' is not a valid web address; shown as plain text", where)
                _unwrap(link)
            continue
        if parts.scheme or href.startswith("//"):
            reporter.error(f"link '{href}' is not allowed: use http(s), mailto or a topic file", where)
            continue
        anchor = index.topic_of(topic.path.parent / unquote(parts.path))
        if anchor is not None:
            link.set("href", f"#{anchor}--{parts.fragment}" if parts.fragment else f"#{anchor}")
            _mark_internal(link)   # print adds " (p. N)", as to a wikilink
            if parts.fragment and anchor != topic.id:
                elsewhere.append(link.get("href"))
            elif parts.fragment and link.get("href")[1:] not in local:
                reporter.warning(f"link to '{href}': no heading or anchor in this topic has that id; "
                                 "shown as plain text", where)
                _unwrap(link)
        else:
            reporter.warning(f"link to '{href}', which is not a topic of this booklet; shown as plain text", where)
            _unwrap(link)
    return tuple(elsewhere)


INTERNAL = "internal-link"  # the class print.css gives " (p. N)"; wikilinks are written with it too


def _mark_internal(link: etree._Element) -> None:
    classes = (link.get("class") or "").split()
    if INTERNAL not in classes:
        link.set("class", " ".join([*classes, INTERNAL]))


_HOST = re.compile(r"^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
                   r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$")


def valid_web_address(parts) -> bool:
    """A host readers and EPUBCheck accept: DNS labels (or an IP address), and a usable port."""
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # a port that is not a number
        return False
    if not host:
        return False
    if ":" in host:  # IPv6, already bracket-checked by urlsplit
        return True
    del port
    return bool(_HOST.match(host)) or bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host))


def unwrap(element: etree._Element) -> None:
    """A link that cannot work, printed as its text."""
    _unwrap(element)


def _unwrap(element: etree._Element) -> None:
    element.tag = "span"
    element.attrib.pop("href", None)
    element.set("class", "unresolved-link")


def detach(element: etree._Element) -> etree._Element:
    """Remove `element` from its parent, keeping the text that followed it."""
    parent = element.getparent()
    if parent is None:
        return element
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)
    return element
