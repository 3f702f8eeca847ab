"""A test extension: on every page, the navigation the extension gives and
the one Sphinx's own ``toctree()`` gives, for the arguments themes pass.

Sphinx's ``toctree()`` is taken from the page context before the
extension replaces it (priority 300, before 400) and both are called after
(priority 600). Each page's results go to ``OUTDIR/../navcheck/PAGE.json``
(a file per page: under ``-j N`` pages are written in other processes).
"""

from __future__ import annotations

import json
from pathlib import Path

#: the toctree() arguments of the themes the docs name
ARGUMENTS = {
    "alabaster": {"includehidden": True, "collapse": True},
    "basic-default": {},
    "globaltoc": {"includehidden": True, "collapse": False, "maxdepth": 10},
    "rtd": {"maxdepth": 4, "collapse": True, "includehidden": True, "titles_only": False},
    "furo": {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True},
    "depth-2": {"collapse": False, "includehidden": True, "maxdepth": 2},
    "depth-1": {"collapse": True, "includehidden": True, "maxdepth": 1},
    "titles": {"collapse": True, "includehidden": False, "titles_only": True},
}


def folder(outdir) -> Path:
    return Path(outdir).parent / "navcheck"


def _stash(app, pagename, templatename, context, doctree):
    context["navcheck_sphinx"] = context.get("toctree")


def _compare(app, pagename, templatename, context, doctree):
    ours, theirs = context.get("toctree"), context.get("navcheck_sphinx")
    if not callable(ours) or not callable(theirs):
        return
    arguments = app.config.navcheck_arguments or ARGUMENTS
    record = {name: [ours(**kwargs), theirs(**kwargs)] for name, kwargs in arguments.items()}
    record["replaced"] = ours is not theirs
    out = folder(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / (pagename.replace("/", "__") + ".json")).write_text(json.dumps(record))


def read(outdir) -> dict[str, dict]:
    """page -> {arguments name: [ours, Sphinx's], "replaced": bool}."""
    return {p.stem.replace("__", "/"): json.loads(p.read_text())
            for p in folder(outdir).glob("*.json")}


def setup(app):
    app.add_config_value("navcheck_arguments", None, "html")
    app.connect("html-page-context", _stash, priority=300)
    app.connect("html-page-context", _compare, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
