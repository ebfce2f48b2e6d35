//! Running velho in a temporary folder and reading its workbook back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use rust_decimal::Decimal;

/// The path of the bundled sample project.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/yritysvelho")
}

/// Runs `velho` with arguments in a folder; returns its output.
pub fn velho(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_velho"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("velho runs")
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A workbook read back.
pub struct Book {
    workbook: Xlsx<std::io::BufReader<std::fs::File>>,
}

impl Book {
    /// Opens a workbook.
    pub fn open(path: &Path) -> Book {
        Book {
            workbook: open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }

    /// The sheet names in order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.workbook.sheet_names()
    }

    /// A sheet's cells.
    pub fn sheet(&mut self, name: &str) -> Sheet {
        Sheet {
            range: self
                .workbook
                .worksheet_range(name)
                .unwrap_or_else(|e| panic!("sheet {name}: {e}")),
        }
    }
}

/// One sheet's cells.
pub struct Sheet {
    /// The cells.
    pub range: Range<Data>,
}

impl Sheet {
    /// The rows, each as cells (absolute positions from A1).
    pub fn rows(&self) -> Vec<Vec<Data>> {
        let (h, w) = self
            .range
            .end()
            .map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
        (0..h)
            .map(|r| {
                (0..w)
                    .map(|c| {
                        self.range
                            .get_value((r as u32, c as u32))
                            .cloned()
                            .unwrap_or(Data::Empty)
                    })
                    .collect()
            })
            .collect()
    }

    /// The first row whose first cell starts with `label`.
    pub fn row_labelled(&self, label: &str) -> Vec<Data> {
        self.rows()
            .into_iter()
            .find(|r| matches!(r.first(), Some(Data::String(s)) if s.starts_with(label)))
            .unwrap_or_else(|| panic!("no row labelled {label:?}"))
    }

    /// The column index of a header in row `header_row` (0-based).
    pub fn column(&self, header_row: usize, name: &str) -> usize {
        self.rows()[header_row]
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == name))
            .unwrap_or_else(|| panic!("no column {name:?}"))
    }
}

/// A cell as an exact amount (numbers through 15 significant digits).
pub fn amount(cell: &Data) -> Decimal {
    match cell {
        Data::Float(f) => Decimal::from_scientific(&format!("{f:.14e}"))
            .unwrap()
            .normalize(),
        Data::Int(i) => Decimal::from(*i),
        other => panic!("not a number: {other:?}"),
    }
}

/// A decimal from text.
pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A cell as text.
pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Copies a folder (a sample project) with everything below it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The Payments sheet's period rows (English labels) and a column lookup.
pub struct Payments {
    sheet: Sheet,
    header: usize,
}

impl Payments {
    /// The Payments sheet of a workbook.
    pub fn of(book: &mut Book) -> Payments {
        let sheet = book.sheet("Payments");
        let header = sheet
            .rows()
            .iter()
            .position(|r| text(&r[0]) == "Period" && r.iter().any(|c| text(c) == "Paid now"))
            .expect("the Payments header row");
        Payments { sheet, header }
    }

    /// The cell of a period's row under a column header.
    pub fn cell(&self, period: &str, column: &str) -> Data {
        let col = self.sheet.column(self.header, column);
        let rows = self.sheet.rows();
        let row = rows[self.header + 1..]
            .iter()
            .find(|r| text(&r[0]) == period)
            .unwrap_or_else(|| panic!("no period {period} on Payments"));
        row[col].clone()
    }

    /// An amount of a period's row.
    pub fn amount(&self, period: &str, column: &str) -> Decimal {
        amount(&self.cell(period, column))
    }

    /// A text of a period's row.
    pub fn text(&self, period: &str, column: &str) -> String {
        text(&self.cell(period, column))
    }
}

/// The text of the note on a cell of a sheet, or an empty text: the
/// sheet's comment part found through its relationships.
pub fn note_at(path: &Path, sheet: &str, cell: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        if let Ok(mut file) = zip.by_name(name) {
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        }
        text
    };
    let attribute = |text: &str, after: &str, name: &str| -> Option<String> {
        let rest = &text[text.find(after)?..];
        let value = &rest[rest.find(&format!(" {name}=\""))? + name.len() + 3..];
        Some(value[..value.find('"')?].to_string())
    };
    let Some(id) = attribute(
        &part("xl/workbook.xml"),
        &format!("<sheet name=\"{sheet}\""),
        "r:id",
    ) else {
        return String::new();
    };
    let rels = part("xl/_rels/workbook.xml.rels");
    let target = attribute(&rels, &format!("Id=\"{id}\""), "Target").unwrap_or_default();
    let file = target.rsplit('/').next().unwrap_or_default().to_string();
    let sheet_rels = part(&format!("xl/worksheets/_rels/{file}.rels"));
    let comments = sheet_rels
        .split("<Relationship ")
        .find(|r| r.contains("/comments"))
        .and_then(|r| attribute(&format!(" {r}"), " ", "Target"))
        .unwrap_or_default();
    let comments = part(&format!("xl/{}", comments.trim_start_matches("../")));
    let Some(from) = comments.find(&format!("<comment ref=\"{cell}\"")) else {
        return String::new();
    };
    let note = &comments[from..comments[from..]
        .find("</comment>")
        .map_or(comments.len(), |e| from + e)];
    note.split("<t>")
        .skip(1)
        .filter_map(|t| t.split("</t>").next())
        .collect()
}

/// The number format of a cell of a sheet as the workbook stores it
/// (`#,##0.00`), read from the file's parts: the sheet's cell gives its
/// style, the style its number format (a built-in one by its id).
pub fn number_format(path: &Path, sheet: &str, cell: &str) -> String {
    style_format(path, sheet, &format!("<c r=\"{cell}\""), "s")
}

/// The number format a column of a sheet carries (its `<col>` style), as
/// [`number_format`] gives a cell's; `column` counts from 1.
pub fn column_number_format(path: &Path, sheet: &str, column: u16) -> String {
    let col = format!("<col min=\"{column}\" max=\"{column}\"");
    style_format(path, sheet, &col, "style")
}

/// The number format of the style (in `attribute`) on the first element of
/// the sheet that starts with `element`.
fn style_format(path: &Path, sheet: &str, element: &str, attribute: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let after = |text: &str, start: &str, attribute: &str| -> String {
        let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
        let rest = &text[from..];
        let rest = &rest[..rest.find('>').unwrap()];
        let value = &rest[rest
            .find(&format!(" {attribute}=\""))
            .unwrap_or_else(|| panic!("no {attribute} on {start}"))
            + attribute.len()
            + 3..];
        value[..value.find('"').unwrap()].to_string()
    };
    let id = after(
        &part("xl/workbook.xml"),
        &format!("<sheet name=\"{sheet}\""),
        "r:id",
    );
    let target = after(
        &part("xl/_rels/workbook.xml.rels"),
        &format!("Id=\"{id}\""),
        "Target",
    );
    let target = target.trim_start_matches('/').trim_start_matches("xl/");
    let style: usize = after(&part(&format!("xl/{target}")), element, attribute)
        .parse()
        .unwrap();
    let styles = part("xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.match_indices("<xf ").nth(style).unwrap().0;
    let format: u32 = after(&xfs[xf..], "<xf ", "numFmtId").parse().unwrap();
    match format {
        0 => "General".to_string(),
        2 => "0.00".to_string(),
        4 => "#,##0.00".to_string(),
        id => after(&styles, &format!("<numFmt numFmtId=\"{id}\""), "formatCode"),
    }
}
