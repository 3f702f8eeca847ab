"""The token grammar and the Markdown fixes, tested on their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_algokader.source import preprocess_markdown
from sphinx_algokader.spec import COLUMNS, MARKERS, parse_tokens, read_tokens

TOKEN_CHARS = st.characters(blacklist_categories=("Cs",))
TOKENS = st.lists(
    st.one_of(
        st.text(TOKEN_CHARS, max_size=12),
        st.sampled_from(["no-rol", "add-id", "no-", "add-", "/", "a/", "/b", "rol/jurist",
                         "no-search", "add-wetcode", "vereiste/avg-02", "--", "no-no-rol"]),
    ),
    max_size=8,
).map(" ".join)


@given(tokens=TOKENS, marker=st.sampled_from(sorted(MARKERS)))
@settings(max_examples=300, deadline=None)
def test_any_tokens_parse_without_exception(tokens, marker):
    kind, relation = MARKERS[marker]
    spec, problems = parse_tokens(kind, relation, tokens)
    assert set(spec.columns) <= set(COLUMNS)
    for subtype, message in problems:
        assert subtype in {"bad_token", "unknown_column"}
        assert message


def test_filters_and_columns():
    spec, problems = parse_tokens("vereiste", "", "levenscyclus/ontwerp rol/jurist no-rol add-id no-search")
    assert problems == []
    assert spec.filters == (("levenscyclus", "ontwerp"), ("rollen", "jurist"))
    assert spec.columns == ("id", "title", "wetcode", "levenscyclus", "onderwerp")
    assert spec.search is False
    spec, problems = parse_tokens("maatregel", "", "add-wetcode no-kleur zomaar")
    assert [p[0] for p in problems] == ["unknown_column", "unknown_column", "bad_token"]


@given(tokens=TOKENS)
@settings(max_examples=200, deadline=None)
def test_lists_views_and_changes_read_tokens_alike(tokens):
    """One grammar for every marker: a token that is no filter and no switch
    is the same bad_token for a list and a records view, with the same words,
    and the changes marker finds a problem in it too; ``rol/`` is ``rollen/``
    for lists and views alike."""
    from sphinx_algokader.changes import parse_changes
    from sphinx_algokader.records.views import parse_view

    lists, list_problems = parse_tokens("vereiste", "", tokens)
    view, view_problems = parse_view("status", tokens)
    _, change_problems = parse_changes(tokens)
    bad = [message for subtype, message in list_problems if subtype == "bad_token"]
    assert bad == [message for subtype, message in view_problems if subtype == "bad_token"
                   and " is not one of " not in message]  # (a status no view knows)
    for token in read_tokens(tokens):  # a bad token is a problem for the changes too
        if token.problem:
            assert any(repr(token.text) in said for _, said in change_problems), token
    assert [key for key, _ in lists.filters] == [key for key, _ in view.filters]
    assert "rol" not in {key for key, _ in lists.filters}


@pytest.mark.parametrize("marker_text", [
    "<!-- list_vereisten {} -->",
    "```{{list-vereisten}} {}\n```",
])
@given(tokens=TOKENS)
@settings(max_examples=25, deadline=None)
def test_markers_and_directives_in_a_build_never_crash(tmp_path_factory, marker_text, tokens):
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("prop")
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\n')
    safe = tokens.replace("-->", "").replace("`", "").replace("\n", " ")
    (src / "index.md").write_text("# T\n\n" + marker_text.format(safe) + "\n")
    app = SphinxTestApp("text", srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert (app.outdir / "index.txt").exists()
    for line in app.warning.getvalue().splitlines():
        if "WARNING" in line:
            assert "[algokader." in line or "[myst." in line, line


def _lines(text):
    return text.count("\n")


def test_front_matter_title_becomes_h1_on_a_blank_line():
    text = "---\ntitle: Titel *met* <b>opmaak</b>\nid: x\n---\n\n## Vereiste\n"
    out = preprocess_markdown(text, "doc")
    assert _lines(out) == _lines(text)
    assert out.splitlines()[4] == r"# Titel \*met\* \<b\>opmaak\<\/b\>"


def test_front_matter_title_without_blank_line_keeps_lines():
    text = "---\ntitle: Titel\nid: urn:nl:ak:ver:avg-02\nlevenscyclus:\n- ontwerp\n---\n<!-- tags -->\n## Vereiste\n"
    out = preprocess_markdown(text, "doc")
    assert _lines(out) == _lines(text)
    lines = out.splitlines()
    assert lines[6] == "<!-- tags -->"
    assert lines[5] == "# Titel"
    import yaml
    assert yaml.safe_load("\n".join(lines[1:4])) == {
        "title": "Titel", "id": "urn:nl:ak:ver:avg-02", "levenscyclus": ["ontwerp"]}


@pytest.mark.parametrize("dumper", ["CSafeDumper", "SafeDumper"])
def test_a_squeezed_front_matter_reads_back_as_the_same_values(dumper, monkeypatch):
    """The line that makes room for the H1 holds every kind of value a
    front matter can: what MyST (``yaml.safe_load``) and the C loader read
    back is what the page said, on one line; with libyaml's emitter and
    with PyYAML's own (where PyYAML has no libyaml)."""
    import datetime

    import yaml

    from sphinx_algokader import source
    from sphinx_algokader.source import squeeze_front_matter

    monkeypatch.setattr(source, "_Dumper", getattr(yaml, dumper))

    data = {
        "title": "Titel", "datum": datetime.date(2025, 2, 2),
        "tijd": datetime.datetime(2025, 2, 2, 10, 30, tzinfo=datetime.timezone.utc),
        "geheel": 3, "octaal": 0o17, "kommagetal": 2.5, "oneindig": float("inf"),
        "ja": True, "nee": False, "niets": None, 7: "key that is a number",
        "lijkt-op": ["2025-02-02", "3", "2.5", "yes", "null", "~", "true", ""],
        "regels": "een\ntwee\x85drie\u2028vier", "tekens": "é ’ 😀 \"q\" 'q' #: - [x]",
        "genest": [{"datum": datetime.date(2027, 8, 2), "voorwaarde": "a, b"}, [1, [None]]],
        "leeg": {}, "lege-lijst": [],
    }
    flow = squeeze_front_matter(data)
    assert "\n" not in flow
    assert yaml.safe_load(flow) == data
    assert yaml.load(flow, Loader=yaml.CSafeLoader) == data  # noqa: S506 (a safe loader)
    text = "---\n" + yaml.safe_dump(data) + "---\n<!-- tags -->\n"
    out = preprocess_markdown(text, "doc")
    assert _lines(out) == _lines(text)
    lines = out.splitlines()
    # (U+0085, a control character no PDF can hold, reads as a space)
    assert yaml.safe_load("\n".join(lines[1:lines.index("---", 1)])) == {
        **data, "regels": "een\ntwee drie\u2028vier"}


def test_page_with_own_h1_keeps_it():
    text = "---\ntitle: Front\n---\n\n# Eigen titel\n"
    assert preprocess_markdown(text, "doc") == text
    setext = "---\ntitle: Front\n---\n\nEigen titel\n===========\n"
    assert preprocess_markdown(setext, "doc") == setext
    fenced = "---\ntitle: Front\n---\n\n```\n# geen kop\n```\n"
    assert preprocess_markdown(fenced, "doc").splitlines()[3] == "# Front"


def test_heading_attribute_lists_are_removed():
    text = "# T\n\n## Vereisten { data-search-exclude }\n\n```\n## code { x }\n```\n"
    out = preprocess_markdown(text, "doc")
    assert "## Vereisten\n" in out
    assert "## code { x }" in out  # code is left alone


RECORD_SHAPES = [
    # block mapping, then another key
    "title: T\nalgoritme:\n  id: a\n  maatregelen:\n    org-01: {status: gereed}\nid: x\n",
    # the last key, with a blank line and a comment inside
    "title: T\nalgoritme:\n  id: a\n\n# note\n  eigenaar: Team\n",
    # flow mapping on the key's line
    "algoritme: {id: a, fase: ontwerp}\ntitle: T\n",
    # a flow mapping over several lines
    "title: T\nalgoritme: {id: a,\n  fase: ontwerp}\nid: x\n",
    # a quoted key: the scan does not see it, the YAML's marks do
    "title: T\n\"algoritme\":\n  id: a\nid: x\n",
    # the key's value ends in the middle of a line of the next key (flow)
    "title: T\nalgoritme:\n  id: a\nlevenscyclus:\n- ontwerp\n",
]


@pytest.mark.parametrize("front", RECORD_SHAPES)
def test_record_is_handed_over_and_the_rest_left_to_myst(front):
    import yaml

    class Env:  # what preprocess_markdown reads of the environment
        class config:  # noqa: N801
            algokader_statuses: dict = {}

    from sphinx_algokader.index import get_store
    env = Env()
    text = f"---\n{front}---\n\n# Kop\n"
    out = preprocess_markdown(text, "doc", env=env)
    assert _lines(out) == _lines(text)  # warnings keep their line numbers
    expected = yaml.safe_load(front)
    from sphinx_algokader.records.model import decode_algorithm
    assert get_store(env).read_records["doc"] == decode_algorithm("doc", expected.pop("algoritme"))
    rest = out.split("---\n")[1]
    assert (yaml.safe_load(rest) or {}) == expected


def test_a_record_that_ends_the_front_matter_leaves_myst_none_of_its_lines():
    """MyST parses the front matter twice with PyYAML's pure-Python
    scanner, blank lines included: when the record is the last key, the
    closing --- moves up to its first line, and every line keeps its number."""
    class Env:
        class config:  # noqa: N801
            algokader_statuses: dict = {}

    text = ("---\ntitle: T\nalgoritme:\n  id: a\n  maatregelen:\n    org-01: gereed\n"
            "    org-02: {status: te-doen}\n---\n\n## Sectie\n")
    out = preprocess_markdown(text, "doc", env=Env())
    assert _lines(out) == _lines(text)
    assert out.splitlines()[:4] == ["---", "title: T", "---", "# T"]
    assert out.splitlines()[9] == "## Sectie"


def test_records_come_back_from_the_environment_pickle_unchanged():
    """An incremental build reads the records from the pickled environment."""
    import pickle

    from sphinx_algokader.records.model import MeasureRecord, decode_algorithm
    algorithm, _ = decode_algorithm("doc", {"id": "a", "maatregelen": {
        "org-01": {"status": "gereed", "toelichting": "Klaar.", "verantwoordelijke": "J.",
                   "bewijs": ["verslag", "https://example.org/x"]},
        "org-02": {"status": "te-doen"}}})
    records = algorithm.records + (MeasureRecord("org-03", "gereed", source="s.csv", line=4),)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(records, protocol))
        assert back == records and all(type(r) is MeasureRecord for r in back)
        assert [(r.source, r.line) for r in back] == [(r.source, r.line) for r in records]


def test_mkdocs_tags_read_as_their_text():
    """mkdocs.yml's own tags (``!ENV``, ``!!python/name:``) are kept as
    written, so that the build and ``sphinx-algokader diff`` see the same
    value (and never construct Python objects)."""
    import yaml

    from sphinx_algokader.mkdocs.site import TolerantLoader

    data = yaml.load("a: !ENV SITE_URL\nb: !ENV [X, docs]\n"  # noqa: S506 (a safe loader)
                     "c: !!python/name:material.extensions.emoji.twemoji\n",
                     Loader=TolerantLoader)
    assert data == {"a": "!ENV SITE_URL", "b": ["X", "docs"],
                    "c": "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji"}


YAML_CASES = [
    "title: T\nalgoritme:\n  maatregelen:\n    org-01: {status: gereed, bewijs: [a, b]}\n",
    "a: 2024-01-01\nb: yes\nc: ~\nd: 1.5\ne: '007'\nf: 12\n",  # scalars of every type
    "a: &x {b: 1}\nc: *x\n",                                  # an alias
    "<<: {a: 1}\nb: 2\n",                                     # a merge key
    "? 1\n: one\n",                                           # a key that is no string
    "a: !!str 12\nb: !!binary aGVsbG8=\nc: !!set {x, y}\n",  # explicit tags
    "{a: 1, a: 2}\n", "- a\n- {b: [c, 1]}\n", "", "# only a comment\n",
]


@pytest.mark.parametrize("text", YAML_CASES)
def test_front_matter_loads_as_yaml_load_does(text):
    import yaml

    from sphinx_algokader.source import load_front_matter
    assert load_front_matter(text) == yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506


@pytest.mark.parametrize("text", ["a: !foo x\n", "a: [1, 2\n", "a: 2024-02-30\n",
                                  "? [a]\n: 1\n",  # an unhashable key
                                  "a: !!seq x\n", "a: !!map x\n",  # a collection's tag
                                  "- " * 1001 + "a\n",  # deeper than libyaml reads
                                  "a: &s x\nb: &s y\n", "a: *nowhere\n"])
def test_front_matter_fails_as_yaml_load_does(text):
    import yaml

    from sphinx_algokader.source import load_front_matter
    with pytest.raises((yaml.YAMLError, ValueError)) as expected:
        yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
    with pytest.raises(expected.type):
        load_front_matter(text)


#: pieces of YAML that the fast path and PyYAML's composer must read alike:
#: plain, quoted and tagged scalars of every type, flow and block
#: collections, anchors, aliases, merge keys, documents, and broken syntax
YAML_PIECES = st.sampled_from([
    "a", "b", "1", "-2.5", "0x1f", "yes", "No", "~", "null", "", "2024-01-01",
    "2024-02-30", "'q'", '"d\\x01"', '"e\\tf"', "!!str 7", "! 8", "!foo x", "!!int x",
    "!!seq x", "!!map y", "&b", "*b",
    "&a", "*a", "<<", ":", ": ", ", ", "{", "}", "[", "]", "- ", "? ", "\n", "\n  ",
    "\n- ", "---\n", "...\n", "#c", "\t", "!!map {}", "!!seq []", "!!set {x}",
])
YAML_TEXTS = st.lists(YAML_PIECES, max_size=25).map("".join)


@given(text=YAML_TEXTS)
@settings(max_examples=3000, deadline=None)
def test_front_matter_reads_any_text_as_yaml_load_does(text):
    """Built from libyaml's events, the front matter is what PyYAML's own
    composer and constructor make of the same text, for any text: the same
    data, or the same kind of error."""
    import yaml

    from sphinx_algokader.source import load_front_matter
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        with pytest.raises(type(error)):
            load_front_matter(text)
        return
    got = load_front_matter(text)
    expected = _controls_removed(expected)
    assert got == expected or (got != got and expected != expected)  # (nan)


def _controls_removed(data):
    """``data`` with its strings as the front matter gives them (without
    control characters, ``model.without_controls``)."""
    from sphinx_algokader.model import without_controls
    if isinstance(data, str):
        clean = without_controls(data)
        return data if clean is None else clean
    if isinstance(data, list):
        return [_controls_removed(v) for v in data]
    if isinstance(data, dict):
        return {k: _controls_removed(v) for k, v in data.items()}
    return data


@given(data=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4), max_leaves=20),
    flow=st.sampled_from([None, True, False]), style=st.sampled_from([None, '"', "'"]))
@settings(max_examples=1000, deadline=None)
def test_front_matter_reads_dumped_data_back(data, flow, style):
    """Data dumped in any style (block or flow, plain or quoted) reads back
    as PyYAML reads it (without control characters)."""
    import yaml

    from sphinx_algokader.source import load_front_matter
    text = yaml.safe_dump({"k": data}, default_flow_style=flow, default_style=style)
    expected = yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
    assert load_front_matter(text) == _controls_removed(expected)


def test_front_matter_notes_keys_twice_and_control_lines_with_anchors():
    """Anchors and aliases of scalars are read as the rest: a key given
    twice is noted, and a control character at its own line (an alias
    is the scalar again, noted again); a front matter nested deeper than
    libyaml reads is a YAML error, not a crash."""
    import yaml

    from sphinx_algokader.source import load_front_matter
    twice, controls = [], []
    data = load_front_matter('--- &m\nb: 1\nb: 2\nc: &x "\\x01"\nd: *x\ne: &l [1]\n',
                             twice, controls)
    assert data == {"b": 2, "c": "", "d": "", "e": [1]}
    assert twice == [("b", 2)] and controls == [(3, "\x01"), (3, "\x01")]
    with pytest.raises(yaml.YAMLError):
        load_front_matter("a: " + "{b: " * 1001 + "\n")


def test_front_matter_aliases_do_not_multiply():
    """A billion laughs stays one list per anchor, as PyYAML builds it."""
    from sphinx_algokader.source import load_front_matter
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    data = load_front_matter("\n".join(lines) + "\n")
    assert data["a8"][0] is data["a7"] and data["a1"][9] is data["a0"]
    looped = load_front_matter("a: &a [*a]\n")
    assert looped["a"][0] is looped["a"]


def test_front_matter_strings_come_without_control_characters():
    """A double-quoted escape is the one way to a control character in
    YAML: each string that holds one comes back without it and is noted
    with its line, once, also where aliases send the document to PyYAML's
    own constructor (noted at the document's line)."""
    from sphinx_algokader.source import load_front_matter

    controls = []
    data = load_front_matter('title: "a\\x01b"\nlijst: [ok, "c\\vd"]\n', controls=controls)
    assert data == {"title": "ab", "lijst": ["ok", "c d"]}
    assert controls == [(0, "a\x01b"), (1, "c\vd")]
    controls = []
    data = load_front_matter('a: &x ["b\\x01", 1]\nb: *x\n', controls=controls)
    assert data == {"a": ["b", 1], "b": ["b", 1]} and data["a"] is data["b"]
    assert controls == [(0, "b\x01")]


def test_front_matter_key_lines_match_the_key_pattern():
    """Warnings find a record's line by its key (``locations.front_matter_line``)
    through an index of each page's keys: the same line the pattern
    ``^\\s*:?KEY:`` finds first, also for keys holding colons (URNs), keys
    in the middle of a line (never) and list items."""
    import re

    from sphinx_algokader.locations import _key_lines

    lines = ["title: x", "algoritme:", "  id: a", "  maatregelen:",
             "    org-01: {status: gereed}", "    urn:nl:ak:mtr:org-02: te-doen",
             ":odd: x", "  :veld: y", "tekst zonder dubbele punt", "- item: z", "\tid: tab",
             "    org-01: later"]
    keys = ["title", "algoritme", "id", "maatregelen", "org-01", "urn:nl:ak:mtr:org-02", "urn",
            "urn:nl", ":odd", "odd", "veld", ":veld", "item", "- item", "status", "onbekend"]
    index = _key_lines(lines)
    for key in keys:
        expected = next((n for n, line in enumerate(lines, start=1)
                         if re.match(rf"^\s*:?{re.escape(key)}:", line)), None)
        assert index.get(key) == expected, key
    # a key ends at its colon: the colons of the text after it index nothing
    # (a reason of thousands of "zie: punt" made it quadratic in the line)
    reason = "    org-09: {toelichting: '" + " ".join(["zie: punt"] * 3000) + "'}"
    assert [key for key in _key_lines([reason])] == ["org-09"]
