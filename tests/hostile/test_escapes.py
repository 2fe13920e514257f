"""The escape corpus: every way a project might make a build read outside it is refused, at its line.

Each case builds a small project beside an `outside/` folder whose files hold a marker. `check`
and `build` must both refuse with a path:line error (no traceback, in time), and no output may
hold the marker.
"""

from __future__ import annotations


import pytest

from booklet.layout import BUILTIN

from hostile_helpers import MARKER, no_marker_in, project, refused_by_check_and_build  # noqa: F401 (fixture)

PACK = BUILTIN / "brands" / "aravalli"


def _own_pack(project, name="inst"):
    """A copy-free brand pack in the project: brand.yml plus whatever the case adds."""
    project.write(f"layouts/brands/{name}/brand.yml", 'name: "Lantern Academy"\n')
    project.manifest_with(f"brand: {name}")
    return f"layouts/brands/{name}"


def layout_absolute(p):
    p.manifest_with(f"layout: {p.outside / 'layout'}")
    return "booklet.yml:4", "relative to the project"


def layout_dotdot(p):
    p.manifest_with("layout: ../outside/layout")
    return "booklet.yml:4", "outside the project"


def layout_root(p):
    p.manifest_with("layout: /")
    return "booklet.yml:4", "relative to the project"


def layout_symlinked_folder(p):
    p.link("layouts/evil", p.outside / "layout")
    p.manifest_with("layout: evil")
    return "booklet.yml:4", "through a symbolic link"


def brand_dotdot(p):
    p.manifest_with("brand: ../outside/pack")
    return "booklet.yml:4", "outside the project"


def brand_absolute(p):
    p.manifest_with(f"brand: {p.outside / 'pack'}")
    return "booklet.yml:4", "relative to the project"


def brand_symlinked_folder(p):
    p.link("layouts/brands/evil", p.outside / "pack")
    p.manifest_with("brand: evil")
    return "booklet.yml:4", "through a symbolic link"


def brand_template_symlink(p):
    folder = _own_pack(p)
    p.link(f"{folder}/topic.html", p.outside / "pack" / "topic.html")
    return "topic.html:1", "outside the project"


def brand_yml_symlink(p):
    p.link("layouts/brands/inst/brand.yml", p.outside / "pack" / "brand.yml")
    p.manifest_with("brand: inst")
    return "booklet.yml:4", "outside the project"


def brand_css_symlink(p):
    folder = _own_pack(p)
    p.link(f"{folder}/brand.css", p.outside / "secret.css")
    return "brand.css:1", "outside the project"


def brand_css_import(p):
    folder = _own_pack(p)
    p.write(f"{folder}/brand.css", f'h1 {{ color: red; }}\n@import url("{(p.outside / "secret.css").as_uri()}");\n')
    return "brand.css:2", "not a local file"


def brand_css_url_dotdot(p):
    folder = _own_pack(p)
    p.write(f"{folder}/brand.css", 'body {\n  background: url("../../../../outside/secret.txt");\n}\n')
    return "brand.css:2", "outside the layouts"


def epub_css_symlink(p):
    p.write("layouts/mine/print.css", "@page { size: A5; }\n")
    p.link("layouts/mine/epub.css", p.outside / "secret.css")
    p.manifest_with("layout: mine")
    return "epub.css:1", "outside the project"


def template_attachment(p):
    p.write("layouts/mine/booklet.html", (BUILTIN / "default" / "booklet.html").read_text() +
            f'\n<a rel="attachment" href="{(p.outside / "secret.txt").as_uri()}">notes</a>\n')
    p.manifest_with("layout: mine")
    lines = (BUILTIN / "default" / "booklet.html").read_text().count("\n") + 2
    return f"booklet.html:{lines}", "not to 'file:"


def template_include_outside(p):
    p.write("layouts/mine/topic.html", '{% include "../../../outside/layout/topic.html" %}\n')
    p.manifest_with("layout: mine")
    return "topic.html:1", "may include only templates of the layout"


def font_symlink(p):
    folder = _own_pack(p)
    p.link(f"{folder}/fonts/Body.ttf", PACK / "fonts" / "OpenSans-Regular.ttf")
    p.write(f"{folder}/brand.yml", 'name: "Lantern"\nfonts:\n  body:\n    family: "Lantern Sans"\n'
            '    regular: fonts/Body.ttf\n')
    return "brand.yml:5", "outside the project"


def logo_dotdot(p):
    folder = _own_pack(p)
    p.write(f"{folder}/brand.yml", 'name: "Lantern"\nlogo: ../../../../outside/secret.txt\n')
    return "brand.yml:2", "outside the project"


def topic_dotdot(p):
    p.write("booklet.yml", p.manifest.read_text().replace("notes/polity.md", "../outside/secret.md"))
    return "booklet.yml:7", "outside the project"


def topic_symlink(p):
    p.link("notes/secret.md", p.outside / "secret.md")
    p.write("booklet.yml", p.manifest.read_text().replace("notes/polity.md", "notes/secret.md"))
    return "booklet.yml:7", "outside the project"


def topic_absolute(p):
    p.write("booklet.yml", p.manifest.read_text().replace("notes/polity.md", str(p.outside / "secret.md")))
    return "booklet.yml:7", "absolute path"


def vault_outside(p):
    p.manifest_with("vault: ../outside")
    return "booklet.yml:4", "outside the project"


def manifest_symlink(p):
    p.manifest.unlink()
    (p.outside / "booklet.yml").write_text("title: T\nparts: []\n")
    p.link("booklet.yml", p.outside / "booklet.yml")
    return "booklet.yml:1", "through a symbolic link"


def image_dotdot(p):
    p.write("notes/polity.md", "# Rights\n\n![map](../../outside/secret.txt)\n")
    return "polity.md:3", "outside the project"


def image_symlink(p):
    p.link("notes/img/map.png", p.outside / "secret.txt")
    p.write("notes/polity.md", "# Rights\n\nSee the map.\n\n![map](img/map.png)\n")
    return "polity.md:5", "outside the project"


def image_file_url(p):
    p.write("notes/polity.md", f'# Rights\n\n<img src="{(p.outside / "secret.txt").as_uri()}">\n')
    return "polity.md:3", "not a local file"


def link_file_url(p):
    p.write("notes/polity.md", f"# Rights\n\nRead [the notes]({(p.outside / 'secret.md').as_uri()}).\n")
    return "polity.md:3", "not allowed"


CASES = [layout_absolute, layout_dotdot, layout_root, layout_symlinked_folder, brand_dotdot, brand_absolute,
         brand_symlinked_folder, brand_template_symlink, brand_yml_symlink, brand_css_symlink, brand_css_import,
         brand_css_url_dotdot, epub_css_symlink, template_attachment, template_include_outside, font_symlink,
         logo_dotdot, topic_dotdot, topic_symlink, topic_absolute, vault_outside, manifest_symlink,
         image_dotdot, image_symlink, image_file_url, link_file_url]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_escape_is_refused_by_check_and_build(case, project, run):
    where, message = case(project)
    refused_by_check_and_build(project, run, where, message)


def test_the_corpus_project_builds_when_nothing_escapes(project, run):
    """The control: the same project, untouched, builds, so each refusal above is the escape's doing."""
    out = project.root / "build"
    result = run("build", project.manifest, "--format", "pdf,epub,html", "--out", out, cwd=project.root)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["booklet.epub", "booklet.html", "booklet.pdf"]
    no_marker_in(out)
    assert MARKER not in result.err
