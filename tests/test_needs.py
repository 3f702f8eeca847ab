"""``algokader-needs``: a ``needs.json`` that sphinx-needs reads.

The file passes sphinx-needs' own needs.json schema and the need schema it
carries; a sphinx-needs project, configured as ``docs/howto/sphinx-needs.md``
says, imports the bundled framework from it without a warning, and its
``needtable`` of requirements in the phase ``ontwikkelen`` has the rows of our
own ``list_vereisten levenscyclus/ontwikkelen``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import build, embedded_handbook, lists_of, resolved, table_rows, warnings_of
from sphinx_algokader.needs import plain_content

# sphinx-needs' own use of deprecated Sphinx and docutils API, not ours
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning:sphinx_needs.*"),
    pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:sphinx_needs.*"),
    pytest.mark.filterwarnings("ignore:The frontend.Option:DeprecationWarning"),
]

DOCS = Path(__file__).resolve().parents[1] / "docs"
HOWTO = DOCS / "howto" / "sphinx-needs.md"
BASE_URL = "https://handboek.example"


def strip_colours(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def howto_block(language: str, containing: str) -> str:
    """The how-to's code block in ``language`` that contains ``containing``:
    the test runs what the documentation tells readers to write."""
    text = HOWTO.read_text(encoding="utf-8")
    for block in re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        if containing in block:
            return block
    raise AssertionError(f"no {language} block with {containing!r} in {HOWTO}")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The bundled framework as needs.json, and our own list of the
    requirements in the phase ontwikkelen (code, title) in the same build."""
    src = tmp_path_factory.mktemp("needs") / "src"
    src.mkdir()
    embedded_handbook(src)
    (src / "index.md").write_text(
        "# Ons handboek\n\n```{toctree}\nalgoritmekader/index\n```\n\n"
        "<!-- list_vereisten levenscyclus/ontwikkelen add-id -->\n", encoding="utf-8")
    app = build(src, "algokader-needs", confoverrides={"html_baseurl": BASE_URL + "/"})
    data = json.loads((app.outdir / "needs.json").read_text(encoding="utf-8"))
    (listing,) = lists_of(resolved(app, "index"))
    rows = [(row[0], row[1]) for row in table_rows(listing)]
    return app, data, rows


def needs_of(data: dict) -> dict[str, dict]:
    return data["versions"][data["current_version"]]["needs"]


def test_one_need_per_item_with_the_edition_as_version(exported):
    app, data, _ = exported
    assert not [w for w in warnings_of(app) if w[3] == "algokader.export"]
    assert data["current_version"] == "2026.12"
    assert list(data["versions"]) == ["2026.12"]
    version = data["versions"]["2026.12"]
    assert version["creator"]["program"] == "sphinx-algokader"
    needs = version["needs"]
    assert version["needs_amount"] == len(needs) == 63 + 108 + 22
    types = [n["type"] for n in needs.values()]
    assert (types.count("req"), types.count("mtr"), types.count("hlp")) == (63, 108, 22)
    avg02 = needs["VER_AVG_02"]
    assert avg02["urn"] == "urn:nl:ak:ver:avg-02"
    assert avg02["type"] == "req"
    assert avg02["external_url"].startswith(f"{BASE_URL}/algoritmekader/vereisten/avg-02-")
    assert "ontwerp" in avg02["levenscyclus"]
    assert avg02["content"]
    # a measure links to the requirements it names, by need id
    org16 = needs["MTR_ORG_16"]
    assert org16["vereiste"] and all(target in needs for target in org16["vereiste"])
    assert all(n["id"] == key for key, n in needs.items())


def test_the_file_is_valid_by_sphinx_needs_schema_and_its_own(exported):
    pytest.importorskip("sphinx_needs")
    import jsonschema
    from sphinx_needs.needsfile import check_needs_data

    _, data, _ = exported
    assert check_needs_data(data).schema == []  # sphinx-needs' own needs.json schema
    version = data["versions"][data["current_version"]]
    validator = jsonschema.Draft7Validator(version["needs_schema"])
    for key, need in version["needs"].items():
        assert not list(validator.iter_errors(need)), key
        assert set(need) == set(version["needs_schema"]["properties"]), key
        assert re.match(r"^[A-Z0-9_]{5,}", key)  # sphinx-needs' default needs_id_regex
        for link in ("vereiste", "maatregel"):
            assert all(target in version["needs"] for target in need[link]), (key, link)


def consumer(tmp_path: Path, exported, index: str, extra_conf: str = "") -> Path:
    """A sphinx-needs project as the how-to configures it, with the export
    as ``algokader-needs.json``."""
    app, _, _ = exported
    src = tmp_path / "consumer"
    src.mkdir()
    shutil.copy(app.outdir / "needs.json", src / "algokader-needs.json")
    (src / "conf.py").write_text(howto_block("python", "needs_fields") + extra_conf,
                                 encoding="utf-8")
    (src / "index.rst").write_text(index, encoding="utf-8")
    return src


def table_cells(html: str, column: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(rf'<td class="needs_{column}">(.*?)</td>', html, re.DOTALL)]


def test_sphinx_needs_imports_the_framework_and_its_needtable_is_our_list(exported, tmp_path):
    pytest.importorskip("sphinx_needs")
    _, data, rows = exported
    page = howto_block("rst", "needimport")
    assert ':filter: type == "req" and "ontwikkelen" in levenscyclus' in page
    app = build(consumer(tmp_path, exported, page), "html")
    assert strip_colours(app.warning.getvalue()) == ""  # imported without a warning
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    table = html[:html.index("</table>")]  # the needtable comes first on the page
    needs = needs_of(data)
    shown = sorted(zip(table_cells(table, "urn"), table_cells(table, "title")))
    ours = sorted((f"urn:nl:ak:ver:{code}", title) for code, title in rows)
    assert rows and len(shown) == len(rows)
    assert [urn for urn, _ in shown] == [urn for urn, _ in ours]
    # our title cell may add from when the requirement applies: "(geldt vanaf ...)"
    assert all(ours_title.startswith(title) for (_, title), (_, ours_title) in zip(shown, ours))
    assert all(f'id="{key}"' in html for key in needs)  # every need is imported


def test_sphinx_needs_reads_it_as_external_needs(exported, tmp_path):
    pytest.importorskip("sphinx_needs")
    page = ("Extern\n======\n\n.. needtable::\n   :filter: id == \"VER_AVG_02\"\n"
            "   :columns: id;title\n   :style: table\n")
    extra = (f'\nneeds_external_needs = [{{"base_url": "{BASE_URL}", '
             '"json_path": "algokader-needs.json"}]\n')
    app = build(consumer(tmp_path, exported, page, extra), "html")
    assert strip_colours(app.warning.getvalue()) == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    # an external need links to its page in our handbook (base_url/docname.html)
    assert re.search(rf'href="{BASE_URL}/algoritmekader/vereisten/avg-02-[^"#]*\.html#VER_AVG_02"',
                     html)


def test_same_sources_same_bytes(rootdir, tmp_path):
    out = tmp_path / "out"
    build(rootdir / "test-basic", "algokader-needs", builddir=out)
    first = (out / "algokader-needs" / "needs.json").read_bytes()
    build(rootdir / "test-basic", "algokader-needs", builddir=out)
    assert (out / "algokader-needs" / "needs.json").read_bytes() == first


def test_need_types_are_configurable(rootdir, tmp_path):
    app = build(rootdir / "test-basic", "algokader-needs", builddir=tmp_path / "out",
                confoverrides={"algokader_needs_types": {"vereiste": "requirement"}})
    data = json.loads((app.outdir / "needs.json").read_text(encoding="utf-8"))
    types = {n["type"] for n in needs_of(data).values()}
    assert "requirement" in types and "mtr" in types and "req" not in types


def test_a_bad_need_type_stops_the_build(rootdir, tmp_path):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="algokader_needs_types"):
        build(rootdir / "test-basic", "algokader-needs", builddir=tmp_path / "out",
              confoverrides={"algokader_needs_types": {"wet": "req"}})


TEXTS = [
    "Een *ster*, `code`, snake_case_ en |vervanging| en [tekst](doel) en <tag>.",
    "Geld: $5 en {rol}`x` en # geen kop en \\ een backslash.",
    "Let op::",
    "----",
    "Twee alinea's.\n\nDe tweede.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_content_reads_as_written_in_rest_and_myst(text):
    """Statements are plain text; escaped, neither markup reads markup in them."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser as MystParser

    settings = {"report_level": 1, "halt_level": 5, "warning_stream": io.StringIO()}
    for parser in (None, MystParser()):
        kwargs = {"parser": parser} if parser is not None else {}
        doctree = publish_doctree(plain_content(text), settings_overrides=settings, **kwargs)
        assert not list(doctree.findall(nodes.system_message)), (parser, text)
        paragraphs = [p.astext() for p in doctree.findall(nodes.paragraph)]
        assert paragraphs == text.split("\n\n"), (parser, text, paragraphs)


def test_list_items_stay_lists():
    from docutils import nodes
    from docutils.core import publish_doctree

    doctree = publish_doctree(plain_content("Stappen:\n\n- een\n- twee\n\n1. drie"),
                              settings_overrides={"warning_stream": io.StringIO()})
    assert len(list(doctree.findall(nodes.list_item))) == 3
    assert not list(doctree.findall(nodes.system_message))
