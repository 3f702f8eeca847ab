"""The AI Act profile: which requirements apply to a reader's AI system.

A reader (or a handbook, at build time) chooses one value for some of the
profile labels (soort-toepassing, risicogroep, rol-ai-act, …). A vereiste
applies when, for every such label it carries, the chosen value is among
its values, or when one of its ``uitzondering`` expressions holds.

``uitzondering`` expressions combine tokens ``"key-value"`` (true when the
profile chose ``value`` for ``key``) with ``&&``, ``||`` and parentheses.
They are parsed here by a small recursive-descent parser, never evaluated as
code; ``static/algokader.js`` has the same parser, and shared test vectors
keep the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Union

from sphinx_algokader.model import AI_ACT_KEYS

_TOKEN_RE = re.compile(r'\s*(?:(\(|\)|&&|\|\|)|"([^"]*)"|([A-Za-z0-9_-]+))')


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
    text = text.rstrip()
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
            take()
            inner = expression()
            if peek() != ("op", ")"):
                raise ExpressionError("missing ')'")
            take()
            return inner
        if token[0] == "atom":
            take()
            return split_token(token[1])
        raise ExpressionError(f"unexpected {token[1]!r}")

    node = expression()
    if position != len(tokens):
        raise ExpressionError(f"unexpected {tokens[position][1]!r}")
    return node


def holds(node: Node, profile: Mapping[str, str]) -> bool:
    if isinstance(node, Atom):
        return profile.get(node.key) == node.value
    results = (holds(arg, profile) for arg in node.args)
    return all(results) if node.op == "and" else any(results)


def applies(labels: Mapping[str, Sequence[str]], profile: Mapping[str, str]) -> bool:
    """Whether a vereiste with ``labels`` applies to ``profile``."""
    if all(not labels.get(key) or not profile.get(key) or profile[key] in labels[key]
           for key in AI_ACT_KEYS):
        return True
    for expression in labels.get("uitzondering", ()):
        try:
            if holds(parse(expression), profile):
                return True
        except ExpressionError:
            continue  # reported when the page was read
    return False


def parse_profile(tokens: str) -> tuple[dict[str, str], list[str]]:
    """``risicogroep/hoog-risico-ai-systeem rol-ai-act/aanbieder`` -> a profile."""
    profile: dict[str, str] = {}
    problems: list[str] = []
    for token in tokens.split():
        key, _, value = token.partition("/")
        if key not in AI_ACT_KEYS or not value:
            problems.append(f"{token!r} is not <profile label>/<value> "
                            f"(labels: {', '.join(AI_ACT_KEYS)})")
            continue
        profile[key] = value
    return profile, problems
