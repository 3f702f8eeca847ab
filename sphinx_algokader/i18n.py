"""The extension's own texts in the handbook's language: its message
catalog (``locale/``) and the function that translates with it; and the
language a page's own text is in (``page_language``).

Column headers, status and label names are not here: they come from the
vocabulary (``vocabulary.py``) and the records' names (``records/model.py``),
Dutch or English by ``language``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from sphinx_algokader.index import get_index

CATALOG = "sphinx_algokader"

#: the catalog's translation function: ``_("Search")``
_ = get_translation(CATALOG)


def add_message_catalog(app: Sphinx) -> None:
    """Load the catalog for the handbook's ``language`` (again when the
    compat mode takes the language from ``mkdocs.yml``)."""
    app.add_message_catalog(CATALOG, str(Path(__file__).parent / "locale"))


def page_language(app: Sphinx, docname: str, doctree: nodes.document | None = None
                  ) -> str | None:
    """The language of a page's own text when it differs from the
    handbook's: the framework's (``algokader_content_language``) on its
    item pages and on the pages of the embedded framework; None otherwise,
    and for a page whose title the handbook's translations translated
    (``locale_dirs``: the page reads in the handbook's language). A screen
    reader reads a page in the language its ``<html lang>`` says, and a
    browser hyphenates by it."""
    content = app.config.algokader_content_language
    language = app.config.language or "en"
    if not content or content.split("_")[0] == language.split("_")[0]:
        return None
    if doctree is not None and _title_translated(doctree):
        return None
    folder = app.config.algokader_embed_dir.strip("/")
    embedded = app.config.algokader_embed and (docname == folder
                                               or docname.startswith(folder + "/"))
    return content if embedded or docname in get_index(app.env).items else None


def _title_translated(doctree: nodes.document) -> bool:
    """Whether the handbook's translations hold the page's title (Sphinx
    marks a node it found a translation for ``translated``, also one the
    translator kept as it was)."""
    section = next(doctree.findall(nodes.section), None)
    return section is not None and bool(section[0].get("translated"))


def _set_page_language(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: nodes.document | None) -> None:
    """``<html lang>`` of a page in the framework's language (the
    templates read ``language``; the Read the Docs theme ``lang_attr``)."""
    if doctree is None:
        return
    found = page_language(app, pagename, doctree)
    if found is not None:
        context["language"] = context["lang_attr"] = found


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _set_page_language)
