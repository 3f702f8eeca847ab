"""The extension's own texts in the handbook's language: its message
catalog (``locale/``) and the function that translates with it.

Column headers, status and label names are not here: they come from the
vocabulary (``vocabulary.py``) and the records' names (``records/model.py``),
Dutch or English by ``language``."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

CATALOG = "sphinx_algokader"

#: the catalog's translation function: ``_("Search")``
_ = get_translation(CATALOG)


def add_message_catalog(app: Sphinx) -> None:
    """Load the catalog for the handbook's ``language`` (again when the
    compat mode takes the language from ``mkdocs.yml``)."""
    app.add_message_catalog(CATALOG, str(Path(__file__).parent / "locale"))
