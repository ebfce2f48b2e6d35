//! The text of the starter `velho.toml` that `velho init` writes: every
//! setting the project needs, what was found in the exports as comments
//! beside it, the values only the funding decision knows as placeholders
//! (`velho check` refuses them until filled), and commented examples of the
//! rest. Comments are in Finnish or English.

use chrono::NaiveDate;

use crate::config::{PLACEHOLDER_EN, PLACEHOLDER_FI};
use crate::dates::finnish;
use crate::init::accounts::categories;
use crate::init::chart::Chart;
use crate::init::survey::{Survey, Tally};
use crate::model::Lang;
use crate::money::format_eur;

/// What the starter file is written from.
pub struct Starter<'a> {
    /// The exports, added up.
    pub survey: &'a Survey,
    /// The chart of accounts the suggestions assume.
    pub chart: Chart,
    /// Why that chart: chosen with `--chart`, or the guess's reason.
    pub chart_reason: String,
    /// The language of the comments and of the project file.
    pub lang: Lang,
    /// The project folder's name, the project's name until the user edits it.
    pub folder_name: String,
}

/// The text being written.
pub(super) struct Text<'a> {
    pub(super) lang: Lang,
    pub(super) out: String,
    pub(super) starter: &'a Starter<'a>,
}

/// A TOML string: quoted and escaped.
pub(super) fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A text from an export made fit for a one-line comment.
pub(super) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl Text<'_> {
    /// A text of the catalogue in the chosen language.
    pub(super) fn text<'k>(&self, key: &'k str) -> &'k str {
        self.lang.text(key)
    }

    pub(super) fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A comment line: the catalogue's text `key` in the chosen language.
    pub(super) fn note(&mut self, key: &str) {
        let text = self.text(key);
        self.line(&format!("# {text}"));
    }

    /// `key = value   # note`, the note the catalogue's text `note` in the
    /// chosen language.
    pub(super) fn keyed(&mut self, key: &str, value: &str, note: &str) {
        let note = self.text(note);
        self.line(&format!("{key} = {value}   # {note}"));
    }

    pub(super) fn placeholder(&self) -> String {
        quoted(match self.lang {
            Lang::Fi => PLACEHOLDER_FI,
            Lang::En => PLACEHOLDER_EN,
        })
    }

    pub(super) fn eur(&self, amount: rust_decimal::Decimal) -> String {
        format_eur(amount, self.lang == Lang::Fi)
    }

    /// `1 row`, `12 rows` (`1 rivi`, `12 riviä`).
    pub(super) fn rows(&self, count: u64) -> String {
        self.lang
            .count("count.rows", usize::try_from(count).unwrap_or(usize::MAX))
    }

    /// `12 rows, 1.1.2021–31.12.2022, 12 345,67 €`.
    pub(super) fn tally(&self, tally: &Tally) -> String {
        format!(
            "{}, {}–{}, {}",
            self.rows(tally.rows),
            finnish(tally.first),
            finnish(tally.last),
            self.eur(tally.sum)
        )
    }
}

/// `1 file`, `3 files` (`1 tiedosto`, `3 tiedostoa`): files, never
/// postings (a *vienti* is one posting, not an export file).
pub fn files(count: usize, lang: Lang) -> String {
    lang.count("count.files", count)
}

/// The starter project file.
pub fn starter_text(starter: &Starter) -> String {
    let mut t = Text {
        lang: starter.lang,
        out: String::new(),
        starter,
    };
    heading(&mut t);
    project(&mut t);
    funding(&mut t);
    filter(&mut t);
    ledger(&mut t);
    categories(&mut t);
    examples(&mut t);
    t.out
}

fn heading(t: &mut Text) {
    let s = t.starter.survey;
    let heading = t.lang.fill(
        "init.file.heading",
        &[("files", &files(s.files.len(), t.lang))],
    );
    t.line(&format!("# {heading}"));
    t.note("init.file.heading_fill_in");
    t.note("init.file.heading_delete_lines");
    t.note("init.file.heading_run");
    t.line("");
    t.note("init.file.language");
    let language = match t.lang {
        Lang::Fi => "fi",
        Lang::En => "en",
    };
    t.line(&format!("language = \"{language}\""));
    t.line("");
}

/// The code that holds most of the rows: the project code (or, when the
/// exports have none, the cost centre) with at least two thirds of the
/// rows that carry one. Its rows give the project's code and period.
pub(super) fn dominant(survey: &Survey) -> Option<(&String, &Tally)> {
    let has_projects = survey.projects.keys().any(|k| !k.is_empty());
    let map = if has_projects {
        &survey.projects
    } else {
        &survey.cost_centres
    };
    let coded = || map.iter().filter(|(k, _)| !k.is_empty());
    let total: u64 = coded().map(|(_, t)| t.rows).sum();
    let top = coded().max_by_key(|(_, t)| t.rows)?;
    (top.1.rows.saturating_mul(3) >= total.saturating_mul(2)).then_some(top)
}

/// The project code `init` proposes: the code that holds most rows, else
/// the folder's name when it is a plain ASCII code, else `None` (a
/// placeholder is written).
fn proposed_code(starter: &Starter) -> Option<String> {
    dominant(starter.survey)
        .map(|(code, _)| code.clone())
        .or_else(|| code_of_name(&starter.folder_name))
}

/// A project code from a folder's name when the name is one already:
/// ASCII letters, digits, `-` and `_` (leading dots left out), upper case
/// (`kestava` → `KESTAVA`). A name with spaces or other letters
/// (`Kestävä liikenne`) gives none: the user writes the code.
fn code_of_name(name: &str) -> Option<String> {
    let name = name.trim_start_matches('.');
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let code = name.trim_matches(['-', '_']).to_ascii_uppercase();
    (plain && !code.is_empty()).then_some(code)
}

fn project(t: &mut Text) {
    let survey = t.starter.survey;
    let dominant = dominant(survey);
    let (start, end) = match dominant {
        Some((_, tally)) => (tally.first, tally.last),
        None => survey.dates.unwrap_or_default(),
    };
    t.line("[project]");
    t.line(&format!("name = {}", quoted(&t.starter.folder_name)));
    match proposed_code(t.starter) {
        Some(code) => t.keyed("code", &quoted(&code), "init.file.code"),
        None => t.keyed("code", &t.placeholder(), "init.file.code_to_fill"),
    }
    t.keyed("# organisation", "\"\"", "init.file.organisation");
    let from = match dominant {
        Some((code, _)) => t.lang.fill("init.file.dates_of_code", &[("code", code)]),
        None => t.text("init.file.dates_of_all_rows").to_string(),
    };
    // The project period is the funding decision's, never the postings'
    // dates: rows before or after it are not eligible, and a period taken
    // from them would count them (a trial counted 3 900 € so). A
    // placeholder, which check refuses until it is filled.
    let fix = t.text("init.file.project_period");
    let p = t.placeholder();
    t.line(&format!(
        "start = {p}   # {fix}; {from}: {} – {}",
        iso(start),
        iso(end)
    ));
    t.line(&format!("end = {p}"));
    t.line("");
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn funding(t: &mut Text) {
    let p = t.placeholder();
    t.line("[funding]");
    t.keyed("funder", &p, "init.file.funder");
    t.keyed("rate_percent", &p, "init.file.rate_percent");
    t.keyed("max_grant", &p, "init.file.max_grant");
    t.keyed("# own_share_by", "\"\"", "init.file.own_share_by");
    t.note("init.file.funding_rounding");
    t.line("# rounding = \"half-away-from-zero\"");
    t.note("init.file.funding_vat");
    t.line("# vat_recoverable = true");
    t.line("");
}

/// The lines of a list of codes, each with what was found, as TOML array
/// items (`prefix` "" for live lines, "# " for commented ones).
fn code_lines(
    t: &Text,
    codes: &std::collections::BTreeMap<String, Tally>,
    prefix: &str,
) -> Vec<String> {
    codes
        .iter()
        .filter(|(code, _)| !code.is_empty())
        .map(|(code, tally)| format!("{prefix}  {},   # {}", quoted(code), t.tally(tally)))
        .collect()
}

fn filter(t: &mut Text) {
    let s = t.starter.survey;
    let has_projects = s.projects.keys().any(|k| !k.is_empty());
    t.line("[filter]");
    t.note("init.file.filter_codes");
    t.note("init.file.filter_delete");
    let has_centres = s.cost_centres.keys().any(|k| !k.is_empty());
    if !has_projects && !has_centres {
        t.note("init.file.filter_no_codes");
        let p = t.placeholder();
        t.line(&format!("cost_centres = [{p}]"));
    }
    for (key, codes, live) in [
        ("projects", &s.projects, has_projects),
        ("cost_centres", &s.cost_centres, !has_projects),
    ] {
        let lines = code_lines(t, codes, if live { "" } else { "# " });
        if lines.is_empty() {
            continue;
        }
        let prefix = if live { "" } else { "# " };
        t.line(&format!("{prefix}{key} = ["));
        for line in lines {
            t.line(&line);
        }
        t.line(&format!("{prefix}]"));
        if let Some(blank) = codes.get("") {
            let count = usize::try_from(blank.rows).unwrap_or(usize::MAX);
            let what = if key == "projects" {
                "count.rows_without_project_code"
            } else {
                "count.rows_without_cost_centre"
            };
            t.line(&format!("# ({})", t.lang.count(what, count)));
        }
        if key == "projects" && live {
            uncoded_note(t);
        }
    }
    t.line("");
}

/// Rows without a project code on a cost centre that also holds project
/// rows (payroll side costs are often booked so): a filter by project
/// code leaves them out, so the choice is said in plain words.
fn uncoded_note(t: &mut Text) {
    let s = t.starter.survey;
    let centres = s.uncoded_on_coded_centres();
    if centres.is_empty() {
        return;
    }
    t.note("init.file.filter_uncoded");
    let word = t.text("init.file.cost_centre").to_string();
    for (centre, tally) in centres {
        let line = format!(
            "#   {word} {}: {}, {}",
            one_line(centre),
            t.rows(tally.rows),
            t.eur(tally.sum)
        );
        t.line(&line);
    }
    t.note("init.file.filter_choose_1");
    t.note("init.file.filter_choose_2");
    t.note("init.file.filter_choose_3");
}

fn ledger(t: &mut Text) {
    let s = t.starter.survey;
    t.line("[ledger]");
    match s.single_folder() {
        Some(folder) => {
            t.note("init.file.ledger_folder");
            t.line(&format!("folder = {}", quoted(&folder)));
        }
        None => {
            t.note("init.file.ledger_files");
            t.line("files = [");
            for file in &s.files {
                t.line(&format!("  {},", quoted(file)));
            }
            t.line("]");
        }
    }
    for left in &s.left_aside {
        let note = t.text("init.file.not_read");
        t.line(&format!(
            "# {note}: {}: {}",
            one_line(&left.path),
            one_line(&left.reason.say(t.lang))
        ));
    }
    t.line("");
    t.line("[checks]");
    t.note("init.file.checks_tolerance");
    t.line("category_tolerance_percent = 10");
    t.line("");
}

/// Staff costs per person, commented, where payroll reports or
/// working-time records were found (README, "Staff costs").
fn staff(t: &mut Text) {
    use crate::import::payroll::StaffFileKind;
    let s = t.starter.survey;
    if s.staff_files.is_empty() {
        return;
    }
    t.note("init.file.staff_found");
    t.line("# [staff]");
    t.line("# model = \"actual-costs\"   # standard-side-costs, hourly-cost, unit-cost");
    t.line("# category = \"personnel\"");
    if let Some(files) = s.staff_setting(StaffFileKind::Payroll) {
        t.line(&format!("# payroll = {files}"));
    }
    if let Some(files) = s.staff_setting(StaffFileKind::WorkingTime) {
        t.line(&format!("# working_time = {files}"));
    }
    t.line("#");
    t.line("# [[person]]");
    t.line("# id = \"pp\"");
    t.line(&format!(
        "# name = {}",
        quoted(t.text("init.file.staff_example_name"))
    ));
    t.line(&format!(
        "# role = {}",
        quoted(t.text("init.file.staff_example_role"))
    ));
    t.line("# share = \"full-time\"   # \"60 %\", \"hours\"");
    t.line("");
}

/// Payment periods and decisions: from the decisions found, or as
/// commented examples.
fn periods_and_decisions(t: &mut Text, start: NaiveDate, end: NaiveDate) {
    let s = t.starter.survey;
    let periods = s.decision_periods();
    if periods.is_empty() {
        t.note("init.file.periods_example");
        t.line("# [[period]]");
        t.line("# name = \"1\"");
        t.line(&format!("# start = {}", iso(start)));
        t.line(&format!("# end = {}", iso(end)));
        t.line("");
        t.note("init.file.decisions_example");
        t.line("# [decisions]");
        t.line("# folder = \"decisions\"");
        t.line("");
        return;
    }
    t.note("init.file.periods_found");
    t.note("init.file.periods_add");
    for (n, (first, last)) in (1..).zip(&periods) {
        t.line("[[period]]");
        t.line(&format!("name = \"{n}\""));
        t.line(&format!("start = {}", iso(*first)));
        t.line(&format!("end = {}", iso(*last)));
        t.line("");
    }
    t.note("init.file.decisions_found");
    t.line("[decisions]");
    match s.decisions_folder() {
        Some(folder) => t.line(&format!("folder = {}", quoted(&folder))),
        None => {
            t.line("files = [");
            for (file, _) in &s.decisions {
                t.line(&format!("  {},", quoted(file)));
            }
            t.line("]");
        }
    }
    t.line("");
}

fn examples(t: &mut Text) {
    let (start, end) = t.starter.survey.dates.unwrap_or_default();
    t.line("");
    t.note("init.file.flat_rate");
    t.note("init.file.flat_rate_2014_20");
    t.note("init.file.flat_rate_2021_27");
    t.note("init.file.flat_rate_covers");
    t.line("# [[category]]");
    t.line("# id = \"flat_rate\"");
    t.line("# fi = \"Välilliset kustannukset (flat rate 24 %)\"");
    t.line("# en = \"Indirect costs (flat rate 24 %)\"");
    t.line("# plan = \"54 000,00\"");
    t.line("# flat_rate = { percent = 24, base = [\"personnel\"] }");
    t.line("");
    periods_and_decisions(t, start, end);
    staff(t);
    t.note("init.file.stated_example");
    t.line("# [[stated]]");
    t.line("# what = \"Loppuraportti: toteutuneet kustannukset\"");
    t.line("# figure = \"realised\"");
    t.line("# amount = \"437 395,00\"");
    t.line("");
    t.note("init.file.claims_example");
    t.line("# folder = \"claims\"");
    t.line("# reclaim_vouchers = [\"2021-002636\"]");
    t.line("");
    t.note("init.file.advance_example");
    t.line("# [[advance]]");
    t.line("# date = 2021-04-15");
    t.line("# amount = \"47 520,00\"");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_ascii_folder_name_becomes_a_code() {
        assert_eq!(code_of_name("kestava").as_deref(), Some("KESTAVA"));
        assert_eq!(code_of_name(".tmp5AXmDy").as_deref(), Some("TMP5AXMDY"));
        assert_eq!(
            code_of_name("Yritys-velho").as_deref(),
            Some("YRITYS-VELHO")
        );
        assert_eq!(code_of_name("kasvu 2024"), None);
        assert_eq!(code_of_name("Kestävä liikenne"), None);
        assert_eq!(code_of_name("..."), None);
    }

    #[test]
    fn finnish_file_counts_agree_with_the_number() {
        assert_eq!(files(1, Lang::Fi), "1 tiedosto");
        assert_eq!(files(3, Lang::Fi), "3 tiedostoa");
        assert_eq!(files(1, Lang::En), "1 file");
        assert_eq!(files(2, Lang::En), "2 files");
    }
}
