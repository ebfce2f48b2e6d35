//! The reconciliation: repeated exports dropped, every project row given a
//! status (a category, unmapped, outside the period, after the as-of date, or
//! a duplicate), and plan against realised and the funding split added up.
//!
//! Pure functions over the imported files: no I/O here.

mod duplicates;
mod funding;
pub mod monthly;
pub mod payments;
mod staffed;

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use duplicates::find_in as repeated_rows;
pub use funding::FundingSplit;
pub use staffed::{StaffFigure, model_category};

use crate::config::{Category, Eligibility, Project};
use crate::error::Result;
use crate::import::LedgerFile;
use crate::model::Decision;
use crate::model::{LedgerRow, SourceRef};
use crate::money;

/// What became of one project row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Counted in the category with this index.
    Eligible(usize),
    /// Booked in a category (its index) that a flat rate covers
    /// ([`Project::eligibility`] names which): shown, never eligible, never
    /// claimed. (One index keeps a transaction at 136 bytes.)
    Covered(usize),
    /// Booked in a category the funding decision excludes (`eligible = false`).
    NotEligible(usize),
    /// Booked in the staff category (its index) whose figure the staff-cost
    /// model gives ([`model_category`]): shown, never counted (the Staff
    /// costs sheet counts the staff costs, once).
    StaffModel(usize),
    /// Its account feeds no category.
    Unmapped,
    /// A revenue of the project (a revenue account), deducted before the funding rate.
    Revenue,
    /// Posted before the project started.
    BeforeStart,
    /// Posted after the project ended.
    AfterEnd,
    /// Posted after the as-of date of this reconciliation.
    AfterAsOf,
    /// The same row was already read from an earlier file (this is where).
    Duplicate(SourceRef),
}

impl Status {
    /// True when the row counts in the eligible costs.
    pub fn is_used(self) -> bool {
        matches!(self, Status::Eligible(_))
    }

    /// The category the row is booked in, eligible or not.
    pub fn category(self) -> Option<usize> {
        match self {
            Status::Eligible(c)
            | Status::Covered(c)
            | Status::NotEligible(c)
            | Status::StaffModel(c) => Some(c),
            _ => None,
        }
    }
}

/// A project row with its status.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// The row as read.
    pub row: LedgerRow,
    /// What became of it.
    pub status: Status,
}

/// Plan against realised for one category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryLine {
    /// Index into the project's categories.
    pub index: usize,
    /// Planned amount.
    pub plan: Decimal,
    /// The plan phased to the as-of date (see [`monthly::plan_to_date`]).
    pub plan_to_date: Decimal,
    /// Realised eligible costs to the as-of date (computed for a flat rate).
    pub realised: Decimal,
    /// Ledger rows counted (0 for a flat rate).
    pub rows: u64,
}

impl CategoryLine {
    /// Realised − plan: positive is an overrun.
    pub fn variance(&self) -> Decimal {
        self.realised - self.plan
    }

    /// Realised − the plan to the as-of date: positive is ahead of the plan.
    pub fn variance_to_date(&self) -> Decimal {
        self.realised - self.plan_to_date
    }

    /// Realised ÷ plan, as a fraction (`None` when nothing was planned).
    pub fn utilisation(&self) -> Option<Decimal> {
        (!self.plan.is_zero()).then(|| self.realised / self.plan)
    }
}

/// Count and sum of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Rows.
    pub rows: u64,
    /// Their amounts added.
    pub amount: Decimal,
}

impl Tally {
    fn add(&mut self, amount: Decimal) -> Result<()> {
        self.rows += 1;
        self.amount = money::checked_add(self.amount, amount, "a row total")?;
        Ok(())
    }
}

/// Where the project's rows went: the identity "read = used + skipped" in rows and euros.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowAccount {
    /// Every project row read.
    pub read: Tally,
    /// Counted in a category.
    pub eligible: Tally,
    /// In a category a flat rate covers.
    pub covered: Tally,
    /// In a category the decision excludes.
    pub not_eligible: Tally,
    /// In the staff category the staff-cost model counts.
    pub staff_model: Tally,
    /// On an account no category maps.
    pub unmapped: Tally,
    /// Project revenues.
    pub revenue: Tally,
    /// Before the project start.
    pub before_start: Tally,
    /// After the project end.
    pub after_end: Tally,
    /// After the as-of date.
    pub after_as_of: Tally,
    /// Repeats of rows already read from an earlier file.
    pub duplicate: Tally,
}

impl RowAccount {
    fn add(&mut self, status: Status, amount: Decimal) -> Result<()> {
        self.read.add(amount)?;
        match status {
            Status::Eligible(_) => self.eligible.add(amount),
            Status::Covered(..) => self.covered.add(amount),
            Status::NotEligible(_) => self.not_eligible.add(amount),
            Status::StaffModel(_) => self.staff_model.add(amount),
            Status::Unmapped => self.unmapped.add(amount),
            Status::Revenue => self.revenue.add(amount),
            Status::BeforeStart => self.before_start.add(amount),
            Status::AfterEnd => self.after_end.add(amount),
            Status::AfterAsOf => self.after_as_of.add(amount),
            Status::Duplicate(_) => self.duplicate.add(amount),
        }
    }

    /// The statuses other than eligible, in the order the workbook shows them.
    pub fn skipped(&self) -> [Tally; 9] {
        [
            self.covered,
            self.not_eligible,
            self.staff_model,
            self.unmapped,
            self.revenue,
            self.before_start,
            self.after_end,
            self.after_as_of,
            self.duplicate,
        ]
    }

    /// True when every row read is accounted for, in rows and in euros.
    pub fn balances(&self) -> bool {
        let skipped = self.skipped();
        let rows = self.eligible.rows + skipped.iter().map(|t| t.rows).sum::<u64>();
        let amount = self.eligible.amount + skipped.iter().map(|t| t.amount).sum::<Decimal>();
        rows == self.read.rows && amount == self.read.amount
    }
}

/// The whole reconciliation of one project.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    /// Costs are counted up to and including this date.
    pub as_of: NaiveDate,
    /// A past reconciliation (`--as-of`): the funder's documents dated after
    /// this are ignored.
    pub documents_until: Option<NaiveDate>,
    /// The ledger files read, in order (their rows moved into `transactions`).
    pub files: Vec<LedgerFile>,
    /// Where each file's project rows went, by file index.
    pub file_accounts: Vec<RowAccount>,
    /// Where all project rows went.
    pub project_account: RowAccount,
    /// Every project row, sorted by date, file and row.
    pub transactions: Vec<Transaction>,
    /// Plan against realised, one line per category in the project's order.
    pub categories: Vec<CategoryLine>,
    /// Funder's share, own share and overrun.
    pub funding: FundingSplit,
    /// Realised and planned per month.
    pub months: Vec<monthly::Month>,
    /// The payment periods and the funder's decisions.
    pub payments: payments::Payments,
    /// Staff costs per person and month under the project's staff-cost
    /// model, when the project file has `[staff]` (set by the run after
    /// the payroll is read; shown on the Staff costs sheet).
    pub staff: Option<crate::staff::StaffCosts>,
    /// The payroll reports and working-time records read, in order (set by
    /// the run; shown on the Sources sheet).
    pub staff_files: Vec<crate::import::payroll::StaffFile>,
    /// The persons as each privacy setting shows them, and their names to
    /// replace in ledger texts: from `[[person]]`, and the payroll's names
    /// where the run has read it.
    pub persons: crate::staff::privacy::PersonNames,
}

impl Reconciliation {
    /// The recoverable VAT taken out of a row's amount at import, if any.
    pub fn vat_removed(&self, source: SourceRef) -> Option<Decimal> {
        let removed = &self.files.get(source.file as usize)?.vat_removed;
        removed
            .binary_search_by_key(&source.row, |(row, _)| *row)
            .ok()
            .map(|i| removed[i].1)
    }

    /// The recoverable VAT taken out of the costs: the project rows up to
    /// the as-of date other than revenues (a sale's VAT is owed, not
    /// recovered, and is left out of this figure).
    pub fn vat_removed_total(&self) -> Decimal {
        if self.files.iter().all(|f| f.vat_removed.is_empty()) {
            return Decimal::ZERO;
        }
        self.transactions
            .iter()
            .filter(|t| t.row.date <= self.as_of && t.status != Status::Revenue)
            .filter_map(|t| self.vat_removed(t.row.source))
            .sum()
    }

    /// The figure velho computes for a stated figure. The funder's figures
    /// (applied, approved, deducted, paid) of a dated document are those of its
    /// day; the ledger's figures are those of the reconciliation.
    pub fn figure(&self, stated: &crate::config::Stated) -> Decimal {
        let rec = self;
        let f = &rec.funding;
        let (applied, approved, deducted) = rec.payments.totals();
        if let Some(day) = stated.date {
            let (applied, basis, deducted, paid) = rec.payments.figures_on(day);
            match stated.figure {
                crate::config::Figure::Applied => return applied,
                crate::config::Figure::Approved => return basis,
                crate::config::Figure::Deducted => return deducted,
                crate::config::Figure::Paid => return paid,
                _ => {}
            }
        }
        match &stated.figure {
            crate::config::Figure::Plan => f.plan,
            crate::config::Figure::Realised => f.realised,
            crate::config::Figure::Eligible => f.eligible,
            crate::config::Figure::Overrun => f.overrun,
            crate::config::Figure::FunderShare => f.funder_share,
            crate::config::Figure::OwnShare => f.own_share,
            crate::config::Figure::Applied => applied,
            crate::config::Figure::Approved => f.approved_basis.unwrap_or(approved),
            crate::config::Figure::Deducted => deducted,
            crate::config::Figure::Paid => rec.payments.paid(),
            crate::config::Figure::Category(c) => {
                rec.categories.get(*c).map_or(Decimal::ZERO, |l| l.realised)
            }
        }
    }
}

/// The date a reconciliation is made as of, and what it means for the
/// funder's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// The latest posting date of the project's rows, capped at the project end.
    Latest,
    /// The user's `--as-of`: costs to the date, and the decisions, advances
    /// and stated figures dated after it ignored, so a past month's
    /// reconciliation reproduces as it stood.
    Past(NaiveDate),
    /// A claim's period end: costs to the date; every decision read counts
    /// (a claim takes the earlier periods' decisions, whenever they came).
    Costs(NaiveDate),
}

impl AsOf {
    /// The date given, if any.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            AsOf::Latest => None,
            AsOf::Past(d) | AsOf::Costs(d) => Some(d),
        }
    }

    /// The date after which the funder's documents are ignored, if any.
    pub fn documents_until(self) -> Option<NaiveDate> {
        match self {
            AsOf::Past(d) => Some(d),
            AsOf::Latest | AsOf::Costs(_) => None,
        }
    }
}

/// While rows move into the transactions, the file's vector gives its memory
/// back every this many rows.
const SHRINK_EVERY: usize = 1 << 16;

/// Reconciles the imported files against the project. `as_of` defaults to the
/// latest posting date of the project's rows, capped at the project end.
pub fn reconcile(
    project: &Project,
    files: Vec<LedgerFile>,
    decisions: Vec<Decision>,
    claims: &[crate::model::ClaimRecord],
    as_of: AsOf,
) -> Result<Reconciliation> {
    reconcile_with_staff(project, files, decisions, claims, as_of, None)
}

/// The date a reconciliation of these files is made as of.
pub fn as_of_date(project: &Project, files: &[LedgerFile], as_of: AsOf) -> NaiveDate {
    as_of
        .date()
        .unwrap_or_else(|| default_as_of(project, files))
}

/// [`reconcile`] with the staff costs by the project's staff-cost model
/// (computed up to [`as_of_date`]): where the model gives the staff
/// category's figure ([`model_category`]), they are its realised costs and
/// the ledger's rows in it are covered by the staff model.
pub fn reconcile_with_staff(
    project: &Project,
    mut files: Vec<LedgerFile>,
    decisions: Vec<Decision>,
    claims: &[crate::model::ClaimRecord],
    as_of: AsOf,
    staff: Option<crate::staff::StaffCosts>,
) -> Result<Reconciliation> {
    let repeats = duplicates::find(&files);
    let explicit_as_of = as_of.documents_until();
    let as_of = as_of_date(project, &files, as_of);
    let figure = match &staff {
        Some(costs) => StaffFigure::of(project, costs)?,
        None => None,
    };
    let classifier = Classifier::new(project, as_of, figure.as_ref().map(|f| f.category));
    let total: usize = files.iter().map(|f| f.rows.len()).sum();
    let mut transactions = Vec::with_capacity(total);
    let mut file_accounts = vec![RowAccount::default(); files.len()];
    let mut project_account = RowAccount::default();
    for (file, repeats) in files.iter_mut().zip(repeats) {
        // The rows move from the file to the transactions from the back, the
        // file's vector shrinking as it goes, so a million rows are never held
        // twice. The order they arrive in does not matter: they are sorted below.
        let mut rows = std::mem::take(&mut file.rows);
        // (Empty for the first file, which repeats nothing.)
        let mut repeats = repeats;
        while let Some(row) = rows.pop() {
            let repeat_of = repeats.pop().flatten();
            let status = match repeat_of {
                Some(original) => Status::Duplicate(original),
                None => classifier.status(&row),
            };
            transactions.push(Transaction { row, status });
            if rows.len() % SHRINK_EVERY == 0 {
                rows.shrink_to_fit();
            }
        }
    }
    // Sorted by date, file and row: unique keys, so the unstable (in-place,
    // no buffer of half the rows) sort gives the one order. The accounts are
    // added up in that order, as before, so every sum is the same.
    transactions.sort_unstable_by_key(|t| (t.row.date, t.row.source));
    for t in &transactions {
        file_accounts[t.row.source.file as usize].add(t.status, t.row.amount())?;
        project_account.add(t.status, t.row.amount())?;
    }
    let mut categories = category_lines(project, &transactions, figure.as_ref())?;
    for (line, to_date) in categories
        .iter_mut()
        .zip(monthly::plan_to_date(project, as_of))
    {
        line.plan_to_date = to_date;
    }
    let months = monthly::months(project, &categories, &transactions, as_of, figure.as_ref())?;
    let payments = payments::payments(
        project,
        decisions,
        claims,
        (&transactions, figure.as_ref()),
        explicit_as_of,
    )?;
    let funding = FundingSplit::compute(
        project,
        &categories,
        -project_account.revenue.amount,
        &payments,
    )?;
    Ok(Reconciliation {
        staff,
        staff_files: Vec::new(),
        persons: crate::staff::privacy::PersonNames::new(&project.persons, []),
        months,
        payments,
        as_of,
        documents_until: explicit_as_of,
        files,
        file_accounts,
        project_account,
        transactions,
        categories,
        funding,
    })
}

fn default_as_of(project: &Project, files: &[LedgerFile]) -> NaiveDate {
    let latest = files
        .iter()
        .flat_map(|f| f.rows.iter().map(|r| r.date))
        .max();
    latest.map_or(project.end, |d| d.clamp(project.start, project.end))
}

fn date_status(project: &Project, as_of: NaiveDate, date: NaiveDate) -> Option<Status> {
    if date < project.start {
        Some(Status::BeforeStart)
    } else if date > project.end {
        Some(Status::AfterEnd)
    } else if date > as_of {
        Some(Status::AfterAsOf)
    } else {
        None
    }
}

fn category_lines(
    project: &Project,
    transactions: &[Transaction],
    staff: Option<&StaffFigure>,
) -> Result<Vec<CategoryLine>> {
    let mut lines: Vec<CategoryLine> = project
        .categories
        .iter()
        .enumerate()
        .map(|(index, c)| CategoryLine {
            index,
            plan: c.plan,
            plan_to_date: c.plan,
            realised: Decimal::ZERO,
            rows: 0,
        })
        .collect();
    for t in transactions {
        if let Some(c) = t.status.category() {
            lines[c].rows += 1;
            lines[c].realised = money::checked_add(
                lines[c].realised,
                t.row.amount(),
                "a category's realised costs",
            )?;
        }
    }
    if let Some(figure) = staff {
        lines[figure.category].realised = figure.within(|_| true)?;
    }
    let mut realised: Vec<Decimal> = lines.iter().map(|l| l.realised).collect();
    apply_flat_rates(project, &mut realised)?;
    for (line, amount) in lines.iter_mut().zip(realised) {
        line.realised = amount;
    }
    Ok(lines)
}

/// Sets each flat-rate category's amount to its percentage of its base
/// categories' amounts, rounded by the project's rule: the one place the
/// flat rate is computed, for the whole project, a period or a claim.
pub fn apply_flat_rates(project: &Project, amounts: &mut [Decimal]) -> Result<()> {
    for (index, category) in project.categories.iter().enumerate() {
        if let Some(flat) = &category.flat_rate {
            let base = flat.base.iter().map(|&b| amounts[b]).sum();
            amounts[index] = project
                .funding
                .percent_of(base, flat.percent, "the flat rate")?;
        }
    }
    Ok(())
}

/// The status of a project row that repeats no earlier file's row: its
/// date against the project's period and the as-of date, else a revenue, else
/// its account's category and that category's eligibility.
pub struct Classifier<'a> {
    project: &'a Project,
    as_of: NaiveDate,
    accounts: AccountMap<'a>,
}

impl<'a> Classifier<'a> {
    /// The statuses of `project`'s rows as of `as_of`, the staff-cost model
    /// giving the figure of category `staff` if any.
    pub fn new(project: &'a Project, as_of: NaiveDate, staff: Option<usize>) -> Self {
        Classifier {
            project,
            as_of,
            accounts: AccountMap::new(project, staff),
        }
    }

    /// The row's status.
    pub fn status(&self, row: &LedgerRow) -> Status {
        date_status(self.project, self.as_of, row.date).unwrap_or_else(|| {
            if self.project.claims.is_revenue(&row.account) {
                Status::Revenue
            } else {
                self.accounts.status(&row.account)
            }
        })
    }
}

/// Account → category and its eligibility, with the answers remembered.
struct AccountMap<'a> {
    project: &'a Project,
    /// The category the staff-cost model counts, if any.
    staff: Option<usize>,
    categories: &'a [Category],
    cache: std::cell::RefCell<HashMap<String, Status>>,
}

impl<'a> AccountMap<'a> {
    fn new(project: &'a Project, staff: Option<usize>) -> Self {
        AccountMap {
            project,
            staff,
            categories: &project.categories,
            cache: Default::default(),
        }
    }

    fn status(&self, account: &str) -> Status {
        if let Some(status) = self.cache.borrow().get(account) {
            return *status;
        }
        let status = self
            .categories
            .iter()
            .position(|c| c.accounts.iter().any(|r| r.contains(account)))
            .map_or(Status::Unmapped, |c| match self.project.eligibility(c) {
                Eligibility::Eligible if self.staff == Some(c) => Status::StaffModel(c),
                Eligibility::Eligible => Status::Eligible(c),
                Eligibility::Covered(_) => Status::Covered(c),
                Eligibility::NotEligible => Status::NotEligible(c),
            });
        self.cache.borrow_mut().insert(account.to_string(), status);
        status
    }
}
