"""sphinx-algokader: the Dutch Algoritmekader in any Sphinx handbook.

``setup()`` is a flat list of registrations; see ``README.md`` for the data
flow (source-read -> markers/directives -> collector -> post-transform).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from sphinx_algokader.version import __version__

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    from sphinx_algokader import (
        changes,
        collector,
        config,
        directives,
        downloads,
        embed,
        export,
        gcpause,
        i18n,
        interactive,
        markers,
        mkdocs,
        navigation,
        needs,
        nodes,
        offline,
        oscal,
        records,
        resolve,
        source,
        table,
        validate,
    )

    # The framework is written in Markdown: MyST is part of the extension,
    # unless myst-nb (which reads MyST Markdown and notebooks with its own
    # parser, and registers ``.md`` itself) is loaded already.
    if "myst_nb" not in app.extensions:
        app.setup_extension("myst_parser")

    config.setup(app)
    embed.setup(app)
    nodes.setup(app)
    source.setup(app)
    gcpause.setup(app)
    markers.setup(app)
    directives.setup(app)
    collector.setup(app)
    validate.setup(app)
    export.setup(app)
    resolve.setup(app)
    records.setup(app)
    changes.setup(app)
    oscal.setup(app)
    needs.setup(app)
    table.setup(app)
    interactive.setup(app)
    downloads.setup(app)
    mkdocs.setup(app)
    navigation.setup(app)
    offline.setup(app)

    i18n.setup(app)
    i18n.add_message_catalog(app)

    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
