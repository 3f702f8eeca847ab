"""HTML-only extras: search, filters, the AI Act profile, and the download links.

``InteractiveLists`` runs after the lists are resolved, only for the html
and dirhtml builders, so no other writer sees what it adds: a control panel
(hidden until the script shows it, so without JavaScript the full table
shows and nothing is broken), links to the list's downloads
(``downloads.py``), and the list's rows as a JSON data island
(``<script type="application/json">``, read with ``JSON.parse``), all
three ``table.algokader_html`` nodes, whose HTML waits past Sphinx's
``repr()`` of the page. It reads a list's spec and rows from the index
(``index.list_rows``), by the docname and position the resolved
container carries. The script and style
sheet are added only to pages that hold a list or badges.

Records views (``records/views.py``) get the same panel and data island,
read from ``views.view_labels``: search and a filter per key of the view's
``FILTER_KEYS``, no AI Act profile and no downloads. ``algokader.js``
handles both alike, by the ``algokader-list`` class of their containers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

import sphinx_algokader.records.views as views
from sphinx_algokader.columns import COLUMNS
from sphinx_algokader.downloads import BUILDERS, add_download_links
from sphinx_algokader.i18n import _
from sphinx_algokader.index import Index, Row, get_index, list_rows, list_use
from sphinx_algokader.model import AI_ACT_KEYS, Item
from sphinx_algokader.records.model import COVERAGES, STATUSES
from sphinx_algokader.resolve import resolved_list
from sphinx_algokader.spec import ListSpec
from sphinx_algokader.table import (
    algokader_html,
    algokader_table,
    hidden_name,
    html_escape,
    table_label,
)
from sphinx_algokader.vocabulary import Vocabulary, get_vocabulary


STATIC = Path(__file__).parent / "static"


def _data_island(json_text: str) -> str:
    return f'<script type="application/json" class="algokader-data">{json_text}</script>'


def _esc(text: str) -> str:
    return html_escape(text, quote=True)


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _filter_html(key: str, label: str, options: Sequence[tuple[str, str]]) -> str:
    """A filter's checkboxes: ``options`` are (value, shown name) pairs, in order."""
    boxes = "".join(
        f'<label class="algokader-option"><input type="checkbox" value="{_esc(value)}"> '
        f"{_esc(name)}</label>"
        for value, name in options)
    legend = _("Filter on %s") % label.lower()
    return (f'<details class="algokader-filter" data-key="{_esc(key)}">'
            f'<summary>{_esc(label)}<span class="algokader-filter-count"></span></summary>'
            f'<fieldset><legend class="algokader-visually-hidden">{_esc(legend)}</legend>'
            f"{boxes}</fieldset></details>")


def _search_html(list_id: str, label: str) -> str:
    search_id = f"{list_id}-search"
    return (f'<div class="algokader-field algokader-search"><label for="{search_id}">'
            f'{_esc(_("Search"))}{hidden_name(label)}</label><input type="search" '
            f'id="{search_id}" autocomplete="off"></div>')


def _panel_html(parts: Sequence[str]) -> str:
    """The control panel around ``parts``, with the result count; "" for none."""
    if not parts:
        return ""
    one, other = _("1 result"), _("%s results") % "{n}"
    count = (f'<p class="algokader-count" role="status" aria-live="polite" '
             f'data-one="{_esc(one)}" data-other="{_esc(other)}"></p>')
    return f'<div class="algokader-controls" hidden>{"".join(parts)}{count}</div>'


def _in_order(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """``values`` in the order of ``order``, unknown ones after, sorted."""
    rank = {v: n for n, v in enumerate(order)}
    return sorted(set(values), key=lambda v: (rank.get(v, len(order)), v))


def _profile_html(list_id: str, vocabulary: Vocabulary, language: str | None) -> str:
    fields = []
    for key in AI_ACT_KEYS:
        entry = vocabulary.labels.get(key)
        if entry is None:
            continue
        options = "".join(
            f'<label class="algokader-option"><input type="checkbox" value="{_esc(value)}"> '
            f"{_esc(name.pick(language))}</label>" for value, name in entry.values.items())
        fields.append(f'<fieldset class="algokader-field" data-key="{_esc(key)}">'
                      f"<legend>{_esc(entry.name.pick(language))}</legend>{options}</fieldset>")
    return (f'<details class="algokader-profile"><summary>{_esc(_("AI Act profile"))}'
            f'<span class="algokader-profile-state"></span></summary>'
            f'<p class="algokader-help">{_esc(_("Choose what your AI system is, to see only the requirements that apply to it. Your choice is kept for every page of this handbook."))}</p>'
            f'<div class="algokader-fields">{"".join(fields)}</div>'
            f'<p class="algokader-profile-actions">'
            f'<button type="button" class="algokader-profile-clear">{_esc(_("Clear profile"))}</button> '
            f'<a class="algokader-profile-link" href="">{_esc(_("Link to this profile"))}</a></p>'
            f"</details>")


def controls_html(spec: ListSpec, rows: Sequence[Row], list_id: str,
                  vocabulary: Vocabulary, language: str | None, label: str = "") -> str:
    """The control panel of a list (``label``: its table's name)."""
    parts = []
    if spec.search:
        parts.append(_search_html(list_id, label))
        for name in spec.columns:
            column = COLUMNS[name]
            key = column.label
            if not key:
                continue
            present = {v for row in rows if isinstance(row, Item) for v in row.labels.get(key, ())}
            if not present:
                continue
            entry = vocabulary.labels.get(key)
            values = _in_order(present, list(entry.values) if entry is not None else [])
            header = column.header_text(spec.kind, vocabulary, language)
            parts.append(_filter_html(key, header, [
                (value, vocabulary.value_name(key, value, language)) for value in values]))
    # the reader's profile, as the build-time one, never filters an item
    # page's own relations: a measure serves its requirements, whatever the
    # reader's situation
    if spec.kind == "vereiste" and not spec.relation \
            and any(isinstance(r, Item) and any(k in r.labels for k in AI_ACT_KEYS)
                    for r in rows):
        parts.append(_profile_html(list_id, vocabulary, language))
    return _panel_html(parts)


def rows_json(index: Index, rows: Sequence[Row]) -> str:
    """The data island of a list: ``{"rows": [{"labels": {...}}, ...]}``,
    each item's part made once per build (docname -> JSON, in a memo of the
    index)."""
    memo = index.memo("interactive.rows_json")
    parts = []
    for row in rows:
        if isinstance(row, str):
            parts.append('{"labels":{}}')
            continue
        part = memo.get(row.docname)
        if part is None:
            part = memo[row.docname] = _json_for_script(
                {"labels": {k: list(v) for k, v in row.labels.items()}})
        parts.append(part)
    return '{"rows":[' + ",".join(parts) + "]}"


def _view_options(env: BuildEnvironment, key: str, values: Iterable[str],
                  vocabulary: Vocabulary, language: str | None) -> list[tuple[str, str]]:
    """(value, name) pairs of a records view's filter, in the canonical
    order: statuses and coverages in workflow order, labels (a phase is a
    ``levenscyclus`` value) in the vocabulary's."""
    if key == "status":
        return [(v, views.status_name(env, v)) for v in _in_order(values, STATUSES)]
    if key == "dekking":
        return [(v, views.coverage_name(env, v)) for v in _in_order(values, COVERAGES)]
    label = views.vocabulary_key(key)
    entry = vocabulary.labels.get(label)
    return [(v, vocabulary.value_name(label, v, language))
            for v in _in_order(values, list(entry.values) if entry is not None else [])]


def view_controls_html(env: BuildEnvironment, spec: views.ViewSpec,
                       rows: Sequence[Mapping[str, Sequence[str]]], view_id: str,
                       vocabulary: Vocabulary, language: str | None,
                       label: str = "") -> tuple[str, list[str]]:
    """The control panel of a records view, as lists have it (search, then a
    filter for each of the view's filter keys whose column shows and whose
    rows carry values; no AI Act profile), and the keys filtered on.
    ``rows``: each row's filter values (``views.view_labels``); ``label``:
    the table's name."""
    if not spec.search or not rows:
        return "", []
    parts, keys = [_search_html(view_id, label)], []
    columns = views.COLUMNS[spec.view]
    for key in views.FILTER_KEYS[spec.view]:
        if key in columns and key not in spec.columns:
            continue
        present = {v for labels in rows for v in labels.get(key, ())}
        if not present:
            continue
        header = (columns[key].header.pick(language) if key in columns
                  else vocabulary.key_name(key, language))
        parts.append(_filter_html(key, header,
                                  _view_options(env, key, present, vocabulary, language)))
        keys.append(key)
    return _panel_html(parts), keys


def view_rows_json(rows: Sequence[Mapping[str, Sequence[str]]], keys: Sequence[str],
                   memo: dict[Any, Any] | None = None) -> str:
    """The data island of a records view: each row's values of ``keys``
    (its filters) only. A view has no profile box, so the script never
    applies the reader's stored AI Act profile to its rows.

    Rows repeat their values (a measure with one status, in every table of
    a profile): ``memo``, (key, values) pairs -> their part of the JSON,
    makes each part once per build. The rows of one measure and status
    share one dict of values (``views._status_rows``), so the memo also
    knows a dict by its id and the keys shown ((id, keys) -> (the dict,
    its part): the entry keeps the dict, so that its id cannot be re-used)."""
    if memo is None:
        memo = {}
    keys = tuple(keys)
    parts = []
    for labels in rows:
        known = memo.get((id(labels), keys))
        if known is not None and known[0] is labels:
            parts.append(known[1])
            continue
        shown = tuple((k, tuple(labels[k])) for k in keys if k in labels)
        part = memo.get(shown)
        if part is None:
            part = memo[shown] = _json_for_script({"labels": {k: list(v) for k, v in shown}})
        memo[(id(labels), keys)] = (labels, part)
        parts.append(part)
    return '{"rows":[' + ",".join(parts) + "]}"


def _interactive_view(container: nodes.container, env: BuildEnvironment,
                      vocabulary: Vocabulary, language: str | None) -> None:
    docname = container["algokader_view_docname"]
    position = container["algokader_view_position"]
    table = next((n for n in container.children if isinstance(n, algokader_table)), None)
    if table is None:  # an empty view: a sentence, nothing to filter or download
        return
    label = table.get("label", "")
    add_download_links(container, docname, container["ids"][0], env.config, label)
    rows = views.view_labels(env, docname, position)
    controls, keys = view_controls_html(env, views.view_use(env, docname, position).spec, rows,
                                        container["ids"][0], vocabulary, language, label)
    if not controls:
        return
    container.insert(container.index(table), algokader_html(html=controls))
    container += algokader_html(html=_data_island(
        view_rows_json(rows, keys, get_index(env).memo("interactive.view_rows_json"))))


class InteractiveLists(SphinxPostTransform):
    default_priority = 6  # right after ResolvePlaceholders
    builders = BUILDERS

    def run(self, **kwargs: Any) -> None:
        vocabulary = get_vocabulary(self.config.algokader_vocabulary)
        language = self.config.language
        index = get_index(self.env)
        for container in list(self.document.findall(nodes.container)):
            found = resolved_list(container)
            if found is None:
                if container.get("algokader_view_docname") is not None:
                    _interactive_view(container, self.env, vocabulary, language)
                continue
            docname, position = found
            spec = list_use(self.env, docname, position).spec
            rows = list_rows(self.env, docname, position)
            list_id = container["ids"][0]
            label = table_label(container)
            controls = controls_html(spec, rows, list_id, vocabulary, language, label)
            if controls:
                container.insert(0, algokader_html(html=controls))
            if not spec.relation:  # an item page's own relations: no downloads
                add_download_links(container, docname, list_id, self.config, label)
            container += algokader_html(html=_data_island(rows_json(index, rows)))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    """Only pages with a list, badges or a collapsible get the script and style."""
    if doctree is None or app.builder.format != "html":
        return
    body = context.get("body", "")
    if "algokader-" in body or "<details" in body:
        app.add_css_file("algokader.css")
        if "algokader-controls" in body:
            app.add_js_file("algokader.js", loading_method="defer")


def _add_static_path(app: Sphinx, config: Any) -> None:
    """The script and style's folder, for HTML builders (others do not read
    it). Added when the configuration is read, so that the environment
    keeps the value conf.py gives plus this, and the next build does not
    find the configuration changed."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> None:
    app.add_post_transform(InteractiveLists)
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", add_assets)
