"""The EPUB: valid, back matter in the nav, and every question, answer and figure link resolves."""

from __future__ import annotations

import posixpath

import pytest
from lxml import etree

from block_support import REVISION, SAMPLE, built
from conftest import epub_files, epubcheck_messages

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
BACK = ["Revision summary", "Key figures index", "Answer key", "Previous-year questions"]


@pytest.fixture(scope="module", params=[REVISION, SAMPLE], ids=["revision", "sample"])
def epub(request, tmp_path_factory):
    return built(tmp_path_factory, request.param)["epub"]


def _documents(epub) -> dict[str, etree._Element]:
    files = epub_files(epub)
    return {name: etree.fromstring(text.encode()) for name, text in files.items() if name.endswith(".xhtml")}


def test_epubcheck_reports_nothing(epub):
    assert epubcheck_messages(epub) == []


def test_back_matter_is_in_the_nav(epub):
    nav = next(doc for name, doc in _documents(epub).items() if name.endswith("nav.xhtml"))
    links = {a.xpath("string(.)"): a.get("href") for a in nav.iterfind(".//x:nav//x:a", XHTML)}
    assert [title for title in links if title in BACK] == BACK
    assert links["Answer key"] == "answer-key.xhtml"


def test_every_internal_link_reaches_an_existing_id(epub):
    documents = _documents(epub)
    ids = {name: {e.get("id") for e in doc.iter() if e.get("id")} for name, doc in documents.items()}
    checked = 0
    for name, doc in documents.items():
        for link in doc.iterfind(".//x:a[@href]", XHTML):
            href = link.get("href")
            if href.startswith(("http:", "https:", "mailto:")) or "#" not in href:
                continue
            target, fragment = href.split("#", 1)
            target = posixpath.join(posixpath.dirname(name), target) if target else name
            assert fragment in ids[target], f"{name}: {href}"
            checked += 1
    assert checked > 20


def test_questions_link_to_answers_and_answers_link_back(epub):
    documents = _documents(epub)
    key = next(doc for name, doc in documents.items() if name.endswith("answer-key.xhtml"))
    back_links = {a.get("href") for a in key.iterfind(".//x:a[@class='question-ref page-ref']", XHTML)}
    forward = 0
    for name, doc in documents.items():
        for question in doc.xpath(".//x:div[contains(@class, 'question ')]", namespaces=XHTML):
            file = posixpath.basename(name)
            assert f"{file}#{question.get('id')}" in back_links
            for link in question.iterfind(".//x:a[@class='answer-link']", XHTML):
                assert link.get("href").startswith("answer-key.xhtml#")
                forward += 1
            assert not question.xpath(".//x:input", namespaces=XHTML)
    assert forward >= 6


def test_key_figures_index_links_to_the_cards(epub):
    documents = _documents(epub)
    index = next(doc for name, doc in documents.items() if name.endswith("key-figures.xhtml"))
    hrefs = [a.get("href") for a in index.iterfind(".//x:td[@class='index-value']/x:a", XHTML)]
    assert hrefs and all(".xhtml#" in h and "--figure-" in h for h in hrefs)
