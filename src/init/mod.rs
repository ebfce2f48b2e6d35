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
use crate::text::Message;

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
            Message::new("init.cli.not_a_folder"),
        )
        .in_language(lang));
    }
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(Error::Output {
            path: target,
            message: lang.text("init.cli.exists").into(),
        }
        .in_language(lang));
    }
    let survey = Survey::of_folder(&folder)?;
    if survey.files.is_empty() {
        return Err(no_exports(&folder, &survey, lang));
    }
    let (chart, chart_reason) = match args.chart {
        Some(chart) => (chart, lang.text("init.chart.chosen").to_string()),
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
    let files: String = survey
        .left_aside
        .iter()
        .map(|left| format!("\n  {}: {}", left.path, left.reason.say(lang)))
        .collect();
    let message = Message::new("init.cli.no_exports").with("files", files);
    Error::input(Location::file(folder.display().to_string()), message).in_language(lang)
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
    let mut lines = vec![lang.fill(
        "init.cli.wrote",
        &[
            ("file", &target.display()),
            ("files", &lang.count("count.files", survey.files.len())),
            (
                "codes",
                &lang.count(
                    "count.project_codes",
                    survey.projects.keys().filter(|k| !k.is_empty()).count(),
                ),
            ),
            (
                "accounts",
                &lang.count("count.accounts", survey.accounts.len()),
            ),
        ],
    )];
    if !survey.decisions.is_empty() {
        let periods = survey.decision_periods().len();
        lines.push(format!(
            "  {}",
            lang.fill(
                "init.cli.decisions",
                &[
                    ("decisions", &survey.decisions.len()),
                    ("periods", &lang.count("count.periods_written", periods)),
                ],
            )
        ));
    }
    if !survey.staff_files.is_empty() {
        let payroll = survey
            .staff_files
            .iter()
            .filter(|(_, k)| *k == crate::import::payroll::StaffFileKind::Payroll)
            .count();
        lines.push(format!(
            "  {}",
            lang.fill(
                "init.cli.staff_files",
                &[
                    ("payroll", &payroll),
                    ("working_time", &(survey.staff_files.len() - payroll)),
                ],
            )
        ));
    }
    for left in &survey.left_aside {
        lines.push(format!(
            "  {}",
            lang.fill(
                "init.cli.not_read",
                &[("file", &left.path), ("reason", &left.reason.say(lang))],
            )
        ));
    }
    let how = if guessed {
        lang.text("init.cli.guessed")
    } else {
        lang.text("init.cli.chosen")
    };
    lines.push(format!(
        "  {}",
        lang.fill(
            "init.cli.chart",
            &[("chart", &chart.name(lang)), ("how", &how), ("why", &why)],
        )
    ));
    lines.push(format!("  {}", lang.text("init.cli.next")));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
