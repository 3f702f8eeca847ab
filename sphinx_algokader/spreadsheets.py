"""The download formats: CSV (csv module), XLSX (openpyxl), ODS (odfpy).

Each writes a header and rows of strings (what a download holds is
``downloads.py``). Two builds of the same sources write the same bytes:
the workbooks' document dates and their zip entries' times are fixed
(``_reproducible``), whatever time openpyxl and odfpy write.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

FIXED_DATE = datetime.datetime(2000, 1, 1)
#: file extension -> link text
FORMATS: dict[str, str] = {"csv": "CSV", "xlsx": "Excel (XLSX)", "ods": "ODS"}

#: a header and rows of cells (lists or tuples)
Table = tuple[Sequence[str], Sequence[Sequence[str]]]

#: first characters that make a spreadsheet read a CSV cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: where a Dutch Excel splits a cell, and the formula characters after it
#: that start a formula there (a tab after a ";" is only a separator)
SEPARATORS = (";", "\t")
AFTER_SEPARATOR = tuple(start for start in FORMULA_STARTS if start not in SEPARATORS)
_FORMULA_AFTER_SEPARATOR_RE = re.compile(
    f"([{re.escape(''.join(SEPARATORS))}])(?=[{re.escape(''.join(AFTER_SEPARATOR))}])")


def neutralise(cell: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula (OWASP: a leading
    apostrophe before =, +, -, @, tab and carriage return). The files are
    comma-separated, but a Dutch Excel splits a .csv on ";" (its list
    separator) whatever the quotes say: so a formula character right after
    a ";" or a tab inside a cell gets an apostrophe too."""
    if ";" in cell or "\t" in cell:
        cell = _FORMULA_AFTER_SEPARATOR_RE.sub(r"\1'", cell)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


#: what stands between two cells, and between two rows, of a CSV file whose
#: every cell is quoted
_CELL_END, _ROW_END = '","', '"\r\n"'


def csv_bytes(data: Table) -> bytes:
    """The table as CSV (every cell quoted, rows ending in CRLF), its cells
    neutralised, UTF-8 with a byte-order mark so that Excel reads it.

    The whole table is joined into one text with the separators the file
    has, and neutralised with a few string replacements: the csv module
    looks at each character of each cell (a lookup of the line terminator
    per character), and wrote the CSV files four times slower; for a
    hundred algorithms' records a tenth of what they add to a build
    (``benchmarks/README.md``, step 7).

    This is exact because no cell holds a lone quote once its quotes are
    doubled: a separator (a quote, a comma or a line break, a quote)
    followed by a formula character is one the join put there, or a cell
    of just that comma or line break between its quotes, followed by the
    carriage return of a row's end. A table with a carriage return in a
    cell (where that would be a formula character) is written cell by cell."""
    header, rows = data
    if not header or not all(rows):  # a row of no cells: a blank line, no quotes
        return _csv_bytes_by_cell(data)
    try:
        cells = "".join(map("".join, (header, *rows)))  # all the cells' text
    except TypeError:  # a cell that is no string
        return _csv_bytes_by_cell(data)
    if "\r" in cells:  # (a formula character: see above)
        return _csv_bytes_by_cell(data)
    if '"' in cells:
        header = [cell.replace('"', '""') for cell in header]
        rows = [[cell.replace('"', '""') for cell in row] for row in rows]
    text = _ROW_END.join([_CELL_END.join(header), *map(_CELL_END.join, rows)])
    # what neutralise does, as replacements in the whole text: only of the
    # characters the cells hold (``in`` of one character runs at memchr
    # speed; the separators' own line break is none of theirs)
    starts = [start for start in FORMULA_STARTS if start in cells]
    pairs = [(sep, start) for sep in SEPARATORS if sep in cells
             for start in starts if start in AFTER_SEPARATOR]  # first, as neutralise does
    pairs += [(end, start) for end in (_CELL_END, _ROW_END) for start in starts]
    for before, start in pairs:
        if before + start in text:
            text = text.replace(before + start, f"{before}'{start}")
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return f'"{text}"\r\n'.encode("utf-8-sig")


def _csv_bytes_by_cell(data: Table) -> bytes:
    header, rows = data
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(str(cell)) for cell in header])
    writer.writerows([neutralise(str(cell)) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(path: Path, data: Table) -> None:
    path.write_bytes(csv_bytes(data))


def _printable(data: Table) -> Table:
    """The table without control characters, which XLSX and ODS (XML) cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header, rows = data
    return ([ILLEGAL_CHARACTERS_RE.sub("", c) for c in header],
            [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in rows])


def write_xlsx(path: Path, data: Table) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = _printable(data)
    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = FIXED_DATE
    sheet = workbook.active
    sheet.title = "Algoritmekader"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for sheet_row in sheet.iter_rows():
        for cell in sheet_row:
            if cell.data_type == "f":  # text that openpyxl took for a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    workbook.save(path)
    _reproducible(path)


def write_ods(path: Path, data: Table) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    header, rows = _printable(data)
    document = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="Algoritmekader")
    for values in [header, *rows]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    document.save(str(path))
    _reproducible(path)


#: a zip entry's time in a written workbook (zip's earliest)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: the save time openpyxl writes into a workbook's properties
_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
#: a root element's namespace declarations (odfpy writes them in the order
#: it met them, which can differ from one process to the next)
_ROOT_RE = re.compile(rb"(<\?xml[^>]*\?>\s*<[\w:.-]+)((?:\s+[\w:.-]+=\"[^\"]*\")*)(\s*/?>)")
_ATTRIBUTE_RE = re.compile(rb"\s+[\w:.-]+=\"[^\"]*\"")


def _reproducible(path: Path) -> None:
    """Rewrite a written workbook (a zip) with fixed entry times, a fixed
    save time and, in its XML parts that have a declaration (odfpy's; not
    openpyxl's, whose order is fixed), its root element's namespaces in one
    order; entries keep their order and compression (an ODS file's
    ``mimetype`` comes first, stored)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    fixed = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, data in entries:
            if info.filename.endswith(".xml"):
                data = _MODIFIED_RE.sub(rb"\g<1>" + fixed + rb"\g<2>", data)
                data = _ROOT_RE.sub(lambda m: m[1] + b"".join(sorted(
                    _ATTRIBUTE_RE.findall(m[2]), key=lambda a: (not a.strip().startswith(
                        b"xmlns"), a))) + m[3], data, count=1)
            entry = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    path.write_bytes(buffer.getvalue())


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods}


def write(base: Path, data: Table, formats: list[str]) -> None:
    """Write ``base.<ext>`` for each format. When the CSV file already holds
    this table (an incremental build re-writing the page for another
    reason), the spreadsheets are current too and nothing is written."""
    paths = {ext: base.with_name(f"{base.name}.{ext}") for ext in formats}
    csv_path = base.with_name(base.name + ".csv")
    if "csv" in formats and csv_path.is_file() and csv_path.read_bytes() == csv_bytes(data) \
            and all(p.is_file() for p in paths.values()):
        return
    for ext, path in paths.items():
        WRITERS[ext](path, data)
