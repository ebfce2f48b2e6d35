#!/usr/bin/env python3
"""Writes the import corpus (tests/corpus/files/). Run by hand when the corpus
changes; the outputs are committed and the tests never need Python,
openpyxl, xlwt, msoffcrypto-tool or LibreOffice.

    python3 tests/corpus/make_corpus.py            # text files, Python writers, hostile zips
    cargo run --example corpus-xlsx                # rust_xlsxwriter files
    (LibreOffice conversions are made by this script when soffice is on PATH)

hostile_xls_sector_loop.xls, hostile_xls_column_65535*.xls and
hostile_xls_directory_name_length.xls are not made here: they are inputs the
sheet_precheck fuzz target found (see fuzz/). hostile_xls_dimensions_claim.xls
is dialect_xlwt.xls with the DIMENSIONS record's last row (the u32 at byte
1898) set to 0xFFFFFFFF.
"""
import io, os, shutil, struct, subprocess, sys, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")
os.makedirs(OUT, exist_ok=True)

# The one ledger every dialect writes: (iso date, voucher, account, account name,
# cost centre, project, description, amount in cents). Total 17 920.12.
LEDGER = [
    ("2021-01-05", "1001", "4000", "Palkat", "7311", "P1", "Palkka tammikuu", 350000),
    ("2021-01-31", "1002", "4300", "Ostopalvelut", "7311", "P1", "Konsultti; osa 1", 123456),
    ("2021-02-13", "1003", "4400", "Matkat", "7311", "P1", 'Matka "Tampere"', 8990),
    ("2021-02-15", "1004", "4300", "Ostopalvelut", "7311", "P1", "Hyvitys", -25000),
    ("2021-03-01", "1005", "4000", "Palkat", "2100", "P2", "Muu hanke", 99999),
    ("2021-03-02", "1006", "4910", "ICT-kulut", "7311", "P1", "Lisenssi ÄÖÅ", 1234567),
]
TOTAL = sum(r[7] for r in LEDGER)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def dmy(iso):
    y, m, d = iso.split("-")
    return f"{int(d)}.{int(m)}.{y}"


def fi_amount(cents, group=" ", neg="-"):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    euros, c = divmod(cents, 100)
    s = f"{euros:,}".replace(",", group)
    text = f"{s},{c:02d}"
    if not sign:
        return text
    return {"-": "-" + text, "trailing": text + "-", "paren": "(" + text + ")", "minus": "\u2212" + text}[neg]


def en_amount(cents):
    sign = "-" if cents < 0 else ""
    euros, c = divmod(abs(cents), 100)
    return f"{sign}{euros:,}.{c:02d}"


def csv_quote(field, delim):
    if any(ch in field for ch in (delim, '"', "\n")):
        return '"' + field.replace('"', '""') + '"'
    return field


def lines(rows, delim, eol="\r\n"):
    return eol.join(delim.join(csv_quote(f, delim) for f in r) for r in rows) + eol


FI_HEAD = ["Tositepvm", "Tositenro", "Tili", "Tilin nimi", "Kustannuspaikka", "Projekti", "Selite"]

# ---- the same ledger in many text dialects ----------------------------------
# 1. UTF-8, ';', debit/credit, d.m.yyyy
rows = [FI_HEAD + ["Debet", "Kredit"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([dmy(d), v, a, n, cc, p, t, fi_amount(c) if c > 0 else "", fi_amount(-c) if c < 0 else ""])
write("dialect_utf8_semicolon_debit_credit.csv", lines(rows, ";").encode("utf-8"))

# 2. Windows-1252, ';', titles above, signed amount with space thousands, trailing minus, totals row
rows = [["Jämsän kaupunki"], ["Pääkirjaote 1.1.2021–31.3.2021"], []]
rows.append(FI_HEAD + ["Summa"])
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([dmy(d), v, a, n, cc, p, t, fi_amount(c, neg="trailing")])
rows.append(["Yhteensä", "", "", "", "", "", "", fi_amount(TOTAL)])
write("dialect_cp1252_titles_trailing_minus.csv", lines(rows, ";").encode("cp1252"))

# 3. Excel "Unicode text": UTF-16LE with BOM, tabs, ISO dates, decimal point
rows = [["Posting date", "Voucher", "Account", "Account name", "Cost centre", "Project", "Description", "Amount"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([d, v, a, n, cc, p, t, f"{c / 100:.2f}"])
write("dialect_utf16le_tab_iso.txt", b"\xff\xfe" + lines(rows, "\t").encode("utf-16-le"))

# 4. UTF-8 BOM, ',', quoted "1,234.56", d/m/yyyy (13/02 decides the order), English
rows = [["Date", "Voucher", "Account", "Account name", "Cost center", "Project", "Description", "Amount"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    y, m, dd = d.split("-")
    rows.append([f"{dd}/{m}/{y}", v, a, n, cc, p, t, en_amount(c)])
write("dialect_utf8bom_comma_dmy_slash.csv", b"\xef\xbb\xbf" + lines(rows, ",").encode("utf-8"))

# 5. '|', amount plus a D/K marker, yyyymmdd
rows = [FI_HEAD + ["Summa", "D/K"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([d.replace("-", ""), v, a, n, cc, p, t, fi_amount(abs(c)), "D" if c > 0 else "K"])
write("dialect_pipe_dk_marker_compact_dates.csv", lines(rows, "|", "\n").encode("utf-8"))

# 6. Swedish headers, ';', NBSP thousands, (parentheses) negatives, € suffix
rows = [["Bokföringsdatum", "Verifikation", "Konto", "Kontonamn", "Kostnadsställe", "Projekt", "Beskrivning", "Belopp"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([d, v, a, n, cc, p, t, fi_amount(c, group="\u00a0", neg="paren") + " €"])
write("dialect_swedish_nbsp_parentheses_euro.csv", lines(rows, ";").encode("utf-8"))

# 7. m/d/yyyy (02/13 decides), U+2212 minus, narrow NBSP, EUR suffix, LF only
rows = [["Kirjauspvm", "Tosite", "Tilinumero", "Tilin nimi", "Kp", "Hanke", "Kuvaus", "Euroa"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    y, m, dd = d.split("-")
    rows.append([f"{m}/{dd}/{y}", v, a, n, cc, p, t, fi_amount(c, group="\u202f", neg="minus") + " EUR"])
write("dialect_mdy_slash_unicode_minus.csv", lines(rows, ";", "\n").encode("utf-8"))

# 8. '.' thousands with decimal comma, quoted fields with a line break in the description
rows = [FI_HEAD + ["Summa"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([dmy(d), v, a, n, cc, p, t.replace(" ", "\n", 1) if v == "1001" else t,
                 fi_amount(c, group=".")])
write("dialect_dot_thousands_multiline_text.csv", lines(rows, ";").encode("utf-8"))

# ---- §7 bad inputs and single cases, as text ----------------------------------
H = "Pvm;Tosite;Tili;Kp;Selite;Summa\n"
cases = {
    "empty.csv": b"",
    "header_only.csv": H.encode(),
    "mixed_utf8_cp1252.csv": H.encode() + "1.1.2021;1;4000;7311;Päivä;1,00\n".encode("utf-8")
        + "2.1.2021;2;4000;7311;Päivä;2,00\n".encode("cp1252"),
    "ragged_row.csv": (H + "1.1.2021;1;4000;7311;A;1,00\n2.1.2021;2;4000\n").encode(),
    "unterminated_quote.csv": (H + '1.1.2021;1;4000;7311;"Alkaa;1,00\n2.1.2021;2;4000;7311;B;2,00\n').encode(),
    "text_after_quote.csv": (H + '1.1.2021;1;4000;7311;A;"1,00"5\n').encode(),
    "quote_swallows_rows.csv": (H + '1.1.2021;1;4000;7311;"A;1,00\n2.1.2021;2;4000;7311;B";2,00\n').encode(),
    "repeated_header.csv": (H + "1.1.2021;1;4000;7311;A;1,00\n" + H + "2.1.2021;2;4000;7311;B;2,50\n").encode(),
    "subtotals_and_grand_total.csv": (H + "1.1.2021;1;4000;7311;A;100,00\n2.1.2021;2;4000;7311;B;50,00\n"
        ";;Tili 4000 yhteensä;;;150,00\n3.1.2021;3;4300;7311;C;25,50\n;;Tili 4300 yhteensä;;;25,50\n"
        "Yhteensä;;;;;175,50\n").encode(),
    "totals_disagree.csv": (H + "1.1.2021;1;4000;7311;A;100,00\nYhteensä;;;;;90,00\n").encode(),
    "mixed_decimal_marks.csv": (H + "1.1.2021;1;4000;7311;A;5,50\n2.1.2021;2;4000;7311;B;1,234.00\n").encode(),
    "ambiguous_thousands.csv": (H + "1.1.2021;1;4000;7311;A;1.234\n2.1.2021;2;4000;7311;B;5\n").encode(),
    "decimal_mark_learnt_late.csv": (H + "1.1.2021;1;4000;7311;A;1.234\n2.1.2021;2;4000;7311;B;5,50\n").encode(),
    "exponent_amount.csv": (H + "1.1.2021;1;4000;7311;A;1e3\n").encode(),
    "underscore_amount.csv": (H + "1.1.2021;1;4000;7311;A;1_000\n").encode(),
    "hex_amount.csv": (H + "1.1.2021;1;4000;7311;A;0x10\n").encode(),
    "three_groups_comma.csv": (H + "1.1.2021;1;4000;7311;A;5,50\n2.1.2021;2;4000;7311;B;12,34,56\n").encode(),
    "sek_amount.csv": (H + "1.1.2021;1;4000;7311;A;12,50 SEK\n").encode(),
    "na_amount.csv": (H + "1.1.2021;1;4000;7311;A;#N/A\n").encode(),
    "text_amount.csv": (H + "1.1.2021;1;4000;7311;A;sata euroa\n").encode(),
    "empty_amount.csv": (H + "1.1.2021;1;4000;7311;A;\n").encode(),
    "sub_cent_amount.csv": (H + "1.1.2021;1;4000;7311;A;10,50\n2.1.2021;2;4000;7311;B;12,345\n").encode(),
    "too_large_amount.csv": (H + "1.1.2021;1;4000;7311;A;12 345 678 901 234,00\n").encode(),
    "impossible_date.csv": (H + "31.02.2022;1;4000;7311;A;1,00\n").encode(),
    "not_leap_year.csv": (H + "29.02.2023;1;4000;7311;A;1,00\n").encode(),
    "two_digit_year.csv": (H + "1.2.22;1;4000;7311;A;1,00\n").encode(),
    "ambiguous_slash_dates.csv": (H + "01/02/2022;1;4000;7311;A;1,00\n03/04/2022;2;4000;7311;B;2,00\n").encode(),
    "conflicting_slash_dates.csv": (H + "13/02/2022;1;4000;7311;A;1,00\n02/13/2022;2;4000;7311;B;2,00\n").encode(),
    "serial_date_in_csv.csv": (H + "44620;1;4000;7311;A;1,00\n").encode(),
    "empty_date.csv": (H + ";1;4000;7311;A;1,00\n").encode(),
    "no_header.csv": b"a;b;c\n1;2;3\n",
    "comma_decimals_semicolon_file.csv": (H + "1.1.2021;1;4000;7311;A;1,50\n2.1.2021;2;4000;7311;B;2,25\n").encode(),
    # Issue 17, case 15: CR-only line ends (old Mac exports): rows keep their lines.
    "cr_only_line_ends.csv": "Pvm;Tosite;Tili;Kp;Selite;Summa\r1.1.2021;1;4000;7311;A;1,00\r2.1.2021;2;4000;7311;B;2,00\r3.1.2021;3;4000;7311;C;3,00\r".encode(),
    # Issue 17, case 17: messages that say what is wrong.
    "amount_inf.csv": "Pvm;Tili;Summa\n1.1.2021;4000;INF\n".encode(),
    "utf16_without_bom.csv": "Pvm;Tili;Summa\n1.1.2021;4000;1,00\n".encode("utf-16-le"),
    "nul_in_field.csv": b"Pvm;Tili;Summa\n1.1.2021;40\x0000;1,00\n",
    # Issue 17, case 16: a year typo stops the run at import, naming the cell.
    "year_typo.csv": "Pvm;Tosite;Tili;Kp;Selite;Summa\n1.1.2021;1;4000;7311;A;1,00\n15.01.0202;2;4000;7311;B;2,00\n".encode(),
    # Issue 17, case 1: a comma-delimited export whose unquoted decimal-comma
    # amount splits into the Debet and Kredit columns (1234,56 -> 1234 | 56).
    "comma_file_split_debit_credit.csv": ("Pvm,Tosite,Tili,Tilin nimi,Kustannuspaikka,Projekti,Selite,Toimittaja,Debet,Kredit,\n"
        "15.01.2022,V1,4000,P,7311,,x,,1234,56,\n16.01.2022,V2,4000,P,7311,,y,,100,,\n").encode(),
    "dc_marker_unknown.csv": "Pvm;Tili;Summa;D/K\n1.1.2021;4000;5,00;X\n".encode(),
    "plus_minus_marker.csv": "Pvm;Tili;Summa;+/-\n1.1.2021;4000;5,00;+\n2.1.2021;4000;1,25;-\n".encode(),
    "long_description.csv": (H + "1.1.2021;1;4000;7311;" + "x" * 40000 + ";1,00\n").encode(),
    "formula_like_text.csv": (H + lines([
        ["1.1.2021", "1", "4000", "7311", '=HYPERLINK("http://x";"y")', "1,00"],
        ["2.1.2021", "2", "4000", "7311", "+358 40 123", "2,00"],
        ["3.1.2021", "3", "4000", "7311", "@SUM(A1)", "3,00"],
        ["4.1.2021", "4", "4000", "7311", "_x0041_", "4,00"]], ";", "\n")).encode(),
    "html_named_xls.xls": b"<html><body><table><tr><td>Pvm</td><td>Summa</td></tr></table></body></html>\n",
    "csv_named_xls.xls": (H + "1.1.2021;1;4000;7311;A;1,00\n").encode(),
    "xml_spreadsheet_2003.xls": b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>\n',
    "binary_garbage.csv": bytes(range(256)) * 4,
    # Excel 2.1 worksheet: BOF (version 2, worksheet), one number cell, EOF.
    "excel2_worksheet.xls": struct.pack("<HHHH", 0x0009, 4, 2, 0x0010)
        + struct.pack("<HHHH3sd", 0x0003, 15, 0, 0, b"\0\0\0", 1.0) + struct.pack("<HH", 0x000A, 0),
}
for name, data in cases.items():
    write(name, data)


# ---- Python writers -----------------------------------------------------------
def workbook_rows():
    import datetime
    head = FI_HEAD + ["Summa"]
    body = []
    for d, v, a, n, cc, p, t, c in LEDGER:
        y, m, dd = map(int, d.split("-"))
        body.append([datetime.date(y, m, dd), v, int(a), n, int(cc), p, t, c / 100])
    return head, body


try:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    def openpyxl_book(epoch=None, title=True):
        wb = openpyxl.Workbook()
        if epoch:
            wb.epoch = epoch
        ws = wb.active
        ws.title = "Pääkirja"
        if title:
            ws.append(["Kirjanpito 2021"])
            ws.append([])
        head, body = workbook_rows()
        ws.append(head)
        for r in body:
            ws.append(r)
        return wb, ws

    wb, ws = openpyxl_book()
    ws.append(["Yhteensä", None, None, None, None, None, None, TOTAL / 100])
    wb.save(os.path.join(OUT, "dialect_openpyxl_titles_total.xlsx"))

    wb, ws = openpyxl_book(epoch=CALENDAR_MAC_1904)
    wb.save(os.path.join(OUT, "date_1904_openpyxl.xlsx"))
    # calamine #706: an x15 extension element after workbookPr once reset date1904.
    buf = io.BytesIO()
    with zipfile.ZipFile(os.path.join(OUT, "date_1904_openpyxl.xlsx")) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                ext = (b'<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
                       b'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
                       b'<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>')
                data = data.replace(b"</workbook>", ext)
            zout.writestr(item, data)
    write("date_1904_x15_extension.xlsx", buf.getvalue())

    # Dates as General-formatted serial numbers, amounts with float noise.
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["Pvm", "Tili", "Summa"])
    ws.append([44197, 4000, 1234.5600000000001])
    ws.append([44198.75, 4000.0, 0.1 + 0.2])
    wb.save(os.path.join(OUT, "serial_dates_float_noise_openpyxl.xlsx"))

    # Formulas without cached results (openpyxl never computes them).
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["Pvm", "Tili", "Summa"])
    ws.append(["1.1.2021", 4000, "=2*50"])
    wb.save(os.path.join(OUT, "formula_no_cached_value_openpyxl.xlsx"))

    # Hidden first sheet with a ledger header; the visible one is read.
    wb = openpyxl.Workbook(); hidden = wb.active; hidden.title = "Piilotettu"
    hidden.append(["Pvm", "Tili", "Summa"]); hidden.append(["1.1.2021", 4000, 999])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Pääkirja"); ws.append(["Pvm", "Tili", "Summa"]); ws.append(["2.1.2021", 4000, 12.5])
    wb.create_sheet("Ohjeet").append(["Tämä on ohje"])
    wb.save(os.path.join(OUT, "hidden_and_extra_sheets_openpyxl.xlsx"))

    # Amounts as text cells with a decimal comma; error cell.
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["Pvm", "Tili", "Summa"]); ws.append(["1.1.2021", "4000", "1.234"]); ws.append(["2.1.2021", "4000", "5,50"])
    wb.save(os.path.join(OUT, "text_amounts_decimal_comma_openpyxl.xlsx"))
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["Pvm", "Tili", "Summa"]); ws.append(["1.1.2021", "4000", "#N/A"])
    ws["C2"].data_type = "e"
    wb.save(os.path.join(OUT, "error_cell_openpyxl.xlsx"))

    # A small ledger plus one cell at XFD1048576 (worksheet_range would need 549 GB).
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["Pvm", "Tili", "Summa"]); ws.append(["1.1.2021", 4000, 10])
    ws["XFD1048576"] = "far away"
    wb.save(os.path.join(OUT, "hostile_a1_xfd1048576.xlsx"))

    # A zip bomb: styles.xml inflates to 24 MB of spaces (1000 times its compressed size).
    src = os.path.join(OUT, "hidden_and_extra_sheets_openpyxl.xlsx")
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                data = data + b" " * (24 * 1024 * 1024)
            zout.writestr(item.filename, data)
    write("hostile_zip_bomb.xlsx", buf.getvalue())

    # Truncated: the first half of a real workbook.
    data = open(os.path.join(OUT, "dialect_openpyxl_titles_total.xlsx"), "rb").read()
    write("truncated.xlsx", data[: len(data) // 2])

    # A zip that is not a workbook.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    write("zip_not_a_workbook.xlsx", buf.getvalue())
except ImportError:
    print("openpyxl missing: skipped its files", file=sys.stderr)

try:
    import xlwt
    wb = xlwt.Workbook(); ws = wb.add_sheet("Kirjanpito")
    date_style = xlwt.easyxf(num_format_str="D.M.YYYY")
    head, body = workbook_rows()
    for c, h in enumerate(head):
        ws.write(0, c, h)
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            if c == 0:
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    wb.save(os.path.join(OUT, "dialect_xlwt.xls"))
except ImportError:
    print("xlwt missing: skipped its files", file=sys.stderr)

# A hand-made ODS whose one valued row repeats a million times, a thousand wide.
content = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
           b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
           b'<office:body><office:spreadsheet><table:table table:name="A">'
           b'<table:table-row table:number-rows-repeated="1000000">'
           b'<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000"/>'
           b'</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
write("hostile_ods_repeats.ods", buf.getvalue())

# Password-protected workbook (msoffcrypto-tool).
try:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile
    src = os.path.join(OUT, "hidden_and_extra_sheets_openpyxl.xlsx")
    with open(src, "rb") as f, open(os.path.join(OUT, "password_protected.xlsx"), "wb") as out:
        OOXMLFile(f).encrypt("salasana", out)
except Exception as e:  # noqa: BLE001
    print(f"msoffcrypto: skipped the password file ({e})", file=sys.stderr)

# ---- LibreOffice conversions -------------------------------------------------
if shutil.which("soffice"):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "libreoffice.csv")
        shutil.copy(os.path.join(OUT, "dialect_utf8_semicolon_debit_credit.csv"), src)
        for fmt in ["xlsx", "ods", "xls"]:
            # CSV filter options: ';' separator, '"' quote, UTF-8, first line 1, Finnish locale.
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--infilter=CSV:59,34,76,1,,1035", "--convert-to", fmt, "--outdir", tmp, src],
                           check=True, capture_output=True)
            shutil.copy(os.path.join(tmp, f"libreoffice.{fmt}"), os.path.join(OUT, f"dialect_libreoffice.{fmt}"))
else:
    print("soffice missing: skipped the LibreOffice files", file=sys.stderr)

# The shared strings of a LibreOffice workbook declare uniqueCount="9000000000".
src = os.path.join(OUT, "dialect_libreoffice.xlsx")
buf = io.BytesIO()
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/sharedStrings.xml":
            data = data.replace(b'uniqueCount="', b'uniqueCount="9000000000" x="', 1)
        zout.writestr(item, data)
write("hostile_sst_unique_count.xlsx", buf.getvalue())


# Issue 17, cases 11-13: hostile workbooks the pre-check does not recognise.
# They are read in a child process limited to 1 GiB of address space, whose
# death becomes the file's error message.
def rewrite(src, name, change, rename=lambda n: n, extra=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            zout.writestr(rename(item.filename), data)
        for extra_name, extra_data in (extra or []):
            zout.writestr(extra_name, extra_data)
    write(name, buf.getvalue())


def sst(replacement):
    def change(name, data):
        if name.endswith("sharedStrings.xml"):
            return data.replace(b'uniqueCount="', replacement, 1)
        return data
    return change


# uniqueCount in single quotes, with spaces around "=", after a 5 KB comment.
rewrite(src, "hostile_sst_single_quotes.xlsx", sst(b"uniqueCount='2000000000' x=\""))
rewrite(src, "hostile_sst_spaces.xlsx", sst(b'uniqueCount = "2000000000" x="'))
rewrite(src, "hostile_sst_after_comment.xlsx",
        lambda n, d: d.replace(b"<sst ", b"<!--" + b"c" * 5000 + b"--><sst uniqueCount='2000000000' ", 1)
        if n.endswith("sharedStrings.xml") else d)


# The workbook moved out of xl/ (found through _rels/.rels), declaring 2e9 strings.
def relocated(name, data):
    if name in ("_rels/.rels", "[Content_Types].xml"):
        return data.replace(b"/xl/", b"/book/").replace(b'"xl/', b'"book/')
    return sst(b"uniqueCount='2000000000' x=\"")(name, data)


rewrite(src, "hostile_sst_relocated.xlsx", relocated,
        rename=lambda n: "book/" + n[3:] if n.startswith("xl/") else n)

# Case 12: one text node of 640 MB in the sheet (about 650 KB compressed): its
# reading needs more than the bounded reader's 1 GiB.
big = io.BytesIO()
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            head, tail = data.split(b"</sheetData>", 1)
            with zout.open(item.filename, "w", force_zip64=True) as part:
                part.write(head)
                part.write(b'<row r="100"><c r="A100" t="inlineStr"><is><t>')
                chunk = b"a" * (64 << 20)
                for _ in range(10):
                    part.write(chunk)
                part.write(b"</t></is></c></row></sheetData>" + tail)
            continue
        zout.writestr(item, data)
write("hostile_text_node_640mb.xlsx", big.getvalue())

# Case 13: an ODS of cells repeated 16 384 times that carry office:value but
# no office:value-type (the pre-check counts typed cells only).
ods_content = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b'<office:body><office:spreadsheet><table:table table:name="Kirjanpito">'
    + b'<table:table-row table:number-rows-repeated="16384">'
    + b'<table:table-cell table:number-columns-repeated="16384" office:value="1"/>'
    + b"</table:table-row>"
    + b"</table:table></office:spreadsheet></office:body></office:document-content>"
)
ods = io.BytesIO()
with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as zout:
    zout.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
    zout.writestr("META-INF/manifest.xml",
                  b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                  b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                  b'<manifest:file-entry manifest:full-path="/" '
                  b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                  b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                  b"</manifest:manifest>")
    zout.writestr("content.xml", ods_content)
write("hostile_ods_untyped_repeats.ods", ods.getvalue())

# Issue 17, case 1: a decimal comma split over Debet and Kredit in a comma
# file, the row ending in a delimiter the header lacks, and every row split.
write("comma_split_trailing_delimiter.csv",
      b"Pvm,Tosite,Tili,Projekti,Kp,Toimittaja,Selite,Alv,Debet,Kredit\n"
      b"15.01.2022,V1,4000,P,7311,,x,,1234,56,\n")
write("comma_split_every_row.csv",
      b"Pvm,Tosite,Tili,Projekti,Kp,Toimittaja,Selite,Alv,Debet,Kredit\n"
      b"15.01.2022,V1,4000,P,7311,,x,,1234,56\n"
      b"16.01.2022,V2,4000,P,7311,,y,,40,5\n")

# Issue 17, case 16: a voucher "number" of 300 characters is a column read
# wrongly, an error (a code longer than Excel's cell would fail the claim).
write("long_voucher.csv",
      b"Tositepvm;Tosite;Tili;Kp;Selite;Summa\n14.01.2022;" + b"V" * 300 + b";4310;7311;d;10,00\n")


# ---- Issue 12: ledgers as accounting systems print them ------------------------
# The LEDGER again, as account-grouped general-ledger reports (pääkirja): per
# account a heading row, its entries, a subtotal row and an empty spacer row,
# and a grand total at the end. Accounts in number order, entries in date order.
ACCOUNTS = sorted({(a, n) for _, _, a, n, *_ in LEDGER})


def grouped(head, heading, entry, subtotal, grand, title=True):
    """Rows of a grouped report: heading(account, name), entry(ledger row),
    subtotal(account, name, cents) and grand(cents) give the cells."""
    rows = [["Pääkirja 1.1.2021–31.3.2021"], ["Jämsän kaupunki"], []] if title else []
    rows.append(head)
    for account, name in ACCOUNTS:
        rows.append(heading(account, name))
        entries = [r for r in LEDGER if r[2] == account]
        rows.extend(entry(r) for r in entries)
        rows.append(subtotal(account, name, sum(r[7] for r in entries)))
        rows.append([])
    rows.append(grand(TOTAL))
    return [r for r in rows if r is not None]


def padded(rows, width):
    return [list(r) + [""] * (width - len(r)) for r in rows]


# Procountor-like: no account column, `Tili 4000 yhteensä` subtotals.
rows = grouped(["Päivämäärä", "Tosite", "Kustannuspaikka", "Projekti", "Selite", "Summa"],
               lambda a, n: [f"{a} {n}"],
               lambda r: [dmy(r[0]), r[1], r[4], r[5], r[6], fi_amount(r[7])],
               lambda a, n, c: [f"Tili {a} yhteensä", "", "", "", "", fi_amount(c)],
               lambda c: ["Yhteensä", "", "", "", "", fi_amount(c)])
write("grouped_procountor.csv", lines(padded(rows, 6), ";").encode("utf-8"))

# The same, but account 4400's subtotal says 89,00 where its one row is 89,90.
bad = [[("89,00" if c == "89,90" and r[0].startswith("Tili") else c) for c in r] for r in padded(rows, 6)]
write("grouped_subtotal_disagrees.csv", lines(bad, ";").encode("utf-8"))

# Netvisor/Visma-like, Windows-1252: the account column repeats the number,
# `Tili 4000 Palkat` headings, `4000 Palkat yhteensä` subtotals, debit and credit.
rows = grouped(["Pvm", "Tosite", "Tili", "Kp", "Projekti", "Selite", "Debet", "Kredit"],
               lambda a, n: [f"Tili {a} {n}"],
               lambda r: [dmy(r[0]), r[1], r[2], r[4], r[5], r[6],
                          fi_amount(r[7]) if r[7] > 0 else "", fi_amount(-r[7]) if r[7] < 0 else ""],
               lambda a, n, c: [f"{a} {n} yhteensä", "", "", "", "", "",
                                fi_amount(sum(r[7] for r in LEDGER if r[2] == a and r[7] > 0)),
                                fi_amount(-sum(r[7] for r in LEDGER if r[2] == a and r[7] < 0))],
               lambda c: ["Kaikki tilit yhteensä", "", "", "", "", "",
                          fi_amount(sum(r[7] for r in LEDGER if r[7] > 0)),
                          fi_amount(-sum(r[7] for r in LEDGER if r[7] < 0))])
write("grouped_netvisor_cp1252_debit_credit.csv", lines(padded(rows, 8), ";").encode("cp1252"))

# English, tab-delimited: number and name in two heading cells, bare `Total`
# subtotals, ISO dates, decimal point.
rows = grouped(["Date", "Voucher", "Cost center", "Project", "Description", "Amount"],
               lambda a, n: [a, n],
               lambda r: [r[0], r[1], r[4], r[5], r[6], f"{r[7] / 100:.2f}"],
               lambda a, n, c: ["Total", "", "", "", "", f"{c / 100:.2f}"],
               lambda c: ["Grand total", "", "", "", "", f"{c / 100:.2f}"], title=False)
write("grouped_two_cell_headings.tsv", lines(padded(rows, 6), "\t").encode("utf-8"))

# Headings and a grand total, no subtotals.
rows = grouped(["Kirjauspäivä", "Tositenumero", "Kp", "Projekti", "Kuvaus", "Euroa"],
               lambda a, n: [f"{a} {n}"],
               lambda r: [dmy(r[0]), r[1], r[4], r[5], r[6], fi_amount(r[7])],
               lambda a, n, c: None,
               lambda c: ["Yhteensä", "", "", "", "", fi_amount(c)])
write("grouped_no_subtotals.csv", lines(padded(rows, 6), ";").encode("utf-8"))


def grouped_cells():
    """The Procountor-like report as typed cells: dates, numbers, text."""
    import datetime
    head = ["Päivämäärä", "Tosite", "Kustannuspaikka", "Projekti", "Selite", "Summa"]
    rows = [["Pääkirja 1.1.2021–31.3.2021"], [], head]
    for account, name in ACCOUNTS:
        rows.append([f"{account} {name}"])
        entries = [r for r in LEDGER if r[2] == account]
        for d, v, a, n, cc, p, t, c in entries:
            y, m, dd = map(int, d.split("-"))
            rows.append([datetime.date(y, m, dd), v, int(cc), p, t, c / 100])
        rows.append([f"Tili {account} yhteensä", None, None, None, None, sum(r[7] for r in entries) / 100])
        rows.append([])
    rows.append(["Yhteensä", None, None, None, None, TOTAL / 100])
    return rows


try:
    import xlwt
    wb = xlwt.Workbook(); ws = wb.add_sheet("Pääkirja")
    date_style = xlwt.easyxf(num_format_str="D.M.YYYY")
    import datetime
    for r, row in enumerate(grouped_cells()):
        for c, value in enumerate(row):
            if value is None:
                continue
            ws.write(r, c, value, date_style) if isinstance(value, datetime.date) else ws.write(r, c, value)
    wb.save(os.path.join(OUT, "grouped_xlwt.xls"))
except ImportError:
    print("xlwt missing: skipped grouped_xlwt.xls", file=sys.stderr)


def ods_cell(value):
    import datetime
    from xml.sax.saxutils import escape
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value.day}.{value.month}.{value.year}</text:p></table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods(rows):
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in r) + "</table:table-row>"
                   if r else '<table:table-row><table:table-cell/></table:table-row>' for r in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Pääkirja">'
               + body + "</table:table></office:spreadsheet></office:body></office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2021, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(zipfile.ZipInfo("content.xml", (2021, 1, 1, 0, 0, 0)), content.encode(), zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("META-INF/manifest.xml", (2021, 1, 1, 0, 0, 0)),
                   '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return buf.getvalue()


write("grouped_hand.ods", ods(grouped_cells()))

# The LEDGER under ERP and Nordic headers (flat, so they join the dialects).
# SAP FBL3N: dd.mm.yyyy, '.' thousands, trailing minus.
rows = [["Posting Date", "Document Number", "G/L Account", "Account Name", "Text", "Amount in LC",
         "Local Currency", "Cost Center", "WBS Element", "Profit Center"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    y, m, dd = d.split("-")
    rows.append([f"{dd}.{m}.{y}", v, a, n, t, fi_amount(c, group=".", neg="trailing"), "EUR", cc, p, "PC10"])
write("dialect_sap_fbl3n_trailing_minus.csv", lines([["G/L Account Line Item Display"], []] + rows, ";").encode("utf-8"))

# Dynamics 365 General Ledger Entries: m/d/yyyy (2/13 decides), "1,234.56".
rows = [["Posting Date", "Document No.", "G/L Account No.", "G/L Account Name", "Description",
         "Global Dimension 1 Code", "Global Dimension 2 Code", "Amount", "Entry No."]]
for i, (d, v, a, n, cc, p, t, c) in enumerate(LEDGER):
    y, m, dd = d.split("-")
    rows.append([f"{int(m)}/{int(dd)}/{y}", v, a, n, t, cc, p, en_amount(c), str(101 + i)])
write("dialect_dynamics365_us_dates.csv", lines(rows, ",").encode("utf-8"))

# Swedish (Raindance-style names): ISO dates.
rows = [["Verifikationsnummer", "Bokföringsdatum", "Artskonto", "Kontonamn", "Kostnadsställe", "Projekt",
         "Verifikationstext", "Belopp"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([v, d, a, n, cc, p, t, fi_amount(c)])
write("dialect_swedish_artskonto.csv", lines(rows, ";").encode("utf-8"))

# Finnish municipal and state systems' styles (Raindance, Basware, Tikon,
# Populus, ProEconomica, Heeros): each file uses the typical Finnish column
# names of that style of export, written here by hand from the names alone
# (not copied from any system's export). Same ledger, same six rows.
FI_SYSTEMS = [
    ("raindance", ["Tositenro", "Kirjauspvm", "Tili", "Tilin nimi", "Kustannuspaikka", "Seurantakohde", "Selite", "Summa"],
     ";", "utf-8", "amount"),
    ("basware", ["Tosite", "Tapahtumapvm", "Tili", "Tilin nimi", "Kustannuspaikka", "Projekti", "Selite", "Debet", "Kredit"],
     ";", "utf-8", "debit_credit"),
    ("tikon", ["Tositenumero", "Kirjauspäivä", "Tilinumero", "Tilin nimi", "Kustannuspaikka", "Projekti", "Selite", "Summa"],
     ";", "cp1252", "amount"),
    ("populus", ["Tosite", "Tositepvm", "Tili", "Tilin nimi", "Kustannuspaikka", "Seurantakohde", "Selite", "Euroa"],
     ";", "utf-8", "amount"),
    ("proeconomica", ["Tositenro", "Tositepäivä", "Tili", "Tilin nimi", "Kustannuspaikka", "Projekti", "Selite", "Debet", "Kredit"],
     "\t", "utf-8", "debit_credit"),
    ("heeros", ["Tosite", "Kirjauspvm", "Tili", "Tilin nimi", "Kustannuspaikka", "Projekti", "Selite", "Summa"],
     ";", "utf-8-sig", "amount"),
]
for system, head, delim, encoding, amounts in FI_SYSTEMS:
    rows = [head]
    for d, v, a, n, cc, p, t, c in LEDGER:
        if amounts == "amount":
            tail = [fi_amount(c)]
        else:
            tail = [fi_amount(c) if c > 0 else "", fi_amount(-c) if c < 0 else ""]
        rows.append([v, dmy(d), a, n, cc, p, t] + tail)
    write(f"dialect_fi_{system}_style.csv", lines(rows, delim).encode(encoding))

# Danish (SAP with PSP elements): '.' thousands.
rows = [["Bilagsnummer", "Bogføringsdato", "Artskonto", "Kontonavn", "Omkostningssted", "PSP-element",
         "Tekst", "Beløb"]]
for d, v, a, n, cc, p, t, c in LEDGER:
    rows.append([v, dmy(d), a, n, cc, p, t, fi_amount(c, group=".")])
write("dialect_danish_psp.csv", lines(rows, ";").encode("utf-8"))
