"""The AI Act profile means what the official site means.

``official_filter`` below is an independent implementation of the official
site's filter (``docs/javascripts/filtering.js`` of v2.5.1: the reader's
labels, the groups a reader left open, the rule for general-purpose AI
models, the ``data-labels`` expression of each row), with the two
differences ``docs/howto/ai-act-profile.md`` gives: an ``uitzondering`` that
holds hides the row, and the GPAI rule fires only on an explicit choice.
It shares no code with ``sphinx_algokader.profile``.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import shutil

import pytest
import yaml

from conftest import CORPUS, build, copy_corpus, lists_of, resolved, serve, titles

VOCABULARY = Path(__file__).resolve().parents[1] / "sphinx_algokader" / "data" / "vocabulary.yaml"
LABELS = ("soort-toepassing", "risicogroep", "rol-ai-act", "transparantieverplichting",
          "systeemrisico", "open-source")
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"official corpus not found at {CORPUS} (../shared/corpora)")


def _groups() -> dict[str, list[str]]:
    """The official labelMapper's groups: label -> its values."""
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))["labels"]
    return {key: list(data[key]["values"]) for key in LABELS}


GROUPS = _groups()


def _flat(text: str) -> str:
    """``T&&F||T`` (no parentheses) -> ``T`` or ``F``."""
    return "T" if any(all(a == "T" for a in part.split("&&")) for part in text.split("||")) else "F"


def _expression_holds(expression: str, selected: set[str]) -> bool:
    text = re.sub(r'"?([A-Za-z0-9_-]+)"?', lambda m: "T" if m.group(1) in selected else "F",
                  expression).replace(" ", "")
    while "(" in text:
        reduced = re.sub(r"\(([TF&|]*)\)", lambda m: _flat(m.group(1)), text)
        if reduced == text:
            return False  # unbalanced: never true
        text = reduced
    return bool(re.fullmatch(r"[TF]((&&|\|\|)[TF])*", text)) and _flat(text) == "T"


def official_filter(labels: dict, profile: dict[str, list[str]]) -> bool:
    selected = [f"{key}-{value}" for key, values in profile.items() for value in values]
    if not selected:
        return True
    to_filter = list(selected)
    for key, values in GROUPS.items():  # a group the reader left open counts as all its labels
        group = {f"{key}-{v}" for v in values}
        if not group & set(selected):
            to_filter.extend(sorted(group))
    # the rule for general-purpose AI models (difference: only an explicit choice fires it)
    if "soort-toepassing-ai-model-voor-algemene-doeleinden" in selected \
            and "systeemrisico-systeemrisico" in selected:
        to_filter += ["risicogroep-niet-van-toepassing", "transparantieverplichting-niet-van-toepassing"]
        to_filter = [label for label in to_filter if label != "risicogroep-uitzondering-van-toepassing"]
    # data-labels: (key-v1 || key-v2) && (...) over the labels the row carries
    clauses = [[f"{key}-{v}" for v in labels.get(key) or ()] for key in LABELS if labels.get(key)]
    if clauses and not all(any(label in to_filter for label in clause) for clause in clauses):
        return False
    # difference: an uitzondering that holds (on the reader's own choice) hides the row
    return not any(_expression_holds(str(e), set(selected)) for e in labels.get("uitzondering") or ())


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("\n---", 1)[0][3:]) if text.startswith("---") else {}
    return data if isinstance(data, dict) else {}


def corpus_requirements() -> list[tuple[str, dict]]:
    folder = CORPUS / "docs" / "voldoen-aan-wetten-en-regels" / "vereisten"
    out = []
    for path in sorted(folder.glob("*.md")):
        if path.name != "index.md":
            meta = _front_matter(path)
            out.append((meta.get("title") or path.stem, meta))
    return out


def sample_profiles(n_random: int, seed: int = 2026) -> list[dict[str, list[str]]]:
    """Every single-label profile, every set of roles, and random profiles."""
    profiles = [{key: [value]} for key, values in GROUPS.items() for value in values]
    roles = GROUPS["rol-ai-act"]
    profiles += [{"rol-ai-act": list(combo)} for n in range(2, len(roles) + 1)
                 for combo in itertools.combinations(roles, n)]
    rng = random.Random(seed)
    for _ in range(n_random):
        profile = {}
        for key, values in GROUPS.items():
            if rng.random() < 0.5:
                profile[key] = sorted(rng.sample(values, rng.choice([1, 1, 1, 2])))
        profiles.append(profile)
    # the GPAI rule, explicitly
    profiles.append({"soort-toepassing": ["ai-model-voor-algemene-doeleinden"],
                     "systeemrisico": ["systeemrisico"]})
    profiles.append({"soort-toepassing": ["ai-model-voor-algemene-doeleinden"],
                     "systeemrisico": ["systeemrisico"], "risicogroep": ["uitzondering-van-toepassing"]})
    return profiles


def test_the_reference_reads_expressions_as_the_grammar_does():
    assert _expression_holds('("a" || "b") && "c"', {"b", "c"})
    assert not _expression_holds('("a" || "b") && "c"', {"b"})
    assert _expression_holds('"a" || "b" && "c"', {"a"})
    assert not _expression_holds('("a"', {"a"})


@needs_corpus
def test_python_semantics_match_the_official_filter_on_the_corpus():
    from sphinx_algokader.profile import applies

    requirements = corpus_requirements()
    profiles = sample_profiles(400)
    assert len(requirements) == 63 and len(profiles) > 400
    differing, outcomes = [], set()
    for profile in profiles:
        for title, meta in requirements:
            ours, theirs = applies(meta, profile), official_filter(meta, profile)
            outcomes.add(ours)
            if ours != theirs:
                differing.append((title, profile, ours))
    assert not differing, differing[:5]
    assert outcomes == {True, False}


@needs_corpus
def test_an_uitzondering_excludes_and_the_gpai_rule_needs_an_explicit_choice():
    from sphinx_algokader.profile import applies

    by_title = dict(corpus_requirements())
    exempted = {"risicogroep": ["uitzondering-van-toepassing"]}
    shown = [t for t, meta in by_title.items() if applies(meta, exempted)]
    high_risk = [t for t, meta in by_title.items()
                 if meta.get("risicogroep") == ["hoog-risico-ai-systeem"]]
    assert high_risk and not set(high_risk) & set(shown)
    # without the explicit model choice, the exemption is not removed again
    assert shown == [t for t, meta in by_title.items() if official_filter(meta, exempted)]


# --- the build-time profile and the reader's profile, on the corpus -------

BUILD_SAMPLE = 60


@pytest.fixture(scope="module")
def corpus_with_profiles(tmp_path_factory):
    """The corpus, with one page of list-vereisten directives, one per profile."""
    root = copy_corpus(tmp_path_factory.mktemp("profiles"))
    profiles = sample_profiles(BUILD_SAMPLE - 30, seed=7)[-BUILD_SAMPLE:]
    lines = ["---", "orphan: true", "---", "# Profielen", ""]
    for profile in profiles:
        tokens = " ".join(f"{key}/{value}" for key, values in profile.items() for value in values)
        lines += ["```{list-vereisten}", f":profile: {tokens}", "```", ""]
    (root / "docs" / "profielen.md").write_text("\n".join(lines), encoding="utf-8")
    return build(root / "docs", "html", builddir=root / "_build"), profiles


@needs_corpus
def test_a_list_with_a_profile_shows_the_rows_of_the_semantics(corpus_with_profiles):
    app, profiles = corpus_with_profiles
    lists = lists_of(resolved(app, "profielen"))
    assert len(lists) == len(profiles)
    requirements = corpus_requirements()
    for profile, element in zip(profiles, lists):
        expected = [title for title, meta in requirements if official_filter(meta, profile)]
        assert sorted(titles(element)) == sorted(expected), profile


def test_several_values_per_label_in_a_directive_and_in_conf(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "profile"
    shutil.copytree(rootdir / "test-profile", src)
    (src / "lijsten.md").write_text(
        "# Lijsten\n\n```{list-vereisten}\n"
        ":profile: rol-ai-act/aanbieder rol-ai-act/gebruiksverantwoordelijke\n```\n\n"
        "<!-- list_vereisten -->\n")
    app = make_app("html", srcdir=src, freshenv=True,
                   confoverrides={"algokader_profile": {"rol-ai-act": ["gebruiksverantwoordelijke"],
                                                        "risicogroep": "hoog-risico-ai-systeem"}})
    app.build()
    both, default = lists_of(resolved(app, "lijsten"))
    assert titles(both) == ["Geldt voor alle AI-systemen", "Geldt voor aanbieders van hoog-risico-AI",
                            "Geldt voor gebruiksverantwoordelijken van hoog-risico-AI", "Geldt altijd"]
    assert titles(default) == ["Geldt voor alle AI-systemen",
                               "Geldt voor gebruiksverantwoordelijken van hoog-risico-AI", "Geldt altijd"]


def test_a_malformed_profile_setting_stops_the_build(make_app, rootdir, tmp_path):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="algokader_profile"):
        make_app("html", srcdir=shutil.copytree(rootdir / "test-profile", tmp_path / "src"),
                 confoverrides={"algokader_profile": {"rol-ai-act": [1]}})


@needs_corpus
def test_the_official_index_with_a_profile_in_the_url_shows_as_many_rows(corpus_with_profiles,
                                                                        chromium):
    from urllib.parse import quote

    app, profiles = corpus_with_profiles
    requirements = corpus_requirements()
    page = chromium.new_context().new_page()
    with serve(app.outdir) as url:
        for profile in profiles[::2]:
            query = ";".join(f"{key}:{','.join(values)}" for key, values in profile.items())
            page.goto(f"{url}/voldoen-aan-wetten-en-regels/vereisten/index.html?profiel={quote(query)}")
            shown = page.eval_on_selector_all(
                "#algokader-vereisten-1 tbody > tr", "rows => rows.filter(r => !r.hidden).length")
            assert shown == sum(official_filter(meta, profile) for _t, meta in requirements), profile
    page.context.close()
