"""Key figures: cards with a big figure, a caption and a source line, whatever the figure looks like."""

from __future__ import annotations

from block_support import revision_prepared, snippet, tree  # noqa: F401 (fixtures)


def _cards(prepared, topic_id):
    fragment = tree(prepared.rendered.topic(topic_id).html)
    return [{p.get("class").split()[0]: " ".join(p.text_content().split()) for p in card.iter("p")}
            | {"id": card.get("id"), "long": "figure-value-long" in (card.find("p").get("class") or "")}
            for card in fragment.xpath("//ul[@class='figure-cards']/li[@class='figure-card']")]


def test_figures_become_cards_with_value_caption_and_source(revision_prepared):
    cards = _cards(revision_prepared, "rights")
    assert cards == [
        {"id": "rights--figure-1", "figure-value": "6", "figure-caption": "groups of fundamental rights",
         "figure-source": "Constitution, Part III", "long": False},
        {"id": "rights--figure-2", "figure-value": "13 April 1947", "figure-caption": "a date in words",
         "long": True},
        {"id": "rights--figure-3", "figure-value": "64% → 45%", "figure-caption": "a fall, written with an arrow",
         "figure-source": "SIPRI, 2023", "long": False},
    ]


def test_figures_data_is_collected_per_topic(revision_prepared):
    figures = revision_prepared.rendered.topic("parliament").extras["key_figures"]
    assert [(f.value, f.caption, f.source) for f in figures] == [
        ("543", "elected seats in the Lok Sabha", ""),
        ("250", "maximum strength of the Rajya Sabha", "Article 80"),
    ]
    assert figures[0].location.line == 25 and figures[1].location.line == 26  # the items' lines
    assert figures[0].location.path.name == "parliament.md"


def test_box_title_defaults_to_key_figures(revision_prepared):
    titles = {topic: tree(revision_prepared.rendered.topic(topic).html).xpath("string(//p[@class='key-figures-title'])")
              for topic in ("rights", "budget")}
    assert titles == {"rights": "Key figures", "budget": "Numbers"}


def test_inline_markup_in_captions_survives_and_sources_may_hold_markup(snippet):
    prepared, reporter = snippet("!!! figures\n    - **USD 5 bn** — *value* of the deal (MEA)\n"
                                 "    - **2+2** — dialogue format (with the US; *first* in 2018)\n")
    assert reporter.diagnostics == []
    cards = _cards(prepared, "topic")
    assert [(c["figure-value"], c["figure-caption"], c["figure-source"]) for c in cards] == [
        ("USD 5 bn", "value of the deal", "MEA"), ("2+2", "dialogue format", "with the US; first in 2018")]
    assert "<em>value</em> of the deal" in prepared.rendered.topics[0].html
