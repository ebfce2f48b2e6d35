//! The project file `velho.toml`, read and validated into a [`Project`].
//!
//! Reading happens in two steps, as in ripgrep: serde maps the TOML onto raw
//! structs that mirror the file (unknown keys are refused, so a typo is an
//! error, not a silently ignored setting), then [`Project::from_raw`] checks
//! every value and builds the settings the rest of velho uses. Every error
//! names the key and what was expected, in the catalogue's words
//! (`config.*`), said in the language the file asks for.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::text::Message;

mod messages;
mod placeholders;
mod raw;
mod reading;
mod sections;
mod staff;

use crate::model::Lang;
pub use crate::model::{
    AccountRange, Advance, Category, Eligibility, FlatRate, FundingChange, Netting, Period,
    PlanChange,
};
use crate::money;
pub use messages::language_of;
pub use placeholders::{PLACEHOLDER_EN, PLACEHOLDER_FI, placeholders};
use raw::*;
pub use reading::{ImportOptions, Role, SPREADSHEET_EXTENSIONS, TextEncoding};
pub use sections::is_ledger_file;
use sections::*;
pub use staff::{Person, Share, SharePeriod, Staff, StaffModel, StaffSettings};

/// The longest project name, code, organisation or funder velho takes.
const LONGEST_TITLE: usize = 1000;

/// The project's name, code and organisation and the funder are at most
/// [`LONGEST_TITLE`] characters.
fn check_titles(project: &RawProject, funding: &Funding) -> Result<(), Message> {
    for (key, text) in [
        ("project.name", Some(&project.name)),
        ("project.code", Some(&project.code)),
        ("project.organisation", project.organisation.as_ref()),
        ("funding.funder", Some(&funding.funder)),
    ] {
        let length = text.map_or(0, |t| t.chars().count());
        if length > LONGEST_TITLE {
            return Err(Message::new("config.check.title_too_long")
                .with("key", key)
                .with("length", length)
                .with("most", LONGEST_TITLE));
        }
    }
    Ok(())
}

/// File extensions read as ledger exports when a folder is given.
pub const LEDGER_EXTENSIONS: [&str; 8] =
    ["csv", "txt", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The funder and the money it gives.
#[derive(Debug, Clone)]
pub struct Funding {
    /// The funder's name.
    pub funder: String,
    /// The share of eligible costs the funder pays, in percent.
    pub rate_percent: Decimal,
    /// The most the funder pays over the whole project, if the decision caps it.
    pub max_grant: Option<Decimal>,
    /// Who carries the own share and any overrun.
    pub own_share_by: String,
    /// How each computed figure (a flat rate, a share) is rounded to the cent.
    pub rounding: Rounding,
    /// The organisation recovers VAT: the VAT part of a row (from an
    /// export's VAT column) is not eligible.
    pub vat_recoverable: bool,
}

/// How a computed figure is rounded to the cent, once, where it is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rounding {
    /// Halves away from zero (EU and Finnish practice; the default).
    #[default]
    HalfAwayFromZero,
    /// Halves to the even cent (banker's rounding), where a funder asks for it.
    HalfEven,
}

impl Funding {
    /// `amount × percent / 100`, rounded to the cent by the project's rule.
    pub fn percent_of(
        &self,
        amount: Decimal,
        percent: Decimal,
        what: &str,
    ) -> crate::error::Result<Decimal> {
        let exact = amount
            .checked_mul(percent)
            .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
            .ok_or_else(|| crate::error::Error::Overflow { what: what.into() })?;
        Ok(self.round(exact))
    }

    /// A computed figure rounded to the cent by the project's rule.
    pub fn round(&self, exact: Decimal) -> Decimal {
        match self.rounding {
            Rounding::HalfAwayFromZero => money::round_cents(exact),
            Rounding::HalfEven => {
                exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven)
            }
        }
    }
}

/// Which ledger rows belong to the project.
#[derive(Debug, Clone, Default)]
pub struct RowFilter {
    /// Cost centres of the project; empty means any.
    pub cost_centres: Vec<String>,
    /// Project codes of the project; empty means any.
    pub projects: Vec<String>,
    /// When set, a row matches if it matches any of these instead (several
    /// projects read from one ledger at once).
    pub any_of: Vec<RowFilter>,
}

impl RowFilter {
    /// A filter that keeps the rows of any of the projects.
    pub fn any_of(filters: Vec<RowFilter>) -> RowFilter {
        RowFilter {
            any_of: filters,
            ..RowFilter::default()
        }
    }

    /// True when a row with this cost centre and project code belongs to the project.
    pub fn matches(&self, cost_centre: &str, project: &str) -> bool {
        if !self.any_of.is_empty() {
            return self.any_of.iter().any(|f| f.matches(cost_centre, project));
        }
        let listed =
            |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        listed(&self.cost_centres, cost_centre) && listed(&self.projects, project)
    }

    /// A description for the Sources sheet and messages.
    pub fn describe(&self, lang: Lang) -> String {
        let cost_centres = (!self.cost_centres.is_empty()).then(|| {
            let codes = self.cost_centres.join(", ");
            lang.fill("config.filter.cost_centres", &[("codes", &codes)])
        });
        let projects = (!self.projects.is_empty()).then(|| {
            let codes = self.projects.join(", ");
            lang.fill("config.filter.projects", &[("codes", &codes)])
        });
        match (cost_centres, projects) {
            (Some(cost_centres), Some(projects)) => lang.fill(
                "config.filter.both",
                &[("cost_centres", &cost_centres), ("projects", &projects)],
            ),
            (one, other) => one.or(other).unwrap_or_default(),
        }
    }
}

/// How payment applications (claims) are prepared.
#[derive(Debug, Clone, Default)]
pub struct Claims {
    /// Where claim workbooks are written and read back from.
    pub folder: PathBuf,
    /// Accounts whose project rows are revenues, deducted before the funding rate.
    pub revenue_accounts: Vec<AccountRange>,
    /// Vouchers the funder deducted earlier that are claimed again on purpose.
    pub reclaim_vouchers: Vec<String>,
}

impl Claims {
    /// True when the account is a revenue account.
    pub fn is_revenue(&self, account: &str) -> bool {
        self.revenue_accounts.iter().any(|r| r.contains(account))
    }
}

/// A figure velho computes that a stated figure is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// The plan's total.
    Plan,
    /// Realised eligible costs (flat rate included).
    Realised,
    /// Realised over plan.
    Overrun,
    /// The funder's share.
    FunderShare,
    /// The own share.
    OwnShare,
    /// What the decisions say was applied for, in all.
    Applied,
    /// What the decisions approved, in all.
    Approved,
    /// What the decisions deducted, in all.
    Deducted,
    /// What the funder has paid, in all.
    Paid,
    /// Realised costs of one category (its index).
    Category(usize),
    /// Eligible costs on the ledger basis (realised − covered − not eligible).
    Eligible,
}

/// A figure a document states (a final report's total, a decision's sum), to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// What it is and where it is stated, in the user's words.
    pub what: String,
    /// Which computed figure it must equal.
    pub figure: Figure,
    /// The amount stated.
    pub amount: Decimal,
    /// When the document stated it; a reconciliation as of an earlier date
    /// ignores it. Undated figures always apply.
    pub date: Option<NaiveDate>,
}

impl Stated {
    /// True when the figure applies to a reconciliation whose documents
    /// count until `until` (a past as-of date): a figure stated later did
    /// not exist then.
    pub fn applies(&self, until: Option<NaiveDate>) -> bool {
        until.is_none_or(|until| self.date.is_none_or(|d| d <= until))
    }
}

/// A validated project: everything a reconciliation needs to know.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding the project file; relative paths start here.
    pub folder: PathBuf,
    /// The project file itself.
    pub file: PathBuf,
    /// The language the project file asks for, if any.
    pub language: Option<Lang>,
    /// Project name.
    pub name: String,
    /// Project code; names the default output file.
    pub code: String,
    /// The organisation that runs it.
    pub organisation: String,
    /// First day of the project period.
    pub start: NaiveDate,
    /// Last day of the project period.
    pub end: NaiveDate,
    /// Funder, rate and cap.
    pub funding: Funding,
    /// Which ledger rows belong to the project.
    pub filter: RowFilter,
    /// Ledger exports to read, in the order they are read.
    pub ledger_files: Vec<PathBuf>,
    /// Workbooks velho itself wrote that lie among the ledger files: never
    /// read as ledgers (filled in by the command that runs).
    pub own_outputs: Vec<PathBuf>,
    /// How to read them (`[ledger]` sheet, encoding, column names).
    pub ledger_options: ImportOptions,
    /// How far a category may run over its plan before it is a warning, in percent.
    pub category_tolerance_percent: Decimal,
    /// The plan's categories, in the project file's order.
    pub categories: Vec<Category>,
    /// The payment periods, in order; the last is the final payment.
    pub periods: Vec<Period>,
    /// The funder's payment decisions to read.
    pub decision_files: Vec<PathBuf>,
    /// The folders the inputs are read from (ledger, decisions): every file
    /// in them is an input no output may replace.
    pub input_folders: Vec<PathBuf>,
    /// Corrected decisions: (the decision's number, the number it replaces).
    pub decision_replaces: Vec<(String, String)>,
    /// Advances the funder paid.
    pub advances: Vec<Advance>,
    /// Change decisions, oldest first.
    pub changes: Vec<FundingChange>,
    /// The change decisions applied to the figures above (see [`Project::in_force`]).
    pub changes_applied: usize,
    /// Figures stated in documents, to check.
    pub stated: Vec<Stated>,
    /// How claims are prepared.
    pub claims: Claims,
    /// The people of the project (`[[person]]`).
    pub persons: Vec<Person>,
    /// The staff-cost model and its inputs (`[staff]`), if configured.
    pub staff: Option<Staff>,
}

/// The project file's `language`, if it has one.
fn language(raw: Option<&str>) -> Result<Option<Lang>, Message> {
    raw.map(|l| {
        Lang::parse(l).ok_or_else(|| {
            Message::new("config.check.language")
                .with("key", "language")
                .with("value", l)
        })
    })
    .transpose()
}

impl Project {
    /// Reads `velho.toml` from a folder, or the named file. Its errors are
    /// said in the language the file asks for (English when it asks for
    /// none or cannot be read that far).
    pub fn load(path: &Path) -> Result<Project> {
        let file = if path.is_dir() {
            path.join("velho.toml")
        } else {
            path.to_path_buf()
        };
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let (message, lang) = messages::project_file_encoding(e.as_bytes());
            Error::Config {
                file: file.clone(),
                message,
            }
            .in_language(lang)
        })?;
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        Project::parse(&text, &file, &folder)
    }

    /// Parses and validates the text of a project file. An error is said
    /// in the file's own language (`language = "fi"`), English when it
    /// asks for none; a command may say it in `--lang` instead
    /// ([`Error::in_language`]).
    pub fn parse(text: &str, file: &Path, folder: &Path) -> Result<Project> {
        let refused = |message: Message, lang: Lang| {
            Error::Config {
                file: file.to_path_buf(),
                message,
            }
            .in_language(lang)
        };
        let left = placeholders(text);
        if !left.is_empty() {
            return Err(refused(
                placeholders::placeholders_message(&left),
                messages::language_of(text),
            ));
        }
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            refused(
                messages::toml_error(&e.to_string()),
                messages::language_of(text),
            )
        })?;
        let lang = raw
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::En);
        Project::from_raw(raw, file, folder).map_err(|message| refused(message, lang))
    }

    fn from_raw(raw: RawFile, file: &Path, folder: &Path) -> Result<Project, Message> {
        let language = language(raw.language.as_deref())?;
        let (start, end) = project_period(&raw.project)?;
        let funding = funding(&raw.funding)?;
        check_titles(&raw.project, &funding)?;
        let filter = RowFilter {
            cost_centres: codes(&raw.filter.cost_centres, "filter.cost_centres")?,
            projects: codes(&raw.filter.projects, "filter.projects")?,
            any_of: Vec::new(),
        };
        if filter.cost_centres.is_empty() && filter.projects.is_empty() {
            return Err(Message::new("config.check.filter_empty").with("key", "filter"));
        }
        let categories = categories(&raw.categories)?;
        let tolerance = match raw
            .checks
            .as_ref()
            .and_then(|c| c.category_tolerance_percent.as_ref())
        {
            Some(v) => non_negative(v, "checks.category_tolerance_percent")?,
            None => Decimal::ZERO,
        };
        let ledger_files = input_files(
            raw.ledger.as_ref().map(RawLedger::files).as_ref(),
            folder,
            "ledger",
            true,
        )?;
        let ledger_options = ImportOptions {
            vat_recoverable: funding.vat_recoverable,
            ..ledger_options(raw.ledger.as_ref())?
        };
        let decision_files = input_files(
            raw.decisions.as_ref().map(RawDecisions::files).as_ref(),
            folder,
            "decisions",
            false,
        )?;
        let input_folders = [
            ("ledger", raw.ledger.as_ref().map(RawLedger::files)),
            ("decisions", raw.decisions.as_ref().map(RawDecisions::files)),
        ]
        .into_iter()
        .filter(|(_, files)| files.as_ref().is_none_or(|f| f.files.is_none()))
        .map(|(key, files)| folder.join(files.and_then(|f| f.folder).unwrap_or_else(|| key.into())))
        .collect();
        let decision_replaces = raw
            .decisions
            .as_ref()
            .map(RawDecisions::replaces)
            .transpose()?
            .unwrap_or_default();
        let advances = advances(&raw.advances)?;
        let changes = changes(&raw.changes, &categories)?;
        let periods = periods(&raw.periods)?;
        let stated = stated(&raw.stated, &categories)?;
        let claims = claims(raw.claims.as_ref(), folder)?;
        Ok(Project {
            folder: folder.to_path_buf(),
            file: file.to_path_buf(),
            language,
            name: raw.project.name,
            code: raw.project.code.trim().to_string(),
            organisation: raw.project.organisation.unwrap_or_default(),
            start,
            end,
            funding,
            filter,
            ledger_files,
            own_outputs: Vec::new(),
            ledger_options,
            category_tolerance_percent: tolerance,
            staff: staff::staff(raw.staff.as_ref(), folder, &categories)?,
            persons: staff::persons(&raw.persons, start)?,
            categories,
            periods,
            decision_files,
            input_folders,
            decision_replaces,
            advances,
            changes,
            changes_applied: 0,
            stated,
            claims,
        })
    }

    /// A path relative to the project folder, for display and for the workbook.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.folder)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The total of the plan.
    pub fn plan_total(&self) -> Decimal {
        self.categories.iter().map(|c| c.plan).sum()
    }

    /// The project as the funding decision stands with the change decisions
    /// in force: all of them, or those in force on `until` (a reconciliation
    /// as of a past date uses the version then in force).
    pub fn in_force(&self, until: Option<NaiveDate>) -> Project {
        let mut out = self.clone();
        let in_force: Vec<&FundingChange> = self
            .changes
            .iter()
            .filter(|c| until.is_none_or(|u| c.from <= u))
            .collect();
        for change in &in_force {
            if let Some(m) = change.max_grant {
                out.funding.max_grant = Some(m);
            }
            if let Some(r) = change.rate_percent {
                out.funding.rate_percent = r;
            }
            if let Some(e) = change.end {
                out.end = e;
            }
            for p in &change.plan {
                out.categories[p.category].plan = p.total;
                out.categories[p.category].plan_by_year = p.by_year.clone();
            }
        }
        out.changes_applied = in_force.len();
        out
    }

    /// How a category's costs count: eligible, covered by a flat rate, or
    /// excluded. The one place this is decided.
    pub fn eligibility(&self, category: usize) -> Eligibility {
        if !self.categories[category].eligible {
            return Eligibility::NotEligible;
        }
        self.flat_rate_covering(category)
            .map_or(Eligibility::Eligible, Eligibility::Covered)
    }

    /// The flat-rate category that covers a category's costs, if one does.
    pub fn flat_rate_covering(&self, category: usize) -> Option<usize> {
        self.categories.iter().position(|f| {
            f.flat_rate
                .as_ref()
                .is_some_and(|r| r.covers.contains(&category))
        })
    }
}

/// The project's start and end, the end not before the start, and a code
/// that is not empty.
fn project_period(project: &RawProject) -> Result<(NaiveDate, NaiveDate), Message> {
    let start = date_value(&project.start, "project.start")?;
    let end = date_value(&project.end, "project.end")?;
    if end < start {
        return Err(end_before_start("project.end", end, "project.start", start));
    }
    if project.code.trim().is_empty() {
        return Err(Message::new("config.check.code_empty").with("key", "project.code"));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [project]
        name = "Testi"
        code = "T1"
        start = 2021-01-01
        end = "31.12.2021"
        [funding]
        funder = "Liitto"
        rate_percent = 80
        max_grant = "8 000,00"
        [filter]
        projects = ["T1"]
        [ledger]
        files = ["a.csv"]
        [[category]]
        id = "personnel"
        fi = "Henkilöstö"
        en = "Personnel"
        plan = { 2021 = 6000, 2022 = "4 000,50" }
        accounts = ["4000-4299", "X1"]
        [[category]]
        id = "flat"
        fi = "Flat rate"
        en = "Flat rate"
        plan = 1500
        flat_rate = { percent = 24, base = ["personnel"] }
    "#;

    fn parse(text: &str) -> Result<Project> {
        Project::parse(text, Path::new("velho.toml"), Path::new("p"))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_minimal_project() {
        let p = parse(MINIMAL).unwrap();
        assert_eq!(p.end, NaiveDate::from_ymd_opt(2021, 12, 31).unwrap());
        assert_eq!(p.funding.max_grant, Some("8000.00".parse().unwrap()));
        assert_eq!(p.categories[0].plan, "10000.50".parse().unwrap());
        assert_eq!(p.categories[0].plan_by_year.len(), 2);
        assert!(p.categories[0].accounts[0].contains("4100"));
        assert!(p.categories[0].accounts[1].contains("X1"));
        assert_eq!(p.categories[1].flat_rate.as_ref().unwrap().base, vec![0]);
        assert_eq!(p.ledger_files, vec![PathBuf::from("p/a.csv")]);
        assert!(p.filter.matches("any", "T1") && !p.filter.matches("any", "T2"));
    }

    #[test]
    fn rounding_is_half_away_from_zero_unless_the_funder_says_otherwise() {
        let p = parse(MINIMAL).unwrap();
        let half = |f: &Funding| {
            f.percent_of("12.5".parse().unwrap(), Decimal::ONE, "x")
                .unwrap()
        };
        assert_eq!(half(&p.funding), "0.13".parse().unwrap());
        let even = parse(&MINIMAL.replace(
            "rate_percent = 80",
            "rate_percent = 80\n        rounding = \"half-even\"",
        ))
        .unwrap();
        assert_eq!(even.funding.rounding, Rounding::HalfEven);
        assert_eq!(half(&even.funding), "0.12".parse().unwrap());
        let bad = MINIMAL.replace(
            "rate_percent = 80",
            "rate_percent = 80\n        rounding = \"up\"",
        );
        assert!(
            error(&bad).contains("`funding.rounding` is \"up\""),
            "{}",
            error(&bad)
        );
    }

    #[test]
    fn errors_name_the_key_and_what_was_expected() {
        let typo = MINIMAL.replace("rate_percent", "rate_procent");
        assert!(error(&typo).contains("rate_procent"), "{}", error(&typo));
        let bad_amount = MINIMAL.replace("\"8 000,00\"", "\"lots\"");
        assert!(error(&bad_amount).contains("`funding.max_grant`"));
        let overlap = MINIMAL.replace(
            "plan = 1500\n        flat_rate = { percent = 24, base = [\"personnel\"] }",
            "plan = 1\n        accounts = [\"4200\"]",
        );
        assert!(
            error(&overlap).ends_with("category[2] (id \"flat\").accounts: account 4200 is also in the range 4000-4299 of category \"personnel\"; an account may feed only one category: take it out of one of them"),
            "{}",
            error(&overlap)
        );
        let bad_base = MINIMAL.replace("base = [\"personnel\"]", "base = [\"staff\"]");
        assert!(error(&bad_base).contains("category[2].flat_rate.base"));
        // The ids to choose from are named (a trial had to guess them).
        assert!(
            error(&bad_base)
                .ends_with("\"staff\" is not the id of a booked category; those are \"personnel\""),
            "{}",
            error(&bad_base)
        );
        let bad_date = MINIMAL.replace("\"31.12.2021\"", "\"31.12.21\"");
        assert!(error(&bad_date).contains("`project.end`"));
        let no_filter = MINIMAL.replace("projects = [\"T1\"]", "");
        assert!(error(&no_filter).contains("`filter`"));
        let half_cent = MINIMAL.replace("plan = 1500", "plan = 1500.005");
        assert!(error(&half_cent).contains("whole cents"));
        let no_plan = MINIMAL.replace("plan = { 2021 = 6000, 2022 = \"4 000,50\" }\n", "");
        assert!(
            error(&no_plan).contains("category[1] (id \"personnel\"): `plan` is missing"),
            "{}",
            error(&no_plan)
        );
    }

    /// A value the project file gets wrong is said in the file's own
    /// language, English when it asks for none; `--lang` says it in
    /// another ([`Error::in_language`] replaces the file's).
    #[test]
    fn a_wrong_value_is_said_in_the_project_files_language() {
        let over = MINIMAL.replace("rate_percent = 80", "rate_percent = 150");
        let english = "project file velho.toml: `funding.rate_percent` is 150; expected a percentage from 0 to 100";
        let finnish = "projektitiedosto velho.toml: `funding.rate_percent` on 150; sen pitää olla prosenttiluku 0–100";
        assert_eq!(error(&over), english);
        let fi = format!("language = \"fi\"\n{over}");
        assert_eq!(error(&fi), finnish);
        assert_eq!(error(&format!("language = \"en\"\n{over}")), english);
        let refused = parse(&fi).unwrap_err();
        assert!(matches!(refused.inner(), Error::Config { .. }));
        assert_eq!(refused.in_language(Lang::En).to_string(), english);
        assert_eq!(
            parse(&over).unwrap_err().in_language(Lang::Fi).to_string(),
            finnish
        );
        // A value inside a value: the overlap's clash and a value's kind.
        let overlap = MINIMAL.replace(
            "plan = 1500\n        flat_rate = { percent = 24, base = [\"personnel\"] }",
            "plan = 1\n        accounts = [\"4200\"]",
        );
        assert_eq!(
            error(&format!("language = \"fi\"\n{overlap}")),
            "projektitiedosto velho.toml: category[2] (id \"flat\").accounts: tili 4200 sisältyy myös kustannuslajin \"personnel\" tiliväliin 4000-4299; tili voi kuulua vain yhteen kustannuslajiin: poista se jommastakummasta"
        );
        let float = MINIMAL.replace("projects = [\"T1\"]", "projects = [12.5]");
        assert_eq!(
            error(&format!("language = \"fi\"\n{float}")),
            "projektitiedosto velho.toml: `filter.projects`: 12.5 on desimaaliluku; kirjoita koodi tekstinä, esim. \"7311\""
        );
    }

    /// A rate is a percentage: written as text with a `%` it is read as one
    /// (a finance officer's trial got "not an amount" for "80 %"), and a
    /// negative rate gets the same 0–100 message as one over 100.
    #[test]
    fn a_rate_is_read_as_a_percentage() {
        let text = MINIMAL.replace("rate_percent = 80", "rate_percent = \"80,5 %\"");
        let project = parse(&text).unwrap();
        assert_eq!(project.funding.rate_percent, Decimal::new(805, 1));
        let negative = MINIMAL.replace("rate_percent = 80", "rate_percent = -5");
        assert_eq!(
            error(&format!("language = \"fi\"\n{negative}")),
            "projektitiedosto velho.toml: `funding.rate_percent` on -5; sen pitää olla prosenttiluku 0–100"
        );
        // "-5 %" names its value; "0.080" is ambiguous, never 80 %.
        let negative = MINIMAL.replace("rate_percent = 80", "rate_percent = \"-5 %\"");
        assert!(
            error(&negative).contains("`funding.rate_percent` is -5;"),
            "{}",
            error(&negative)
        );
        let ambiguous = MINIMAL.replace("rate_percent = 80", "rate_percent = \"0.080\"");
        assert!(
            error(&ambiguous).contains("ambiguous"),
            "{}",
            error(&ambiguous)
        );
        let point = MINIMAL.replace("rate_percent = 80", "rate_percent = \"80.5\"");
        assert_eq!(
            parse(&point).unwrap().funding.rate_percent,
            Decimal::new(805, 1)
        );
        let words = MINIMAL.replace("rate_percent = 80", "rate_percent = \"kahdeksankymmentä\"");
        assert!(
            error(&format!("language = \"fi\"\n{words}")).starts_with(
                "projektitiedosto velho.toml: `funding.rate_percent`: prosenttiluku ei kelpaa"
            ),
            "{}",
            error(&format!("language = \"fi\"\n{words}"))
        );
    }

    #[test]
    fn placeholders_left_are_named_in_the_files_language() {
        let left = format!(
            "language = \"fi\"\n{}",
            MINIMAL.replace("rate_percent = 80", "rate_percent = \"TÄYTÄ\"")
        );
        let refused = parse(&left).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "projektitiedosto velho.toml: 1 arvo on vielä täyttämättä (merkitty \"TÄYTÄ\" tai \"FILL IN\"); kirjoita niihin rahoituspäätöksen luvut:\n  1. `funding.rate_percent`"
        );
        assert_eq!(
            refused.in_language(Lang::En).to_string(),
            "project file velho.toml: 1 value is still to fill in (marked \"TÄYTÄ\" or \"FILL IN\"); write the figures of the funding decision there:\n  1. `funding.rate_percent`"
        );
    }

    #[test]
    fn codes_written_as_numbers_are_text() {
        let numbers = MINIMAL
            .replace(
                "projects = [\"T1\"]",
                "projects = [1204]\n        cost_centres = [7311, \" 7312 \"]",
            )
            .replace(
                "accounts = [\"4000-4299\", \"X1\"]",
                "accounts = [\"4000-4299\", 4500]",
            );
        let p = parse(&numbers).unwrap();
        assert_eq!(p.filter.projects, ["1204"]);
        assert_eq!(p.filter.cost_centres, ["7311", "7312"]);
        assert!(p.categories[0].accounts[1].contains("4500"));
        let float = MINIMAL.replace("projects = [\"T1\"]", "projects = [12.5]");
        assert!(
            error(&float).contains("`filter.projects`: 12.5 is float; expected a code as text"),
            "{}",
            error(&float)
        );
    }

    #[test]
    fn placeholders_left_are_all_named() {
        let left = MINIMAL
            .replace("rate_percent = 80", "rate_percent = \"FILL IN\"")
            .replace("plan = 1500", "plan = \"TÄYTÄ\"");
        assert!(
            error(&left).ends_with("2 values are still to fill in (marked \"TÄYTÄ\" or \"FILL IN\"); write the figures of the funding decision there:\n  1. `funding.rate_percent`\n  2. `category[2] (id \"flat\").plan`"),
            "{}",
            error(&left)
        );
    }

    #[test]
    fn a_covered_or_excluded_category_needs_no_plan() {
        let covered = format!(
            "{}\n[[category]]\nid = \"other\"\nfi = \"Muut\"\nen = \"Other\"\naccounts = [\"4500\"]\n",
            MINIMAL.replace(
                "base = [\"personnel\"] }",
                "base = [\"personnel\"], covers_all_other = true }"
            )
        );
        let project = parse(&covered).unwrap();
        assert_eq!(project.categories[2].plan, Decimal::ZERO);
        let excluded = format!(
            "{MINIMAL}\n[[category]]\nid = \"fun\"\nfi = \"Edustus\"\nen = \"Entertainment\"\naccounts = [\"4500\"]\neligible = false\n"
        );
        assert_eq!(
            parse(&excluded).unwrap().eligibility(2),
            Eligibility::NotEligible
        );
    }
}
