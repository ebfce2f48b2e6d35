//! A sheet as data: cells (value, formula, note, style role), column widths,
//! row heights and the page setup, built by each sheet's pure `build`
//! function and written by the one renderer, [`render`]. A sheet's content
//! can so be unit-tested without a workbook; the renderer alone knows
//! rust_xlsxwriter's calls and the formats behind the roles.
//!
//! Transactions is the one sheet not held whole: it can have a million rows,
//! so its rows are written as they are made (its columns are still named by
//! one enum, which both its headers and the formulas over it use).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatFormula, Format,
    FormatAlign, Formula, Note, Url, Worksheet, XlsxError,
};

use super::{Styles, excel_date};
use crate::money::to_cell_number;

/// What a cell is for, which decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// No format.
    Plain,
    /// A sheet's title.
    Title,
    /// A label or a figure in bold.
    Bold,
    /// A table's header cell.
    Header,
    /// Euros.
    Money,
    /// Euros in bold (totals).
    MoneyBold,
    /// Euros with no colour of their own for a negative amount (a
    /// variance, coloured by a [`Highlight`] instead).
    Variance,
    /// A percentage (the stored value is a share: 0.8 for 80 %).
    Percent,
    /// A date, `d.m.yyyy`.
    Date,
    /// A month, `mm/yyyy`.
    Month,
    /// Text wrapped in its cell, aligned to the top.
    Wrap,
    /// A link.
    Link,
    /// An error's severity: bold dark red.
    Error,
    /// A warning's severity: bold orange.
    Warning,
    /// Hours, with two decimals (`168.30`, `160.65`).
    Hours,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text. When it starts like a formula and its role is [`Role::Plain`],
    /// the renderer gives it a quote prefix so it stays text when edited.
    Text(String),
    /// A count or a row number.
    Number(f64),
    /// An amount, exact until it is written.
    Money(Decimal),
    /// A share written as a percentage.
    Share(Decimal),
    /// A date.
    Date(NaiveDate),
    /// A live formula (without its `=`) and the result it is stored with,
    /// so a reader that does not recalculate shows the figure.
    Formula {
        /// The formula.
        formula: String,
        /// The result the reconciliation or the funding model computed.
        result: f64,
    },
    /// A link inside the workbook (`internal:'Sheet'!A2`) or a file.
    Link {
        /// Where it leads.
        target: String,
        /// What the cell shows.
        text: String,
    },
}

/// A comment attached to a cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CellNote {
    /// Its text.
    pub text: String,
    /// Its box's width and height in pixels, when not the default.
    pub size: Option<(u32, u32)>,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// Row, 0-based.
    pub row: u32,
    /// Column, 0-based.
    pub col: u16,
    /// Its value.
    pub value: Value,
    /// How it looks.
    pub role: Role,
}

/// How a sheet prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// Rows that start a new printed page (a chart kept whole on its own).
    pub breaks: Vec<u32>,
    /// Landscape (portrait otherwise).
    pub landscape: bool,
    /// Fit to this many pages wide and tall (0: as many as needed).
    pub fit: Option<(u16, u16)>,
    /// A print scale in percent instead of fitting (a spreadsheet ignores
    /// page breaks on a sheet fitted to pages).
    pub scale: Option<u16>,
    /// The rows repeated on every page.
    pub repeat_rows: Option<(u32, u32)>,
    /// The columns repeated on every page.
    pub repeat_columns: Option<(u16, u16)>,
}

/// A sheet's content and layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Table {
    /// The cells, in the order they are written.
    pub cells: Vec<Cell>,
    /// Notes, by row and column.
    pub notes: Vec<(u32, u16, CellNote)>,
    /// Column widths (characters): first and last column, width.
    pub widths: Vec<(u16, u16, f64)>,
    /// Row heights (points).
    pub heights: Vec<(u32, f64)>,
    /// The first row and column that scroll.
    pub freeze: Option<(u32, u16)>,
    /// The autofilter's range: first row, first column, last row, last column.
    pub autofilter: Option<(u32, u16, u32, u16)>,
    /// Cells coloured when their value is above a limit.
    pub highlights: Vec<Highlight>,
    /// Every cell aligned to the top (a list whose rows wrap over several
    /// lines reads row by row).
    pub align_top: bool,
    /// How it prints.
    pub page: Page,
}

/// Cells coloured by their value (a conditional format, so it follows edits).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Highlight {
    /// The first cell: row, column.
    pub first: (u32, u16),
    /// The last cell: row, column.
    pub last: (u32, u16),
    /// Which values.
    pub when: Limit,
    /// How they look.
    pub tint: Tint,
}

/// Which values a highlight colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Limit {
    /// Greater than this.
    Above(f64),
    /// Less than this.
    Below(f64),
    /// More than half a cent over the same row's cell in this column (a
    /// blank cell is never coloured).
    OverColumn(u16),
    /// More than half a cent under the same row's cell in this column.
    UnderColumn(u16),
}

/// How a highlighted cell looks; the same meaning on every sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tint {
    /// Over the plan: dark red on light red.
    Over,
    /// Over a limit, in the text only: dark red.
    OverText,
    /// Under the plan: dark amber on light yellow.
    Under,
}

impl Table {
    /// Puts a value in a cell.
    pub fn put(&mut self, row: u32, col: u16, value: Value, role: Role) {
        self.cells.push(Cell {
            row,
            col,
            value,
            role,
        });
    }

    /// Text.
    pub fn text(&mut self, row: u32, col: u16, text: impl Into<String>, role: Role) {
        self.put(row, col, Value::Text(text.into()), role);
    }

    /// An amount.
    pub fn money(&mut self, row: u32, col: u16, amount: Decimal, role: Role) {
        self.put(row, col, Value::Money(amount), role);
    }

    /// A count or number.
    pub fn number(&mut self, row: u32, col: u16, n: f64, role: Role) {
        self.put(row, col, Value::Number(n), role);
    }

    /// A live formula stored with the amount it comes to.
    pub fn formula(&mut self, row: u32, col: u16, formula: impl Into<String>, result: Decimal) {
        self.formula_with(row, col, formula, result, Role::Money);
    }

    /// [`Table::formula`] in a role of its own (bold money, a percentage).
    pub fn formula_with(
        &mut self,
        row: u32,
        col: u16,
        formula: impl Into<String>,
        result: Decimal,
        role: Role,
    ) {
        let value = Value::Formula {
            formula: formula.into(),
            result: to_cell_number(result),
        };
        self.put(row, col, value, role);
    }

    /// The total of a column's rows `first..=last` (1-based) as a `SUM`,
    /// stored with the total the reconciliation computed.
    pub fn column_total(&mut self, row: u32, col: u16, (first, last): (u32, u32), total: Decimal) {
        let letter = column_name(col);
        let formula = format!("SUM({letter}{first}:{letter}{last})");
        self.formula_with(row, col, formula, total, Role::MoneyBold);
    }

    /// A note on a cell.
    pub fn note(&mut self, row: u32, col: u16, text: impl Into<String>, size: Option<(u32, u32)>) {
        let note = CellNote {
            text: text.into(),
            size,
        };
        self.notes.push((row, col, note));
    }

    /// Sets a column's width.
    pub fn width(&mut self, col: u16, width: f64) {
        self.widths.push((col, col, width));
    }

    /// A table's header row from (name, column width) pairs, the widths set
    /// from the first column on.
    pub fn header_with_widths(&mut self, row: u32, columns: &[(&str, u16)]) {
        for (col, (_, width)) in columns.iter().enumerate() {
            self.width(col as u16, f64::from(*width));
        }
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        self.header(row, &names);
    }

    /// A table's header row, tall enough for names wrapped over two or
    /// three lines.
    pub fn header<S: AsRef<str>>(&mut self, row: u32, names: &[S]) {
        for (col, name) in names.iter().enumerate() {
            self.text(row, col as u16, name.as_ref(), Role::Header);
            self.fit_words(col as u16, name.as_ref());
        }
        let longest = names
            .iter()
            .map(|n| n.as_ref().chars().count())
            .max()
            .unwrap_or(0);
        self.heights
            .push((row, if longest > 14 { 45.0 } else { 18.0 }));
    }

    /// Widens a column whose width is set so that the longest word of a
    /// header wrapped in it fits on one line (a word broken in two,
    /// "Henkilöstökustan|nukset", reads badly on screen and on paper).
    fn fit_words(&mut self, col: u16, text: &str) {
        let Some(width) = self.width_of(col) else {
            return;
        };
        let longest = text
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        // Bold header text runs about a tenth wider than the width's unit.
        let needed = (longest as f64 * 1.1 + 1.0).ceil();
        if needed > width {
            self.width(col, needed);
        }
    }

    /// The width set for a column, if any (the last setting wins).
    fn width_of(&self, col: u16) -> Option<f64> {
        self.widths
            .iter()
            .rev()
            .find(|(first, last, _)| (*first..=*last).contains(&col))
            .map(|(_, _, width)| *width)
    }

    /// The print scale (percent) at which columns `0..=last` fill a
    /// landscape A4 page's width between half-inch margins: a column `w`
    /// characters wide is `7w + 5` pixels at the default 11-pt font, ¾ pt a
    /// pixel; never above 100 %.
    pub fn scale_to_width(&self, last: u16) -> u16 {
        const PAGE_POINTS: f64 = 842.0 - 72.0;
        let points: f64 = (0..=last)
            .map(|col| (self.width_of(col).unwrap_or(8.43) * 7.0 + 5.0).floor() * 0.75)
            .sum();
        // A spreadsheet draws columns a little wider than the estimate (and
        // LibreOffice with other fonts wider still): a tenth to spare.
        ((PAGE_POINTS / points * 90.0).floor() as u16).clamp(10, 100)
    }
}

/// A link to a row of a sheet, showing `Sheet:row` (`row` 0-based).
pub(crate) fn link_to((sheet, row): (&str, u32)) -> Value {
    Value::Link {
        target: format!("internal:'{sheet}'!A{}", row + 1),
        text: format!("{sheet}:{}", row + 1),
    }
}

/// A column's letters (0 is `A`).
pub(crate) fn column_name(col: u16) -> String {
    rust_xlsxwriter::utility::column_number_to_name(col)
}

/// The number format of hours: two decimals always, so a column of hours
/// lines up (`168,30` beside `160,65`, not `168,3`).
pub(crate) const HOURS_FORMAT: &str = "#,##0.00";

/// The formats behind the roles.
struct Formats<'a> {
    styles: &'a Styles,
    month: Format,
    variance: Format,
    error: Format,
    warning: Format,
    hours: Format,
}

impl<'a> Formats<'a> {
    fn new(styles: &'a Styles) -> Formats<'a> {
        Formats {
            styles,
            month: styles.date.clone().set_num_format("mm/yyyy"),
            variance: Format::new().set_num_format(r#"#,##0.00\ "€";\-#,##0.00\ "€""#),
            error: Format::new().set_bold().set_font_color(0xC00000),
            warning: Format::new().set_bold().set_font_color(0xC65911),
            hours: Format::new().set_num_format(HOURS_FORMAT),
        }
    }

    fn of(&self, role: Role) -> &Format {
        let s = self.styles;
        match role {
            Role::Plain => &s.text,
            Role::Title => &s.title,
            Role::Bold => &s.bold,
            Role::Header => &s.header,
            Role::Money => &s.money,
            Role::MoneyBold => &s.money_bold,
            Role::Percent => &s.percent,
            Role::Date => &s.date,
            Role::Month => &self.month,
            Role::Variance => &self.variance,
            Role::Wrap => &s.wrap,
            Role::Link => &s.link,
            Role::Error => &self.error,
            Role::Warning => &self.warning,
            Role::Hours => &self.hours,
        }
    }
}

/// A cell note by velho (no author prefix in its text).
pub(crate) fn velho_note(text: &str) -> Note {
    Note::new(text).set_author("velho").add_author_prefix(false)
}

/// Writes a table on a sheet: widths first (a constant-memory sheet needs
/// them before its first row), then the cells in order, the notes, the
/// heights, the frozen panes, the autofilter and the page setup.
pub(crate) fn render(
    sheet: &mut Worksheet,
    table: &Table,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let formats = Formats::new(styles);
    for (first, last, width) in &table.widths {
        if first == last {
            sheet.set_column_width(*first, *width)?;
        } else {
            sheet.set_column_range_width(*first, *last, *width)?;
        }
    }
    for cell in &table.cells {
        write_cell(sheet, cell, &formats, table.align_top)?;
    }
    for (row, col, note) in &table.notes {
        let mut n = velho_note(&note.text);
        if let Some((width, height)) = note.size {
            n = n.set_width(width).set_height(height);
        }
        sheet.insert_note(*row, *col, &n)?;
    }
    for (row, height) in &table.heights {
        sheet.set_row_height(*row, *height)?;
    }
    if let Some((row, col)) = table.freeze {
        sheet.set_freeze_panes(row, col)?;
    }
    if let Some((r1, c1, r2, c2)) = table.autofilter {
        sheet.autofilter(r1, c1, r2, c2)?;
    }
    for h in &table.highlights {
        highlight(sheet, h)?;
    }
    set_page(sheet, &table.page)
}

/// A highlight as a conditional format.
fn highlight(sheet: &mut Worksheet, h: &Highlight) -> Result<(), XlsxError> {
    let format = match h.tint {
        Tint::Over => Format::new()
            .set_font_color(0x9C0006)
            .set_background_color(0xFFC7CE),
        Tint::OverText => Format::new().set_font_color(0x9C0006),
        Tint::Under => Format::new()
            .set_font_color(0x9C5700)
            .set_background_color(0xFFEB9C),
    };
    let (r1, c1, r2, c2) = (h.first.0, h.first.1, h.last.0, h.last.1);
    let limit = |rule: ConditionalFormatCellRule<f64>| {
        ConditionalFormatCell::new()
            .set_rule(rule)
            .set_format(&format)
    };
    // Against another column: the rule is written for the range's first
    // row; a spreadsheet moves it down row by row.
    let against = |col: u16, over: bool| {
        let (cell, other) = (column_name(c1), column_name(col));
        let r = r1 + 1;
        let (a, b) = if over {
            (&cell, &other)
        } else {
            (&other, &cell)
        };
        let rule = format!("=AND(ISNUMBER({cell}{r}),{a}{r}-{b}{r}>0.004)");
        ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(&format)
    };
    match h.when {
        Limit::Above(x) => sheet.add_conditional_format(
            r1,
            c1,
            r2,
            c2,
            &limit(ConditionalFormatCellRule::GreaterThan(x)),
        ),
        Limit::Below(x) => sheet.add_conditional_format(
            r1,
            c1,
            r2,
            c2,
            &limit(ConditionalFormatCellRule::LessThan(x)),
        ),
        Limit::OverColumn(col) => sheet.add_conditional_format(r1, c1, r2, c2, &against(col, true)),
        Limit::UnderColumn(col) => {
            sheet.add_conditional_format(r1, c1, r2, c2, &against(col, false))
        }
    }?;
    Ok(())
}

/// One cell in its format.
fn write_cell(
    sheet: &mut Worksheet,
    cell: &Cell,
    formats: &Formats,
    align_top: bool,
) -> Result<(), XlsxError> {
    let (row, col) = (cell.row, cell.col);
    let top;
    let format = if align_top {
        top = formats.of(cell.role).clone().set_align(FormatAlign::Top);
        &top
    } else {
        formats.of(cell.role)
    };
    match &cell.value {
        Value::Text(text) => {
            let text = super::transactions::cell_text(text, formats.styles.cut);
            // Plain (untrusted) text that starts like a formula stays text.
            let quoted;
            let format = if cell.role == Role::Plain && super::starts_like_formula(&text) {
                quoted = format.clone().set_quote_prefix();
                &quoted
            } else {
                format
            };
            sheet.write_string_with_format(row, col, text.as_ref(), format)?;
        }
        Value::Number(n) => {
            sheet.write_number_with_format(row, col, *n, format)?;
        }
        Value::Money(amount) | Value::Share(amount) => {
            sheet.write_number_with_format(row, col, to_cell_number(*amount), format)?;
        }
        Value::Date(date) => {
            sheet.write_datetime_with_format(row, col, excel_date(*date)?, format)?;
        }
        Value::Formula { formula, result } => {
            let formula = Formula::new(format!("={formula}")).set_result(result.to_string());
            sheet.write_formula_with_format(row, col, formula, format)?;
        }
        Value::Link { target, text } => {
            let link = Url::new(target).set_text(text);
            sheet.write_url_with_format(row, col, link, format)?;
        }
    }
    Ok(())
}

/// Orientation, fitting and repeated rows and columns.
fn set_page(sheet: &mut Worksheet, page: &Page) -> Result<(), XlsxError> {
    if page.landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    if let Some((wide, tall)) = page.fit {
        sheet.set_print_fit_to_pages(wide, tall);
    }
    if let Some(scale) = page.scale {
        sheet.set_print_scale(scale);
    }
    if let Some((first, last)) = page.repeat_rows {
        sheet.set_repeat_rows(first, last)?;
    }
    if let Some((first, last)) = page.repeat_columns {
        sheet.set_repeat_columns(first, last)?;
    }
    if !page.breaks.is_empty() {
        sheet.set_page_breaks(&page.breaks)?;
    }
    Ok(())
}

/// What the sheets' unit tests read back.
#[cfg(test)]
impl Table {
    /// The cell at a row and column, if one was put there.
    pub fn at(&self, row: u32, col: u16) -> Option<&Value> {
        self.cells
            .iter()
            .rfind(|c| c.row == row && c.col == col)
            .map(|c| &c.value)
    }

    /// The text at a row and column (empty when none).
    pub fn text_at(&self, row: u32, col: u16) -> &str {
        match self.at(row, col) {
            Some(Value::Text(t)) => t,
            Some(Value::Link { text, .. }) => text,
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_tall_when_a_name_wraps() {
        let mut t = Table::default();
        t.header(0, &["Tili", "Kustannuslaji"]);
        t.header(3, &["Henkilöstökustannukset"]);
        assert_eq!(t.heights, vec![(0, 18.0), (3, 45.0)]);
        assert_eq!(t.text_at(3, 0), "Henkilöstökustannukset");
    }

    #[test]
    fn a_column_widens_so_no_header_word_breaks() {
        let mut t = Table::default();
        t.widths.push((0, 3, 15.0));
        t.header(0, &["Kuukausi", "Henkilöstökustannukset", "Poikkeama €"]);
        // 22 letters × 1,1 + 1 = 25,2 → 26; the short headers keep 15.
        assert_eq!(t.width_of(1), Some(26.0));
        assert_eq!(t.width_of(0), Some(15.0));
        assert_eq!(t.width_of(2), Some(15.0));
        // A column with no width set is left to the default.
        t.header(5, &["", "", "", "", "Tarkastelupäivään"]);
        assert_eq!(t.width_of(4), None);
    }

    #[test]
    fn a_column_total_is_a_sum_stored_with_its_figure() {
        let mut t = Table::default();
        t.column_total(9, 2, (4, 9), Decimal::new(12345, 2));
        assert_eq!(
            t.at(9, 2),
            Some(&Value::Formula {
                formula: "SUM(C4:C9)".into(),
                result: 123.45
            })
        );
    }
}
