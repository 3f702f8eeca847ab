"""Generate a synthetic, seeded Algoritmekader handbook for benchmarking.

    python benchmarks/generate.py --variant algokader -n 400 -l 40 --seed 1 OUT

writes a Sphinx source folder OUT with ``conf.py``, ``index.md``, N item pages
(``vereisten/``, ``maatregelen/``, ``hulpmiddelen/``, front matter shaped like
the framework's own) and L listing pages (``overzichten/``) with two lists
each. Variants of the same handbook:

``algokader``   the pages with markers, ``extensions = ["sphinx_algokader"]``;
``floor``       the same pages without markers and without the extension:
                plain Sphinx + MyST (``myst_title_to_header`` gives the H1
                that the extension makes from the front-matter title);
``handwritten`` the floor plus the exact tables and badges the extension
                would make, written out as Markdown (what the output costs);
``needs``       the same content for sphinx-needs: items as need directives
                (labels as tags and fields, relations as links), lists as
                ``needtable`` with the same filters.

Compliance records (``--variant records``, ``records-nochart``,
``records-baseline``; ``-n`` is then the number of algorithms, ``--records``
the records per algorithm, ``-l`` is not used): a handbook that embeds the
bundled framework (``algokader_embed = True``) plus N algorithm pages and
one overview page (``algoritmen/``). ``records``: each page has an
``algoritme:`` mapping with records of real measure codes (every third
algorithm keeps 30-70 % of them in a status CSV beside the page) and the
``algoritme_status`` and ``algoritme_vereisten`` markers, the overview
``algoritmen_overzicht``; ``records-nochart``: the same with ``no-chart``
on every marker; ``records-baseline``: the same pages with the same text,
without the ``algoritme:`` mapping, the markers and the status files;
``records-empty``: the algorithms (``id``, ``eigenaar``, ``fase``,
``profiel``) and their markers without a single record, so that every
relevant measure shows as te-doen.

Every variant uses alabaster with ``html_sidebars = {"**": []}``: the
default navigation sidebar renders the whole toctree into every page, which
makes any large build quadratic.

Deterministic: the same arguments give byte-identical files. Only the
standard library and PyYAML (a dependency of the extension) are used.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

VARIANTS = ("algokader", "floor", "handwritten", "needs")
#: compliance-record handbooks (the bundled framework embedded, N algorithm pages)
RECORD_VARIANTS = ("records", "records-nochart", "records-baseline")
#: counted (``run.py --records-instructions``), not timed: the algorithms
#: without their records, to tell what the tables cost from what the records do
RECORD_EXTRA_VARIANTS = ("records-empty",)
CONTENT = Path(__file__).resolve().parents[1] / "content"
VOCABULARY = Path(__file__).resolve().parents[1] / "sphinx_algokader" / "data" / "vocabulary.yaml"

#: label keys every item carries: (key, min values, max values)
LABEL_KEYS = (("levenscyclus", 1, 3), ("onderwerp", 1, 2), ("rollen", 1, 2))
#: column name (in markers) -> label key
COLUMN_KEY = {"rol": "rollen", "levenscyclus": "levenscyclus", "onderwerp": "onderwerp"}
KEY_COLUMN = {v: k for k, v in COLUMN_KEY.items()}
#: measure code per lifecycle phase, as in the framework's file names (0-org-01-...)
PHASE_CODES = ("org", "pba", "owp", "dat", "owk", "ver", "imp", "mon", "uit")
KIND_FOLDER = {"vereiste": "vereisten", "maatregel": "maatregelen", "hulpmiddel": "hulpmiddelen"}
URN = {"vereiste": "urn:nl:ak:ver:", "maatregel": "urn:nl:ak:mtr:", "hulpmiddel": "urn:nl:ak:hlp:"}
NEED_TYPE = {"vereiste": "req", "maatregel": "mtr", "hulpmiddel": "hlp"}
HEADERS = {"id": "ID", "wetcode": "Wet", "rol": "Rol", "levenscyclus": "Levenscyclus",
           "onderwerp": "Onderwerp",
           "title": {"vereiste": "Vereiste", "maatregel": "Maatregel", "hulpmiddel": "Hulpmiddel"}}
EMPTY = {"vereiste": "Geen vereisten gevonden.", "maatregel": "Geen maatregelen gevonden.",
         "hulpmiddel": "Geen hulpmiddelen gevonden."}

WORDS = (
    "algoritme gegevens besluit burger organisatie model risico toezicht verantwoording "
    "uitleg documentatie controle kwaliteit bewaartermijn doel grondslag privacy bias "
    "transparantie register beoordeling evaluatie monitoring leverancier contract inkoop "
    "beveiliging logging archief toegang rechten betrokkenen proces ontwerp validatie "
    "prestatie nauwkeurigheid robuustheid incident melding verwerking analyse training "
    "dataset steekproef uitkomst mens ingreep bezwaar motivering beleid afweging impact "
    "gevolgen publicatie openbaarheid medewerker expertise rol eigenaar versie wijziging "
    "test omgeving fout signaal drempel criterium norm standaard richtlijn toets"
).split()
VERBS = ("wordt vastgelegd", "is geborgd", "wordt beoordeeld", "is beschreven", "wordt getoetst",
         "is openbaar", "wordt bijgehouden", "is uitlegbaar", "wordt beperkt", "is aantoonbaar")
ACTIONS = ("Leg vast", "Beoordeel", "Controleer", "Beschrijf", "Richt in", "Toets", "Documenteer",
           "Evalueer", "Bewaak", "Publiceer", "Beperk", "Betrek")


@dataclass
class Item:
    kind: str
    name: str  # file name without .md
    code: str  # short code, last URN segment
    title: str
    labels: dict[str, list[str]]
    relations: dict[str, list[str]] = field(default_factory=dict)  # key -> item names
    law: str = ""
    category: str = ""
    paragraphs: list[list[str]] = field(default_factory=list)  # per section

    @property
    def folder(self) -> str:
        return KIND_FOLDER[self.kind]

    @property
    def docname(self) -> str:
        return f"{self.folder}/{self.name}"

    @property
    def urn(self) -> str:
        return URN[self.kind] + self.code

    @property
    def need_id(self) -> str:
        return NEED_TYPE[self.kind].upper() + "_" + re.sub(r"[^A-Za-z0-9]", "_", self.code).upper()


@dataclass(frozen=True)
class ListSpec:
    kind: str
    key: str = ""  # label filter key, "" for a relation list
    value: str = ""
    relation: str = ""  # "vereiste" / "maatregel" for on-page relation lists

    @property
    def columns(self) -> tuple[str, ...]:
        if self.relation:
            cols = ("id", "title", "wetcode")
        else:
            cols = ("title", "wetcode", "rol", "levenscyclus", "onderwerp")
            cols = tuple(c for c in cols if c != KEY_COLUMN.get(self.key))
        return tuple(c for c in cols if self.kind == "vereiste" or c != "wetcode")

    @property
    def marker(self) -> str:
        if self.relation == "vereiste":
            return "<!-- list_vereisten_on_maatregelen_page -->"
        if self.relation == "maatregel":
            return "<!-- list_maatregelen_on_hulpmiddelen_page -->"
        plural = KIND_FOLDER[self.kind]
        col = KEY_COLUMN[self.key]
        return f"<!-- list_{plural} {self.key}/{self.value} no-{col} -->"


@dataclass
class Listing:
    name: str
    title: str
    lists: list[tuple[str, ListSpec]]  # (section heading, spec)
    intro: list[str]


@dataclass
class Handbook:
    items: list[Item]
    listings: list[Listing]
    vocab: dict

    def by_name(self, kind: str) -> dict[str, Item]:
        return {i.name: i for i in self.items if i.kind == kind}


# --------------------------------------------------------------------------
# the model


def load_vocabulary() -> dict:
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


def _sentence(rng: random.Random, n_min: int = 8, n_max: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(n_min, n_max))]
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), "de")
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _title(rng: random.Random, kind: str) -> str:
    subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
    if kind == "maatregel":
        return f"{rng.choice(ACTIONS)} {subject}"
    if kind == "hulpmiddel":
        return f"Handreiking {subject}"
    return f"{subject.capitalize()} {rng.choice(VERBS)}"


def _slug(title: str, words: int = 4) -> str:
    return "-".join(re.sub(r"[^a-z0-9 ]", "", title.lower()).split()[:words])


def _weighted_sample(rng: random.Random, values: list[str], weights: list[float], k: int) -> list[str]:
    """k distinct values, drawn with the given weights; kept in vocabulary order."""
    chosen: set[str] = set()
    pool, w = list(values), list(weights)
    while len(chosen) < k and pool:
        pick = rng.choices(range(len(pool)), weights=w)[0]
        chosen.add(pool.pop(pick))
        w.pop(pick)
    return [v for v in values if v in chosen]


def build_model(n: int, l: int, seed: int) -> Handbook:
    rng = random.Random(seed)
    vocab = load_vocabulary()
    values = {key: list(vocab["labels"][key]["values"]) for key, _, _ in LABEL_KEYS}
    # skewed (Zipf-like) popularity per key, over a seeded permutation of the values,
    # so that some values are shared by many items (a phase like "ontwerp")
    weights: dict[str, list[float]] = {}
    for key, vals in values.items():
        order = list(range(len(vals)))
        rng.shuffle(order)
        weights[key] = [1.0 / (1 + order[i]) for i in range(len(vals))]
    laws = list(vocab["laws"])
    categories = list(vocab["labels"]["categorie"]["values"])

    n_ver = max(1, round(n * 0.33))
    n_hlp = max(1, round(n * 0.12)) if n >= 3 else 0
    n_mtr = max(1, n - n_ver - n_hlp)

    def labels() -> dict[str, list[str]]:
        return {key: _weighted_sample(rng, values[key], weights[key], rng.randint(lo, hi))
                for key, lo, hi in LABEL_KEYS}

    def sections(kind: str) -> list[list[str]]:
        return [[_paragraph(rng) for _ in range(rng.randint(1, 2))],
                [_paragraph(rng) for _ in range(rng.randint(2, 3))],
                [_paragraph(rng)]]

    items: list[Item] = []
    # requirements: <law>-NN-<slug>
    law_of = [rng.choice(laws) for _ in range(n_ver)]
    width = max(2, len(str(max(law_of.count(x) for x in set(law_of)))))
    counters: dict[str, int] = {}
    for law in law_of:
        number = counters.get(law, 0)
        counters[law] = number + 1
        title = _title(rng, "vereiste")
        code = f"{law}-{number:0{width}d}"
        items.append(Item("vereiste", f"{code}-{_slug(title)}", code, title, labels(),
                          law=law, paragraphs=sections("vereiste")))
    ver_names = [i.name for i in items]
    # measures: <phase>-<code>-NN-<slug>
    phase_of = [rng.randrange(len(PHASE_CODES)) for _ in range(n_mtr)]
    width = max(2, len(str(max(phase_of.count(x) for x in set(phase_of)))))
    counters = {}
    mtr_names = []
    for phase in phase_of:
        pcode = PHASE_CODES[phase]
        number = counters.get(pcode, 0)
        counters[pcode] = number + 1
        title = _title(rng, "maatregel")
        code = f"{pcode}-{number:0{width}d}"
        related = rng.sample(ver_names, min(len(ver_names), rng.randint(1, 3)))
        item = Item("maatregel", f"{phase}-{code}-{_slug(title)}", code, title, labels(),
                    relations={"vereiste": related}, paragraphs=sections("maatregel"))
        items.append(item)
        mtr_names.append(item.name)
    # tools: hlp-NNNN-<slug>
    width = max(2, len(str(n_hlp)))
    for number in range(n_hlp):
        title = _title(rng, "hulpmiddel")
        # a tool's id is its file name, as urn:nl:ak:hlp:dpia is DPIA.md's
        code = f"hlp-{number:0{width}d}-{_slug(title, 3)}"
        related = rng.sample(mtr_names, min(len(mtr_names), rng.randint(1, 3)))
        items.append(Item("hulpmiddel", code, code, title, labels(),
                          relations={"maatregel": related}, category=rng.choice(categories),
                          paragraphs=sections("hulpmiddel")))

    hb = Handbook(items, [], vocab)

    # listing pages: one list of requirements and one of measures each, on a
    # label value whose list holds about N/4 rows (N/6..N/2.5, else the nearest)
    counts: dict[tuple[str, str, str], int] = {}
    for item in items:
        for key, vals in item.labels.items():
            for value in vals:
                counts[(item.kind, key, value)] = counts.get((item.kind, key, value), 0) + 1
    for i in range(l):
        lists = []
        for kind in ("vereiste", "maatregel"):
            candidates = sorted((k, v) for (kd, k, v), c in counts.items()
                                if kd == kind and n / 6 <= c <= n / 2.5)
            if not candidates:
                candidates = [min(((k, v) for (kd, k, v) in counts if kd == kind),
                                  key=lambda kv: (abs(counts[(kind, *kv)] - n / 4), kv))]
            key, value = rng.choice(candidates)
            heading = "Vereisten" if kind == "vereiste" else "Maatregelen"
            lists.append((heading, ListSpec(kind, key, value)))
        hb.listings.append(Listing(f"overzicht-{i + 1:03d}", f"Overzicht {i + 1}", lists,
                                   [_paragraph(rng) for _ in range(2)]))
    return hb


# --------------------------------------------------------------------------
# resolving lists (the reference semantics, for the handwritten variant and checks)


def rows(hb: Handbook, spec: ListSpec, page: Item | None = None) -> list[Item]:
    if spec.relation:
        names = hb.by_name(spec.kind)
        return [names[name] for name in (page.relations.get(spec.relation, []) if page else [])
                if name in names]
    found = [i for i in hb.items if i.kind == spec.kind and spec.value in i.labels.get(spec.key, ())]
    return sorted(found, key=lambda i: f"{i.folder}/{i.name}.md")


def value_name(hb: Handbook, key: str, value: str) -> str:
    return hb.vocab["labels"][key]["values"][value]["nl"]


def law_name(hb: Handbook, law: str) -> str:
    return hb.vocab["laws"][law]["nl"] if law else ""


def cell(hb: Handbook, item: Item, column: str, link_prefix: str) -> str:
    if column == "title":
        return f"[{_md_escape(item.title)}]({link_prefix}{item.folder}/{item.name}.md)"
    if column == "id":
        return item.code
    if column == "wetcode":
        return law_name(hb, item.law)
    key = COLUMN_KEY[column]
    return ", ".join(value_name(hb, key, v) for v in item.labels.get(key, ()))


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")


def pipe_table(hb: Handbook, spec: ListSpec, found: list[Item], link_prefix: str) -> str:
    if not found:
        return EMPTY[spec.kind]
    cols = spec.columns
    header = [HEADERS[c][spec.kind] if c == "title" else HEADERS[c] for c in cols]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(cols)]
    for item in found:
        lines.append("| " + " | ".join(cell(hb, item, c, link_prefix) for c in cols) + " |")
    return "\n".join(lines)


def badges(hb: Handbook, item: Item) -> str:
    parts = [item.code]
    for key in ("levenscyclus", "rollen", "onderwerp"):
        parts += [value_name(hb, key, v) for v in item.labels.get(key, ())]
    return " · ".join(parts)


# --------------------------------------------------------------------------
# writing


def _yaml_list(key: str, values: list[str]) -> list[str]:
    return [f"{key}:"] + [f"- {v}" for v in values]


def front_matter(item: Item) -> str:
    lines = ["---", f"title: {item.title}", f"id: {item.urn}"]
    if item.category:
        lines += _yaml_list("categorie", [item.category])
    for key, _, _ in LABEL_KEYS:
        lines += _yaml_list(key, item.labels[key])
    for key, names in item.relations.items():
        lines += _yaml_list(key, names)
    lines.append("---")
    return "\n".join(lines) + "\n"


SECTION_TITLES = {
    "vereiste": ("Vereiste", "Toelichting", "Risico"),
    "maatregel": ("Maatregel", "Toelichting", "Risico"),
    "hulpmiddel": ("Hulpmiddel", "Toelichting", "Relevantie"),
}
RELATION_SECTION = {"maatregel": ("Bijbehorende vereisten", ListSpec("vereiste", relation="vereiste")),
                    "hulpmiddel": ("Bijbehorende maatregelen", ListSpec("maatregel", relation="maatregel"))}


def _prose(item: Item) -> list[str]:
    out = []
    for heading, paragraphs in zip(SECTION_TITLES[item.kind], item.paragraphs):
        out.append(f"## {heading}\n")
        out.extend(p + "\n" for p in paragraphs)
    return out


def item_page(hb: Handbook, item: Item, variant: str) -> str:
    parts: list[str] = []
    if variant == "needs":
        parts.append(needs_item(hb, item))
    else:
        parts.append(front_matter(item))
        if variant == "algokader":
            parts.append("<!-- tags -->\n")
        elif variant == "handwritten":
            parts.append(badges(hb, item) + "\n")
        parts.extend(_prose(item))
    if item.kind in RELATION_SECTION:
        heading, spec = RELATION_SECTION[item.kind]
        parts.append(f"## {heading}\n")
        if variant == "algokader":
            parts.append(spec.marker + "\n")
        elif variant == "handwritten":
            parts.append(pipe_table(hb, spec, rows(hb, spec, item), "../") + "\n")
        elif variant == "needs":
            parts.append(needtable(hb, spec, item) + "\n")
    return "\n".join(parts)


def needs_item(hb: Handbook, item: Item) -> str:
    """An item as a sphinx-needs need: labels as tags (indexed filters) and as
    fields (table columns), relations as links; the need holds the first
    paragraph, the other paragraphs and sections follow it."""
    tags = [f"{key}-{v}" for key, _, _ in LABEL_KEYS for v in item.labels[key]]
    lines = [f"# {item.title}", "", f"## {SECTION_TITLES[item.kind][0]}", "",
             f"```{{{NEED_TYPE[item.kind]}}} {item.title}",
             f":id: {item.need_id}", f":tags: {';'.join(tags)}"]
    for key, _, _ in LABEL_KEYS:
        lines.append(f":{key}: " + ", ".join(value_name(hb, key, v) for v in item.labels[key]))
    if item.law:
        lines.append(f":wetcode: {law_name(hb, item.law)}")
    lines.append(f":code: {item.code}")
    for key, names in item.relations.items():
        target = hb.by_name(key)
        lines.append(f":{key}: " + ", ".join(target[n].need_id for n in names))
    lines += ["", item.paragraphs[0][0], "```", ""]
    lines += [p + "\n" for p in item.paragraphs[0][1:]]
    for heading, paragraphs in list(zip(SECTION_TITLES[item.kind], item.paragraphs))[1:]:
        lines.append(f"## {heading}\n")
        lines += [p + "\n" for p in paragraphs]
    return "\n".join(lines)


NEED_COLUMNS = {"id": "code", "title": "title", "wetcode": "wetcode", "rol": "rollen",
                "levenscyclus": "levenscyclus", "onderwerp": "onderwerp"}


def needtable(hb: Handbook, spec: ListSpec, page: Item | None = None) -> str:
    if spec.relation:
        ids = [hb.by_name(spec.kind)[n].need_id for n in page.relations[spec.relation]]
        filt = "id in [" + ", ".join(f'"{i}"' for i in ids) + "]"
    else:
        filt = f'type == "{NEED_TYPE[spec.kind]}" and "{spec.key}-{spec.value}" in tags'
    columns = ";".join(NEED_COLUMNS[c] for c in spec.columns)
    return (f"```{{needtable}}\n:filter: {filt}\n:columns: {columns}\n:style: table\n"
            f":sort: docname\n```\n")


def listing_page(hb: Handbook, listing: Listing, variant: str) -> str:
    parts = []
    if variant in ("needs",):
        parts.append(f"# {listing.title}\n")
    else:
        parts.append(f"---\ntitle: {listing.title}\n---\n")
    parts.extend(p + "\n" for p in listing.intro)
    for heading, spec in listing.lists:
        parts.append(f"## {heading}\n")
        if variant == "algokader":
            parts.append(spec.marker + "\n")
        elif variant == "handwritten":
            parts.append(pipe_table(hb, spec, rows(hb, spec), "../") + "\n")
        elif variant == "needs":
            parts.append(needtable(hb, spec) + "\n")
    return "\n".join(parts)


COMMON_CONF = '''\
project = "Synthetisch handboek"
language = "nl"
exclude_patterns = ["_build"]
html_theme = "alabaster"
# the same theme settings in every variant: no navigation sidebar, which would
# render the whole toctree into every page and make large builds quadratic
html_sidebars = {"**": []}
'''

NEEDS_CONF = '''\
extensions = ["myst_parser", "sphinx_needs"]
myst_title_to_header = True
needs_types = [
    {"directive": "req", "title": "Vereiste", "prefix": "REQ_", "color": "#BFD8D2", "style": "node"},
    {"directive": "mtr", "title": "Maatregel", "prefix": "MTR_", "color": "#FEDCD2", "style": "node"},
    {"directive": "hlp", "title": "Hulpmiddel", "prefix": "HLP_", "color": "#DF744A", "style": "node"},
]
needs_id_regex = r"^[A-Z0-9_]{3,}"
needs_extra_options = ["levenscyclus", "onderwerp", "rollen", "wetcode", "code"]
needs_links = {
    "vereiste": {"incoming": "maatregelen", "outgoing": "vereisten"},
    "maatregel": {"incoming": "hulpmiddelen", "outgoing": "maatregelen"},
}
needs_build_json = False
suppress_warnings = ["needs.deprecated", "needs.config"]
'''


def conf_py(variant: str) -> str:
    if variant == "algokader":
        ext = 'extensions = ["sphinx_algokader"]\n'
    elif variant == "needs":
        ext = NEEDS_CONF
    else:
        ext = 'extensions = ["myst_parser"]\nmyst_title_to_header = True\n'
    return f"# generated by benchmarks/generate.py --variant {variant}\n" + ext + COMMON_CONF


INDEX = """\
# Synthetisch handboek

Een gegenereerd handboek voor benchmarks van sphinx-algokader.

```{toctree}
:maxdepth: 1
:glob:

vereisten/*
maatregelen/*
hulpmiddelen/*
overzichten/*
```
"""


def write(hb: Handbook, variant: str, out: Path) -> dict[str, int]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "conf.py").write_text(conf_py(variant), encoding="utf-8")
    (out / "index.md").write_text(INDEX, encoding="utf-8")
    for folder in (*KIND_FOLDER.values(), "overzichten"):
        (out / folder).mkdir()
    for item in hb.items:
        (out / item.folder / f"{item.name}.md").write_text(item_page(hb, item, variant), encoding="utf-8")
    for listing in hb.listings:
        (out / "overzichten" / f"{listing.name}.md").write_text(
            listing_page(hb, listing, variant), encoding="utf-8")
    list_rows = [len(rows(hb, spec)) for listing in hb.listings for _, spec in listing.lists]
    return {"items": len(hb.items), "listings": len(hb.listings), "lists": len(list_rows),
            "rows": sum(list_rows), "min_rows": min(list_rows, default=0),
            "max_rows": max(list_rows, default=0)}


def generate(variant: str, n: int, l: int, seed: int, out: Path) -> dict[str, int]:
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; variants are {', '.join(VARIANTS)}")
    return write(build_model(n, l, seed), variant, Path(out))


# --------------------------------------------------------------------------
# the edit made by the incremental benchmark


def edit_plan(n: int, l: int, seed: int) -> dict[str, str]:
    """One requirement's lifecycle label changed so that lists change: a value a
    listing page filters on is swapped for another filtered value it lacks."""
    hb = build_model(n, l, seed)
    filtered = sorted({spec.value for listing in hb.listings for _, spec in listing.lists
                       if spec.kind == "vereiste" and spec.key == "levenscyclus"})
    all_values = list(hb.vocab["labels"]["levenscyclus"]["values"])
    candidates = filtered or all_values
    for item in hb.items:
        if item.kind != "vereiste":
            continue
        have = item.labels["levenscyclus"]
        old = next((v for v in have if v in candidates), None)
        new = next((v for v in candidates + all_values if v not in have), None)
        if old and new:
            return {"docname": item.docname, "name": item.name, "key": "levenscyclus",
                    "old": old, "new": new, "old_name": value_name(hb, "levenscyclus", old),
                    "new_name": value_name(hb, "levenscyclus", new), "need_id": item.need_id}
    raise RuntimeError("no requirement to edit")


def apply_edit(srcdir: Path, variant: str, plan: dict[str, str]) -> tuple[Path, str]:
    """Make the edit of ``plan`` in a generated source folder of ``variant``;
    returns the edited file and its text before the edit."""
    path = Path(srcdir) / f"{plan['docname']}.md"
    text = path.read_text(encoding="utf-8")
    if variant == "needs":
        new = text.replace(f"levenscyclus-{plan['old']}", f"levenscyclus-{plan['new']}", 1)
        new = re.sub(r"^(:levenscyclus: .*)$",
                     lambda m: m.group(1).replace(plan["old_name"], plan["new_name"]),
                     new, count=1, flags=re.M)
    else:
        new = text.replace(f"\n- {plan['old']}\n", f"\n- {plan['new']}\n", 1)
    if new == text:
        raise RuntimeError(f"edit not applied to {path}")
    path.write_text(new, encoding="utf-8")
    return path, text


# --------------------------------------------------------------------------
# compliance records: the bundled framework plus N algorithm records

#: measure status -> weight (AMT's five states; not every algorithm is done)
STATUS_WEIGHTS = (("gereed", 35), ("in-uitvoering", 20), ("te-doen", 15),
                  ("ter-beoordeling", 15), ("niet-van-toepassing", 15))
#: AI Act profiles the algorithms use, in turn (None: no profile, all requirements apply)
PROFILES: tuple[dict[str, str] | None, ...] = (
    None,
    {"soort-toepassing": "ai-systeem", "risicogroep": "hoog-risico-ai-systeem"},
    {"soort-toepassing": "ai-systeem", "risicogroep": "geen-hoog-risico-ai-systeem"},
    {"soort-toepassing": "ai-systeem", "risicogroep": "hoog-risico-ai-systeem",
     "rol-ai-act": "gebruiksverantwoordelijke"},
)
OWNERS = ("Team Data", "Directie Uitvoering", "Afdeling Toezicht", "Team Innovatie",
          "Directie Financien", "Afdeling Dienstverlening", "Team Handhaving")
RESPONSIBLE = ("projectleider", "privacy-officer", "data-scientist", "jurist",
               "ciso", "product-owner", "proceseigenaar")
#: every third algorithm keeps part of its records in a status file
STATUS_FILE_EVERY = 3
STATUS_FILE_HEADER = ("maatregel", "status", "toelichting", "verantwoordelijke", "bewijs")
RECORDS_INDEX = """\
# Handboek met algoritmeregister

Een gegenereerd handboek met het meegeleverde Algoritmekader en de
verantwoording van {n} algoritmes.

```{{toctree}}
:maxdepth: 1

algoritmekader/index
algoritmen/overzicht
```

```{{toctree}}
:maxdepth: 1
:glob:

algoritmen/algoritme-*
```
"""
RECORDS_CONF = """\
# generated by benchmarks/generate.py --variant {variant}
extensions = ["sphinx_algokader"]
algokader_embed = True
"""


@dataclass
class Measure:
    code: str  # the last URN segment: org-01
    stem: str  # the file name without .md
    serves: bool  # names a requirement: can be relevant to an algorithm


@dataclass
class Record:
    code: str
    status: str
    toelichting: str
    verantwoordelijke: str
    bewijs: list[str]


@dataclass
class AlgorithmRecord:
    number: int
    title: str
    eigenaar: str
    fase: str
    profiel: dict[str, str] | None
    records: list[Record]  # front matter first, then the status file
    in_file: int  # how many of the last records are in the status file (0: no file)
    intro: list[str]
    sections: list[tuple[str, str]]

    @property
    def id(self) -> str:
        return f"algoritme-{self.number:03d}"

    @property
    def docname(self) -> str:
        return f"algoritmen/{self.id}"


def framework_measures(content: Path = CONTENT) -> list[Measure]:
    """The measures of the bundled framework, in file order; ``serves`` when
    its ``vereiste:`` names a requirement of the framework."""
    requirements = {p.stem for p in (content / "vereisten").glob("*.md")}
    found = []
    for path in sorted((content / "maatregelen").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        urn = str(meta.get("id", ""))
        if not urn.startswith(URN["maatregel"]):
            continue
        serves = any(r in requirements for r in meta.get("vereiste") or ())
        found.append(Measure(urn[len(URN["maatregel"]):], path.stem, serves))
    return found


def build_records_model(n: int, per_algorithm: int, seed: int) -> list[AlgorithmRecord]:
    rng = random.Random(seed)
    measures = framework_measures()
    phases = list(load_vocabulary()["labels"]["levenscyclus"]["values"])
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    algorithms = []
    for number in range(1, n + 1):
        # measures that can be relevant first (in a seeded order), then the
        # others: beyond the relevant ones, records the build warns about
        able = [m for m in measures if m.serves]
        other = [m for m in measures if not m.serves]
        rng.shuffle(able)
        rng.shuffle(other)
        chosen = sorted((able + other)[:per_algorithm], key=lambda m: m.stem)  # file order
        records = []
        for m in chosen:
            status = rng.choices(statuses, weights)[0]
            reason = _sentence(rng, 6, 14) if status == "niet-van-toepassing" \
                or rng.random() < 0.6 else ""
            evidence = []
            for k in range(rng.choice((0, 1, 1, 2))):
                if rng.random() < 0.2:  # a page of the handbook, from the root
                    evidence.append(f"/algoritmekader/maatregelen/{m.stem}")
                else:
                    evidence.append(f"https://bewijs.example/a{number:03d}/{m.code}/{k + 1}")
            records.append(Record(m.code, status, reason, rng.choice(RESPONSIBLE), evidence))
        in_file = 0
        if number % STATUS_FILE_EVERY == 1 and records:
            in_file = max(1, round(len(records) * rng.uniform(0.3, 0.7)))
        title = f"Algoritme {number}: {_title(rng, 'vereiste').lower()}"
        algorithms.append(AlgorithmRecord(
            number, title, rng.choice(OWNERS), rng.choice(phases),
            PROFILES[(number - 1) % len(PROFILES)], records, in_file,
            [_paragraph(rng) for _ in range(2)],
            [(heading, _paragraph(rng)) for heading in ("Doel", "Werking", "Gegevens")]))
    return algorithms


def _record_yaml(r: Record) -> str:
    """One record as a YAML flow mapping, on one line."""
    parts = [f"status: {r.status}"]
    if r.toelichting:
        parts.append(f"toelichting: {r.toelichting}")
    parts.append(f"verantwoordelijke: {r.verantwoordelijke}")
    if r.bewijs:
        parts.append("bewijs: [" + ", ".join(r.bewijs) + "]")
    return "{" + ", ".join(parts) + "}"


def status_csv(a: AlgorithmRecord) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATUS_FILE_HEADER)
    for r in a.records[len(a.records) - a.in_file:]:
        writer.writerow([r.code, r.status, r.toelichting, r.verantwoordelijke, ";".join(r.bewijs)])
    return out.getvalue()


def algorithm_page(a: AlgorithmRecord, variant: str) -> str:
    lines = ["---", f"title: '{a.title}'"]
    if variant != "records-baseline":
        lines += ["algoritme:", f"  id: {a.id}", f"  eigenaar: {a.eigenaar}", f"  fase: {a.fase}"]
        if a.profiel:
            lines.append("  profiel: {" + ", ".join(f"{k}: {v}" for k, v in a.profiel.items())
                         + "}")
    if variant not in ("records-baseline", "records-empty"):
        lines.append("  maatregelen:")
        lines += [f"    {r.code}: {_record_yaml(r)}"
                  for r in a.records[:len(a.records) - a.in_file]]
        if a.in_file:
            lines.append(f"  status-bestand: {a.id}.csv")
    lines.append("---")
    suffix = " no-chart" if variant == "records-nochart" else ""
    parts = ["\n".join(lines) + "\n", f"# {a.title}\n", *(p + "\n" for p in a.intro)]
    for heading, paragraph in a.sections:
        parts += [f"## {heading}\n", paragraph + "\n"]
    parts += ["## Maatregelen\n", "De stand van de maatregelen van dit algoritme.\n"]
    if variant != "records-baseline":
        parts.append(f"<!-- algoritme_status{suffix} -->\n")
    parts += ["## Vereisten\n", "Welke vereisten gelden, en hoe ver ze zijn afgedekt.\n"]
    if variant != "records-baseline":
        parts.append("<!-- algoritme_vereisten -->\n")
    return "\n".join(parts)


def overview_page(n: int, variant: str) -> str:
    parts = ["---\ntitle: Overzicht van de algoritmes\n---\n", "# Overzicht van de algoritmes\n",
             f"Alle {n} algoritmes van de organisatie en de stand van hun maatregelen.\n"]
    if variant != "records-baseline":
        parts.append("<!-- algoritmen_overzicht"
                     + (" no-chart" if variant == "records-nochart" else "") + " -->\n")
    return "\n".join(parts)


def write_records(algorithms: list[AlgorithmRecord], variant: str, out: Path) -> dict[str, int]:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "algoritmen").mkdir(parents=True)
    (out / "conf.py").write_text(RECORDS_CONF.format(variant=variant) + COMMON_CONF,
                                 encoding="utf-8")
    (out / "index.md").write_text(RECORDS_INDEX.format(n=len(algorithms)), encoding="utf-8")
    (out / "algoritmen" / "overzicht.md").write_text(overview_page(len(algorithms), variant),
                                                      encoding="utf-8")
    files = 0
    for a in algorithms:
        (out / f"{a.docname}.md").write_text(algorithm_page(a, variant), encoding="utf-8")
        if a.in_file and variant not in ("records-baseline", "records-empty"):
            (out / "algoritmen" / f"{a.id}.csv").write_text(status_csv(a), encoding="utf-8")
            files += 1
    records = [r for a in algorithms for r in a.records]
    statuses = {s: sum(1 for r in records if r.status == s) for s, _ in STATUS_WEIGHTS}
    return {"algorithms": len(algorithms), "records": len(records), "status_files": files,
            "records_in_files": sum(a.in_file for a in algorithms), **statuses}


def generate_records(variant: str, n: int, per_algorithm: int, seed: int, out: Path
                     ) -> dict[str, int]:
    if variant not in RECORD_VARIANTS + RECORD_EXTRA_VARIANTS:
        raise ValueError(f"unknown records variant {variant!r}; variants are "
                         f"{', '.join(RECORD_VARIANTS + RECORD_EXTRA_VARIANTS)}")
    return write_records(build_records_model(n, per_algorithm, seed), variant, Path(out))


def records_edit_plan(n: int, per_algorithm: int, seed: int) -> dict[str, str]:
    """One row of one status file changed so that the algorithm's counts
    change: the first algorithm with a status file and without a profile
    (every requirement applies), its first row of a measure that can be
    relevant and is not finished, set to ``gereed``."""
    serves = {m.code for m in framework_measures() if m.serves}
    algorithms = build_records_model(n, per_algorithm, seed)
    for a in sorted(algorithms, key=lambda a: (a.profiel is not None, a.number)):
        for r in a.records[len(a.records) - a.in_file:] if a.in_file else ():
            if r.code in serves and r.status in ("te-doen", "in-uitvoering", "ter-beoordeling"):
                return {"docname": a.docname, "file": f"{a.docname}.csv", "code": r.code,
                        "old": r.status, "new": "gereed"}
    raise RuntimeError("no status-file row to edit")


def apply_records_edit(srcdir: Path, plan: dict[str, str]) -> tuple[Path, str]:
    """Make the edit of ``plan`` in a generated records folder; returns the
    status file and its text before the edit."""
    path = Path(srcdir) / plan["file"]
    text = path.read_text(encoding="utf-8")
    new = re.sub(rf"^({re.escape(plan['code'])},){re.escape(plan['old'])},",
                 rf"\g<1>{plan['new']},", text, count=1, flags=re.M)
    if new == text:
        raise RuntimeError(f"edit not applied to {path}")
    path.write_text(new, encoding="utf-8")
    return path, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=VARIANTS + RECORD_VARIANTS + RECORD_EXTRA_VARIANTS, default="algokader")
    parser.add_argument("-n", type=int, default=200,
                        help="number of items (of algorithms for the records variants)")
    parser.add_argument("-l", type=int, default=20, help="number of listing pages")
    parser.add_argument("--records", type=int, default=100,
                        help="records per algorithm (records variants)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.variant in RECORD_VARIANTS + RECORD_EXTRA_VARIANTS:
        stats = generate_records(args.variant, args.n, args.records, args.seed, args.out)
    else:
        stats = generate(args.variant, args.n, args.l, args.seed, args.out)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
