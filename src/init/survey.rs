//! What the ledger exports of a folder hold, added up for `velho init`:
//! each project code and cost centre with its rows, first and last posting
//! date and sum; each account with its name, rows and sum; and the files
//! read or left aside.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::config::{ImportOptions, RowFilter, is_ledger_file};
use crate::error::{Error, Result};
use crate::import::{self, LedgerFile};
use crate::model::Lang;
use crate::money;

/// Rows, dates and the sum of one code (a project, a cost centre, an account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Ledger rows.
    pub rows: u64,
    /// The first posting date.
    pub first: NaiveDate,
    /// The last posting date.
    pub last: NaiveDate,
    /// The sum of the rows (debit − credit).
    pub sum: Decimal,
    /// A name the export gives the code (an account's name), if any.
    pub name: String,
}

impl Tally {
    fn new(date: NaiveDate, name: &str) -> Tally {
        Tally {
            rows: 0,
            first: date,
            last: date,
            sum: Decimal::ZERO,
            name: name.to_string(),
        }
    }

    fn add(&mut self, date: NaiveDate, amount: Decimal, what: &str) -> Result<()> {
        self.rows += 1;
        self.first = self.first.min(date);
        self.last = self.last.max(date);
        self.sum = money::checked_add(self.sum, amount, what)?;
        Ok(())
    }
}

/// A file found that was not read as a ledger export, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftAside {
    /// The path, relative to the folder.
    pub path: String,
    /// Why it was not read.
    pub reason: Reason,
}

/// Why a file was set aside, said in the language of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A reconciliation or claim velho wrote.
    OwnWorkbook,
    /// A file recognised as something other than a ledger.
    NotLedger(import::not_ledger::NotLedger),
    /// Reading it as a ledger failed here (the file's name left out: the
    /// line names it) with this message.
    Unreadable(crate::error::Location, crate::text::Message),
    /// Another error (the operating system's), as it was said.
    Other(String),
}

impl Reason {
    /// Why reading `error` set the file aside.
    fn of(error: crate::error::Error) -> Reason {
        match error.inner() {
            crate::error::Error::Input { location, message } => Reason::Unreadable(
                crate::error::Location {
                    file: String::new(),
                    ..location.clone()
                },
                message.clone(),
            ),
            other => Reason::Other(other.to_string()),
        }
    }

    /// The reason in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            Reason::OwnWorkbook => lang.text("init.left.own_workbook").to_string(),
            Reason::NotLedger(what) => {
                lang.fill("init.left.not_a_ledger", &[("what", &what.describe(lang))])
            }
            Reason::Unreadable(place, message) => {
                let place = place.describe(lang);
                match place.trim_start_matches(", ") {
                    "" => message.say(lang),
                    place => format!("{place}: {}", message.say(lang)),
                }
            }
            Reason::Other(text) => text.clone(),
        }
    }
}

/// The ledger exports of a folder, added up.
#[derive(Debug, Default)]
pub struct Survey {
    /// The exports read, relative to the folder, in name order.
    pub files: Vec<String>,
    /// Files with a ledger's extension that could not be read as one.
    pub left_aside: Vec<LeftAside>,
    /// Workbooks read as the funder's payment decisions: their path and
    /// payment period, in name order.
    pub decisions: Vec<(String, (NaiveDate, NaiveDate))>,
    /// Payroll reports and working-time records (issue 13): their path and
    /// which of the two, in name order.
    pub staff_files: Vec<(String, import::payroll::StaffFileKind)>,
    /// Rows per project code (rows without one under "").
    pub projects: BTreeMap<String, Tally>,
    /// Rows per cost centre (rows without one under "").
    pub cost_centres: BTreeMap<String, Tally>,
    /// Rows per account.
    pub accounts: BTreeMap<String, Tally>,
    /// The first and last posting date of all rows.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// Rows without a project code, per cost centre.
    pub uncoded_by_cost_centre: BTreeMap<String, Tally>,
    /// The cost centres that hold rows with a project code.
    pub coded_cost_centres: BTreeSet<String>,
}

impl Survey {
    /// Reads every ledger export in `folder` and its subfolders (hidden
    /// folders, Excel's lock files and velho's own workbooks left out).
    /// A file that cannot be read as a ledger is set aside with the reason.
    pub fn of_folder(folder: &Path) -> Result<Survey> {
        let mut paths = Vec::new();
        find_exports(folder, &mut paths)?;
        paths.sort();
        let mut survey = Survey::default();
        for (index, path) in (0u32..).zip(&paths) {
            let shown = relative(folder, path);
            if import::own::is_velho_output(path) {
                survey.left_aside.push(LeftAside {
                    path: shown,
                    reason: Reason::OwnWorkbook,
                });
                continue;
            }
            let options = ImportOptions::default();
            match import::read_contained(path, &shown, index, &RowFilter::default(), &options) {
                Ok(file) => survey.add(&file)?,
                Err(e) => match import::decision::read_decision(path, &shown) {
                    Ok(decision) => survey.decisions.push((shown, decision.period)),
                    Err(_) if let Some(kind) = staff_file(path, &shown) => {
                        survey.staff_files.push((shown, kind));
                    }
                    Err(_) => {
                        let reason = match import::not_ledger::recognise(path, &shown) {
                            Some(what) => Reason::NotLedger(what),
                            None => Reason::of(e),
                        };
                        survey.left_aside.push(LeftAside {
                            path: shown.clone(),
                            reason,
                        });
                    }
                },
            }
        }
        Ok(survey)
    }

    fn add(&mut self, file: &LedgerFile) -> Result<()> {
        self.files.push(file.path.clone());
        for row in &file.rows {
            let (date, amount) = (row.date, row.amount());
            for (map, key, name) in [
                (&mut self.projects, &*row.project, ""),
                (&mut self.cost_centres, &*row.cost_centre, ""),
                (&mut self.accounts, &*row.account, &*row.account_name),
            ] {
                let tally = map
                    .entry(key.trim().to_string())
                    .or_insert_with(|| Tally::new(date, name.trim()));
                if tally.name.is_empty() {
                    tally.name = name.trim().to_string();
                }
                tally.add(date, amount, "the sum of an account in velho init")?;
            }
            let centre = row.cost_centre.trim();
            if !centre.is_empty() {
                if row.project.trim().is_empty() {
                    self.uncoded_by_cost_centre
                        .entry(centre.to_string())
                        .or_insert_with(|| Tally::new(date, ""))
                        .add(date, amount, "the sum of a cost centre in velho init")?;
                } else {
                    self.coded_cost_centres.insert(centre.to_string());
                }
            }
            self.dates = Some(match self.dates {
                Some((first, last)) => (first.min(date), last.max(date)),
                None => (date, date),
            });
        }
        Ok(())
    }

    /// The one folder (relative, `.` for the folder itself) that holds every
    /// export read, when no other export-like file lies there: it can be
    /// named as `[ledger] folder`.
    pub fn single_folder(&self) -> Option<String> {
        let parent = |p: &str| {
            Path::new(p)
                .parent()
                .map(|d| d.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let first = parent(self.files.first()?);
        let same = self.files.iter().all(|f| parent(f) == first);
        let clean = self.left_aside.iter().all(|l| parent(&l.path) != first)
            && self.decisions.iter().all(|(d, _)| parent(d) != first);
        (same && clean).then(|| if first.is_empty() { ".".into() } else { first })
    }
}

/// The payment decisions found among the files.
impl Survey {
    /// Rows without a project code on a cost centre that also holds rows
    /// with one: a filter by project code leaves them out (payroll side
    /// costs are often booked so).
    pub fn uncoded_on_coded_centres(&self) -> Vec<(&String, &Tally)> {
        self.uncoded_by_cost_centre
            .iter()
            .filter(|(centre, _)| self.coded_cost_centres.contains(*centre))
            .collect()
    }

    /// The one folder (relative, `.` for the folder itself) holding every
    /// decision read, if there is one.
    pub fn decisions_folder(&self) -> Option<String> {
        let folder = |p: &str| match p.rsplit_once('/') {
            Some((dir, _)) => dir.to_string(),
            None => ".".to_string(),
        };
        let first = folder(&self.decisions.first()?.0);
        self.decisions
            .iter()
            .all(|(d, _)| folder(d) == first)
            .then_some(first)
    }

    /// The payroll reports' or working-time records' files: `folder = …`
    /// when one folder holds them all, else `files = […]`; none when none
    /// was found.
    pub fn staff_setting(&self, kind: import::payroll::StaffFileKind) -> Option<String> {
        let files: Vec<&str> = self
            .staff_files
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(f, _)| f.as_str())
            .collect();
        let folder = |p: &str| p.rsplit_once('/').map(|(dir, _)| dir.to_string());
        let first = folder(files.first()?);
        let quoted = |t: &str| toml::Value::String(t.to_string()).to_string();
        Some(match first {
            Some(dir) if files.iter().all(|f| folder(f).as_deref() == Some(&dir)) => {
                format!("{{ folder = {} }}", quoted(&dir))
            }
            _ => {
                let listed: Vec<String> = files.iter().map(|f| quoted(f)).collect();
                format!("{{ files = [{}] }}", listed.join(", "))
            }
        })
    }

    /// The payment periods the decisions state, in date order, each once.
    pub fn decision_periods(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut periods: Vec<_> = self.decisions.iter().map(|(_, p)| *p).collect();
        periods.sort();
        periods.dedup();
        periods
    }
}

/// What a file is, if it reads as a payroll report or a working-time record.
fn staff_file(path: &Path, shown: &str) -> Option<import::payroll::StaffFileKind> {
    use import::payroll::{StaffFileKind, read_payroll_file, read_working_time_file};
    let contained = |read: &dyn Fn() -> Result<StaffFileKind>| import::contained(shown, read).ok();
    contained(&|| read_payroll_file(path, shown, &[]).map(|_| StaffFileKind::Payroll)).or_else(
        || contained(&|| read_working_time_file(path, shown).map(|_| StaffFileKind::WorkingTime)),
    )
}

/// The path of a file below `folder`, with `/` separators.
fn relative(folder: &Path, path: &Path) -> String {
    path.strip_prefix(folder)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file with a ledger export's extension below `folder`.
fn find_exports(folder: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(folder, e))?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            find_exports(&path, found)?;
        } else if is_ledger_file(&path) {
            found.push(path);
        }
    }
    Ok(())
}
