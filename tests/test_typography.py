"""Quotes after inline elements, and the print-only passes that keep words whole."""

from lxml import html

from booklet.quotes import fix_quotes
from booklet.writers.print_html import keep_last_words, plain_abbreviations


def _fixed(fragment: str) -> str:
    tree = html.fragment_fromstring(fragment, create_parent="div")
    fix_quotes(None, tree, None)
    return tree.text_content()


def test_a_quote_after_an_abbreviation_or_bold_closes():
    # smarty opened it: the text after </abbr> starts with the quote.
    assert _fixed("<p>Theme <strong>“Towards a SECURE <abbr>SCO</abbr>“</strong>, built</p>") == \
        "Theme “Towards a SECURE SCO”, built"
    assert _fixed("<p>the <em>“G20</em>“ summit and <b>(2023)</b>“.</p>") == "the “G20” summit and (2023)”."
    assert _fixed("<p>‘<abbr>RIC</abbr>‘ format</p>") == "‘RIC’ format"


def test_opening_quotes_and_code_stay():
    assert _fixed("<p>the <em>word</em> “quoted” and <b>x</b> “Bold”</p>") == "the word “quoted” and x “Bold”"
    assert _fixed("<p><abbr>SCO</abbr> “new”<code>a“</code></p>") == "SCO “new”a“"


def _print(fragment: str) -> str:
    tree = html.fragment_fromstring(fragment, create_parent="div")
    plain_abbreviations(tree)
    keep_last_words(tree)
    return html.tostring(tree, encoding="unicode")


def test_the_last_long_word_of_each_block_is_kept_whole():
    out = _print("<p>A question about <strong>international</strong> relations.</p>"
                 "<ul><li>Item on cooperation<ul><li>nested sentence</li></ul></li></ul>"
                 "<p>ends on <a href='#x'>partnership</a>.</p><p>short end.</p>")
    assert '<span class="last-word">relations.</span>' in out
    assert '<span class="last-word">cooperation</span><ul>' in out
    assert '<span class="last-word">sentence</span>' in out
    assert '<a href="#x"><span class="last-word">partnership</span></a>.' in out
    assert out.count("last-word") == 4  # "end." is too short to hyphenate anyway


def test_abbreviations_print_as_plain_text():
    assert _print("<p>six <abbr title='x'>VVER</abbr>-1000 units</p>") == \
        '<div><p>six VVER-1000 <span class="last-word">units</span></p></div>'.replace(
            '<span class="last-word">units</span>', "units")
