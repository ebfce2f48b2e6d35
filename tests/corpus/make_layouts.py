#!/usr/bin/env python3
"""Writes the issue-12 journal, combined-header and not-understood files of
the import corpus (tests/corpus/files/). Run by hand when they change:

    python3 tests/corpus/make_layouts.py      # the text files
    cargo run --example corpus-xlsx           # journal_/combined_ rust_xlsxwriter files
    python3 tests/corpus/make_layouts.py ods  # their ODS and XLS, by LibreOffice

The ledger is make_corpus.py's six rows, written here as a journal: each
posting a voucher whose other side is the bank account 1910, so every voucher
balances and the file adds up to zero.
"""
import os, subprocess, sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")

# (d.m.yyyy, voucher, account, name, description, cents): make_corpus.py's LEDGER.
LEDGER = [
    ("05.01.2021", "1001", "4000", "Palkat", "Palkka tammikuu", 350000),
    ("31.01.2021", "1002", "4300", "Ostopalvelut", "Konsultti, osa 1", 123456),
    ("13.02.2021", "1003", "4400", "Matkat", "Matka Tampere", 8990),
    ("15.02.2021", "1004", "4300", "Ostopalvelut", "Hyvitys", -25000),
    ("01.03.2021", "1005", "4000", "Palkat", "Muu hanke", 99999),
    ("02.03.2021", "1006", "4910", "ICT-kulut", "Lisenssi ÄÖÅ", 1234567),
]


def euros(cents):
    """1 234,56€ as the bookkeeping program prints it; – for nothing."""
    if cents == 0:
        return "–"
    whole, c = divmod(abs(cents), 100)
    return ("-" if cents < 0 else "") + f"{whole:,}".replace(",", " ") + f",{c:02d}€"


def sides(cents):
    return (euros(cents), "–") if cents > 0 else ("–", euros(-cents))


def journal(unbalanced=None):
    rows = ["Päiväkirja;;;", "Yhdistys ry;;;", "Nro;Päiväys ja tilit;Debet;Kredit"]
    for date, voucher, account, name, text, cents in LEDGER:
        rows.append(f"#{voucher};{date};;")
        rows.append(";{} {}: {};{};{}".format(account, name, text, *sides(cents)))
        bank = -cents + (1000 if voucher == unbalanced else 0)
        rows.append(";1910 Pankkitili: {};{};{}".format(text, *sides(bank)))
    return "\n".join(rows) + "\n"


def combined():
    """The general ledger with the date opening the `Tili / Päiväys` text."""
    rows = ["Pääkirja;;;;", "Yhdistys ry;;;;", "Nro;Tili / Päiväys;Debet;Kredit;Saldo"]
    accounts = sorted({(a, n) for _, _, a, n, _, _ in LEDGER} | {("1910", "Pankkitili")})
    for account, name in accounts:
        rows.append(f"{account};{name};;;")
        balance = 0
        for date, voucher, a, _, text, cents in LEDGER:
            if account == "1910":
                cents = -cents
            elif a != account:
                continue
            balance += cents
            rows.append("#{};{} {};{};{};{}".format(voucher, date, text, *sides(cents), euros(balance)))
        rows.append(f";;;;{euros(balance)}")
    return "\n".join(rows) + "\n"


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


if sys.argv[1:] == ["ods"]:
    for stem in ("journal_rust_xlsxwriter", "combined_header_rust_xlsxwriter"):
        for fmt in ("ods", "xls"):
            subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", OUT,
                            os.path.join(OUT, stem + ".xlsx")], check=True)
            os.replace(os.path.join(OUT, f"{stem}.{fmt}"),
                       os.path.join(OUT, stem.replace("rust_xlsxwriter", "libreoffice") + "." + fmt))
    sys.exit()

write("journal_euro_dash.csv", journal())
write("journal_unbalanced_voucher.csv", journal(unbalanced="1003"))
write("journal_cp1252_crlf.csv", "")  # replaced below
with open(os.path.join(OUT, "journal_cp1252_crlf.csv"), "wb") as f:
    f.write(journal().replace("€", " EUR").replace("–", "").replace("\n", "\r\n").encode("cp1252"))
write("combined_header_ledger.csv", combined())
# Account headings found, but the entries' amounts stand in a column without
# a header, so no entry can be read under its heading.
write("grouped_entries_without_amounts.csv",
      "Pääkirja 1.1.2021–31.3.2021;;;;\n\nPäivämäärä;Tosite;Selite;Summa;\n"
      "4000 Palkat;;;;\n05.01.2021;1001;Palkka tammikuu;;3 500,00\n01.03.2021;1005;Muu hanke;;999,99\n"
      "Tili 4000 yhteensä;;;;4 499,99\n")
# Subtotals naming accounts, but no heading rows and no account column.
write("grouped_subtotals_without_headings.csv",
      "Päivämäärä;Tosite;Selite;Summa\n05.01.2021;1001;Palkka tammikuu;3 500,00\n"
      "01.03.2021;1005;Muu hanke;999,99\nTili 4000 yhteensä;;;4 499,99\n"
      "31.01.2021;1002;Konsultti, osa 1;1 234,56\nTili 4300 yhteensä;;;1 234,56\n")
