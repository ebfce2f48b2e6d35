//! `velho template decision`: the payment-decision template of one period,
//! written to the current folder (or `-o`), never into a folder velho reads
//! inputs from and never over an existing file.

use super::claiming::claim_period;
use super::*;
use crate::cli::{DecisionTemplateArgs, TemplateKind};
use crate::report::decision_template;

pub(super) fn template_command(kind: &TemplateKind) -> Result<i32> {
    match kind {
        TemplateKind::Decision(args) => decision_command(args),
    }
}

fn decision_command(args: &DecisionTemplateArgs) -> Result<i32> {
    let path = args.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let project = load_project_in(&path, args.lang)?;
    let lang = language(args.lang, &project);
    let period = claim_period(&project, &args.period, lang)?;
    let name = decision_template::default_name(
        &file_name_part(&project.code),
        &file_name_part(&period.name),
        lang,
    );
    let output = match &args.output {
        Some(o) if o.is_dir() => o.join(&name),
        Some(o) => o.clone(),
        None => PathBuf::from(&name),
    };
    refuse_input_folder(&output, &project, lang)?;
    if std::fs::symlink_metadata(&output).is_ok() {
        return Err(Error::Output {
            path: output,
            message: lang.text("cli.template_exists").into(),
        }
        .in_language(lang));
    }
    report::output::check_not_an_input(&output, &inputs_of(&project), lang)?;
    let mut workbook =
        decision_template::render(&project, &period, lang).map_err(|e| Error::Output {
            path: output.clone(),
            message: e.to_string(),
        })?;
    report::output::save(&mut workbook, &output, report::output::Existing::Keep, lang)?;
    if !args.quiet {
        let folder = decisions_folder(&project);
        crate::say!(
            "{}\n  {}",
            lang.fill("cli.wrote", &[("file", &output.display())]),
            lang.fill("cli.template_next", &[("folder", &folder)])
        );
    }
    Ok(EXIT_OK)
}

/// The decisions folder as the project file names it (`[decisions]
/// folder`, else the folder of its first listed file, else `decisions`),
/// for telling where a filled template goes.
fn decisions_folder(project: &Project) -> String {
    let text = std::fs::read_to_string(&project.file).unwrap_or_default();
    let table = text.parse::<toml::Table>().unwrap_or_default();
    let decisions = table.get("decisions");
    let folder = decisions
        .and_then(|d| d.get("folder"))
        .and_then(|f| f.as_str())
        .map(str::to_string);
    let first_file = || {
        decisions
            .and_then(|d| d.get("files"))
            .and_then(|f| f.as_array())
            .and_then(|f| f.first())
            .and_then(|f| f.as_str())
            .map(|f| match f.rsplit_once(['/', '\\']) {
                Some((dir, _)) => dir.to_string(),
                None => ".".to_string(),
            })
    };
    folder
        .or_else(first_file)
        .unwrap_or_else(|| "decisions".into())
}

/// An unfilled template in the decisions (or ledger) folder would stop
/// every run: the folders velho reads are refused as the output's place.
fn refuse_input_folder(output: &Path, project: &Project, lang: Lang) -> Result<()> {
    let resolved = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = resolved(parent);
    let folders = project
        .input_folders
        .iter()
        .cloned()
        .chain(
            project
                .decision_files
                .iter()
                .filter_map(|f| f.parent().map(Path::to_path_buf)),
        )
        .chain(
            project
                .ledger_files
                .iter()
                .filter_map(|f| f.parent().map(Path::to_path_buf)),
        );
    for folder in folders {
        if resolved(&folder) == parent {
            return Err(Error::Output {
                path: output.to_path_buf(),
                message: lang.fill(
                    "cli.template_in_input_folder",
                    &[("folder", &folder.display())],
                ),
            }
            .in_language(lang));
        }
    }
    Ok(())
}
