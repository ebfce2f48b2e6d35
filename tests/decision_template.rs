//! `velho template decision` (issue 14, deliverable 3): the template of the
//! sample's period 2, with the figures of the sample's own decision typed
//! into its cells (as a user would from the funder's letter), is read by
//! velho as that decision, and the reconciliation comes out the same.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::harness::{Book, Payments, copy_dir, dec, sample, stderr, velho};
use velho::config::Project;
use velho::import::decision::read_decision;

/// A value typed into a cell.
enum Typed {
    Number(Decimal),
    Text(String),
    Date(NaiveDate),
}

/// A cell's reference (`B12`) from 0-based row and column.
fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", char::from(b'A' + col as u8), row + 1)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Types a value into a cell of the sheet's XML: the cell keeps its style
/// (and its formula, whose stored result becomes the value).
fn type_into(xml: &mut String, reference: &str, value: &Typed) {
    let start = xml
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("no cell {reference} in the template"));
    let rest = &xml[start..];
    let open_end = rest.find('>').unwrap();
    let self_closing = rest[..open_end].ends_with('/');
    let end = if self_closing {
        start + open_end + 1
    } else {
        start + rest.find("</c>").unwrap() + 4
    };
    let element = &xml[start..end];
    let style = element
        .split_once(" s=\"")
        .map(|(_, s)| format!(" s=\"{}\"", s.split('"').next().unwrap()))
        .unwrap_or_default();
    let formula = element
        .split_once("<f>")
        .map(|(_, f)| format!("<f>{}</f>", f.split("</f>").next().unwrap()))
        .unwrap_or_default();
    let serial = |d: &NaiveDate| (*d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
    let new = match value {
        Typed::Number(n) => format!("<c r=\"{reference}\"{style}>{formula}<v>{n}</v></c>"),
        Typed::Date(d) => format!("<c r=\"{reference}\"{style}><v>{}</v></c>", serial(d)),
        Typed::Text(t) => format!(
            "<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
            escape(t)
        ),
    };
    xml.replace_range(start..end, &new);
}

/// Rewrites a workbook with its first sheet's XML changed.
fn with_sheet(from: &Path, to: &Path, change: impl FnOnce(&mut String)) {
    let mut archive = zip::ZipArchive::new(fs::File::open(from).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(fs::File::create(to).unwrap());
    let mut change = Some(change);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(bytes).unwrap();
            (change.take().unwrap())(&mut xml);
            bytes = xml.into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// The 0-based row whose column A holds `label`, at or after `from`.
fn row_of(cells: &calamine::Range<Data>, label: &str, from: u32) -> u32 {
    (from..=cells.end().unwrap().0)
        .find(|&r| matches!(cells.get_value((r, 0)), Some(Data::String(s)) if s == label))
        .unwrap_or_else(|| panic!("no row {label:?} in the template"))
}

#[test]
fn a_filled_in_decision_template_reads_as_the_decision_it_was_typed_from() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample(), dir.path());
    let decision = dir.path().join("decisions/maksatuspaatos_2.xlsx");
    let original = read_decision(&decision, "decisions/maksatuspaatos_2.xlsx").unwrap();
    fs::remove_file(&decision).unwrap();

    // Never into the decisions folder.
    let out = velho(
        dir.path(),
        &["template", "decision", "--period", "2", "-o", "decisions"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        // Said in the project's language (Finnish) once its file is read.
        stderr(&out).contains("on kansio, josta velho lukee syötteitä"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_dir(dir.path().join("decisions")).unwrap().count(),
        4
    );

    let out = velho(
        dir.path(),
        &["template", "decision", "--period", "2", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let template = dir.path().join("YRITYSVELHO-decision-2.xlsx");
    assert!(template.exists(), "{}", stderr(&out));
    // Never over a file.
    let again = velho(
        dir.path(),
        &["template", "decision", "--period", "2", "--lang", "en"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("never replaces"),
        "{}",
        stderr(&again)
    );

    let mut book: Xlsx<_> = open_workbook(&template).unwrap();
    let cells = book.worksheet_range("Payment decision").unwrap();
    // The period's dates and the project's own categories are filled in.
    let period_row = row_of(&cells, "Payment period", 0);
    assert_eq!(
        cells.get_value((period_row, 1)),
        Some(&Data::String("1.1.2021–30.6.2021".into()))
    );
    let project = Project::load(dir.path()).unwrap();
    let header = row_of(&cells, "Cost category", 0);
    for category in &project.categories {
        row_of(&cells, &category.name_en, header);
    }

    let mut typed: Vec<(String, Typed)> = Vec::new();
    let mut key =
        |label: &str, value: Typed| typed.push((cell_ref(row_of(&cells, label, 0), 1), value));
    key("Decision number", Typed::Text(original.number.clone()));
    key("Decision date", Typed::Date(original.date.unwrap()));
    key(
        "Funding rate",
        Typed::Number(original.rate_percent.unwrap()),
    );
    key("Paid now", Typed::Number(original.paid_now));
    key(
        "Paid earlier",
        Typed::Number(original.paid_earlier.unwrap()),
    );
    key("Paid in total", Typed::Number(original.paid_total.unwrap()));
    for line in &original.lines {
        let category = project
            .categories
            .iter()
            .find(|c| c.name_fi == line.category)
            .unwrap_or_else(|| panic!("{}", line.category));
        let row = row_of(&cells, &category.name_en, header);
        typed.push((cell_ref(row, 1), Typed::Number(line.applied)));
        typed.push((cell_ref(row, 2), Typed::Number(line.approved)));
        typed.push((cell_ref(row, 3), Typed::Number(line.deducted)));
        if !line.reason.is_empty() {
            typed.push((cell_ref(row, 4), Typed::Text(line.reason.clone())));
        }
    }
    let total_row = row_of(&cells, "Total", header);
    let total = original.total.as_ref().unwrap();
    for (col, amount) in [(1, total.applied), (2, total.approved), (3, total.deducted)] {
        typed.push((cell_ref(total_row, col), Typed::Number(amount)));
    }
    assert!(
        !original.items.is_empty(),
        "the sample's period 2 deducts an item"
    );
    let items = row_of(&cells, "Voucher", total_row) + 1;
    for (row, item) in (items..).zip(&original.items) {
        typed.push((cell_ref(row, 0), Typed::Text(item.voucher.clone())));
        typed.push((cell_ref(row, 1), Typed::Date(item.date.unwrap())));
        typed.push((cell_ref(row, 2), Typed::Number(item.amount)));
        typed.push((cell_ref(row, 3), Typed::Text(item.reason.clone())));
    }
    let filled = dir.path().join("decisions/maksatuspaatos_2_typed.xlsx");
    with_sheet(&template, &filled, |xml| {
        for (reference, value) in &typed {
            type_into(xml, reference, value);
        }
    });

    let read = read_decision(&filled, "typed.xlsx").unwrap();
    assert_eq!(read.number, original.number);
    assert_eq!(read.date, original.date);
    assert_eq!(read.period, original.period);
    assert_eq!(read.rate_percent, original.rate_percent);
    assert_eq!(
        (read.paid_now, read.paid_earlier, read.paid_total),
        (
            original.paid_now,
            original.paid_earlier,
            original.paid_total
        )
    );
    let figures = |d: &velho::model::Decision| -> Vec<(Decimal, Decimal, Decimal, String)> {
        d.lines
            .iter()
            .map(|l| (l.applied, l.approved, l.deducted, l.reason.clone()))
            .collect()
    };
    assert_eq!(figures(&read), figures(&original));
    assert_eq!(read.items.len(), original.items.len());
    for (a, b) in read.items.iter().zip(&original.items) {
        assert_eq!(
            (&a.voucher, a.date, a.amount, &a.reason),
            (&b.voucher, b.date, b.amount, &b.reason)
        );
    }
    assert_eq!(
        read.revenue, None,
        "the Revenues row left blank is no revenue"
    );

    // The reconciliation with the typed decision is the sample's.
    let ours = velho(
        dir.path(),
        &[
            "reconcile",
            ".",
            "-o",
            "typed.xlsx",
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert!(ours.status.success(), "{}", stderr(&ours));
    let theirs = velho(
        dir.path(),
        &[
            "reconcile",
            sample().to_str().unwrap(),
            "-o",
            "sample.xlsx",
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert!(theirs.status.success(), "{}", stderr(&theirs));
    let ours = Payments::of(&mut Book::open(&dir.path().join("typed.xlsx")));
    let theirs = Payments::of(&mut Book::open(&dir.path().join("sample.xlsx")));
    for column in [
        "Applied",
        "Approved",
        "Deducted",
        "Paid now",
        "Payment as computed",
        "Paid in total",
    ] {
        assert_eq!(
            ours.amount("2", column),
            theirs.amount("2", column),
            "{column}"
        );
    }
    assert_eq!(ours.amount("2", "Paid now"), original.paid_now);
}

/// The 0-based rows of the category table's lines: after the header, until
/// the total row (returned last).
fn table_rows(cells: &calamine::Range<Data>, lang_total: &str, header: u32) -> (Vec<u32>, u32) {
    let total = row_of(cells, lang_total, header);
    ((header + 1..total).collect(), total)
}

/// Issue 14 (trial): a category a flat rate covers is left out of the
/// template (the funder's letter never has it), the total row sums the rows
/// shown, and a category row left blank is no line of the decision: the
/// Payments sheet has the typed lines' figures, worked by hand below.
#[test]
fn a_covered_category_is_left_out_and_a_blank_row_is_not_in_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample(), dir.path());
    let toml = dir.path().join("velho.toml");
    let text = fs::read_to_string(&toml).unwrap();
    let flat = "flat_rate = { percent = 24, base = [\"personnel\"] }";
    assert!(text.contains(flat));
    let covering = "flat_rate = { percent = 24, base = [\"personnel\"], covers = [\"other\"] }";
    fs::write(&toml, text.replace(flat, covering)).unwrap();
    let decision = dir.path().join("decisions/maksatuspaatos_2.xlsx");
    let original = read_decision(&decision, "decisions/maksatuspaatos_2.xlsx").unwrap();
    fs::remove_file(&decision).unwrap();
    let out = velho(
        dir.path(),
        &["template", "decision", "--period", "2", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let template = dir.path().join("YRITYSVELHO-decision-2.xlsx");
    let mut book: Xlsx<_> = open_workbook(&template).unwrap();
    let cells = book.worksheet_range("Payment decision").unwrap();
    let header = row_of(&cells, "Cost category", 0);
    let (lines, total_row) = table_rows(&cells, "Total", header);
    let names: Vec<String> = lines
        .iter()
        .map(|&r| cells.get_value((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Personnel costs",
            "Indirect costs (flat rate 24 %)",
            "Purchased services",
            "Travel costs",
            "Revenues"
        ],
        "Other costs, covered by the flat rate, is left out"
    );
    let formulas = book.worksheet_formula("Payment decision").unwrap();
    let sum = formulas.get_value((total_row, 1)).unwrap();
    // The sum spans the cost rows, not the revenues below them.
    let (first, last) = (lines[0] + 1, lines[3] + 1);
    assert!(sum.contains(&format!("B{first}:B{last}")), "{sum}");

    // The original figures typed in, Travel costs left blank; the total
    // row typed as the sum of the typed lines:
    //   applied 43 230,60 + 10 375,34 + 46 868,54 = 100 474,48
    //   approved 43 230,60 + 10 375,34 + 45 596,14 = 99 202,08
    //   deducted 1 272,40
    let mut typed: Vec<(String, Typed)> = Vec::new();
    let key = |label: &str| cell_ref(row_of(&cells, label, 0), 1);
    typed.push((key("Decision number"), Typed::Text(original.number.clone())));
    typed.push((key("Paid now"), Typed::Number(original.paid_now)));
    for (row, fi) in lines[..3].iter().zip([
        "Henkilöstökustannukset",
        "Välilliset kustannukset (flat rate 24 %)",
        "Ostopalvelut",
    ]) {
        let line = original.lines.iter().find(|l| l.category == fi).unwrap();
        typed.push((cell_ref(*row, 1), Typed::Number(line.applied)));
        typed.push((cell_ref(*row, 2), Typed::Number(line.approved)));
        typed.push((cell_ref(*row, 3), Typed::Number(line.deducted)));
    }
    for (col, sum) in [(1, "100474.48"), (2, "99202.08"), (3, "1272.40")] {
        typed.push((cell_ref(total_row, col), Typed::Number(dec(sum))));
    }
    let filled = dir.path().join("decisions/typed_2.xlsx");
    with_sheet(&template, &filled, |xml| {
        for (reference, value) in &typed {
            type_into(xml, reference, value);
        }
    });
    let read = read_decision(&filled, "typed_2.xlsx").unwrap();
    assert_eq!(read.lines.len(), 3, "the blank Travel costs row is no line");

    let out = velho(
        dir.path(),
        &["reconcile", ".", "-o", "r.xlsx", "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&dir.path().join("r.xlsx"));
    let payments = Payments::of(&mut book);
    assert_eq!(payments.amount("2", "Applied"), dec("100474.48"));
    assert_eq!(payments.amount("2", "Approved"), dec("99202.08"));
    assert_eq!(payments.amount("2", "Deducted"), dec("1272.40"));
    assert_eq!(payments.amount("2", "Paid now"), dec("91203.53"));
    // 90 % × 99 202,08 = 89 281,872 → 89 281,87.
    assert_eq!(payments.amount("2", "Payment as computed"), dec("89281.87"));
    let findings = book.sheet("Findings").rows();
    assert!(
        !findings.iter().flatten().any(|c| *c == "DECISION_TOTAL"),
        "the typed total is the sum of the typed lines"
    );
}

/// The sample's period 2 template (in `lang`) with the decision's figures
/// typed in (number, paid now, every line), the total row left as the
/// template wrote it (formulas, saved result 0) unless `total` is given;
/// written as decisions/maksatuspaatos_2.xlsx of a copy of the sample.
fn typed_period_2(lang: &str, total: Option<[Decimal; 3]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample(), dir.path());
    let decision = dir.path().join("decisions/maksatuspaatos_2.xlsx");
    let original = read_decision(&decision, "decisions/maksatuspaatos_2.xlsx").unwrap();
    fs::remove_file(&decision).unwrap();
    let template = dir.path().join("t.xlsx");
    let args = ["template", "decision", "--period", "2", "-o", "t.xlsx"];
    let out = velho(dir.path(), &[&args[..], &["--lang", lang]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: Xlsx<_> = open_workbook(&template).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let cells = book.worksheet_range(&sheet).unwrap();
    let (number, paid_now, category, sum) = match lang {
        "fi" => (
            "Päätöksen numero",
            "Maksetaan nyt",
            "Kustannuslaji",
            "Yhteensä",
        ),
        _ => ("Decision number", "Paid now", "Cost category", "Total"),
    };
    let mut typed = vec![
        (
            cell_ref(row_of(&cells, number, 0), 1),
            Typed::Text(original.number.clone()),
        ),
        (
            cell_ref(row_of(&cells, paid_now, 0), 1),
            Typed::Number(original.paid_now),
        ),
    ];
    let header = row_of(&cells, category, 0);
    let project = Project::load(dir.path()).unwrap();
    for line in &original.lines {
        let c = project
            .categories
            .iter()
            .find(|c| c.name_fi == line.category);
        let name = if lang == "fi" {
            &line.category
        } else {
            &c.unwrap().name_en
        };
        let row = row_of(&cells, name, header);
        for (col, amount) in [(1, line.applied), (2, line.approved), (3, line.deducted)] {
            typed.push((cell_ref(row, col), Typed::Number(amount)));
        }
    }
    let total_row = row_of(&cells, sum, header);
    for (col, amount) in (1..).zip(total.into_iter().flatten()) {
        typed.push((cell_ref(total_row, col), Typed::Number(amount)));
    }
    with_sheet(&template, &decision, |xml| {
        for (reference, value) in &typed {
            type_into(xml, reference, value);
        }
    });
    fs::remove_file(&template).unwrap();
    dir
}

/// Issue 14 (trial): a template filled by a program that does not
/// recalculate keeps its total row's formulas with the saved result 0.
/// That is no DECISION_TOTAL error but a note that the total was not
/// checked, in Finnish and in English; a typed total that disagrees is
/// still the error.
#[test]
fn a_total_row_never_recalculated_is_a_note_not_an_error() {
    let check = |dir: &Path, lang: &str| {
        let out = velho(dir, &["check", ".", "--lang", lang]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let dir = typed_period_2("fi", None);
    let read = read_decision(&dir.path().join("decisions/maksatuspaatos_2.xlsx"), "d").unwrap();
    assert_eq!(read.total, None);
    // Header in row 16, five lines in rows 17–21, revenues in 22, total 23.
    assert_eq!(read.total_not_recalculated, Some(23));
    assert_eq!(read.lines.len(), 5, "the lines are read as typed");
    let fi = check(dir.path(), "fi");
    assert!(!fi.contains("(DECISION_TOTAL)"), "{fi}");
    assert!(
        fi.contains("Huomio – Päätöksen yhteissummaa ei laskettu (DECISION_TOTAL_UNCHECKED): decisions/maksatuspaatos_2.xlsx, rivi 23: taulukon yhteensä-rivin kaavoja ei ole koskaan laskettu"),
        "{fi}"
    );
    let en = check(dir.path(), "en");
    assert!(
        en.contains("decisions/maksatuspaatos_2.xlsx, row 23: the formulas of the table's total row were never calculated"),
        "{en}"
    );

    // Typed over the formulas: 102 609,65 / 101 337,25 / 1 272,40 is the
    // sum of the lines; applied typed 100,00 too high is the error.
    let dir = typed_period_2("en", Some(["102709.65", "101337.25", "1272.40"].map(dec)));
    let en = check(dir.path(), "en");
    assert!(!en.contains("DECISION_TOTAL_UNCHECKED"), "{en}");
    assert!(
        en.contains("(DECISION_TOTAL): decisions/maksatuspaatos_2.xlsx, row 23: the table's total row (€102,709.65 / €101,337.25 / €1,272.40) is not the sum of its lines (€102,609.65 / €101,337.25 / €1,272.40)"),
        "{en}"
    );
}
