//! `velho init [FOLDER]`: reads the ledger exports in a folder and its
//! subfolders and writes a starter `velho.toml` beside them for the user to
//! complete: the project codes and cost centres found, the accounts grouped
//! into suggested cost categories by the chart of accounts (told with
//! `--chart`, or guessed and the reason said), placeholders for what only
//! the funding decision knows, and commented examples. It never replaces
//! an existing project file.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::{EXIT_OK, Error, Location, Result};
use crate::model::Lang;
use crate::report::output::{Existing, save_text};

mod accounts;
pub mod chart;
pub mod survey;
pub mod text;

use chart::Chart;
use survey::Survey;
use text::{Starter, starter_text};

/// Runs `velho init`: exit 0 when the file is written; an error (exit 2)
/// when the project file exists already or no export could be read.
pub fn init_command(args: &InitArgs) -> Result<i32> {
    let folder = args.folder.clone().unwrap_or_else(|| ".".into());
    let target = folder.join("velho.toml");
    // `--lang`, else the language of a project file already there.
    let lang = args.lang.unwrap_or_else(|| {
        std::fs::read_to_string(&target).map_or(Lang::En, |text| crate::config::language_of(&text))
    });
    if !folder.is_dir() {
        return Err(Error::input(
            Location::file(folder.display().to_string()),
            lang.pick(
                "ei ole kansio; anna kansio, jossa hankkeen kirjanpitotiedostot ovat",
                "not a folder; expected the folder that holds the project's ledger exports",
            ),
        ));
    }
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(Error::Output {
            path: target,
            message: lang.pick(
                "projektitiedosto on jo olemassa, eikä velho init koskaan korvaa sitä; tarkista se komennolla velho check tai siirrä se pois aloittaaksesi alusta",
                "the project file exists already, and velho init never replaces one; check it with velho check, or move it away to start again",
            ).into(),
        });
    }
    let survey = Survey::of_folder(&folder)?;
    if survey.files.is_empty() {
        return Err(no_exports(&folder, &survey, lang));
    }
    let (chart, chart_reason) = match args.chart {
        Some(chart) => (
            chart,
            lang.pick("valittu: --chart", "chosen with --chart")
                .to_string(),
        ),
        None => chart::guess(&survey.accounts, lang),
    };
    let folder_name = folder
        .canonicalize()
        .ok()
        .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".into());
    let starter = Starter {
        survey: &survey,
        chart,
        chart_reason: chart_reason.clone(),
        lang,
        folder_name,
    };
    save_text(&starter_text(&starter), &target, Existing::Keep, lang)?;
    if !args.quiet {
        crate::say_part!(
            "{}",
            summary(
                &survey,
                &target,
                chart,
                &chart_reason,
                lang,
                args.chart.is_none()
            )
        );
    }
    Ok(EXIT_OK)
}

/// No export could be read: each file found and why, or that none was found.
fn no_exports(folder: &Path, survey: &Survey, lang: Lang) -> Error {
    let mut message = String::from(lang.pick(
        "tästä kansiosta tai sen alikansioista ei voitu lukea yhtään kirjanpitotiedostoa (odotettiin .csv-, .txt-, .tsv-, .xlsx-, .xlsm-, .xlsb-, .xls- tai .ods-tiedostoja)",
        "no ledger export could be read here or below (expected .csv, .txt, .tsv, .xlsx, .xlsm, .xlsb, .xls or .ods files)",
    ));
    for left in &survey.left_aside {
        message.push_str(&format!("\n  {}: {}", left.path, left.reason));
    }
    Error::input(Location::file(folder.display().to_string()), message)
}

/// What `init` tells on stderr: the file written, what was read and left
/// aside, the chart and why, and what to do next.
fn summary(
    survey: &Survey,
    target: &Path,
    chart: Chart,
    why: &str,
    lang: Lang,
    guessed: bool,
) -> String {
    let mut text = format!(
        "{} {} ({} {}, {} {}, {} {})\n",
        lang.pick("Kirjoitettu", "Wrote"),
        target.display(),
        text::files(survey.files.len(), lang),
        lang.pick("luettu", "read"),
        survey.projects.keys().filter(|k| !k.is_empty()).count(),
        lang.pick("projektikoodia", "project codes"),
        survey.accounts.len(),
        lang.pick("tiliä", "accounts"),
    );
    if !survey.decisions.is_empty() {
        text.push_str(&format!(
            "  {}: {} ({} {})\n",
            lang.pick("Maksatuspäätöksiä", "Payment decisions"),
            survey.decisions.len(),
            survey.decision_periods().len(),
            lang.pick("maksatuskautta kirjoitettu", "payment periods written")
        ));
    }
    for left in &survey.left_aside {
        text.push_str(&format!(
            "  {}: {}: {}\n",
            lang.pick("Ei luettu", "Not read"),
            left.path,
            left.reason
        ));
    }
    let verb = if guessed {
        lang.pick("arvattu", "guessed")
    } else {
        lang.pick("valittu", "chosen")
    };
    text.push_str(&format!(
        "  {} {} ({verb}: {why})\n",
        lang.pick(
            "Kustannuslajiehdotusten tilikartta:",
            "Category suggestions assume the"
        ),
        chart.name(lang)
    ));
    text.push_str(lang.pick(
        "  Seuraavaksi: täytä TÄYTÄ-kohdat, poista muiden hankkeiden rivit, aja velho check ja velho reconcile.\n",
        "  Next: fill in the FILL IN values, delete other projects' lines, run velho check, then velho reconcile.\n",
    ));
    text
}
