"""Checks that need the whole index, run once per build after reading.

Local problems (a bad token, an empty front-matter item, broken YAML) are
reported while a page is read; what needs every page (duplicate ids, names
that resolve to nothing, filters on keys or values nobody uses) is reported
here, on ``env-check-consistency``, at the page and line it concerns.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_algokader.collector import front_matter_line, get_index, get_store
from sphinx_algokader.diagnostics import warn
from sphinx_algokader.model import KNOWN_LABEL_KEYS, RELATION_KEYS
from sphinx_algokader.vocabulary import get_vocabulary


def check_items(env: BuildEnvironment) -> None:
    index = get_index(env)
    by_urn: dict[str, list[str]] = {}
    for kind_items in index.by_kind.values():
        for item in kind_items:
            if item.urn:
                by_urn.setdefault(item.urn, []).append(item.docname)
            for key, names in item.relations.items():
                for name in names:
                    if index.resolve(key, name) is None:
                        warn("dangling_relation",
                             f"{key}: {name!r} names no {key} in this handbook",
                             (item.docname, front_matter_line(env, item.docname, key, name)))
    for urn, docnames in sorted(by_urn.items()):
        first, *others = docnames
        for other in others:
            warn("duplicate_id",
                 f"id {urn!r} is also used by {env.doc2path(first, False).as_posix()}",
                 (other, front_matter_line(env, other, "id")))


def check_lists(env: BuildEnvironment) -> None:
    index = get_index(env)
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    for docname, uses in sorted(get_store(env).lists.items()):
        for use in uses:
            for key, value in use.spec.filters:
                where = (docname, use.line)
                if key in RELATION_KEYS:
                    if index.resolve(key, value) is None and value not in index.values_seen.get(key, ()):
                        warn("unknown_value",
                             f"filter {key}/{value}: no {key} is named {value!r}", where)
                    continue
                if key not in index.values_seen and key not in vocabulary.labels \
                        and key not in KNOWN_LABEL_KEYS:
                    warn("unknown_key", f"filter {key}/{value}: no item has the key {key!r}",
                         where)
                elif value not in index.values_seen.get(key, ()) \
                        and not vocabulary.knows(key, value):
                    warn("unknown_value",
                         f"filter {key}/{value}: no item carries {value!r} and the "
                         f"vocabulary of {key!r} does not list it", where)


def _on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    check_items(env)
    check_lists(env)


def setup(app: Sphinx) -> None:
    app.connect("env-check-consistency", _on_check_consistency)
