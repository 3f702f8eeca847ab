"""What an algorithm record is, and how a page's front matter and status
file become one.

A page is an *algorithm record* when its front matter has an ``algoritme``
mapping (``docs/howto/compliance-records.md``). Decoding never raises and
never drops a record silently: every problem comes back as a
``RecordProblem`` (subtype, message, where) for the collector to report,
and whatever can still be shown is kept.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import marshal
import operator
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from sphinx_algokader.model import AI_ACT_KEYS, RECORD_KEY, control_message, without_controls
from sphinx_algokader.vocabulary import Name

#: a measure's status: AMT's five states, in workflow order
STATUSES: tuple[str, ...] = ("te-doen", "in-uitvoering", "ter-beoordeling", "gereed",
                             "niet-van-toepassing")
#: statuses that count as dealt with (finished), in the order a summary names them
FINISHED: tuple[str, ...] = ("gereed", "niet-van-toepassing")
#: the status of a relevant measure without a record
DEFAULT_STATUS = "te-doen"
#: the status of a measure that does not apply to the algorithm (it needs a
#: reason); the same word as the AI Act label value, another concept
NOT_APPLICABLE = "niet-van-toepassing"

#: status -> (name, colour): colours from the Okabe-Ito palette, apart for
#: colour-blind readers (to do and done are close in lightness: the HTML
#: chart gives all but done a pattern, ``charts.PATTERNS``)
STATUS_STYLE: dict[str, tuple[Name, str]] = {
    "te-doen": (Name("Te doen", "To do"), "#D55E00"),
    "in-uitvoering": (Name("In uitvoering", "In progress"), "#E69F00"),
    "ter-beoordeling": (Name("Ter beoordeling", "In review"), "#56B4E9"),
    "gereed": (Name("Gereed", "Done"), "#009E73"),
    "niet-van-toepassing": (Name("Niet van toepassing", "Not applicable"), "#BBBBBB"),
}

def slug(value: str) -> str:
    """How a written name matches a value: in any case, with hyphens for
    spaces ("Team Belastingen" is ``team-belastingen``, "Niet van
    toepassing" is ``niet-van-toepassing``). Statuses and the views'
    ``key/value`` filter tokens match so (a token cannot hold a space)."""
    return "-".join(value.casefold().split())


#: how a status may be written (``slug``) -> the status: its code, or the
#: name a table shows for it in Dutch or English ("Niet van toepassing",
#: "In progress"): what a team copies from the handbook into its spreadsheet
STATUS_FORMS: dict[str, str] = {
    slug(form): status
    for status, (name, _) in STATUS_STYLE.items() for form in (status, name.nl, name.en)}


def status_style(custom: Mapping[str, Any] | None, status: str) -> tuple[Name, str]:
    """A status's name (Dutch and English) and colour: the handbook's own
    where ``algokader_statuses`` gives them (``{nl, en, kleur}``, checked
    when the configuration is read: ``views.check_statuses``), else the
    defaults (``STATUS_STYLE``). The one reader of that setting's entries."""
    name, colour = STATUS_STYLE[status]
    entry = (custom or {}).get(status)
    if not isinstance(entry, Mapping):
        return name, colour
    own = {key: value for key, value in entry.items() if isinstance(value, str) and value}
    return Name(own.get("nl", name.nl), own.get("en", name.en)), own.get("kleur", colour)


def status_forms(custom: Mapping[str, Mapping[str, str]] | None) -> Mapping[str, str]:
    """``STATUS_FORMS`` and the names ``algokader_statuses`` gives (which
    win): a team writes what its handbook's tables show."""
    if not custom:
        return STATUS_FORMS
    forms = dict(STATUS_FORMS)
    for status in custom:
        if status in STATUS_STYLE:  # (a default name stays where STATUS_FORMS has it)
            name, default = status_style(custom, status)[0], STATUS_STYLE[status][0]
            forms.update({slug(text): status for text, usual in ((name.nl, default.nl),
                                                                 (name.en, default.en))
                          if text != usual and text.strip()})
    return forms


def status_of(text: str, forms: Mapping[str, str] = STATUS_FORMS) -> str:
    """The status ``text`` names (``forms``: ``status_forms``), or ``text`` as it is."""
    return forms.get(slug(text), text)


#: a requirement's coverage, from best to worst
COVERAGES: tuple[str, ...] = ("afgedekt", "deels", "open", "zonder-maatregel")
COVERAGE_STYLE: dict[str, tuple[Name, str]] = {
    "afgedekt": (Name("Afgedekt", "Covered"), "#009E73"),
    "deels": (Name("Deels", "Partly"), "#E69F00"),
    "open": (Name("Open", "Open"), "#D55E00"),
    "zonder-maatregel": (Name("Zonder maatregel", "No measure"), "#BBBBBB"),
}

#: how a coverage may be written in a ``dekking/`` filter (``slug``) -> the
#: coverage: its code, or its Dutch or English name, as for statuses
COVERAGE_FORMS: dict[str, str] = {
    slug(form): coverage
    for coverage, (name, _) in COVERAGE_STYLE.items() for form in (coverage, name.nl, name.en)}


def coverage_of(text: str) -> str:
    """The coverage ``text`` names (``COVERAGE_FORMS``), or ``text`` as it is."""
    return COVERAGE_FORMS.get(slug(text), text)


#: the columns of a status file, in order; bewijs entries are split on ";"
STATUS_FILE_COLUMNS: tuple[str, ...] = ("maatregel", "status", "toelichting",
                                        "verantwoordelijke", "bewijs")
#: keys of one measure's record
RECORD_FIELDS: tuple[str, ...] = STATUS_FILE_COLUMNS[1:]
#: keys of the ``algoritme`` mapping
ALGORITHM_FIELDS: tuple[str, ...] = ("id", "eigenaar", "fase", "profiel", "maatregelen",
                                     "status-bestand", "editie")


@dataclass(frozen=True)
class RecordProblem:
    """A problem in a record; ``key`` finds its line in the front matter
    (below the key ``within``, when a key of that name may also be above
    it), or ``line`` is its line in the status file ``source``."""

    subtype: str
    message: str
    key: str = RECORD_KEY
    source: str = ""
    line: int | None = None
    within: str = ""


@dataclass(frozen=True, slots=True)
class MeasureRecord:
    """What an organisation did about one measure."""

    #: the measure as the record names it (short code, file stem or URN)
    name: str
    status: str
    toelichting: str = ""
    verantwoordelijke: str = ""
    #: evidence: URLs, or pages of the handbook (relative to the record's page)
    bewijs: tuple[str, ...] = ()
    #: where it was written: "" for the front matter, else the status file
    source: str = ""
    line: int | None = None

    def __reduce__(self) -> tuple[type[MeasureRecord], tuple[Any, ...]]:
        # pickled (with the environment, after every read phase, and read
        # back by every incremental build) as its class and its fields in
        # order: the getstate/setstate that a slots dataclass gets run
        # Python for each field of each record, five times as slow
        return (MeasureRecord, _record_values(self))


#: a record's field values in the order ``MeasureRecord(*values)`` takes them
_record_values = operator.attrgetter(*(f.name for f in fields(MeasureRecord)))


@dataclass(frozen=True)
class Algorithm:
    """One algorithm record: the ``algoritme`` mapping of a page."""

    docname: str
    id: str
    title: str
    eigenaar: str = ""
    fase: str = ""
    #: the AI Act profile, as sorted (label, value) pairs
    profiel: tuple[tuple[str, str], ...] = ()
    records: tuple[MeasureRecord, ...] = ()
    #: the status file as written, relative to the page
    status_file: str = ""
    #: the framework edition the records were last confirmed against
    editie: str = ""
    #: the line of the ``algoritme`` key, for warnings about the whole record
    line: int | None = field(default=None, compare=False)

    @cached_property
    def marshalled(self) -> bytes:
        """All that the record holds, its fields and its records' fields
        (strings, integers, None, tuples and lists), written with
        ``marshal``: the same bytes for equal records in every build. Made
        once (the record is immutable), for its digest and its pickle."""
        values = [list(map(_record_values, self.records)) if name == "records"
                  else getattr(self, name) for name in _ALGORITHM_FIELDS]
        try:
            return marshal.dumps(values, _MARSHAL_VERSION)
        except ValueError:  # a str subclass (a docutils Text) that marshal refuses
            return marshal.dumps(_plain(values), _MARSHAL_VERSION)

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        # pickled (with the environment, after every read phase) as the
        # marshal text that record_digest makes of it anyway: one string
        # instead of a call per measure's record (a hundred algorithms'
        # records were a third of the environment's pickling)
        return (_algorithm_from, (self.marshalled,))


#: every field of an algorithm record, in order
_ALGORITHM_FIELDS = tuple(f.name for f in fields(Algorithm))
_RECORDS = _ALGORITHM_FIELDS.index("records")
#: the marshal format of ``Algorithm.marshalled``: version 2 writes every
#: value in full (version 3 on refers to objects written before, so that
#: equal values shared or not would be written differently)
_MARSHAL_VERSION = 2


def _plain(value: Any) -> Any:
    """``value`` with every string a plain ``str``, every list a list and
    every other sequence a tuple."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return list(map(_plain, value))
    if isinstance(value, tuple):
        return tuple(map(_plain, value))
    return value


def _algorithm_from(data: bytes) -> Algorithm:
    """An algorithm record from ``Algorithm.marshalled`` (its pickle)."""
    values = marshal.loads(data)
    values[_RECORDS] = tuple(MeasureRecord(*record) for record in values[_RECORDS])
    return Algorithm(*values)


def record_digest(algorithm: Algorithm) -> str:
    """A digest of all that an algorithm record holds, the same for equal
    records in every build (``Algorithm.marshalled``: marshal is twice as
    fast as JSON, which was three times as fast as ``repr``, for a hundred
    records; ``benchmarks/README.md``, step 7)."""
    return hashlib.blake2b(algorithm.marshalled, digest_size=16).hexdigest()


def _text(value: Any) -> str:
    """A scalar field as text; a list or mapping has none (see ``_field``)."""
    if value is None or isinstance(value, (list, dict)):
        return ""
    return str(value).strip()


def _field(raw: Mapping[str, Any], key: str, problem: Callable[[str], None]) -> str:
    """Field ``key`` of a record as text. A list or mapping where text
    belongs (``fase: [ontwerp, ontwikkelen]``) is reported through
    ``problem`` and read as empty, never dropped without a word."""
    value = raw.get(key)
    if isinstance(value, (list, dict)):
        problem(f"{key} must be text, not {value!r}; it is left out")
    return _text(value)


#: what separates a text's evidence entries
_EVIDENCE_SEPARATOR_RE = re.compile(r"[;\n\r\u2028]")


def _evidence(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):  # (entries on lines of their own, as a cell may have them)
        value = _EVIDENCE_SEPARATOR_RE.split(value)
    if not isinstance(value, (list, tuple)):
        value = [value]
    try:  # strings, as nearly always: in one call
        return tuple(filter(None, map(str.strip, value)))
    except TypeError:  # (an entry that is no string)
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())


_RECORD_FIELD_SET = frozenset(RECORD_FIELDS)


def _decode_plain(name: str, raw: Any, forms: Mapping[str, str], source: str,
                  line: int | None) -> MeasureRecord | None:
    """``decode_record`` for a record written as documented, in one go (a
    status by a form ``forms`` knows as it is, text where text belongs, no
    other key, a reason where it is needed); None for any other record,
    which ``decode_record`` reads field by field, with its problems. (A
    slug that is a key of ``forms`` is its own slug, so ``status_of`` would
    find the same status.)"""
    if type(raw) is str:
        status = forms.get(raw)
        if status is None or status == NOT_APPLICABLE:
            return None
        return MeasureRecord(name, status, "", "", (), source, line)
    if type(raw) is not dict or not raw.keys() <= _RECORD_FIELD_SET:
        return None
    written = raw.get("status")
    status = forms.get(written) if type(written) is str else None
    toelichting = raw.get("toelichting")
    verantwoordelijke = raw.get("verantwoordelijke")
    if status is None or not (toelichting is None or type(toelichting) is str) \
            or not (verantwoordelijke is None or type(verantwoordelijke) is str):
        return None
    toelichting = toelichting.strip() if toelichting else ""
    if status == NOT_APPLICABLE and not toelichting:
        return None
    return MeasureRecord(name, status, toelichting,
                         verantwoordelijke.strip() if verantwoordelijke else "",
                         _evidence(raw.get("bewijs")), source, line)


def decode_record(name: str, raw: Any, problems: list[RecordProblem], source: str = "",
                  line: int | None = None, forms: Mapping[str, str] = STATUS_FORMS,
                  said: frozenset[str] = frozenset()) -> MeasureRecord:
    """One measure's record; a bare status (``0-org-01: gereed``) is allowed.
    ``said``: fields whose emptiness a warning has told already (a status
    file's formula without its value)."""
    fast = _decode_plain(name, raw, forms, source, line)
    if fast is not None:
        return fast

    def problem(subtype: str, message: str) -> None:
        problems.append(RecordProblem(subtype, message, key=name, source=source, line=line))

    if isinstance(raw, str) or raw is None:
        raw = {"status": raw}
    shapeless = not isinstance(raw, Mapping)
    if shapeless:  # one warning says it all: not also "no status" below
        problem("record", f"the record of {name!r} must be a mapping with status, toelichting, "
                f"verantwoordelijke and bewijs, not {raw!r}; it counts as {DEFAULT_STATUS}")
        raw = {}
    unknown = sorted(str(k) for k in raw if k not in RECORD_FIELDS)
    if unknown:
        problem("record", f"the record of {name!r} has unknown key(s) {', '.join(unknown)}; "
                f"keys are {', '.join(RECORD_FIELDS)}")
    written = raw.get("status")
    status = status_of(_text(written), forms)
    if status not in STATUSES:
        if not shapeless and not (written is None and "status" in said):
            # (a shapeless record, or an empty formula, is reported already)
            # a list or a mapping is no status either: named as written
            shown = written if isinstance(written, (list, dict)) else status
            problem("unknown_status",
                    f"{name}: status {shown!r} is not one of {', '.join(STATUSES)}; "
                    f"shown as {DEFAULT_STATUS}" if shown else
                    f"{name}: the record has no status; shown as {DEFAULT_STATUS}")
        status = DEFAULT_STATUS

    def not_text(message: str) -> None:
        problem("record", f"the record of {name!r}: {message}")

    toelichting = _field(raw, "toelichting", not_text)
    if status == NOT_APPLICABLE and not toelichting:
        problem("missing_reason", f"{name}: {NOT_APPLICABLE} needs a reason (toelichting)")
    return MeasureRecord(name=name, status=status, toelichting=toelichting,
                         verantwoordelijke=_field(raw, "verantwoordelijke", not_text),
                         bewijs=_evidence(raw.get("bewijs")), source=source, line=line)


def decode_profile(raw: Any, problems: list[RecordProblem]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        problems.append(RecordProblem("record", f"profiel must map AI Act labels "
                                      f"({', '.join(AI_ACT_KEYS)}) to values, not {raw!r}",
                                      key="profiel"))
        return ()
    pairs: set[tuple[str, str]] = set()
    for key, values in raw.items():
        if key not in AI_ACT_KEYS:
            problems.append(RecordProblem("bad_token", f"profiel: {key!r} is no AI Act profile "
                                          f"label ({', '.join(AI_ACT_KEYS)}); ignored",
                                          key=str(key), within="profiel"))
            continue
        for value in values if isinstance(values, (list, tuple)) else [values]:
            if isinstance(value, (list, dict)):  # no value: said, never dropped unseen
                problems.append(RecordProblem(
                    "record", f"profiel: {key}: {value!r} is no value (a value or a list "
                    "of values); it is left out", key=key, within="profiel"))
            elif _text(value):  # an empty value chooses nothing
                pairs.add((str(key), _text(value)))
    return tuple(sorted(pairs))


def decode_algorithm(docname: str, raw: Any, forms: Mapping[str, str] = STATUS_FORMS
                     ) -> tuple[Algorithm | None, list[RecordProblem]]:
    """The record of a page from its ``algoritme:`` value, or None when that
    is no mapping (a problem says why). The title, the status file's
    records (``read_status_file``, under the front matter's) and the line
    are the collector's to add. ``forms``: how statuses may be written
    (``status_forms``)."""
    problems: list[RecordProblem] = []
    if not isinstance(raw, Mapping):
        problems.append(RecordProblem("record", f"{RECORD_KEY} must be a mapping "
                                      f"({', '.join(ALGORITHM_FIELDS)}), not {raw!r}"))
        return None, problems
    unknown = sorted(str(k) for k in raw if k not in ALGORITHM_FIELDS)
    if unknown:
        problems.append(RecordProblem("record", f"{RECORD_KEY} has unknown key(s) "
                                      f"{', '.join(unknown)}; keys are {', '.join(ALGORITHM_FIELDS)}",
                                      key=unknown[0], within=RECORD_KEY))

    def text_of(key: str) -> str:
        return _field(raw, key, lambda message: problems.append(
            RecordProblem("record", f"{RECORD_KEY}: {message}", key=key)))

    for key in ("id", "editie"):  # text that YAML reads as a number or a yes/no
        value = raw.get(key)
        if isinstance(value, (int, float)):
            what = (f"the boolean {value!r} to YAML, which reads no, off, yes and on so"
                    if isinstance(value, bool) else f"the number {value!r} to YAML, which "
                    "reads 0123 as 83 and 2026.10 as 2026.1")
            problems.append(RecordProblem(
                "record", f"{RECORD_KEY}: {key} is {what}; write it in quotes "
                f"({key}: \"...\") to keep it as written", key=key, within=RECORD_KEY))
    algorithm_id = text_of("id")
    if not algorithm_id:
        algorithm_id = docname.rsplit("/", 1)[-1]
        problems.append(RecordProblem("record", f"{RECORD_KEY} has no id; the page name "
                                      f"{algorithm_id!r} is used"))
    records: list[MeasureRecord] = []
    measures = raw.get("maatregelen")
    if measures is not None and not isinstance(measures, Mapping):
        problems.append(RecordProblem("record", "maatregelen must map a measure (short code, "
                                      f"file name or URN) to its record, not {measures!r}",
                                      key="maatregelen"))
        measures = {}
    for name, record in (measures or {}).items():
        records.append(decode_record(str(name).strip(), record, problems, forms=forms))
    return Algorithm(
        docname=docname, id=algorithm_id, title="", eigenaar=text_of("eigenaar"),
        fase=text_of("fase"), profiel=decode_profile(raw.get("profiel"), problems),
        records=tuple(records), status_file=text_of("status-bestand"), editie=text_of("editie"),
    ), problems


# --------------------------------------------------------------------------
# status files


class Rows(NamedTuple):
    """What a reader makes of a status file."""

    #: its rows: (line, cells), a line the row's first
    rows: list[tuple[int, list[str]]]
    #: the links of its cells: (line, column) -> the URL a cell links to
    #: (an Excel hyperlink, a Calc ``text:a``)
    links: dict[tuple[int, int], str]
    #: the rows it could not read: (line, why)
    bad: list[tuple[int, str]]
    #: what it read, but the reader should hear of: (line, what)
    notes: list[tuple[int, str]]
    #: the sheet read, of a workbook of several ("" for one sheet, or a CSV)
    sheet: str = ""
    #: the cells a note says read as empty, (line, column): a formula saved
    #: without its value (their row's other warnings do not say so again)
    emptied: frozenset[tuple[int, int]] = frozenset()


#: a UTF-8 sequence of two or more bytes (é is C3 A9): a file that holds
#: one, and no byte that UTF-8 forbids, was saved as UTF-8
_UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _decode_csv(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """``_decoded``, its line ends made ``\\n`` (as a file read as text)."""
    text, notes = _decoded(data)
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def _decoded(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """A CSV file's text, and what was said of its lines. UTF-8, with or
    without a byte-order mark (Excel's "CSV UTF-8"); UTF-16 by its
    byte-order mark (Excel's "Unicode text"); else Windows-1252, as Excel
    saves "CSV" on a Dutch Windows, without a word. A file of both (a line
    pasted from another file) is read line by line, each line as what it
    is, and each line that is not UTF-8 said; so is a byte that neither
    can read, shown as ``?`` (U+FFFD would stop pdflatex)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    utf8 = data.startswith(codecs.BOM_UTF8)
    lines = data.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True)
    texts: list[str | None] = []
    for line in lines:
        try:
            texts.append(line.decode("utf-8"))
            utf8 = utf8 or _UTF8_SEQUENCE_RE.search(line) is not None
        except UnicodeDecodeError:
            texts.append(None)
    notes = []
    for number, (line, text) in enumerate(zip(lines, texts), start=1):
        if text is not None:
            continue
        try:
            texts[number - 1] = line.decode("cp1252")
            if utf8:
                notes.append((number, "the line is not UTF-8, as the rest of the file is; "
                              "read as Windows-1252 (save the file as CSV UTF-8)"))
        except UnicodeDecodeError:
            texts[number - 1] = line.decode("cp1252", errors="replace").replace("\ufffd", "?")
            notes.append((number, "the line holds bytes that are neither UTF-8 nor "
                          "Windows-1252, shown as ? (save the file as CSV UTF-8)"))
    return "".join(t for t in texts if t is not None), notes


#: what a path written with backslashes (as a Windows user copies one) is
#: told, of a status file and of evidence alike
SLASHES = "write / between folders, not \\"
#: a first line that names the separator, as some programs write for Excel
_SEP_LINE_RE = re.compile(r"sep=(.)[ \t]*\r?\n?")


def _row_lines(lines: list[str], start: int, delimiter: str) -> int | None:
    """The lines the CSV row that starts at ``lines[start]`` takes, as the
    csv module reads it: a quote opens a quoted cell only at a cell's start
    (elsewhere it is text), a doubled quote inside one is a quote, and the
    row ends at the end of a line outside a quoted cell. None when a quoted
    cell is never closed."""
    quoted = False
    for number in range(start, len(lines)):
        line, i = lines[number], 0
        while True:
            if quoted:  # find the closing quote (not a doubled one)
                j = line.find('"', i)
                if j < 0:
                    break  # the cell goes on on the next line
                if line.startswith('"', j + 1):
                    i = j + 2
                    continue
                quoted, i = False, j + 1  # (text after it belongs to the cell)
            elif line.startswith('"', i) and (i == 0 or line[i - 1] == delimiter):
                quoted, i = True, i + 1
                continue
            j = line.find(delimiter, i)  # the next cell, or the row's end
            if j < 0:
                return number - start + 1
            i = j + 1
    return None


def _rows_csv(path: Path) -> Rows:
    text, notes = _decode_csv(path.read_bytes())
    # Dutch spreadsheets often save with ";": the header's most frequent
    # separator is the file's (csv.Sniffer says the same of one line, at
    # a hundred times the cost); or the one a "sep=;" line names
    named = _SEP_LINE_RE.fullmatch(text.split("\n", 1)[0] + "\n")
    if named:
        delimiter = named.group(1)
        text = "\n" + text.split("\n", 1)[1] if "\n" in text else ""
    else:
        header = next((line for line in text.split("\n") if line.strip(" \t\r,;")), "")
        delimiter = max((",", ";", "\t"), key=header.count)
    # Read strictly, since a quote that is never closed would take every
    # line after it into its cell: that row is reported, its first line
    # skipped, and the reading goes on after it. Text after a closing quote
    # ("Training" gegeven) is read as Excel reads it.
    lines = io.StringIO(text, newline="").readlines()
    rows: list[tuple[int, list[str]]] = []
    bad: list[tuple[int, str]] = []
    start = 0  # the lines before the current reader's first
    while True:
        reader = csv.reader(lines[start:], csv.excel, delimiter=delimiter, strict=True)
        done = 0  # the lines the reader has read
        try:
            for row in reader:
                rows.append((start + done + 1, row))
                done = reader.line_num
        except csv.Error as error:
            start += done  # the bad row's first line is lines[start]
            if "end of data" in str(error):
                bad.append((start + 1, 'a quote (") opens a cell that is never closed'))
                start += 1
                continue
            loose = csv.reader(lines[start:], csv.excel, delimiter=delimiter)
            try:
                row = next(loose, None)
            except csv.Error as error:  # a cell longer than the csv module reads
                bad.append((start + 1, f"the row cannot be read ({error}): a cell of a "
                                       "status file holds a few sentences; link a document "
                                       "for more"))
                taken = _row_lines(lines, start, delimiter)  # (its cell may run over lines)
                if taken is None:
                    bad[-1] = (start + 1, 'a quote (") opens a cell that is never closed')
                    taken = 1
                start += taken
                continue
            if row is not None:
                rows.append((start + 1, row))
            start += max(loose.line_num, 1)
            continue
        return Rows(rows, {}, bad, notes)


def _cell_text(value: Any) -> str:
    """A workbook cell's value as the text a reader means: a date as
    2024-01-05 (a date cell is a datetime at midnight), a time to the
    minute."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _sheet_named(names: list[str], chosen: int) -> str:
    """How a warning names the sheet read, when the workbook has several."""
    if len(names) < 2:
        return ""
    return f"sheet {names[chosen]!r}" + (f", the first visible of {len(names)}"
                                         if chosen else f", the first of {len(names)}")


def _rows_xlsx(path: Path) -> Rows:
    """The first visible sheet's values, and its cells' hyperlinks (Excel's
    "insert link": the cell shows a name, the link holds the URL). A cell
    merged over rows below it gives its value to each of them, as the sheet
    shows it (merged over columns, it stays its own column's: the header
    names each column). Not read-only: openpyxl reads hyperlinks and merged
    cells only so, and a status file is small."""
    import openpyxl
    from openpyxl.utils import column_index_from_string, get_column_letter

    _check_merged(path)  # (before openpyxl makes a cell of each merged one)
    book = openpyxl.load_workbook(path, data_only=True)
    try:
        sheets = book.worksheets
        chosen = next((n for n, s in enumerate(sheets) if s.sheet_state == "visible"), 0)
        sheet = sheets[chosen]
        # a stray cell far down or right (XFD1048576) must not make a
        # sheet of a billion cells: read as far as cells hold something
        # (not a coloured range), and no further than a status file goes
        facts = _sheet_facts(path, sheet.title)
        reach = (facts.last_row, facts.last_column) \
            if facts is not None and facts.last_row is not None \
            else (sheet.max_row, sheet.max_column)  # (both None, or neither)
        last_row = min(reach[0], MAX_STATUS_ROWS + 1)
        last_column = min(reach[1], MAX_STATUS_COLUMNS)
        merged = {}  # (row, column) -> the cell above it whose value it shows
        for cells in sheet.merged_cells.ranges:
            corner = sheet.cell(cells.min_row, cells.min_col)
            for row_number in range(cells.min_row + 1, min(cells.max_row, last_row) + 1):
                merged[(row_number, cells.min_col)] = corner
        rows, links = [], {}
        # (iter_rows reads a 0 as "to the sheet's end": an empty sheet reads none)
        cells_read = sheet.iter_rows(max_row=last_row, max_col=last_column) \
            if last_row and last_column else ()
        for n, row in enumerate(cells_read, start=1):
            row = [merged.get((n, column), cell) for column, cell in enumerate(row, start=1)]
            rows.append((n, [_cell_text(cell.value) for cell in row]))
            for column, cell in enumerate(row):
                if cell.hyperlink is not None and cell.hyperlink.target:
                    links[(n, column)] = cell.hyperlink.target
        uncalculated = facts.uncalculated if facts is not None else []
        notes = [(line, f"the cell {coordinate} holds a formula that was never calculated, so "
                  "it reads as empty (open the file in Excel or LibreOffice and save it)")
                 for line, coordinate in uncalculated]
        emptied = frozenset((line, column_index_from_string(coordinate.rstrip("0123456789")) - 1)
                            for line, coordinate in uncalculated)
        if reach[1] > last_column:
            notes.append((1, f"the sheet has cells as far right as column "
                             f"{get_column_letter(reach[1])}; only the first "
                             f"{MAX_STATUS_COLUMNS} columns are read"))
        if reach[0] > last_row and sum(
                any(cell.strip() for cell in cells) for _, cells in rows) <= MAX_STATUS_ROWS:
            # (a sheet of too many rows of text is said so by read_status_file)
            notes.append((last_row, f"the sheet has cells as far down as row {reach[0]}; "
                                    f"only the first {last_row} rows are read"))
        return Rows(rows, links, [], notes,
                    _sheet_named([s.title for s in sheets], chosen), emptied)
    finally:
        book.close()


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


#: a merged cell's range in a sheet's XML (``<mergeCell ref="A1:B2"/>``)
_MERGED_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _check_merged(path: Path) -> None:
    """Raise ValueError when a sheet of the workbook merges more cells than
    a status file has rows or columns (``A1:XFD1048576``): openpyxl makes
    an object of every merged cell when it loads a sheet, and a file of a
    few kilobytes would take gigabytes."""
    from openpyxl.utils import range_boundaries

    total = 0  # merged cells of every sheet (openpyxl loads them all): they add up
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
                continue
            for ref in _MERGED_RE.findall(book.read(name)):
                first_column, first_row, last_column, last_row = range_boundaries(ref.decode())
                if last_row - first_row > MAX_STATUS_ROWS \
                        or last_column - first_column >= MAX_STATUS_COLUMNS:
                    raise ValueError(f"a merged cell covers {ref.decode()}, more rows or "
                                     "columns than a status file is read for; undo the merge")
                total += (last_row - first_row + 1) * (last_column - first_column + 1)
                if total > MAX_MERGED_CELLS:
                    raise ValueError(f"its merged cells cover more than {MAX_MERGED_CELLS:,} "
                                     "cells in all, far more than a status file needs; undo "
                                     "the merges")


class _SheetFacts(NamedTuple):
    """What a sheet's XML says that openpyxl's cells do not."""

    #: the cells that hold a formula saved without its value, (row, A1 name)
    uncalculated: list[tuple[int, str]]
    #: the last row and column (from 1) of a cell with content (a value or a
    #: formula); a cell with a style alone (a coloured range) is none. None
    #: when the XML does not name every cell's place (``r``), as Excel,
    #: LibreOffice and openpyxl do
    last_row: int | None
    last_column: int | None


def _sheet_facts(path: Path, title: str) -> _SheetFacts | None:
    """The facts of the workbook's sheet ``title``, read from its XML; None
    when the workbook does not say where that sheet is. openpyxl gives a
    formula cell saved without its value as None, as it does one whose
    value is "": a formula cell without a value, or with an empty one that
    is no text (Excel saves a formula that gives "" as text, ``t="str"``),
    was saved by a program that does not calculate (a script with
    openpyxl). openpyxl's own extent of a sheet counts cells with a style
    alone."""
    from openpyxl.utils import column_index_from_string
    from openpyxl.xml.functions import fromstring  # (defusedxml where installed)

    with zipfile.ZipFile(path) as book:
        workbook = fromstring(book.read("xl/workbook.xml"))
        relations = fromstring(book.read("xl/_rels/workbook.xml.rels"))
        relation = next((sheet.get(f"{_RELATION_NS}id")
                         for sheet in workbook.iter(f"{_MAIN_NS}sheet")
                         if sheet.get("name") == title), None)
        target = next((r.get("Target") for r in relations.iter(f"{_PACKAGE_NS}Relationship")
                       if r.get("Id") == relation), None)
        if not target:
            return None
        member = target[1:] if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        sheet = fromstring(book.read(member))
    found, last_row, last_column, placed = [], 0, 0, True
    for cell in sheet.iter(f"{_MAIN_NS}c"):
        where = cell.get("r", "")
        letters = where.rstrip("0123456789")
        row = where[len(letters):]
        if not letters or not row.isdigit():
            placed = False  # (its place only its neighbours say)
            continue
        value = cell.find(f"{_MAIN_NS}v")
        formula = cell.find(f"{_MAIN_NS}f") is not None
        if formula and cell.get("t", "n") == "n" and (value is None or not value.text):
            found.append((int(row), where))
        if formula or (value is not None and value.text) \
                or cell.find(f"{_MAIN_NS}is") is not None:
            last_row = max(last_row, int(row))
            last_column = max(last_column, column_index_from_string(letters))
    return _SheetFacts(found, last_row if placed else None, last_column if placed else None)


#: a repeated empty cell or row is written out at most this often: a
#: spreadsheet program repeats the empty rest of a sheet a million times
_MAX_REPEAT = 256
#: the most rows a status file is read for (a framework has a few hundred
#: measures), and its largest size: a status file is small, and a repeat
#: count or a device file must not make a build run out of memory
MAX_STATUS_ROWS = 10_000
MAX_STATUS_BYTES = 16 * 2**20
#: the most columns of a workbook's sheet that are read (a status file has
#: five), and the most cells its merges may cover (openpyxl makes an object
#: of each when it loads the sheet)
MAX_STATUS_COLUMNS = 64
MAX_MERGED_CELLS = 100_000
#: why the row after the last one read is not read (nor are those after it)
_TOO_MANY_ROWS = (f"the sheet has more than {MAX_STATUS_ROWS} rows, the most a status file "
                  "is read for (the rows after this one are not read either)")


def _ods_value(cell: Any, shown: str) -> str:
    """A Calc cell's text as ``_cell_text`` gives a workbook's: a date,
    number or truth value by its value, not by its format (``01-03-2026``
    and ``€ 5.000,00`` are 2026-03-01 and 5000), text as shown."""
    from odf.namespaces import OFFICENS

    kind = cell.getAttrNS(OFFICENS, "value-type")
    try:
        if kind == "date":
            return _cell_text(datetime.datetime.fromisoformat(
                cell.getAttrNS(OFFICENS, "date-value")))
        if kind in ("float", "currency", "percentage"):
            number = float(cell.getAttrNS(OFFICENS, "value"))
            return _cell_text(int(number) if number.is_integer() else number)
        if kind == "boolean":
            return _cell_text(cell.getAttrNS(OFFICENS, "boolean-value") == "true")
    except (TypeError, ValueError):  # no value, or one no program writes
        pass
    return shown


def _hidden_ods_tables(document: Any) -> set[str]:
    """The names of a Calc document's table styles that hide a sheet."""
    from odf.namespaces import STYLENS, TABLENS
    from odf.style import Style, TableProperties

    return {style.getAttrNS(STYLENS, "name")
            for style in document.automaticstyles.getElementsByType(Style)
            if style.getAttrNS(STYLENS, "family") == "table"
            and any(p.getAttrNS(TABLENS, "display") == "false"
                    for p in style.getElementsByType(TableProperties))}


def _rows_ods(path: Path) -> Rows:
    """The first visible sheet of an OpenDocument spreadsheet (LibreOffice
    Calc; the open standard the Dutch government asks for), as
    ``_rows_xlsx`` reads a workbook's: its values, its cells' links
    (``text:a``), a cell merged over rows in each of them. A cell's comment
    (``office:annotation``) is no part of its value."""
    from odf import teletype
    from odf.namespaces import TABLENS, TEXTNS, XLINKNS
    from odf.opendocument import load
    from odf.table import Table, TableRow
    from odf.text import A

    document = load(str(path))
    sheets = document.spreadsheet.getElementsByType(Table)
    hidden = _hidden_ods_tables(document)
    chosen = next((n for n, s in enumerate(sheets)
                   if s.getAttrNS(TABLENS, "style-name") not in hidden), 0)
    names = [sheet.getAttrNS(TABLENS, "name") or "" for sheet in sheets]
    rows: list[tuple[int, list[str]]] = []
    links: dict[tuple[int, int], str] = {}
    #: column -> [rows left, text, link] of a cell merged over the rows below it
    covering: dict[int, list[Any]] = {}
    number = 0
    for row in sheets[chosen].getElementsByType(TableRow) if sheets else ():
        cells: list[str] = []
        hrefs: dict[int, str] = {}
        for cell in row.childNodes:
            kind = getattr(cell, "qname", ("", ""))[1]
            if kind not in ("table-cell", "covered-table-cell"):
                continue
            # its paragraphs, not those of a comment inside it
            paragraphs = [p for p in cell.childNodes if p.qname == (TEXTNS, "p")]
            text = _ods_value(cell, "\n".join(teletype.extractText(p) for p in paragraphs))
            href = next((a.getAttrNS(XLINKNS, "href") for p in paragraphs
                         for a in p.getElementsByType(A)), "")
            repeat = min(int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1),
                         _MAX_REPEAT)
            spans = (int(cell.getAttrNS(TABLENS, "number-rows-spanned") or 1),
                     int(cell.getAttrNS(TABLENS, "number-columns-spanned") or 1))
            if kind == "table-cell" and spans[0] > 1:  # (over columns: see _rows_xlsx)
                covering[len(cells)] = [min(spans[0], MAX_STATUS_ROWS), text, href]
            for _ in range(repeat):
                value, link = text, href
                if kind == "covered-table-cell" and len(cells) in covering:
                    _, value, link = covering[len(cells)]
                if link:
                    hrefs[len(cells)] = link
                cells.append(value)
        repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
        for column in list(covering):
            covering[column][0] -= repeat
            if covering[column][0] <= 0:
                del covering[column]
        if not any(cells):  # empty rows count for the line numbers only
            number += repeat
            continue
        for _ in range(repeat):
            number += 1
            if len(rows) == MAX_STATUS_ROWS:
                return Rows(rows, links, [(number, _TOO_MANY_ROWS)], [],
                            _sheet_named(names, chosen))
            rows.append((number, cells))
            links.update({(number, column): href for column, href in hrefs.items()})
    return Rows(rows, links, [], [], _sheet_named(names, chosen))


#: status file suffix -> its reader; any other suffix is read as CSV
_READERS = {".xlsx": _rows_xlsx, ".xlsm": _rows_xlsx, ".ods": _rows_ods}
#: spreadsheets of a format no reader takes: what to save them as instead
_UNREADABLE = {".xls": "Excel 97-2003", ".numbers": "Numbers", ".fods": "flat ODS"}


def _refused(path: Path) -> str:
    """Why a status file that exists is not read: no regular file (a read
    of a pipe would never end, of a device never stop), or too large; ""
    when it may be read (or does not exist)."""
    if not path.exists():
        return ""
    if not path.is_file():
        return "it is not a file"
    if path.stat().st_size > MAX_STATUS_BYTES:
        return f"it is larger than {MAX_STATUS_BYTES // 2**20} MB"
    return ""


def file_digest(path: Path) -> str:
    """A digest of a status file's bytes; "" for one that cannot be read,
    or that ``read_status_file`` would not read (``_refused``)."""
    try:
        if not path.is_file() or _refused(path):
            return ""
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""


def read_status_file(path: Path, shown: str, forms: Mapping[str, str] = STATUS_FORMS
                     ) -> tuple[list[MeasureRecord], list[RecordProblem]]:
    """The records in a status file (CSV, XLSX or ODS), with the problems of
    its rows; ``shown`` is how warnings name the file."""
    problems: list[RecordProblem] = []
    suffix = path.suffix.lower()
    if suffix in _UNREADABLE:
        return [], [RecordProblem("status_file", f"status-bestand {shown!r} is in the "
                                  f"{_UNREADABLE[suffix]} format, which cannot be read; save it "
                                  "as .xlsx, .ods or .csv", key="status-bestand")]
    try:
        refused = _refused(path)
        if refused:
            raise ValueError(refused)
        read = _READERS.get(suffix, _rows_csv)(path)
    except FileNotFoundError:
        hint = f" ({SLASHES})" if "\\" in shown else ""
        return [], [RecordProblem("status_file", f"status-bestand {shown!r} does not exist{hint}",
                                  key="status-bestand")]
    except Exception as error:  # unreadable: a bad zip, bad UTF-8, a folder...
        return [], [RecordProblem("status_file", f"status-bestand {shown!r} cannot be read: "
                                  f"{error}", key="status-bestand")]
    rows = [(n, row) for n, row in read.rows if any(cell.strip() for cell in row)]
    links, bad = read.links, read.bad
    if len(rows) > MAX_STATUS_ROWS:  # (an ODS sheet stops itself, and says so)
        bad = [*bad, (rows[MAX_STATUS_ROWS][0], _TOO_MANY_ROWS)]
        rows = rows[:MAX_STATUS_ROWS]
    problems += [RecordProblem("status_file", f"status-bestand {shown!r}: {why}; the row is "
                               "not read", source=shown, line=line) for line, why in bad]
    problems += [RecordProblem("status_file", f"status-bestand {shown!r}: {what}",
                               source=shown, line=line) for line, what in read.notes]
    # which sheet a header warning is about, of a workbook of several
    sheet = f" ({read.sheet})" if read.sheet else ""
    if not rows:
        # (a file whose only rows could not be read says so, not "empty")
        return [], problems or [RecordProblem(
            "status_file", f"status-bestand {shown!r} is empty; it needs the header "
            f"{','.join(STATUS_FILE_COLUMNS)}", source=shown, line=1)]
    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:  # which of the two would count? neither: the file is not read
        return [], [*problems, RecordProblem(
            "status_file", f"status-bestand {shown!r}{sheet}: the header names the column(s) "
            f"{', '.join(twice)} more than once; the file is not read", source=shown,
            line=header_line)]
    unknown = [cell.strip() for cell, name in zip(header, names)
               if name and name not in STATUS_FILE_COLUMNS]
    if "maatregel" not in names or "status" not in names or unknown:
        why = (f"; {', '.join(map(repr, unknown))} "
               f"{'is no such column' if len(unknown) == 1 else 'are no such columns'}"
               if unknown else
               f"; it has no column {'maatregel' if 'maatregel' not in names else 'status'}")
        return [], [*problems, RecordProblem(
            "status_file", f"status-bestand {shown!r}{sheet}: the header must name the columns "
            f"{','.join(STATUS_FILE_COLUMNS)} (maatregel and status at least), "
            f"got {','.join(header)!r}{why}", source=shown, line=header_line)]
    unnamed = next(((line, column + 1) for line, row in rows[1:]
                    for column, cell in enumerate(row[:len(names)])
                    if not names[column] and cell.strip()), None)
    if unnamed:
        problems.append(RecordProblem(
            "status_file", f"status-bestand {shown!r}: column {unnamed[1]} has no name in the "
            "header, so its cells are not read; name it, or empty it", source=shown,
            line=unnamed[0]))
    records: list[MeasureRecord] = []
    evidence = names.index("bewijs") if "bewijs" in names else -1
    for line, row in rows[1:]:
        if len(row) > len(names) and any(cell.strip() for cell in row[len(names):]):
            problems.append(RecordProblem("status_file", f"status-bestand {shown!r}: the row has "
                                          f"{len(row)} cells, the header {len(names)}",
                                          source=shown, line=line))
            continue
        cells: dict[str, str] = {}
        for column, cell in zip(names, row):
            clean = without_controls(cell)
            if clean is not None:  # (a pasted slide's line break, a stray byte)
                problems.append(RecordProblem("control_character", control_message(
                    f"status-bestand {shown!r}: the cell {column!r}", cell), source=shown,
                    line=line))
                cell = clean
            cells[column] = cell.strip()
        target = links.get((line, evidence))
        if target:
            # a linked evidence cell: the link is the evidence and a single
            # text its name; the entries of a text of several are kept too
            entries = _evidence(cells.get("bewijs"))
            cells["bewijs"] = ";".join([target, *(e for e in entries if e != target)]
                                       if len(entries) > 1 else [target])
        name = cells.get("maatregel", "")
        if not name:
            problems.append(RecordProblem("status_file", f"status-bestand {shown!r}: the row "
                                          "names no maatregel", source=shown, line=line))
            continue
        said = frozenset(names[column] for at, column in read.emptied
                         if at == line and column < len(names)) if read.emptied else frozenset()
        records.append(decode_record(name, {k: v for k, v in cells.items()
                                            if k in RECORD_FIELDS and v},
                                     problems, source=shown, line=line, forms=forms, said=said))
    return records, problems
