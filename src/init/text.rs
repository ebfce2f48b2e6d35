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
    pub(super) fn pick<'s>(&self, fi: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(fi, en)
    }

    pub(super) fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A comment line in the chosen language.
    pub(super) fn note(&mut self, fi: &str, en: &str) {
        let text = self.pick(fi, en).to_string();
        self.line(&format!("# {text}"));
    }

    /// `key = value   # note`, the note in the chosen language.
    pub(super) fn keyed(&mut self, key: &str, value: &str, fi: &str, en: &str) {
        let note = self.pick(fi, en).to_string();
        self.line(&format!("{key} = {value}   # {note}"));
    }

    pub(super) fn placeholder(&self) -> String {
        quoted(self.pick(PLACEHOLDER_FI, PLACEHOLDER_EN))
    }

    pub(super) fn eur(&self, amount: rust_decimal::Decimal) -> String {
        format_eur(amount, self.lang == Lang::Fi)
    }

    /// `1 row`, `12 rows` (`1 rivi`, `12 riviä`).
    pub(super) fn rows(&self, count: u64) -> String {
        let word = match (count, self.lang) {
            (1, Lang::Fi) => "rivi",
            (_, Lang::Fi) => "riviä",
            (1, Lang::En) => "row",
            (_, Lang::En) => "rows",
        };
        format!("{count} {word}")
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
    let word = match (count, lang) {
        (1, Lang::Fi) => "tiedosto",
        (_, Lang::Fi) => "tiedostoa",
        (1, Lang::En) => "file",
        (_, Lang::En) => "files",
    };
    format!("{count} {word}")
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
    t.line(&format!(
        "# velho.toml: {} ({}).",
        t.pick(
            "velho init kirjoitti tämän kirjanpitotiedostoista",
            "written by velho init from the ledger exports"
        ),
        files(s.files.len(), t.lang)
    ));
    t.note(
        "1. Täytä jokainen arvo, jossa lukee \"TÄYTÄ\" (velho check luettelee ne), rahoituspäätöksen mukaan.",
        "1. Fill in every value that says \"FILL IN\" (velho check lists them) from the funding decision.",
    );
    t.note(
        "2. Poista rivit, jotka eivät kuulu hankkeelle (muiden hankkeiden koodit), ja tarkista ehdotetut kustannuslajit.",
        "2. Delete the lines that are not your project's (other projects' codes) and check the suggested cost categories.",
    );
    t.note(
        "3. Aja: velho check, sitten velho reconcile. Rivit, joiden alussa on #, ovat kommentteja tai esimerkkejä.",
        "3. Run: velho check, then velho reconcile. Lines starting with # are comments or examples.",
    );
    t.line("");
    t.note(
        "Työkirjan kieli: \"fi\" tai \"en\" (--lang ohittaa).",
        "Language of the workbook: \"fi\" or \"en\" (--lang overrides).",
    );
    let language = t.pick("fi", "en");
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
        Some(code) => t.keyed(
            "code",
            &quoted(&code),
            "lyhyt koodi: nimeää tulostiedoston",
            "a short code: names the output file",
        ),
        None => t.keyed(
            "code",
            &t.placeholder(),
            "lyhyt koodi kirjaimista A–Z ja numeroista, esim. \"HANKE1\": nimeää tulostiedoston",
            "a short code of letters A–Z and digits, e.g. \"PROJECT1\": names the output file",
        ),
    }
    t.keyed(
        "# organisation",
        "\"\"",
        "organisaatio (vapaaehtoinen)",
        "the organisation (optional)",
    );
    let from = match dominant {
        Some((code, _)) => format!(
            "{} {code} {}",
            t.pick("koodin", "the rows of"),
            t.pick(
                "rivien ensimmäinen ja viimeinen kirjauspäivä (sillä on suurin osa riveistä)",
                "(which holds most rows): their first and last posting date"
            )
        ),
        None => t
            .pick(
                "kaikkien rivien (kaikki koodit ja kustannuspaikat) ensimmäinen ja viimeinen kirjauspäivä",
                "the first and last posting date of all rows (all codes and cost centres)",
            )
            .to_string(),
    };
    // The project period is the funding decision's, never the postings'
    // dates: rows before or after it are not eligible, and a period taken
    // from them would count them (a trial counted 3 900 € so). A
    // placeholder, which check refuses until it is filled.
    let fix = t.pick(
        "rahoituspäätöksen hankeaika (vvvv-kk-pp)",
        "the funding decision's project period (yyyy-mm-dd)",
    );
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
    t.keyed("funder", &p, "rahoittajan nimi", "the funder's name");
    t.keyed(
        "rate_percent",
        &p,
        "tukiprosentti: rahoittaja maksaa tämän osuuden tukikelpoisista kustannuksista, esim. 70",
        "the funding rate: the funder pays this share of eligible costs, e.g. 70",
    );
    t.keyed(
        "max_grant",
        &p,
        "tuen enimmäismäärä, esim. \"120 000,00\"; poista rivi, jos päätös ei sitä rajaa",
        "the maximum grant, e.g. \"120 000,00\"; delete the line if the decision sets none",
    );
    t.keyed(
        "# own_share_by",
        "\"\"",
        "omarahoituksen maksaja",
        "who carries the own share",
    );
    t.note(
        "Pyöristys sentteihin: \"half-away-from-zero\" (oletus) tai \"half-even\".",
        "Rounding to the cent: \"half-away-from-zero\" (the default) or \"half-even\".",
    );
    t.line("# rounding = \"half-away-from-zero\"");
    t.note(
        "Jos organisaatio saa arvonlisäveron takaisin, vientien ALV-osuus ei ole tukikelpoinen:",
        "If the organisation recovers VAT, the VAT part of the exports is not eligible:",
    );
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
    t.note(
        "Mitkä kirjanpidon rivit kuuluvat hankkeelle. Kirjanpitotiedostoissa on nämä koodit (rivit, ensimmäinen ja viimeinen kirjauspäivä, summa):",
        "Which ledger rows belong to the project. The exports hold these codes (rows, first and last posting date, sum):",
    );
    t.note(
        "poista rivit, jotka eivät ole hankkeesi. Jos annat sekä projektit että kustannuspaikat, rivin on osuttava molempiin.",
        "delete the lines that are not your project's. With both projects and cost centres, a row must match both.",
    );
    let has_centres = s.cost_centres.keys().any(|k| !k.is_empty());
    if !has_projects && !has_centres {
        t.note(
            "Kirjanpitotiedostoissa ei ole projektikoodeja eikä kustannuspaikkoja: kirjoita hankkeen kustannuspaikka.",
            "The exports hold no project codes or cost centres: write the project's cost centre.",
        );
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
            let count = blank.rows;
            let what = if key == "projects" {
                t.pick("riviä ilman projektikoodia", "rows without a project code")
            } else {
                t.pick("riviä ilman kustannuspaikkaa", "rows without a cost centre")
            };
            t.line(&format!("# ({count} {what})"));
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
    t.note(
        "HUOM: näillä kustannuspaikoilla on projektikoodillisten rivien lisäksi rivejä ilman projektikoodia (esim. henkilösivukuluja); projects-lista jättää ne pois:",
        "NOTE: these cost centres hold, besides rows with a project code, rows without one (e.g. payroll side costs); the projects list leaves them out:",
    );
    let word = t.pick("kustannuspaikka", "cost centre").to_string();
    for (centre, tally) in centres {
        let line = format!(
            "#   {word} {}: {}, {}",
            one_line(centre),
            t.rows(tally.rows),
            t.eur(tally.sum)
        );
        t.line(&line);
    }
    t.note(
        "Valitse, miten hankkeen rivit valitaan: projektikoodilla (projects, kuten nyt: vain rivit, joilla on hankkeen koodi)",
        "Choose how the project's rows are selected: by project code (projects, as now: only rows carrying the project's code)",
    );
    t.note(
        "tai kustannuspaikalla (poista projects-lista ja #-merkit cost_centres-listasta: kaikki kustannuspaikan rivit, myös koodittomat,",
        "or by cost centre (delete the projects list and remove the # from the cost_centres list: every row of the cost centre, uncoded ones too,",
    );
    t.note(
        "mutta myös muiden hankkeiden rivit, jos niitä on samalla kustannuspaikalla).",
        "but also other projects' rows, if any are on the same cost centre).",
    );
}

fn ledger(t: &mut Text) {
    let s = t.starter.survey;
    t.line("[ledger]");
    match s.single_folder() {
        Some(folder) => {
            t.note(
                "Kirjanpitotiedostot: kansion jokainen .csv/.txt/.xlsx/.xls/.ods-tiedosto.",
                "The ledger exports: every .csv/.txt/.xlsx/.xls/.ods file in the folder.",
            );
            t.line(&format!("folder = {}", quoted(&folder)));
        }
        None => {
            t.note("Kirjanpitotiedostot:", "The ledger exports:");
            t.line("files = [");
            for file in &s.files {
                t.line(&format!("  {},", quoted(file)));
            }
            t.line("]");
        }
    }
    for left in &s.left_aside {
        let note = t.pick("ei luettu", "not read");
        t.line(&format!(
            "# {note}: {}: {}",
            one_line(&left.path),
            one_line(&left.reason)
        ));
    }
    t.line("");
    t.line("[checks]");
    t.note(
        "Kustannuslaji, joka ylittää suunnitelmansa yli tämän prosentin, on varoitus.",
        "A category over its plan by more than this percentage is a warning.",
    );
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
    t.note(
        "Palkkaerittelyjä tai tuntikirjanpitoa löytyi: henkilöstökulut henkilöittäin ja kuukausittain (README, \"Staff costs\"). Poista #-merkit, valitse rahoituspäätöksen malli ja luettele henkilöt:",
        "Payroll reports or working-time records were found: staff costs per person and month (README, \"Staff costs\"). Remove the #s, choose the funding decision's model and list the people:",
    );
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
        quoted(t.pick("Etunimi Sukunimi", "First Last"))
    ));
    t.line(&format!(
        "# role = {}",
        quoted(t.pick("Projektipäällikkö", "Project manager"))
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
        t.note(
            "Maksatuskaudet: peräkkäin, ilman aukkoja; viimeinen on loppumaksatus. Yksi taulukko kautta kohden:",
            "Payment periods: consecutive, no gaps; the last is the final payment. One table per period:",
        );
        t.line("# [[period]]");
        t.line("# name = \"1\"");
        t.line(&format!("# start = {}", iso(start)));
        t.line(&format!("# end = {}", iso(end)));
        t.line("");
        t.note(
            "Rahoittajan maksatuspäätökset (velho template decision --period 1 kirjoittaa pohjan):",
            "The funder's payment decisions (velho template decision --period 1 writes a template):",
        );
        t.line("# [decisions]");
        t.line("# folder = \"decisions\"");
        t.line("");
        return;
    }
    t.note(
        "Maksatuskaudet maksatuspäätöksistä (ehdotus): peräkkäin, ilman aukkoja; viimeinen on loppumaksatus.",
        "Payment periods from the payment decisions found (suggested): consecutive, no gaps; the last is the final payment.",
    );
    t.note(
        "Lisää puuttuvat kaudet; velho template decision --period N kirjoittaa pohjan kauden päätökselle.",
        "Add the periods still to come; velho template decision --period N writes a template for a period's decision.",
    );
    for (n, (first, last)) in (1..).zip(&periods) {
        t.line("[[period]]");
        t.line(&format!("name = \"{n}\""));
        t.line(&format!("start = {}", iso(*first)));
        t.line(&format!("end = {}", iso(*last)));
        t.line("");
    }
    t.note(
        "Rahoittajan maksatuspäätökset:",
        "The funder's payment decisions:",
    );
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
    t.note(
        "Flat rate: velho laskee sen perusteena olevien lajien toteumasta. Mallit:",
        "A flat rate: velho computes it from the realised costs of its base categories. The models:",
    );
    t.note(
        "2014–20 EAKR 24 % henkilöstökuluista, muut todellisina: flat_rate = { percent = 24, base = [\"personnel\"] }",
        "2014–20 ERDF 24 % of staff costs, others at actual cost: flat_rate = { percent = 24, base = [\"personnel\"] }",
    );
    t.note(
        "2021–27 40 % henkilöstökuluista kattaa kaikki muut: flat_rate = { percent = 40, base = [\"personnel\"], covers_all_other = true }",
        "2021–27 40 % of staff costs covering all other costs: flat_rate = { percent = 40, base = [\"personnel\"], covers_all_other = true }",
    );
    t.note(
        "15 % henkilöstökuluista, joka kattaa nimetyt lajit (esim. vuokrat; niiden kulut näytetään, mutta ne eivät ole tukikelpoisia): flat_rate = { percent = 15, base = [\"personnel\"], covers = [\"rents\"] }",
        "15 % of staff costs covering the categories named (e.g. rents; their costs are shown, never eligible): flat_rate = { percent = 15, base = [\"personnel\"], covers = [\"rents\"] }",
    );
    t.line("# [[category]]");
    t.line("# id = \"flat_rate\"");
    t.line("# fi = \"Välilliset kustannukset (flat rate 24 %)\"");
    t.line("# en = \"Indirect costs (flat rate 24 %)\"");
    t.line("# plan = \"54 000,00\"");
    t.line("# flat_rate = { percent = 24, base = [\"personnel\"] }");
    t.line("");
    periods_and_decisions(t, start, end);
    staff(t);
    t.note(
        "Asiakirjan toteama luku, jota verrataan velhon laskemaan (plan, realised, eligible, funder_share, paid, category:<id>…):",
        "A figure a document states, checked against velho's (plan, realised, eligible, funder_share, paid, category:<id>…):",
    );
    t.line("# [[stated]]");
    t.line("# what = \"Loppuraportti: toteutuneet kustannukset\"");
    t.line("# figure = \"realised\"");
    t.line("# amount = \"437 395,00\"");
    t.line("");
    t.note(
        "Maksatushakemukset (velho claim), taulukon [claims] alle:",
        "Payment applications (velho claim), under [claims]:",
    );
    t.line("# folder = \"claims\"");
    t.line("# reclaim_vouchers = [\"2021-002636\"]");
    t.line("");
    t.note("Ennakko:", "An advance:");
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
