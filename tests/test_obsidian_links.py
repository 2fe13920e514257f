"""Wikilinks and embeds through the pipeline: internal links, inlined notes, warnings and errors at path:line."""

from __future__ import annotations

import re

import pytest

from booklet.errors import BuildFailed, Reporter
from obsidian_helpers import messages, preprocessed, rendered_html, vault_project

RUSSIA = """Opening text.

## India's defence ties
Arms and joint production.

## Energy
Oil and nuclear power. ^energy-block
"""


def _where(reporter: Reporter, needle: str) -> tuple[str, int]:
    found = [d for d in reporter.diagnostics if needle in d.message]
    assert found, messages(reporter)
    return found[0].location.path.name, found[0].location.line


def test_links_to_notes_and_headings_in_the_booklet_become_internal_links(tmp_path):
    notes = {"IR/Russia.md": RUSSIA,
             "Polity/Links.md": "See [[Russia]], [[Russia#India's defence ties|defence]], [[russia#energy]] "
                                "and [[Russia#^energy-block]].\n\n| a | b |\n|---|---|\n| [[Russia\\|table]] | x |\n"}
    reporter = Reporter()
    html = rendered_html(vault_project(tmp_path, notes, ["Russia", "Links"]), reporter)
    links = re.findall(r'<a class="internal-link" href="([^"]+)">([^<]+)</a>', html["links"])
    assert links == [("#russia", "Russia"), ("#russia--india-s-defence-ties", "defence"),
                     ("#russia--energy", "russia › energy"), ("#russia--energy", "Russia › ^energy-block"),
                     ("#russia", "table")]
    assert 'id="russia--india-s-defence-ties"' in html["russia"]  # the id the link was written for
    assert 'id="russia--energy"' in html["russia"]
    assert reporter.diagnostics == []


def test_a_link_to_a_heading_in_the_same_note(tmp_path):
    notes = {"Russia.md": RUSSIA + "\nBack to [[#Energy]] and [[#India's defence ties|ties]].\n"}
    html = rendered_html(vault_project(tmp_path, notes, ["Russia"]))["russia"]
    assert '<a class="internal-link" href="#russia--energy">Energy</a>' in html
    assert '<a class="internal-link" href="#russia--india-s-defence-ties">ties</a>' in html


def test_links_that_cannot_be_followed_keep_their_text_and_warn_at_their_line(tmp_path):
    notes = {"A.md": "Intro.\n\n[[Drafts|my drafts]] and [[Missing Note]].\nThen [[B#No such heading]].\n",
             "B.md": "B text.\n", "Drafts.md": "Not listed.\n"}
    reporter = Reporter()
    html = rendered_html(vault_project(tmp_path, notes, ["A", "B"]), reporter)["a"]
    assert "my drafts and Missing Note." in html
    assert '<a class="internal-link" href="#b">B › No such heading</a>' in html
    assert _where(reporter, "which is not in this booklet") == ("A.md", 3)
    assert _where(reporter, "no note named 'Missing Note'") == ("A.md", 3)
    assert _where(reporter, "no heading 'No such heading' in B.md; linked to the note") == ("A.md", 4)
    assert all(d.severity == "warning" for d in reporter.diagnostics)


def without_heading_ids(source: str) -> str:
    """The Obsidian stage writes every heading's id out (`## Energy {#energy}`); the tests below
    look at the rest of the line."""
    return re.sub(r" \{#[\w.:-]+\}$", "", source, flags=re.M)


def test_daily_note_links_are_dates_not_references(tmp_path):
    notes = {"A.md": "[[Daily/12-04-2021-Monday\\|12-04-2021-Monday]]\n\n# Title\n\nWritten on [[2021-04-12]].\n"}
    reporter = Reporter()
    html = rendered_html(vault_project(tmp_path, notes, ["A"]), reporter)["a"]
    assert '<p class="note-date">12-04-2021-Monday</p>' in html and "Written on 2021-04-12." in html
    assert reporter.diagnostics == []


def test_a_note_embed_inlines_the_note_with_its_headings_under_the_embedding_section(tmp_path):
    notes = {"A.md": "Intro.\n\n## Deal\n![[S-400]]\n\nAfter the embed.\n",
             "Shared/S-400.md": "---\ntags: [x]\n---\nA missile system.\n\n## Timeline\n- 2018 signed\n"}
    booklet = preprocessed(vault_project(tmp_path, notes, ["A"]))
    topic = booklet.topics()[0]
    source = without_heading_ids(topic.source)
    assert "A missile system." in source and "### Timeline" in source and "tags:" not in source
    # every line still knows where it came from
    line = source.split("\n").index("### Timeline") + 1
    assert (topic.location(line).path.name, topic.location(line).line) == ("S-400.md", 6)
    after = source.split("\n").index("After the embed.") + 1
    assert (topic.location(after).path.name, topic.location(after).line) == ("A.md", 6)


def test_section_and_block_embeds(tmp_path):
    notes = {"A.md": "![[Russia#Energy]]\n\nQuote: ![[Russia#^energy-block]]\n", "Russia.md": RUSSIA}
    source = without_heading_ids(preprocessed(vault_project(tmp_path, notes, ["A"])).topics()[0].source)
    assert "## Energy\nOil and nuclear power." in source
    assert "defence" not in source
    assert source.count("Oil and nuclear power.") == 2 and "^energy-block" not in source


def test_embeds_inside_quotes_and_list_items_stay_inside(tmp_path):
    notes = {"A.md": "> ![[B]]\n\n- ![[B]]\n", "B.md": "Line one\n\nLine two\n"}
    html = rendered_html(vault_project(tmp_path, notes, ["A"]))["a"]
    assert re.search(r"<blockquote>\s*<p>Line one</p>\s*<p>Line two\s*</p>\s*</blockquote>", html), html
    assert re.search(r"<li>\s*<p>Line one</p>\s*<p>Line two</p>\s*</li>", html), html


def test_image_embeds_resolve_by_name_anywhere_in_the_vault(tmp_path):
    notes = {"Deep/Folder/A.md": "![[Pasted image 1.png|300]] and ![[chart.png|Trade chart]]\n",
             "Attachments/Pasted image 1.png": b"\x89PNG\r\n\x1a\n", "Other/chart.png": b"\x89PNG\r\n\x1a\n"}
    html = rendered_html(vault_project(tmp_path, notes, ["A"]))["a"]
    assert 'src="vault/Attachments/Pasted%20image%201.png" width="300"' in html
    assert '<img alt="Trade chart" src="vault/Other/chart.png">' in html


def test_missing_embeds_warn_and_leave_a_visible_placeholder(tmp_path):
    notes = {"A.md": "Intro.\n![[B#Costs]]\n![[nowhere.png|200]]\n![[Ghost]]\n![[report.pdf]]\n",
             "B.md": "## Timeline\n", "report.pdf": b"%PDF-1.4"}
    reporter = Reporter()
    html = rendered_html(vault_project(tmp_path, notes, ["A"]), reporter)["a"]
    for text in ("not found: B › Costs", "not found: nowhere.png", "not found: Ghost", "report.pdf"):
        assert f'<span class="embed-missing">{text}</span>' in html
    assert _where(reporter, "no heading 'Costs'") == ("A.md", 2)
    assert _where(reporter, "nothing named 'nowhere.png'") == ("A.md", 3)
    assert _where(reporter, "nothing named 'Ghost'") == ("A.md", 4)
    assert _where(reporter, "cannot be printed") == ("A.md", 5)
    assert not reporter.errors


def test_an_embed_cycle_is_an_error_that_names_the_cycle(tmp_path, run):
    notes = {"A.md": "Start.\n\n![[B]]\n", "B.md": "B text.\n![[C#Part]]\n", "C.md": "## Part\n![[B]]\n"}
    manifest = vault_project(tmp_path, notes, ["A"])
    result = run("check", manifest.name, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.error_lines == ["vault/C.md:2: error: embed cycle: B → C#part → B; a note cannot embed "
                                  "itself, even through others"], result.err


def test_a_note_embedding_itself_is_a_cycle(tmp_path):
    reporter = Reporter()
    with pytest.raises(BuildFailed):
        preprocessed(vault_project(tmp_path, {"A.md": "Text\n\n![[A]]\n"}, ["A"]), reporter)
    assert _where(reporter, "embed cycle: A → A") == ("A.md", 3)


def test_embeds_nest_only_so_deep(tmp_path):
    notes = {f"N{i}.md": f"Level {i}.\n\n![[N{i + 1}]]\n" for i in range(4)} | {"N4.md": "Bottom.\n"}
    reporter = Reporter()
    manifest = vault_project(tmp_path, notes, ["N0"], extra="obsidian:\n  embed_depth: 2\n")
    source = preprocessed(manifest, reporter).topics()[0].source
    assert "Level 2." in source and "Level 3." not in source and "nested too deep: N3" in source
    assert _where(reporter, "is nested 3 embeds deep; the limit is 2") == ("N2.md", 3)


def test_an_embedded_note_that_is_not_utf8_is_an_error_at_its_line(tmp_path, run):
    notes = {"A.md": "![[Latin]]\n", "Latin.md": "ok\nna\xefve\n".encode("latin-1")}
    vault_project(tmp_path, notes, ["A"])
    result = run("check", "book.yml", cwd=tmp_path)
    assert result.code == 1
    assert any(l.startswith("vault/Latin.md:2: error: not valid UTF-8") for l in result.error_lines), result.err


def test_problems_inside_embedded_text_point_at_the_embedded_note(tmp_path, run):
    notes = {"A.md": "One.\n\n![[B]]\n\nThen ![](lost.png) here.\n", "B.md": "B one.\n\n![](also-gone.png)\n"}
    vault_project(tmp_path, notes, ["A"])
    result = run("check", "book.yml", cwd=tmp_path)
    assert result.code == 1
    assert sorted(result.error_lines) == ["vault/A.md:5: error: image not found: lost.png",
                                          "vault/B.md:3: error: image not found: also-gone.png"], result.err


def test_tags_follow_the_manifest(tmp_path):
    notes = {"A.md": "#introduction Ties are old. #gs2/ir #summary-point\n"}
    labels = rendered_html(vault_project(tmp_path, notes, ["A"]))["a"]
    assert labels == '<p>Ties are old. <span class="tag">#gs2/ir</span> <span class="tag">#summary-point</span></p>'
    hidden = rendered_html(vault_project(tmp_path, notes, ["A"], extra="obsidian:\n  tags: hidden\n"))["a"]
    assert " ".join(hidden.split()) == "<p>Ties are old. </p>"
    custom = "obsidian:\n  structural_tags: ['#summary-point']\n"
    mine = rendered_html(vault_project(tmp_path, notes, ["A"], extra=custom))["a"]
    assert '<span class="tag">#introduction</span>' in mine and "summary-point" not in mine


def test_obsidian_settings_are_checked(tmp_path, run):
    extra = "obsidian:\n  tags: pills\n  embed_depht: 3\n"
    vault_project(tmp_path, {"A.md": "x\n"}, ["A"], extra=extra)
    result = run("check", "book.yml", cwd=tmp_path)
    assert result.code == 1
    assert any(l.startswith("book.yml:4:") and "'obsidian.tags' must be one of 'labels', 'hidden'" in l
               for l in result.error_lines), result.err
    assert any(l.startswith("book.yml:5:") and "did you mean 'embed_depth'" in l for l in result.error_lines)


def test_links_and_embeds_in_code_are_left_as_written(tmp_path):
    notes = {"A.md": "Write `[[B]]` or `![[B]]`.\n\n```markdown\n[[B]] and ![[B]] %%x%%\n```\n", "B.md": "B text.\n"}
    reporter = Reporter()
    html = rendered_html(vault_project(tmp_path, notes, ["A", "B"]), reporter)["a"]
    assert "<code>[[B]]</code>" in html and "<code>![[B]]</code>" in html
    assert "[[B]] and ![[B]] %%x%%" in html and "B text." not in html
    assert reporter.diagnostics == []
