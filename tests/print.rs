//! Issue 15, deliverable 6: the sample's reconciliation and a claim, printed
//! as a Finn prints them (LibreOffice under a Finnish locale, to PDF), keep
//! to A4, to a bounded number of pages per sheet, carry the header and the
//! page numbers, print no word under 7 pt and no two words over each other.
//!
//! It needs LibreOffice (`soffice`), poppler-utils (`pdfinfo`, `pdftotext`)
//! and the Carlito font (metric-compatible with Calibri, the workbook's
//! font: with another font the columns, the fitting and so the page counts
//! change). `.ci/run` installs them and the fi_FI.UTF-8 locale; in CI (`CI`
//! set) a missing one fails the test, elsewhere the test says plainly that
//! it did not run (a missing Finnish locale only changes it to C.UTF-8, and
//! it says so).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Reader, SheetVisible, Xlsx, open_workbook};
use rust_xlsxwriter::{Format, Workbook};

use crate::harness::{copy_dir, sample, stderr, velho};

/// The most pages each visible sheet may print on, by its Finnish name.
/// Measured on the sample (LibreOffice 7.4, Carlito, fi_FI.UTF-8) and given
/// a little room, so that a layout change that spreads a sheet over more
/// paper fails here and is looked at. Every visible sheet must be listed.
const RECONCILIATION_PAGES: &[(&str, usize)] = &[
    // Measured 2: landscape, one page wide, the blocks under each other
    // (fitted to one page it printed at 5 pt).
    ("Yhteenveto", 2),
    // Measured 2: the table, then the chart on a page of its own.
    ("Kuukausittain", 3),
    // Measured 3: the payment periods, the deducted items, the decisions.
    ("Maksatukset", 4),
    // Measured 2 (issue 13): landscape, one page wide, the header row
    // repeated; the sample's 40 person-months and three totals, the last
    // two on the second page.
    ("Henkilöstökulut", 3),
    // Measured 6 for the sample's 297 rows (about 55 rows a page).
    ("Tapahtumat", 8),
    // Measured 2 for 14 findings, two of them with long row lists.
    ("Havainnot", 3),
    // Measured 3: three pages wide, each repeating the file column; the
    // ledger files, the decisions, and the payroll and working-time files
    // each a table under the other.
    ("Lähteet", 3),
];

/// The same for the claim of period 3.
const CLAIM_PAGES: &[(&str, usize)] = &[
    // Measured 1 (fitted to 1 × 1); a second page is allowed for a longer
    // list of earlier claims.
    ("Maksatushakemus", 2),
    // Measured 1 (issue 13): the period's six months of the project
    // manager, landscape, one page wide.
    ("Henkilöstökulut", 2),
    // Measured 2 for the period's 90-odd ledger lines with subtotals.
    ("Kirjanpitoraportti", 3),
    // Measured 1: nothing is left out of period 3, and an empty sheet
    // prints as one page saying so (issue 15).
    ("Ei haeta", 1),
];

/// The smallest font size allowed on paper (issue 15: "none under 7 pt").
const MIN_POINTS: f64 = 7.0;

/// The bound is the 7-pt probe word's height less this share, for rounding.
const ROUNDING: f64 = 0.01;

/// A4 in points, portrait; landscape is the same turned.
const A4: (f64, f64) = (595.28, 841.89);

/// Two words print over each other when their boxes intersect by more than
/// this many points across…
const OVERLAP_ACROSS: f64 = 1.0;
/// …and by more than this share of the shorter word's height. pdftotext's
/// word box is taller than the type (1.30 × the size, see `probe`) and
/// than LibreOffice's line spacing, so the lines of a correctly wrapped
/// cell overlap by 22–25 % of their height (measured on the sample); words
/// printed over each other, or a text run into the cell below, overlap far
/// more.
const OVERLAP_DOWN: f64 = 0.4;

fn which(name: &str) -> Option<PathBuf> {
    let found = Command::new("which").arg(name).output().ok()?;
    found
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
}

/// The programs the test runs.
struct Tools {
    soffice: PathBuf,
    pdfinfo: PathBuf,
    pdftotext: PathBuf,
    /// The value for LC_ALL: fi_FI.UTF-8, or C.UTF-8 where it is missing.
    locale: &'static str,
}

/// The tools, or (on a machine without one of them) `None` after saying
/// plainly that the print test did not run. In CI a missing tool, font or
/// locale fails: `.ci/run` installs them, so their absence there is a
/// broken install, never a pass.
fn tools_or_not_run() -> Option<Tools> {
    let ci = std::env::var_os("CI").is_some();
    let soffice = which("soffice").or_else(|| which("libreoffice"));
    let pdfinfo = which("pdfinfo");
    let pdftotext = which("pdftotext");
    let carlito = Command::new("fc-match")
        .arg("Calibri")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("Carlito"));
    let mut missing = Vec::new();
    if soffice.is_none() {
        missing.push("LibreOffice (soffice)");
    }
    if pdfinfo.is_none() || pdftotext.is_none() {
        missing.push("pdfinfo and pdftotext (poppler-utils)");
    }
    if !carlito {
        missing.push("the Carlito font (fonts-crosextra-carlito), which stands in for Calibri");
    }
    if !missing.is_empty() {
        assert!(
            !ci,
            "{} missing, but CI is set: .ci/run must install them",
            missing.join(", ")
        );
        eprintln!(
            "NOT RUN: {} missing, so the workbooks were not printed to PDF and their print layout was not checked. `.ci/run` installs them.",
            missing.join(", ")
        );
        return None;
    }
    let finnish = Command::new("locale").arg("-a").output().is_ok_and(|out| {
        String::from_utf8_lossy(&out.stdout).lines().any(|l| {
            let l = l.trim().to_ascii_lowercase();
            l == "fi_fi.utf8" || l == "fi_fi.utf-8"
        })
    });
    let locale = if finnish {
        "fi_FI.UTF-8"
    } else {
        assert!(
            !ci,
            "the fi_FI.UTF-8 locale is missing, but CI is set: .ci/run must generate it"
        );
        eprintln!(
            "NOTE: the fi_FI.UTF-8 locale is missing; LibreOffice prints under C.UTF-8 instead, which is not how a Finn prints the workbook."
        );
        "C.UTF-8"
    };
    Some(Tools {
        soffice: soffice.unwrap(),
        pdfinfo: pdfinfo.unwrap(),
        pdftotext: pdftotext.unwrap(),
        locale,
    })
}

/// Converts workbooks to PDF in one LibreOffice run (the first start with a
/// fresh profile is the slow part); returns the PDFs in the same order.
fn to_pdf(tools: &Tools, books: &[&Path], work: &Path) -> Vec<PathBuf> {
    let out_dir = work.join("pdf");
    let out = Command::new(&tools.soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out_dir)
        .args(books)
        .env("LC_ALL", tools.locale)
        .output()
        .expect("LibreOffice runs");
    assert!(
        out.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    books
        .iter()
        .map(|book| {
            let pdf = out_dir.join(book.with_extension("pdf").file_name().unwrap());
            assert!(
                pdf.exists(),
                "LibreOffice wrote no PDF for {}: {}{}",
                book.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            pdf
        })
        .collect()
}

/// Runs a poppler tool on a PDF (`after` follows the file name); returns
/// its standard output.
fn run(tool: &Path, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(after)
        .output()
        .expect("poppler runs");
    assert!(
        out.status.success(),
        "{} failed on {}: {}",
        tool.display(),
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Each page's size in points, from `pdfinfo -f 1 -l N`.
fn page_sizes(tools: &Tools, pdf: &Path) -> Vec<(f64, f64)> {
    let info = run(&tools.pdfinfo, &[], pdf, &[]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo prints the page count")
        .trim()
        .parse()
        .unwrap();
    let last = pages.to_string();
    let info = run(&tools.pdfinfo, &["-f", "1", "-l", &last], pdf, &[]);
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .map(|l| {
            // "Page    1 size:  595.304 x 841.89 pts (A4)"
            let size = l.split(" size:").nth(1).unwrap();
            let mut numbers = size.split_whitespace();
            let w = numbers.next().unwrap().parse().unwrap();
            assert_eq!(numbers.next(), Some("x"), "{l}");
            let h = numbers.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect();
    assert_eq!(sizes.len(), pages, "a size for every page:\n{info}");
    sizes
}

/// A word on a printed page and its box (points, y down).
#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

fn attribute(tag: &str, name: &str) -> f64 {
    let start = tag
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + name.len()
        + 2;
    let len = tag[start..].find('"').unwrap();
    tag[start..start + len].parse().unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every page's words with their boxes, from `pdftotext -bbox-layout`
/// (XHTML: `<page …>` then `<word xMin=… yMin=… xMax=… yMax=…>text</word>`).
fn words(tools: &Tools, pdf: &Path) -> Vec<Vec<Word>> {
    let html = run(
        &tools.pdftotext,
        &["-bbox-layout", "-enc", "UTF-8"],
        pdf,
        &["-"],
    );
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|word| {
                    let (tag, rest) = word.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap();
                    Word {
                        x0: attribute(tag, "xMin"),
                        y0: attribute(tag, "yMin"),
                        x1: attribute(tag, "xMax"),
                        y1: attribute(tag, "yMax"),
                        text: unescape(text),
                    }
                })
                .collect()
        })
        .collect()
}

/// Every page's text as laid out (`pdftotext -layout`: pages end in a form feed).
fn page_texts(tools: &Tools, pdf: &Path) -> Vec<String> {
    let text = run(&tools.pdftotext, &["-layout", "-enc", "UTF-8"], pdf, &["-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The visible sheets of a workbook, in order.
fn visible_sheets(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// A probe workbook in the workbooks' font (Calibri, printed as Carlito) at
/// 100 %: one word at 7 pt, one at 10 pt. A word's box height in
/// `pdftotext -bbox-layout` is its printed type size times a constant of
/// the font as LibreOffice embeds it (it writes Ascent and Descent 0, so
/// poppler takes the font's bounding box, 1014 + 258 per 1000): measured
/// 13.01 pt for the 10-pt word and 9.10 for the 7-pt one, 1.30 a point.
/// The test measures it on every run rather than trusting that number, so
/// a LibreOffice or poppler that boxes words differently still compares
/// like with like; the 7-pt word's height is the bound.
fn probe(dir: &Path) -> PathBuf {
    let path = dir.join("probe.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9).set_print_scale(100);
    sheet
        .write_string_with_format(0, 0, "Seitsemän", &Format::new().set_font_size(7))
        .unwrap();
    sheet
        .write_string_with_format(1, 0, "Kymmenen", &Format::new().set_font_size(10))
        .unwrap();
    book.save(&path).unwrap();
    path
}

fn height_of(pages: &[Vec<Word>], text: &str) -> f64 {
    pages
        .iter()
        .flatten()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("the probe's word {text:?} is not in its PDF"))
        .height()
}

/// The pairs of words on a page that print over each other. Words sorted
/// by their top; each is compared only with those starting above its
/// bottom, so a page of a thousand words costs a few thousand comparisons.
fn overlaps(page: &[Word]) -> Vec<(Word, Word)> {
    let mut sorted: Vec<&Word> = page.iter().collect();
    sorted.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut found = Vec::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in sorted[i + 1..].iter().take_while(|b| b.y0 < a.y1) {
            let across = a.x1.min(b.x1) - a.x0.max(b.x0);
            let down = a.y1.min(b.y1) - a.y0.max(b.y0);
            if across > OVERLAP_ACROSS && down > OVERLAP_DOWN * a.height().min(b.height()) {
                found.push(((*a).clone(), (*b).clone()));
            }
        }
    }
    found
}

fn describe(w: &Word) -> String {
    format!(
        "{:?} at ({:.1}, {:.1})–({:.1}, {:.1})",
        w.text, w.x0, w.y0, w.x1, w.y1
    )
}

/// Checks one printed workbook; returns what is wrong, one line each, and
/// prints what it measured.
#[allow(clippy::too_many_arguments)]
fn check(
    tools: &Tools,
    name: &str,
    book: &Path,
    pdf: &Path,
    title: &str,
    bounds: &[(&str, usize)],
    min_height: f64,
    problems: &mut Vec<String>,
) {
    let sizes = page_sizes(tools, pdf);
    let texts = page_texts(tools, pdf);
    let words = words(tools, pdf);
    let n = sizes.len();
    assert_eq!(texts.len(), n, "{name}: pdftotext's pages");
    assert_eq!(words.len(), n, "{name}: pdftotext -bbox-layout's pages");

    // A4 on every page, either way round.
    for (i, &(w, h)) in sizes.iter().enumerate() {
        let a4 = |(a, b): (f64, f64)| (w - a).abs() <= 1.0 && (h - b).abs() <= 1.0;
        if !a4(A4) && !a4((A4.1, A4.0)) {
            problems.push(format!("{name} page {}: {w:.1} × {h:.1} pt, not A4", i + 1));
        }
    }

    // Which sheet each page prints: the header holds the title on the left
    // and the sheet's name on the right; the footer "Sivu k / N".
    let sheets = visible_sheets(book);
    let mut pages_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let header = lines.next().unwrap_or_default();
        let footer = text
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or_default();
        if !header.starts_with(title) {
            problems.push(format!(
                "{name} page {}: the header {header:?} does not start with {title:?}",
                i + 1
            ));
        }
        let expected_footer = format!("Sivu {} / {n}", i + 1);
        if footer != expected_footer {
            problems.push(format!(
                "{name} page {}: the footer is {footer:?}, not {expected_footer:?}",
                i + 1
            ));
        }
        let Some(sheet) = sheets
            .iter()
            .filter(|s| header.ends_with(s.as_str()))
            .max_by_key(|s| s.len())
        else {
            problems.push(format!(
                "{name} page {}: the header {header:?} names no sheet of {sheets:?}",
                i + 1
            ));
            continue;
        };
        *pages_of.entry(sheet).or_default() += 1;
        if order.last() != Some(&sheet.as_str()) {
            order.push(sheet);
        }
    }
    let counts: Vec<String> = sheets
        .iter()
        .map(|s| format!("{s} {}", pages_of.get(s.as_str()).copied().unwrap_or(0)))
        .collect();
    eprintln!("{name}: {n} pages: {}", counts.join(", "));
    if order != sheets.iter().map(String::as_str).collect::<Vec<_>>() {
        problems.push(format!(
            "{name}: the pages print the sheets in the order {order:?}, not each of {sheets:?} once in turn"
        ));
    }
    for sheet in &sheets {
        let pages = pages_of.get(sheet.as_str()).copied().unwrap_or(0);
        match bounds.iter().find(|(s, _)| s == sheet) {
            None => problems.push(format!(
                "{name}: the sheet {sheet:?} ({pages} pages) has no page bound in tests/print.rs"
            )),
            Some(&(_, most)) if pages > most => problems.push(format!(
                "{name}: {sheet} prints on {pages} pages, more than {most}"
            )),
            Some(_) => {}
        }
    }
    for (sheet, _) in bounds {
        if !sheets.iter().any(|s| s == sheet) {
            problems.push(format!("{name}: no visible sheet {sheet:?}"));
        }
    }

    // Font sizes and overprinting, page by page.
    for (i, page) in words.iter().enumerate() {
        let sheet = texts[i]
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .and_then(|header| {
                sheets
                    .iter()
                    .filter(|s| header.ends_with(s.as_str()))
                    .max_by_key(|s| s.len())
            })
            .map_or("?", String::as_str);
        let smallest = page.iter().map(Word::height).fold(f64::INFINITY, f64::min);
        eprintln!(
            "{name} page {} ({sheet}): {} words, smallest {:.2} pt high (≈ {:.2} pt type)",
            i + 1,
            page.len(),
            smallest,
            smallest * MIN_POINTS * (1.0 - ROUNDING) / min_height
        );
        let mut small: Vec<&Word> = page.iter().filter(|w| w.height() < min_height).collect();
        small.sort_by(|a, b| a.height().total_cmp(&b.height()));
        if !small.is_empty() {
            let examples: Vec<String> = small.iter().take(5).map(|w| describe(w)).collect();
            problems.push(format!(
                "{name} page {} ({sheet}): {} words print under {MIN_POINTS} pt (under {min_height:.2} pt high), smallest ≈ {:.2} pt, e.g. {}",
                i + 1,
                small.len(),
                smallest * MIN_POINTS * (1.0 - ROUNDING) / min_height,
                examples.join(", ")
            ));
        }
        let over = overlaps(page);
        if !over.is_empty() {
            let examples: Vec<String> = over
                .iter()
                .take(5)
                .map(|(a, b)| format!("{} over {}", describe(a), describe(b)))
                .collect();
            problems.push(format!(
                "{name} page {} ({sheet}): {} pairs of words print over each other, e.g. {}",
                i + 1,
                over.len(),
                examples.join("; ")
            ));
        }
    }
}

#[test]
fn the_sample_and_a_claim_print_on_a4_readably() {
    let Some(tools) = tools_or_not_run() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    copy_dir(&sample(), &work.path().join("yritysvelho"));
    let out = velho(
        work.path(),
        &[
            "reconcile",
            "yritysvelho",
            "--lang",
            "fi",
            "-o",
            "tasmaytys.xlsx",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(
        work.path(),
        &[
            "claim",
            "yritysvelho",
            "--period",
            "3",
            "--lang",
            "fi",
            "-o",
            "maksatushakemus-3.xlsx",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let reconciliation = work.path().join("tasmaytys.xlsx");
    let claim = work.path().join("maksatushakemus-3.xlsx");
    let probe = probe(work.path());

    let pdfs = to_pdf(&tools, &[&reconciliation, &claim, &probe], work.path());
    let probe_words = words(&tools, &pdfs[2]);
    let seven = height_of(&probe_words, "Seitsemän");
    let ten = height_of(&probe_words, "Kymmenen");
    // The 7-pt word's own height is the bound, less 1 % for rounding; the
    // 10-pt word proves the height scales with the size, so that a page
    // fitted to 60 % shows as 60 % of the height.
    assert!(
        (ten / seven - 10.0 / 7.0).abs() < 0.05,
        "pdftotext's word heights do not scale with the font size: 7 pt {seven:.2}, 10 pt {ten:.2}"
    );
    let min_height = seven * (1.0 - ROUNDING);
    eprintln!(
        "printing under LC_ALL={}; a 10-pt word is {ten:.2} pt high ({:.3} per pt), a 7-pt word {seven:.2}",
        tools.locale,
        ten / 10.0
    );

    let mut problems = Vec::new();
    check(
        &tools,
        "the reconciliation",
        &reconciliation,
        &pdfs[0],
        "Yritysvelho – täsmäytys",
        RECONCILIATION_PAGES,
        min_height,
        &mut problems,
    );
    check(
        &tools,
        "the claim of period 3",
        &claim,
        &pdfs[1],
        "Yritysvelho – maksatushakemus 3",
        CLAIM_PAGES,
        min_height,
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "the printed workbooks (under LC_ALL={}) have {} problems:\n{}",
        tools.locale,
        problems.len(),
        problems.join("\n")
    );
}
