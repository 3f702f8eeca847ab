"""Status files as office tools write them: what a team's spreadsheet
holds is what the handbook shows, and what it cannot read is said.

Each file here is made the way Excel, LibreOffice Calc or a script with
openpyxl makes it (a cell comment, a merged cell, a hidden first sheet, a
formula saved without its value, a CSV of two encodings), and read with
``read_status_file``, the one reader of status files; the records and
problems it gives are what the tables, exports and warnings show.
"""

from __future__ import annotations

import pytest

from sphinx_algokader.records.model import read_status_file

HEADER = ["maatregel", "status", "toelichting", "verantwoordelijke", "bewijs"]


def read(path):
    records, problems = read_status_file(path, path.name)
    return ([(r.name, r.status, r.toelichting, r.verantwoordelijke, r.bewijs, r.line)
             for r in records],
            [(p.line, p.message.removeprefix(f"status-bestand {path.name!r}: "))
             for p in problems])


# --------------------------------------------------------------------------
# CSV


def test_a_csv_of_two_encodings_reads_each_line_as_what_it_is(tmp_path):
    """A file saved as UTF-8 with one line pasted in from a Windows-1252
    file was read whole as Windows-1252 (``CafÃ©``), without a word. Each
    line now reads as what it is, and the line that is not UTF-8 is said."""
    path = tmp_path / "status.csv"
    path.write_bytes("maatregel,status,toelichting\norg-01,gereed,Café één\n".encode()
                     + "org-02,gereed,Zoë € 5\n".encode("cp1252"))
    records, problems = read(path)
    assert [(r[0], r[2]) for r in records] == [("org-01", "Café één"), ("org-02", "Zoë € 5")]
    assert problems == [(3, "the line is not UTF-8, as the rest of the file is; read as "
                            "Windows-1252 (save the file as CSV UTF-8)")]


def test_a_windows_1252_csv_reads_without_a_word(tmp_path):
    """Excel's "CSV" on a Dutch Windows: ``;`` and Windows-1252."""
    path = tmp_path / "status.csv"
    path.write_bytes("maatregel;status;toelichting\r\norg-01;gereed;Zoë’s één € 5\r\n"
                     .encode("cp1252"))
    assert read(path) == ([("org-01", "gereed", "Zoë’s één € 5", "", (), 2)], [])


def test_a_byte_order_mark_with_a_stray_byte(tmp_path):
    """"CSV UTF-8" with one stray byte was rejected whole, its header read
    as ``ï»¿maatregel``; now the header reads, and the byte is said. A
    byte neither encoding has (0x81) is shown as ``?`` (U+FFFD would stop
    pdflatex), and said too."""
    path = tmp_path / "status.csv"
    path.write_bytes(b"\xef\xbb\xbfmaatregel;status;toelichting\r\n"
                     b"org-01;gereed;caf\xe9\r\norg-02;gereed;x\x81y\r\n")
    records, problems = read(path)
    assert [(r[0], r[2]) for r in records] == [("org-01", "café"), ("org-02", "x?y")]
    assert [line for line, _ in problems] == [2, 3]
    assert "neither UTF-8 nor Windows-1252" in problems[1][1]


def test_a_utf16_csv(tmp_path):
    """Excel's "Unicode text" is UTF-16 with a byte-order mark (and tabs)."""
    path = tmp_path / "status.txt"
    path.write_bytes("maatregel\tstatus\ttoelichting\r\norg-01\tgereed\tZoë\r\n"
                     .encode("utf-16"))
    assert read(path) == ([("org-01", "gereed", "Zoë", "", (), 2)], [])


@pytest.mark.parametrize("text", [
    "sep=;\nmaatregel;status;toelichting\norg-01;gereed;a, b\n",  # as written for Excel
    "\nmaatregel;status;toelichting\norg-01;gereed;a, b\n",  # a first line left empty
])
def test_the_separator_is_the_headers(tmp_path, text):
    path = tmp_path / "status.csv"
    path.write_text(text, encoding="utf-8")
    assert read(path) == ([("org-01", "gereed", "a, b", "", (), 3)], [])


def test_a_column_without_a_name_is_said(tmp_path):
    """Excel writes an empty header cell when someone types in a column
    without a heading: its cells were dropped without a word."""
    path = tmp_path / "status.csv"
    path.write_text("maatregel;status;toelichting;;\norg-01;gereed;a;;\n"
                    "org-02;gereed;b;belangrijke notitie;\n", encoding="utf-8")
    records, problems = read(path)
    assert [r[0] for r in records] == ["org-01", "org-02"]
    assert problems == [(3, "column 4 has no name in the header, so its cells are not read; "
                            "name it, or empty it")]


def test_a_column_of_another_name_is_named(tmp_path):
    path = tmp_path / "status.csv"
    path.write_text("Maatregel,Status,opmerking\norg-01,gereed,x\n", encoding="utf-8")
    assert read(path) == ([], [(1, "the header must name the columns maatregel,status,"
                                   "toelichting,verantwoordelijke,bewijs (maatregel and status "
                                   "at least), got 'Maatregel,Status,opmerking'; 'opmerking' "
                                   "is no such column")])


def test_evidence_on_lines_of_their_own(tmp_path):
    """Alt+Enter in a cell: one link per line, not one link with a line
    break in its address."""
    path = tmp_path / "status.csv"
    path.write_text('maatregel,status,bewijs\norg-01,gereed,"https://a.nl/x\n'
                    'https://a.nl/y ; verslag"\n', encoding="utf-8")
    (record,), _ = read(path)
    assert record[4] == ("https://a.nl/x", "https://a.nl/y", "verslag")


# --------------------------------------------------------------------------
# workbooks (XLSX)


def test_a_workbook_reads_its_first_visible_sheet(tmp_path):
    """A hidden first sheet (old figures, or the drop-down's values) was
    read instead of the one the team sees; a merged cell's value counts for
    every row it covers; a formula a script saved without its value is
    said, not read as empty without a word."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    old = book.active
    old.title = "Status 2025"
    old.append(HEADER)
    old.append(["org-01", "te-doen", "oude stand"])
    old.sheet_state = "hidden"
    sheet = book.create_sheet("Status 2026")
    sheet.append(HEADER)
    sheet.append(["org-01", "gereed", "Training gegeven", "Team Data"])
    sheet.append(["org-02", "gereed", '="Zie "&"notitie"'])
    sheet.append(["org-03", "in-uitvoering"])
    sheet.merge_cells("D2:D4")
    book.save(tmp_path / "status.xlsx")
    records, problems = read(tmp_path / "status.xlsx")
    assert [r[:4] for r in records] == [
        ("org-01", "gereed", "Training gegeven", "Team Data"),
        ("org-02", "gereed", "", "Team Data"),
        ("org-03", "in-uitvoering", "", "Team Data")]
    assert problems == [(3, "the cell C3 holds a formula that was never calculated, so it "
                            "reads as empty (open the file in Excel or LibreOffice and save it)")]


def test_a_cell_merged_over_columns_stays_in_its_own(tmp_path):
    """A header cell merged over the empty one beside it named its column
    twice (the file was not read); a reason merged over the evidence
    column became evidence."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["maatregel", "status", "toelichting", "", "bewijs"])
    sheet.append(["org-01", "gereed", "Lange toelichting, zie het verslag", "", ""])
    sheet.merge_cells("C1:D1")
    sheet.merge_cells("C2:E2")
    book.save(tmp_path / "status.xlsx")
    assert read(tmp_path / "status.xlsx") == (
        [("org-01", "gereed", "Lange toelichting, zie het verslag", "", (), 2)], [])


def test_a_formula_that_gives_no_text_is_no_problem(tmp_path):
    """Excel saves a formula whose value is "" (``=IF(B2="";"";…)``) as
    text with an empty value: it was calculated, and reads as empty without
    a word. A formula cell openpyxl saved has no value at all."""
    import zipfile

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["org-01", "gereed", '=IF(B2="gereed","","open")'])
    book.save(tmp_path / "script.xlsx")
    with zipfile.ZipFile(tmp_path / "script.xlsx") as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    assert b"<v />" in parts[sheet]
    with zipfile.ZipFile(tmp_path / "excel.xlsx", "w") as target:
        for name, data in parts.items():
            target.writestr(name, data.replace(b'<c r="C2">', b'<c r="C2" t="str">')
                            if name == sheet else data)
    assert read(tmp_path / "excel.xlsx")[1] == []
    _, problems = read(tmp_path / "script.xlsx")
    assert [line for line, _ in problems] == [2]
    assert "C2 holds a formula that was never calculated" in problems[0][1]


def test_a_cell_too_long_to_read_is_its_rows_problem_only(tmp_path):
    """A cell longer than the csv module reads (a pasted document) made the
    whole file unreadable: no record of it counted."""
    (tmp_path / "status.csv").write_text(
        "maatregel,status,toelichting\norg-01,gereed,Kort\n"
        f"org-02,gereed,{'lang ' * 40000}\norg-03,te-doen,\n", encoding="utf-8")
    records, problems = read(tmp_path / "status.csv")
    assert [r[:2] for r in records] == [("org-01", "gereed"), ("org-03", "te-doen")]
    assert [(line, text.split(" (")[0]) for line, text in problems] == [
        (3, "the row cannot be read")]
    # a quote inside a cell that does not start with one is text: it opens nothing
    (tmp_path / "status.csv").write_text(
        "maatregel,status,toelichting\norg-01,gereed,Kort\n"
        f'org-02,gereed,{"woord " * 30000} een 5" scherm\norg-03,te-doen,\norg-04,gereed,\n',
        encoding="utf-8")
    records, problems = read(tmp_path / "status.csv")
    assert [r[0] for r in records] == ["org-01", "org-03", "org-04"]
    assert [line for line, _ in problems] == [3]
    # a quote that is never closed, before more than the csv module reads
    rows = "".join(f"org-{n:02},gereed,{'tekst ' * 15}\n" for n in range(10, 2010))
    (tmp_path / "status.csv").write_text(
        f'maatregel,status,toelichting\norg-01,gereed,"Open\n{rows}', encoding="utf-8")
    records, problems = read(tmp_path / "status.csv")
    assert len(records) == 2000 and records[0][0] == "org-10"
    assert problems == [(2, 'a quote (") opens a cell that is never closed; the row is not '
                            "read")]
    # a pasted document of several paragraphs, quoted: its lines are no rows
    paragraphs = "\n".join(f"Alinea {n}: {'woord ' * 4000}" for n in range(8))
    (tmp_path / "status.csv").write_text(
        f'maatregel,status,toelichting\norg-01,gereed,Kort\norg-02,gereed,"{paragraphs}"\n'
        "org-03,te-doen,\n", encoding="utf-8")
    records, problems = read(tmp_path / "status.csv")
    assert [r[:2] for r in records] == [("org-01", "gereed"), ("org-03", "te-doen")]
    assert [(line, text.split(" (")[0]) for line, text in problems] == [
        (3, "the row cannot be read")]


def test_a_stray_cell_or_merge_far_away_costs_no_memory(tmp_path):
    """A workbook of a few kilobytes with one cell in XFD1048576 (a stray
    keystroke) had openpyxl make every cell above and left of it: the build
    ran for minutes and took gigabytes. So would a merge over a whole
    column. The sheet is read as far as a status file goes, and says so."""
    import time
    import zipfile

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["org-01", "gereed", "Klaar"])
    book.active["XFD1048576"] = "x"
    book.save(tmp_path / "ver.xlsx")
    started = time.process_time()
    records, problems = read(tmp_path / "ver.xlsx")
    assert time.process_time() - started < 10
    assert [r[:3] for r in records] == [("org-01", "gereed", "Klaar")]
    assert problems == [
        (1, "the sheet has cells as far right as column XFD; only the first 64 columns are "
            "read"),
        (10001, "the sheet has cells as far down as row 1048576; only the first 10001 rows "
                "are read")]
    # a merge over a whole column, written as Excel writes it
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["org-01", "gereed", "Klaar", "Team"])
    book.save(tmp_path / "klein.xlsx")
    with zipfile.ZipFile(tmp_path / "klein.xlsx") as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    with zipfile.ZipFile(tmp_path / "samengevoegd.xlsx", "w") as target:
        for name, data in parts.items():
            target.writestr(name, data.replace(
                b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell '
                                 b'ref="D2:D1048576"/></mergeCells>') if name == sheet else data)
    started = time.process_time()
    records, problems = read(tmp_path / "samengevoegd.xlsx")
    assert time.process_time() - started < 10
    assert records == [] and problems == [(None, (
        "status-bestand 'samengevoegd.xlsx' cannot be read: a merged cell covers "
        "D2:D1048576, more rows or columns than a status file is read for; undo the merge"))]
    # many merges, each within bounds, add up
    many = b"".join(f'<mergeCell ref="{c}3:{c}10003"/>'.encode() for c in "EFGHIJKLMNOP")
    with zipfile.ZipFile(tmp_path / "veel.xlsx", "w") as target:
        for name, data in parts.items():
            target.writestr(name, data.replace(
                b"</sheetData>", b'</sheetData><mergeCells count="12">' + many +
                b"</mergeCells>") if name == sheet else data)
    started = time.process_time()
    records, problems = read(tmp_path / "veel.xlsx")
    assert time.process_time() - started < 10
    assert records == [] and "merged cells cover more than 100,000 cells" in problems[0][1]
    # merges add up over the sheets too: openpyxl loads every sheet
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.create_sheet("Oud").append(HEADER)
    book.save(tmp_path / "twee.xlsx")
    with zipfile.ZipFile(tmp_path / "twee.xlsx") as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    six = b"".join(f'<mergeCell ref="{c}3:{c}10003"/>'.encode() for c in "EFGHIJ")
    with zipfile.ZipFile(tmp_path / "twee-samen.xlsx", "w") as target:
        for name, data in parts.items():
            target.writestr(name, data.replace(
                b"</sheetData>", b'</sheetData><mergeCells count="6">' + six + b"</mergeCells>")
                if name.startswith("xl/worksheets/sheet") else data)
    records, problems = read(tmp_path / "twee-samen.xlsx")
    assert records == [] and "cover more than 100,000 cells in all" in problems[0][1]
    # a coloured range is no content: nothing to say of it
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["org-01", "gereed", "Klaar"])
    fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    for row in book.active.iter_rows(min_row=1, max_row=12000, max_col=1):
        row[0].fill = fill
    for cell in book.active[1]:
        cell.fill = fill
    book.active["CA1"].fill = fill
    book.save(tmp_path / "kleur.xlsx")
    records, problems = read(tmp_path / "kleur.xlsx")
    assert [r[:3] for r in records] == [("org-01", "gereed", "Klaar")] and problems == []


def test_a_status_formula_without_its_value_is_one_warning(tmp_path):
    """A status cell that holds a formula a script saved without its value
    (``=1+1``) gave two warnings: the formula, and "the record has no
    status". The first says it all."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["org-01", '=IF(1=1,"gereed","te-doen")', "Berekend"])
    book.active.append(["org-02", "", "Leeg"])
    book.save(tmp_path / "status.xlsx")
    records, problems = read(tmp_path / "status.xlsx")
    assert [r[:2] for r in records] == [("org-01", "te-doen"), ("org-02", "te-doen")]
    assert [(line, text.split(" holds")[0].split(":")[0]) for line, text in problems] == [
        (2, "the cell B2"), (3, "org-02")]  # an empty cell still has no status


def test_a_header_warning_names_the_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Instructies"
    book.active.append(["Vul op het tabblad Status de stand in"])
    book.create_sheet("Status").append(HEADER)
    book.save(tmp_path / "status.xlsx")
    _, problems = read_status_file(tmp_path / "status.xlsx", "status.xlsx")
    assert problems[0].message.startswith("status-bestand 'status.xlsx' (sheet 'Instructies', "
                                          "the first of 2): the header must name the columns")


# --------------------------------------------------------------------------
# OpenDocument (ODS)


def _ods(path, rows, hidden_first=None):
    """An ODS file as LibreOffice Calc saves it: ``rows`` of cells, each a
    text, or a dict with ``text`` and any of ``comment``, ``span`` (rows,
    columns), ``date`` (its value; ``text`` is then how it shows) and
    ``number``; "covered" for a cell a merged cell covers."""
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheets = []
    if hidden_first is not None:
        style = Style(name="ta-hidden", family="table")
        style.addElement(TableProperties(display="false"))
        document.automaticstyles.addElement(style)
        old = Table(name="Oud", stylename=style)
        sheets.append((old, hidden_first))
    sheets.append((Table(name="Status"), rows))
    for sheet, values in sheets:
        for cells in values:
            row = TableRow()
            for value in cells:
                if value == "covered":
                    row.addElement(CoveredTableCell())
                    continue
                value = value if isinstance(value, dict) else {"text": value}
                options = {"valuetype": "string"}
                if "date" in value:
                    options = {"valuetype": "date", "datevalue": value["date"]}
                if "number" in value:
                    options = {"valuetype": "currency", "value": value["number"],
                               "currency": "EUR"}
                if "span" in value:
                    options.update(numberrowsspanned=value["span"][0],
                                   numbercolumnsspanned=value["span"][1])
                cell = TableCell(**options)
                if "comment" in value:
                    note = Annotation()
                    note.addElement(P(text=value["comment"]))
                    cell.addElement(note)
                cell.addElement(P(text=value["text"]))
                row.addElement(cell)
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
    document.save(str(path))


def test_an_ods_cell_comment_is_no_part_of_its_value(tmp_path):
    """A comment (Insert > Comment, or an Excel comment LibreOffice kept)
    was published as part of the cell it is on: an internal note in the
    tables, downloads and exports, a status made unreadable."""
    pytest.importorskip("odf")
    _ods(tmp_path / "status.ods", [
        HEADER,
        [{"text": "org-01", "comment": "nog checken"},
         {"text": "gereed", "comment": "Afgetekend door de CIO"},
         {"text": "Training gegeven", "comment": "INTERN: niet publiceren"}]])
    records, problems = read(tmp_path / "status.ods")
    assert records == [("org-01", "gereed", "Training gegeven", "", (), 2)]
    assert problems == []


def test_an_ods_sheet_reads_as_a_workbook_does(tmp_path):
    """The first visible sheet; a merged cell's value in every cell it
    covers; a date and an amount by their value (as an XLSX reads them),
    not by the format of the machine that saved the file."""
    pytest.importorskip("odf")
    _ods(tmp_path / "status.ods", [
        HEADER,
        ["org-01", "gereed", {"text": "03/01/26", "date": "2026-03-01"},
         {"text": "Team Data", "span": (2, 1)}],
        ["org-02", "gereed", {"text": "€ 5.000,00", "number": "5000"}, "covered"],
        ["org-03", "gereed", {"text": "Samen", "span": (1, 2)}, "covered", "verslag"],
    ], hidden_first=[HEADER, ["org-01", "te-doen", "oude stand"]])
    records, problems = read(tmp_path / "status.ods")
    assert [r[:5] for r in records] == [
        ("org-01", "gereed", "2026-03-01", "Team Data", ()),
        ("org-02", "gereed", "5000", "Team Data", ()),
        ("org-03", "gereed", "Samen", "", ("verslag",))]  # (over columns: its own)
    assert problems == []
