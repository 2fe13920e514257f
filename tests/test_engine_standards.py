"""PDF standards and attachments through the engine, against one WeasyPrint pass of the same booklet.

The engine scenario gets a project layout that attaches files the way WeasyPrint offers: the
booklet's own (`<link rel=attachment>` in the head, which every chunk's document repeats) and one
on the page of every topic (`<a rel=attachment>`, a file attachment annotation). veraPDF is not
available here, so the structure is checked piece by piece with pypdf: catalog entries, XMP,
/Info, output intents, attachments, and PDF/UA's tag tree with its parent tree and marked content.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from booklet import engine, loader, pipeline, press
from booklet.errors import Reporter
from booklet.layout import BUILTIN
from booklet.writers import pdf as pdf_writer
from conftest import SCENARIOS, outline, page_texts
from test_engine import link_targets

SOURCES = "year,river\n1951,Ganga\n"
# Each standard: its one-pass reference, then the engine cold with 2 jobs, then warm with 1.
BUILDS = {"pdf/ua-1": ("single", "2", "1-warm"), "pdf/a-3b": ("single", "2", "1-warm"),
          "pdf/x-4": ("single", "2"), "pdf/x-1a": ("single", "1")}


def _project(folder: Path) -> Path:
    shutil.copytree(SCENARIOS / "engine", folder, ignore=shutil.ignore_patterns(".booklet-cache"))
    (folder / "data").mkdir()
    (folder / "data" / "sources.csv").write_text(SOURCES)
    (folder / "data" / "rivers.txt").write_text("Ganga, Yamuna, Godavari\n")
    mine = folder / "layouts" / "mine"
    mine.mkdir(parents=True)
    head = '<link rel="attachment" href="data/sources.csv" title="Sources">\n</head>'
    (mine / "booklet.html").write_text((BUILTIN / "default" / "booklet.html").read_text().replace("</head>", head))
    link = '<p><a rel="attachment" href="data/rivers.txt">rivers.txt</a></p>\n</article>'
    (mine / "topic.html").write_text((BUILTIN / "default" / "topic.html").read_text().replace("</article>", link))
    manifest = folder / "engine.yml"
    manifest.write_text(manifest.read_text() + "layout: mine\n")
    return manifest


def _prepare(manifest: Path, variant: str) -> pipeline.Prepared:
    reporter = Reporter()
    booklet = loader.load_manifest(manifest, reporter)
    overrides = press.Overrides(print={"pdf_variant": variant})
    return pipeline.prepare(press.configure(booklet, reporter, overrides), reporter)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Every standard booklet offers: one pass, and the engine as BUILDS says (one project copy each)."""
    out = tmp_path_factory.mktemp("standards")
    result: dict[str, Path] = {}
    for variant, kinds in BUILDS.items():
        name = variant.replace("/", "-")
        prepared = _prepare(_project(out / name), variant)
        for kind in kinds:
            target = out / f"{name}-{kind}.pdf"
            if kind == "single":
                pdf_writer.write(prepared.rendered, prepared.sections, prepared.layout, target, prepared.extra_css,
                                 prepared.pdf_options)
            else:
                with engine.Engine(int(kind[0])) as pdf_engine:   # a fresh project copy: cold, then warm
                    pipeline.write(prepared, "pdf", target, pdf_engine)
                # Through the engine, not one pass: chunks laid out (cold) or taken from the cache (warm).
                assert pdf_engine.chunks > 5 and (pdf_engine.hits if "warm" in kind else pdf_engine.layouts) > 5
            result[f"{variant} {kind}"] = target
    return result


ENGINE = [(variant, kind) for variant, kinds in BUILDS.items() for kind in kinds if kind != "single"]


def _catalog(pdf: Path) -> dict:
    """What a standard writes beside the pages, in a form two files can be compared by."""
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    intents = [{key: (value.get_object().get_data() if key == "/DestOutputProfile" else value)
                for key, value in intent.get_object().items()} for intent in root.get("/OutputIntents", [])]
    # Each page's annotations by kind and flags (PDF/A: every one printable, /F 4), in any order.
    annotations = [sorted((str(a.get_object()["/Subtype"]), a.get_object().get("/F", 0))
                          for a in page.get("/Annots", [])) for page in reader.pages]
    return {"version": reader.pdf_header, "root": sorted(root.keys()), "trailer": sorted(reader.trailer.keys()),
            "annotations": annotations,
            "info": dict(reader.trailer["/Info"].get_object()), "xmp": root["/Metadata"].get_object().get_data(),
            "xmp filter": root["/Metadata"].get_object().get("/Filter"),     # PDF/X-4: none
            "intents": intents, "lang": root.get("/Lang"), "mark": root.get("/MarkInfo"),
            "viewer": root.get("/ViewerPreferences"), "identifier": reader.trailer["/ID"][0]}


@pytest.mark.parametrize(("variant", "kind"), ENGINE)
def test_same_pages_text_and_standard_metadata_as_one_pass(builds, variant, kind):
    single, joined = builds[f"{variant} single"], builds[f"{variant} {kind}"]
    assert page_texts(joined) == page_texts(single)
    assert outline(joined) == outline(single) and link_targets(joined) == link_targets(single)
    expected = _catalog(single)
    assert _catalog(joined) == expected
    assert expected["xmp"] and expected["info"]["/Title"] == "Rivers and Monsoon: Quick revision, GS1 geography"
    if variant.startswith("pdf/a"):
        assert {flags for page in expected["annotations"] for _, flags in page} == {4}
        assert [intent["/S"] for intent in expected["intents"]] == ["/GTS_PDFA1"]
        assert len(expected["intents"][0]["/DestOutputProfile"]) > 3000   # sRGB, embedded
    if variant.startswith("pdf/x"):
        assert expected["info"]["/Trapped"] == "/False"
    if variant == "pdf/x-4":
        assert expected["xmp filter"] is None and b"GTS_PDFXVersion>PDF/X-4<" in expected["xmp"]


def _attachments(pdf: Path) -> dict:
    """The booklet's own attachments, those on each page (by page), and the associated files (/AF)."""
    reader = PdfReader(pdf)
    own = {name: contents for name, contents in reader.attachments.items()}
    pages = []
    for page in reader.pages:
        annotations = [a.get_object() for a in page.get("/Annots", [])]
        pages.append([(str(a["/FS"]["/F"]), a["/FS"]["/EF"]["/F"].get_data(), a.get("/F"))
                      for a in annotations if a["/Subtype"] == "/FileAttachment"])
    files = Counter((str(spec.get_object()["/F"]), str(spec.get_object().get("/AFRelationship")))
                    for spec in reader.trailer["/Root"].get("/AF", []))
    return {"own": own, "pages": pages, "files": files}


@pytest.mark.parametrize(("variant", "kind"), ENGINE)
def test_the_same_attachments_as_one_pass(builds, variant, kind):
    expected = _attachments(builds[f"{variant} single"])
    assert _attachments(builds[f"{variant} {kind}"]) == expected
    assert expected["own"] == {"sources.csv": [SOURCES.encode()]}
    assert sum(len(on_page) for on_page in expected["pages"]) == 6          # one on each of the 6 topics
    if variant == "pdf/a-3b":
        assert expected["files"] == Counter({("sources.csv", "/Unspecified"): 2, ("rivers.txt", "/Unspecified"): 1})


def test_each_attached_file_and_colour_profile_embedded_once(builds):
    for variant in ("pdf/a-3b", "pdf/ua-1"):
        reader = PdfReader(builds[f"{variant} 2"])
        streams = [reader.get_object(n) for n in range(1, len(reader.xref_objStm) + 2000)
                   if _exists(reader, n)]
        data = [s.get_data() for s in streams if hasattr(s, "get_data") and s.get("/Type") == "/EmbeddedFile"]
        assert sorted(data) == sorted([SOURCES.encode(), b"Ganga, Yamuna, Godavari\n"])
        profiles = [s for s in streams if hasattr(s, "get_data") and s.get("/N") == 3]
        assert len(profiles) == (1 if variant == "pdf/a-3b" else 0)


def _exists(reader: PdfReader, number: int) -> bool:
    try:
        return reader.get_object(number) is not None
    except Exception:  # noqa: BLE001 - pypdf raises for numbers past the last object
        return False


def _tags(pdf: Path) -> dict:
    """The tag tree as (depth, type, page, kids) in reading order, table headers named by the
    position of the cell they cite; the parent tree; each page's /StructParents and marked content."""
    reader = PdfReader(pdf)
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    elements, ids, headers = [], {}, []

    def walk(reference, depth):
        element = reference.get_object()
        kids = []
        for kid in element.get("/K", []):
            if isinstance(kid, IndirectObject) and kid.get_object().get("/Type") == "/OBJR":
                annotation = kid.get_object()["/Obj"].get_object()
                kids.append(("annotation", str(annotation["/Subtype"]), pages[kid.get_object().raw_get("/Pg").idnum]))
            elif isinstance(kid, IndirectObject):
                kids.append("element")
                walk(kid, depth + 1)
            else:
                kids.append(int(kid))
        if "/ID" in element:
            ids[str(element["/ID"])] = len(elements)
        if "/Headers" in element.get("/A", {}):
            headers.append((len(elements), [str(name) for name in element["/A"]["/Headers"]]))
        page = pages[element.raw_get("/Pg").idnum] if "/Pg" in element else None
        elements.append((depth, str(element["/S"]), page, tuple(kids), element.get("/Alt")))

    for kid in tree["/K"]:
        walk(kid, 0)
    nums = tree["/ParentTree"]["/Nums"]
    parents = []
    for key, value in zip(nums[::2], nums[1::2]):
        value = value.get_object()
        parents.append((int(key), [str(v.get_object()["/S"]) for v in value] if isinstance(value, ArrayObject)
                        else str(value["/S"])))
    annotations = [[(str(a.get_object()["/Subtype"]), a.get_object().get("/StructParent"))
                    for a in page.get("/Annots", [])] for page in reader.pages]
    return {"elements": elements, "headers": [(cell, [ids[name] for name in names]) for cell, names in headers],
            "ids": len(ids), "parents": parents, "annotations": annotations,
            "struct parents": [page.get("/StructParents") for page in reader.pages],
            "marked": [len(re.findall(rb"/MCID \d+", page.get_contents().get_data())) for page in reader.pages]}


@pytest.mark.parametrize("kind", BUILDS["pdf/ua-1"][1:])
def test_pdfua_tag_tree_merged_under_one_root_as_one_pass_builds_it(builds, kind):
    expected, joined = _tags(builds["pdf/ua-1 single"]), _tags(builds[f"pdf/ua-1 {kind}"])
    for part in expected:
        assert joined[part] == expected[part], part
    root = PdfReader(builds[f"pdf/ua-1 {kind}"]).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/ViewerPreferences"]["/DisplayDocTitle"]
    # Meaningful, not vacuous: one /Document, every page and link in the parent tree, table headers cited.
    assert [e[1] for e in expected["elements"] if e[0] == 0] == ["/Document"]
    assert expected["struct parents"] == list(range(len(expected["marked"]))) and all(expected["marked"])
    links = [p for annotations in expected["annotations"] for kind, p in annotations if kind == "/Link"]
    assert len(links) > 20 and sorted(links) == list(range(len(expected["marked"]), len(expected["marked"]) + len(links)))
    assert expected["headers"] and expected["ids"] > 1


def test_same_bytes_whatever_the_job_count_and_cache(builds):
    for variant in ("pdf/ua-1", "pdf/a-3b"):
        assert builds[f"{variant} 2"].read_bytes() == builds[f"{variant} 1-warm"].read_bytes(), variant


def test_pdfx_1a_is_pdf_1_4_without_object_streams(builds):
    data = builds["pdf/x-1a 1"].read_bytes()
    assert data.startswith(b"%PDF-1.4\n") and b"/ObjStm" not in data and b"/XRef" not in data
    assert re.search(rb"\nxref\n0 \d+\n0000000\d{3} 65535 f \n", data)


@pytest.mark.parametrize(("variant", "kind"), [("pdf/ua-1", "2"), ("pdf/a-3b", "2"), ("pdf/x-4", "2")])
def test_file_no_more_than_a_tenth_larger_than_one_pass(builds, variant, kind):
    assert builds[f"{variant} {kind}"].stat().st_size <= 1.1 * builds[f"{variant} single"].stat().st_size
