"""The AI Act profile: which requirements apply to a reader's AI system.

A profile chooses, for each of the six profile labels (soort-toepassing,
risicogroep, rol-ai-act, transparantieverplichting, systeemrisico,
open-source), nothing or a set of values. ``applies`` is the one
definition of which requirements it keeps (``docs/howto/ai-act-profile.md``
explains it, and where it departs from the official site on purpose):

* a profile that chooses nothing keeps everything, and a requirement
  without any of the six labels always applies;
* otherwise, for every label the requirement carries, its values must meet
  the *effective* choice of that label: what the profile chose, or every
  value where it chose nothing. When the profile explicitly chose a
  general-purpose AI model with systemic risk, ``niet-van-toepassing``
  counts as chosen for risicogroep and transparantieverplichting, and
  ``uitzondering-van-toepassing`` not for risicogroep (the official site's
  rule for such models);
* and none of its ``uitzondering`` expressions may hold: they name the
  situations in which the requirement does not apply.

``uitzondering`` expressions combine tokens ``"key-value"`` (true when the
profile chose ``value`` for ``key``) with ``&&``, ``||`` and parentheses.
They are parsed here by a small recursive-descent parser, never evaluated as
code; ``static/algokader.js`` has the same parser and the same ``applies``,
and shared test vectors (``tests/vectors/profile.json``) keep the two in
step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from sphinx_algokader.model import AI_ACT_KEYS

#: whitespace between tokens: ASCII only, the same set as in algokader.js
#: (Python's and JavaScript's \s differ on Unicode spaces)
WHITESPACE = " \t\n\r\f\v"
_TOKEN_RE = re.compile(r'[ \t\n\r\f\v]*(?:(\(|\)|&&|\|\|)|"([^"]*)"|([A-Za-z0-9_-]+))')
#: how deeply parentheses may nest (the JavaScript parser has the same limit)
MAX_DEPTH = 32


class ExpressionError(ValueError):
    """An ``uitzondering`` expression that does not parse."""


@dataclass(frozen=True)
class Atom:
    key: str
    value: str


@dataclass(frozen=True)
class Op:
    op: str  # "and" | "or"
    args: tuple[Node, ...]


Node = Union[Atom, Op]


def split_token(token: str) -> Atom:
    """``"risicogroep-hoog-risico-ai-systeem"`` -> (risicogroep, hoog-risico-ai-systeem)."""
    for key in sorted(AI_ACT_KEYS, key=len, reverse=True):
        if token.startswith(key + "-") and len(token) > len(key) + 1:
            return Atom(key, token[len(key) + 1:])
    raise ExpressionError(f"{token!r} does not start with a profile label "
                          f"({', '.join(AI_ACT_KEYS)})")


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip(WHITESPACE)
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if not match or match.end() == pos:
            raise ExpressionError(f"unexpected {text[pos:].strip()[:20]!r}")
        operator, quoted, bare = match.groups()
        if operator:
            tokens.append(("op", operator))
        else:
            tokens.append(("atom", quoted if quoted is not None else bare))
        pos = match.end()
    return tokens


def parse(text: str) -> Node:
    """Parse an expression; raises ExpressionError with a reason."""
    tokens = tokenize(text)
    if not tokens:
        raise ExpressionError("empty expression")
    position = 0
    depth = 0

    def peek() -> tuple[str, str] | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal position
        token = tokens[position]
        position += 1
        return token

    def expression() -> Node:
        args = [term()]
        while peek() == ("op", "||"):
            take()
            args.append(term())
        return args[0] if len(args) == 1 else Op("or", tuple(args))

    def term() -> Node:
        args = [factor()]
        while peek() == ("op", "&&"):
            take()
            args.append(factor())
        return args[0] if len(args) == 1 else Op("and", tuple(args))

    def factor() -> Node:
        token = peek()
        if token is None:
            raise ExpressionError("expression ends too early")
        if token == ("op", "("):
            nonlocal depth
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionError(f"parentheses nested deeper than {MAX_DEPTH} levels")
            take()
            inner = expression()
            if peek() != ("op", ")"):
                raise ExpressionError("missing ')'")
            take()
            depth -= 1
            return inner
        if token[0] == "atom":
            take()
            return split_token(token[1])
        raise ExpressionError(f"unexpected {token[1]!r}")

    node = expression()
    if position != len(tokens):
        raise ExpressionError(f"unexpected {tokens[position][1]!r}")
    return node


#: a profile as given: label -> one value or several (a string or a list)
ProfileInput = Mapping[str, "str | Sequence[str]"]
#: a profile as used: label -> the chosen values (only labels with a choice)
Profile = dict[str, frozenset[str]]

#: the value that says an AI Act label does not apply (no badge shows it)
NOT_APPLICABLE = "niet-van-toepassing"
EXCEPTION_APPLIES = "uitzondering-van-toepassing"
#: the official site's rule for a general-purpose AI model with systemic risk
GPAI_TRIGGER = (("soort-toepassing", "ai-model-voor-algemene-doeleinden"),
                ("systeemrisico", "systeemrisico"))
GPAI_ADDED = {"risicogroep": NOT_APPLICABLE, "transparantieverplichting": NOT_APPLICABLE}
GPAI_REMOVED = {"risicogroep": EXCEPTION_APPLIES}


def make_profile(data: ProfileInput | Iterable[tuple[str, str]] | None) -> Profile:
    """A profile from a mapping (one value or a list per label) or from
    ``(label, value)`` pairs, where a label may repeat."""
    if not data:
        return {}
    pairs: Iterable[tuple[str, object]] = data.items() if isinstance(data, Mapping) else data
    chosen: dict[str, set[str]] = {}
    for key, values in pairs:
        for value in ([values] if isinstance(values, str) else values):  # type: ignore[union-attr]
            if isinstance(value, str) and value:  # as chosenValues in algokader.js
                chosen.setdefault(key, set()).add(value)
    return {key: frozenset(values) for key, values in chosen.items() if values}


def _profile(profile: Profile | ProfileInput | None) -> Profile:
    if profile and all(isinstance(v, frozenset) for v in profile.values()):
        return profile  # type: ignore[return-value]
    return make_profile(profile)


def holds(node: Node, profile: Profile | ProfileInput) -> bool:
    """Whether an expression holds: a token is true only when the profile
    chose that value explicitly."""
    return _holds(node, _profile(profile))


def _holds(node: Node, profile: Profile) -> bool:
    if isinstance(node, Atom):
        return node.value in profile.get(node.key, ())
    results = (_holds(arg, profile) for arg in node.args)
    return all(results) if node.op == "and" else any(results)


def _meets(key: str, values: Sequence[str], profile: Profile, gpai: bool) -> bool:
    """Whether a requirement's values of ``key`` meet the effective choice."""
    chosen = profile.get(key)
    added = GPAI_ADDED.get(key) if gpai else None
    removed = GPAI_REMOVED.get(key) if gpai else None
    for value in values:
        if value == removed:
            continue
        if chosen is None or value in chosen or value == added:
            return True
    return False


def applies(labels: Mapping[str, Sequence[str]],
            profile: Profile | ProfileInput | None) -> bool:
    """Whether a vereiste with ``labels`` applies to ``profile``."""
    profile = _profile(profile)
    if not profile:
        return True
    carried = [key for key in AI_ACT_KEYS if labels.get(key)]
    if not carried:
        return True
    gpai = all(value in profile.get(key, ()) for key, value in GPAI_TRIGGER)
    if not all(_meets(key, labels[key], profile, gpai) for key in carried):
        return False
    for expression in labels.get("uitzondering", ()):
        try:
            if _holds(parse(expression), profile):
                return False
        except ExpressionError:
            continue  # reported when the page was read; never true
    return True


def unknown_values(pairs: Iterable[tuple[str, str]], vocabulary: Any) -> list[str]:
    """Problems for values that the vocabulary does not list for their label
    (a typo there would hide every row)."""
    problems = []
    for key, value in pairs:
        if not vocabulary.knows(key, value):
            entry = vocabulary.labels.get(key)
            known = ", ".join(entry.values) if entry is not None else ""
            problems.append(f"{value!r} is not a value of {key!r} (values: {known})")
    return problems


def parse_profile(tokens: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``risicogroep/hoog-risico-ai-systeem rol-ai-act/aanbieder
    rol-ai-act/gebruiksverantwoordelijke`` -> sorted, distinct
    ``(label, value)`` pairs (a label may repeat: several values)."""
    pairs: set[tuple[str, str]] = set()
    problems: list[str] = []
    for token in tokens.split():
        key, _, value = token.partition("/")
        if key not in AI_ACT_KEYS or not value:
            problems.append(f"{token!r} is not <profile label>/<value> "
                            f"(labels: {', '.join(AI_ACT_KEYS)})")
            continue
        pairs.add((key, value))
    return sorted(pairs), problems
