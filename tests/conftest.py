"""Shared fixtures: Sphinx's own testing fixtures and helpers to read lists."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from docutils import nodes

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "algoritmekader-v2.5.1"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def build(srcdir: Path, buildername: str = "html", **kwargs):
    """Build ``srcdir`` once with a test application (for module fixtures)."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(buildername, srcdir=srcdir, freshenv=True, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def make_handbook(folder: Path, conf: str, files: Mapping[str, str]) -> Path:
    """A handbook in ``folder``: ``conf.py`` and each file (its path in the
    handbook -> its text, UTF-8), with the folders they need; returns ``folder``."""
    for relative, text in {"conf.py": conf, **files}.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def mtimes(outdir: Path) -> dict[str, int]:
    """Output page -> its modification time: which pages a build wrote."""
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns
            for p in Path(outdir).rglob("*.html") if "_static" not in p.parts}


def embed_conf(language: str = "nl") -> str:
    """The conf.py of a handbook that embeds the framework."""
    return f'extensions = ["sphinx_algokader"]\nalgokader_embed = True\nlanguage = "{language}"\n'


#: a page showing every algorithm record (``algoritmen_overzicht``)
OVERVIEW_PAGE = "# Overzicht\n\n<!-- algoritmen_overzicht -->\n"


def toctree_page(title: str, *entries: str) -> str:
    """A page titled ``title`` whose toctree holds ``entries``."""
    return f"# {title}\n\n```{{toctree}}\n" + "".join(f"{e}\n" for e in entries) + "```\n"


def embedded_handbook(folder: Path, language: str = "nl") -> Path:
    """A fresh handbook holding only conf.py and index.md, embedding the framework."""
    return make_handbook(folder, embed_conf(language),
                         {"index.md": toctree_page("Ons handboek", "algoritmekader/index")})


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def serve(directory: Path):
    """An HTTP server on 127.0.0.1 for ``directory``; yields its base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D401 - no request log in test output
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, driven by Playwright; skips when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def copy_corpus(tmp: Path) -> Path:
    """A writable copy of the official corpus under ``tmp``, set up to build
    in compat mode; returns the copy's root (build ``root / "docs"``)."""
    target = tmp / "corpus"
    shutil.copytree(CORPUS, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (target / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n')
    return target


def resolved(app, docname: str) -> nodes.document:
    """The doctree of ``docname`` after all post-transforms."""
    import inspect

    kwargs = {}
    if "tags" in inspect.signature(app.env.get_and_resolve_doctree).parameters:
        kwargs["tags"] = app.builder.tags  # Sphinx 9 wants it, 8.2 does not know it
    return app.env.get_and_resolve_doctree(docname, app.builder, **kwargs)


def lists_of(doctree: nodes.document) -> list[nodes.Element]:
    """Every list (table container or empty sentence) on a page, in order."""
    return [n for n in doctree.findall(nodes.Element) if "algokader-list" in n["classes"]]


def table_rows(element: nodes.Element) -> list[list[str]]:
    """The body rows of a list as cell texts; [] for an empty sentence.

    A list's table is one ``algokader_table`` node; for builders that do not
    write HTML, the post-transforms have expanded it into the docutils table
    the writer sees, which is read here as such, as a reader sees it: in
    LaTeX without the zero-width spaces where a line may break."""
    from sphinx_algokader.table import algokader_table

    for table in element.findall(algokader_table):
        return table.cell_texts()
    return [[entry.astext().replace("\u200b", "") for entry in row.findall(nodes.entry)]
            for tbody in element.findall(nodes.tbody) for row in tbody.children]


def header(element: nodes.Element) -> list[str]:
    from sphinx_algokader.table import algokader_table

    for table in element.findall(algokader_table):
        return list(table["header"])
    return [entry.astext() for thead in element.findall(nodes.thead)
            for entry in thead.findall(nodes.entry)]


def titles(element: nodes.Element) -> list[str]:
    """The row titles of a list (the column after an optional ID column)."""
    cols = header(element)
    at = 1 if cols and cols[0] == "ID" else 0
    return [row[at] for row in table_rows(element)]


_WARNING_RE = re.compile(r"^(?P<path>[^\n]*?):(?P<line>\d+)?:? WARNING: (?P<msg>.*?)(?: \[(?P<type>[\w.]+)\])?$")


def warnings_of(app) -> list[tuple[str, str, str, str]]:
    """(file name, line, message, type.subtype) for each warning, colours stripped."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    out = []
    for line in text.splitlines():
        match = _WARNING_RE.match(line)
        if match:
            out.append((Path(match["path"]).name if match["path"] else "",
                        match["line"] or "", match["msg"], match["type"] or ""))
        elif line.strip():
            out.append(("", "", line, ""))
    return out
