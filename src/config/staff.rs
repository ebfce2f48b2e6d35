//! The staff of the project (`[[person]]`) and its staff-cost model
//! (`[staff]`), read and validated (issue 13). Every error names the key
//! and what was expected.
//!
//! ```toml
//! [staff]
//! model = "standard-side-costs"   # actual-costs, standard-side-costs, hourly-cost, unit-cost
//! side_cost_percent = { 2024 = "21,5", 2025 = "20,9" }
//! # unit_cost = "38,50"           # €/h, the unit-cost model
//! # hours_per_year = 1720         # the hourly-cost model's working year
//! category = "personnel"          # the plan's staff category
//! payroll = { folder = "payroll" }   # or { ledger = true }: the ledger's person column
//! working_time = { folder = "working-time" }
//! # holiday_pay_accounts = ["5080"]  # what a ledger row is, as a pay line
//! holiday_bonus_accounts = ["5083"]
//! side_cost_accounts = ["6100-6199"]
//! # evidence = "payroll"          # actual costs by the payroll, not the ledger
//! # show_persons = "id"           # the reconciliation: "name", "initials" or "id"
//! # show_persons_in_claims = "name"  # a claim and its ledger extract
//!
//! [[person]]
//! id = "pm"
//! name = "Maija Meikäläinen"
//! initials = "MM"
//! role = "Projektipäällikkö"
//! share = "full-time"             # or "60 %", 60, "hours"; or periods = [...]
//! ```

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::raw::RawFiles;
use super::sections::{
    both, by_year, date_value, input_files, kind, non_negative, not_an_account, over_100,
    percent_value,
};
use crate::model::AccountRange;
pub use crate::model::staff::{
    PayType, Person, Share, SharePeriod, ShowPersons, StaffModel, StaffSettings,
};
use crate::text::Message;

/// `[staff]` as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStaff {
    model: Option<String>,
    #[serde(default)]
    side_cost_percent: toml::Table,
    unit_cost: Option<toml::Value>,
    hours_per_year: Option<toml::Value>,
    category: Option<String>,
    payroll: Option<RawPayroll>,
    working_time: Option<RawFiles>,
    #[serde(default)]
    holiday_pay_accounts: Vec<String>,
    #[serde(default)]
    holiday_bonus_accounts: Vec<String>,
    #[serde(default)]
    side_cost_accounts: Vec<String>,
    #[serde(default)]
    pay_types: toml::Table,
    evidence: Option<String>,
    show_persons: Option<String>,
    show_persons_in_claims: Option<String>,
}

/// `payroll`: a folder or files of payroll reports, or `ledger = true`
/// (the ledger's person column serves instead of a payroll report).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPayroll {
    folder: Option<String>,
    files: Option<Vec<String>>,
    ledger: Option<bool>,
}

/// One `[[person]]` as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    id: Option<String>,
    name: Option<String>,
    initials: Option<String>,
    role: Option<String>,
    share: Option<toml::Value>,
    periods: Option<Vec<RawSharePeriod>>,
    #[serde(default)]
    annual_gross_cost: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSharePeriod {
    from: toml::Value,
    to: Option<toml::Value>,
    share: toml::Value,
}

/// The validated `[staff]` section: the model, its settings and where the
/// payroll and the working-time record are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// The model and its settings.
    pub settings: StaffSettings,
    /// The payroll reports to read.
    pub payroll_files: Vec<PathBuf>,
    /// True when the ledger's person column serves instead of a payroll
    /// report (`payroll = { ledger = true }`): the project's rows on the
    /// staff category's accounts that name a person are the pay lines.
    pub payroll_from_ledger: bool,
    /// The working-time records to read.
    pub working_time_files: Vec<PathBuf>,
    /// Ledger accounts of holiday pay (lomapalkat, lomakorvaukset).
    pub holiday_pay_accounts: Vec<AccountRange>,
    /// Ledger accounts of the holiday bonus (lomarahat).
    pub holiday_bonus_accounts: Vec<AccountRange>,
    /// Ledger accounts of the employer's side costs.
    pub side_cost_accounts: Vec<AccountRange>,
    /// Pay types named by the project file (`pay_types`): the payroll's
    /// name and what it is, `None` for one left out (a fringe benefit, a
    /// travel allowance).
    pub pay_types: Vec<(String, Option<PayType>)>,
    /// True when the payroll, not the ledger, is the evidence of the staff
    /// costs (`evidence = "payroll"`): under the actual-cost model too the
    /// model's figure is then the staff category's (the other models'
    /// always is).
    pub payroll_evidence: bool,
    /// How persons appear in the reconciliation (`show_persons`): the
    /// Staff costs sheet, the findings, names in ledger texts.
    pub show_persons: ShowPersons,
    /// How persons appear in a claim and its ledger extract
    /// (`show_persons_in_claims`).
    pub show_persons_in_claims: ShowPersons,
}

impl super::Project {
    /// How persons appear in the reconciliation: `[staff] show_persons`,
    /// by id unless the project says otherwise.
    pub fn show_persons(&self) -> ShowPersons {
        self.staff
            .as_ref()
            .map_or(ShowPersons::Id, |s| s.show_persons)
    }

    /// How persons appear in a claim and its ledger extract:
    /// `[staff] show_persons_in_claims`, by name unless the project says
    /// otherwise (the funder's form asks for the name).
    pub fn show_persons_in_claims(&self) -> ShowPersons {
        self.staff
            .as_ref()
            .map_or(ShowPersons::Name, |s| s.show_persons_in_claims)
    }
}

fn model(raw: Option<&str>) -> Result<StaffModel, Message> {
    let models = [
        StaffModel::ActualCosts,
        StaffModel::StandardSideCosts,
        StaffModel::HourlyCost,
        StaffModel::UnitCost,
    ];
    let Some(text) = raw else {
        return Err(Message::new("config.staff.no_model").with("key", "staff.model"));
    };
    models
        .into_iter()
        .find(|m| m.key() == text.trim())
        .ok_or_else(|| {
            Message::new("config.staff.model")
                .with("key", "staff.model")
                .with("value", text)
        })
}

fn accounts(list: &[String], key: &str) -> Result<Vec<AccountRange>, Message> {
    list.iter()
        .map(|a| AccountRange::parse(a).ok_or_else(|| not_an_account(key, a, "6100-6199")))
        .collect()
}

/// `pay_types = { "Puhelinetu" = "ignore", "1001" = "salary" }`.
fn pay_types(table: &toml::Table) -> Result<Vec<(String, Option<PayType>)>, Message> {
    let kinds = [
        ("salary", Some(PayType::Salary)),
        ("holiday-pay", Some(PayType::HolidayPay)),
        ("holiday-bonus", Some(PayType::HolidayBonus)),
        ("side-costs", Some(PayType::SideCosts)),
        ("ignore", None),
    ];
    table
        .iter()
        .map(|(name, value)| {
            let text = value.as_str().unwrap_or_default().trim();
            kinds
                .iter()
                .find(|(key, _)| *key == text)
                .map(|(_, kind)| (name.clone(), *kind))
                .ok_or_else(|| {
                    Message::new("config.staff.pay_type")
                        .with("key", format!("staff.pay_types.\"{name}\""))
                        .with("value", value)
                })
        })
        .collect()
}

fn files(raw: Option<&RawFiles>, folder: &Path, key: &str) -> Result<Vec<PathBuf>, Message> {
    match raw {
        None => Ok(Vec::new()),
        Some(r) if r.folder.is_none() && r.files.is_none() => Err(Message::new(match key {
            "staff.payroll" => "config.staff.no_payroll_files",
            _ => "config.staff.no_files",
        })
        .with("key", key)),
        Some(r) => input_files(Some(r), folder, key, true),
    }
}

/// `payroll`: the payroll reports, and whether the ledger's person column
/// serves instead of them (`{ ledger = true }`, which needs the staff
/// category: its accounts are the pay lines').
fn payroll(
    raw: Option<&RawPayroll>,
    folder: &Path,
    category: Option<&str>,
) -> Result<(Vec<PathBuf>, bool), Message> {
    let Some(raw) = raw else {
        return Ok((Vec::new(), false));
    };
    let named = raw.folder.is_some() || raw.files.is_some();
    match (raw.ledger, named) {
        (Some(true), true) => {
            Err(Message::new("config.staff.ledger_and_files").with("key", "staff.payroll"))
        }
        (Some(true), false) if category.is_none() => {
            Err(Message::new("config.staff.ledger_needs_category")
                .with("key", "staff.payroll")
                .with("category", "staff.category"))
        }
        (Some(true), false) => Ok((Vec::new(), true)),
        _ => {
            let listed = RawFiles {
                folder: raw.folder.clone(),
                files: raw.files.clone(),
            };
            let key = "staff.payroll";
            Ok((files(Some(&listed), folder, key)?, false))
        }
    }
}

/// `evidence`: `"ledger"` (the default) or `"payroll"`.
fn evidence(raw: Option<&str>) -> Result<bool, Message> {
    match raw.map(str::trim) {
        None | Some("ledger") => Ok(false),
        Some("payroll") => Ok(true),
        Some(other) => Err(Message::new("config.staff.evidence")
            .with("key", "staff.evidence")
            .with("value", other)),
    }
}

/// `show_persons` (the reconciliation, `id` by default) or
/// `show_persons_in_claims` (a claim, `name` by default).
fn show_persons(
    raw: Option<&str>,
    key: &str,
    default: ShowPersons,
) -> Result<ShowPersons, Message> {
    let Some(text) = raw else {
        return Ok(default);
    };
    [ShowPersons::Name, ShowPersons::Initials, ShowPersons::Id]
        .into_iter()
        .find(|s| s.key() == text.trim())
        .ok_or_else(|| {
            Message::new("config.staff.show_persons")
                .with("key", format!("staff.{key}"))
                .with("value", text)
        })
}

/// Validates `[staff]` against the plan's categories.
pub(super) fn staff(
    raw: Option<&RawStaff>,
    folder: &Path,
    categories: &[crate::model::Category],
) -> Result<Option<Staff>, Message> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let category_ids: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
    let model = model(raw.model.as_deref())?;
    let side_cost_percent = by_year(&raw.side_cost_percent, "staff.side_cost_percent", |v, k| {
        let p = percent_value(v, k)?;
        if p > Decimal::ONE_HUNDRED {
            return Err(over_100(k, p));
        }
        Ok(p)
    })?;
    if model == StaffModel::StandardSideCosts && side_cost_percent.is_empty() {
        return Err(Message::new("config.staff.no_side_cost_percent")
            .with("key", "staff.side_cost_percent"));
    }
    let unit_cost = raw
        .unit_cost
        .as_ref()
        .map(|v| non_negative(v, "staff.unit_cost"))
        .transpose()?;
    if model == StaffModel::UnitCost && unit_cost.is_none_or(|u| u.is_zero()) {
        return Err(Message::new("config.staff.no_unit_cost").with("key", "staff.unit_cost"));
    }
    let hours_per_year = match &raw.hours_per_year {
        Some(v) => non_negative(v, "staff.hours_per_year")?,
        None => Decimal::from(1720),
    };
    if hours_per_year.is_zero() {
        return Err(
            Message::new("config.staff.no_hours_per_year").with("key", "staff.hours_per_year")
        );
    }
    if let Some(c) = &raw.category
        && !category_ids.contains(&c.trim())
    {
        return Err(Message::new("config.staff.category")
            .with("key", "staff.category")
            .with("id", c)
            .with("ids", category_ids.join(", ")));
    }
    let category = raw.category.as_ref().map(|c| c.trim().to_string());
    let (payroll_files, payroll_from_ledger) =
        payroll(raw.payroll.as_ref(), folder, category.as_deref())?;
    Ok(Some(Staff {
        settings: StaffSettings {
            model,
            side_cost_percent,
            unit_cost,
            hours_per_year,
            category,
        },
        payroll_files,
        payroll_from_ledger,
        working_time_files: files(raw.working_time.as_ref(), folder, "staff.working_time")?,
        holiday_pay_accounts: accounts(&raw.holiday_pay_accounts, "staff.holiday_pay_accounts")?,
        holiday_bonus_accounts: accounts(
            &raw.holiday_bonus_accounts,
            "staff.holiday_bonus_accounts",
        )?,
        side_cost_accounts: accounts(&raw.side_cost_accounts, "staff.side_cost_accounts")?,
        pay_types: pay_types(&raw.pay_types)?,
        payroll_evidence: evidence(raw.evidence.as_deref())?,
        show_persons: show_persons(raw.show_persons.as_deref(), "show_persons", ShowPersons::Id)?,
        show_persons_in_claims: show_persons(
            raw.show_persons_in_claims.as_deref(),
            "show_persons_in_claims",
            ShowPersons::Name,
        )?,
    }))
}

/// A share of working time: `"full-time"`, a percentage (`60`, `"60 %"`)
/// or `"hours"` (by the working-time record).
fn share_value(value: &toml::Value, key: &str) -> Result<Share, Message> {
    if let toml::Value::String(s) = value {
        let folded = s.trim().to_lowercase().replace(['-', '_'], " ");
        match folded.as_str() {
            "full time" | "kokoaikainen" | "kokoaikaisesti" => return Ok(Share::FullTime),
            "hours" | "tunnit" | "tuntikirjanpito" => return Ok(Share::Hours),
            _ => {}
        }
    }
    let percent = percent_value(value, key).map_err(|_| match value {
        toml::Value::String(s) => Message::new("config.staff.share")
            .with("key", key)
            .with("value", s),
        other => Message::new("config.staff.share_kind")
            .with("key", key)
            .with_message("type", kind(other)),
    })?;
    if percent.is_zero() {
        return Err(Message::new("config.staff.share_zero").with("key", key));
    }
    Ok(Share::PartTime(percent))
}

/// The share periods of one person, in date order, checked for overlaps.
fn share_periods(
    raw: &RawPerson,
    key: &str,
    start: NaiveDate,
) -> Result<Vec<SharePeriod>, Message> {
    let mut periods = match (&raw.share, &raw.periods) {
        (Some(share), None) => vec![SharePeriod {
            from: start,
            to: None,
            share: share_value(share, &format!("{key}.share"))?,
        }],
        (None, Some(list)) if !list.is_empty() => list
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let at = format!("{key}.periods[{}]", i + 1);
                let from = date_value(&p.from, &format!("{at}.from"))?;
                let to =
                    p.to.as_ref()
                        .map(|t| date_value(t, &format!("{at}.to")))
                        .transpose()?;
                if to.is_some_and(|to| to < from) {
                    return Err(Message::new("config.staff.to_before_from")
                        .with("to", format!("{at}.to"))
                        .with("from", format!("{at}.from")));
                }
                let share = share_value(&p.share, &format!("{at}.share"))?;
                Ok(SharePeriod { from, to, share })
            })
            .collect::<Result<Vec<_>, Message>>()?,
        (Some(_), Some(_)) => {
            return Err(both(key, "share", "periods"));
        }
        (None, _) => {
            return Err(Message::new("config.staff.no_share").with("key", key));
        }
    };
    periods.sort_by_key(|p| p.from);
    for pair in periods.windows(2) {
        if pair[0].to.is_none_or(|to| to >= pair[1].from) {
            return Err(Message::new("config.staff.periods_overlap")
                .with("key", format!("{key}.periods"))
                .with("first", pair[0].from)
                .with("second", pair[1].from));
        }
    }
    Ok(periods)
}

/// A name as persons are matched by it: lower case, words only.
fn folded(text: &str) -> String {
    let words: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase();
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The id, name and initials of a person, folded.
fn names_of(person: &Person) -> Vec<String> {
    [
        Some(&person.id),
        person.name.as_ref(),
        person.initials.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|n| folded(n))
    .collect()
}

/// Validates `[[person]]`; shares given without dates start on `start`.
pub(super) fn persons(raw: &[RawPerson], start: NaiveDate) -> Result<Vec<Person>, Message> {
    let mut out: Vec<Person> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let key = format!("person[{}]", i + 1);
        let text = |t: &Option<String>| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let id = text(&p.id)
            .ok_or_else(|| Message::new("config.staff.no_id").with("key", format!("{key}.id")))?;
        let key = format!("{key} (id \"{id}\")");
        let names = [Some(id.clone()), text(&p.name), text(&p.initials)];
        for name in names.iter().flatten() {
            if let Some(other) = out.iter().find(|o| names_of(o).contains(&folded(name))) {
                return Err(Message::new("config.staff.same_name")
                    .with("key", &key)
                    .with("name", name)
                    .with("other", &other.id));
            }
        }
        out.push(Person {
            shares: share_periods(p, &key, start)?,
            annual_gross_cost: by_year(
                &p.annual_gross_cost,
                &format!("{key}.annual_gross_cost"),
                non_negative,
            )?,
            id,
            name: text(&p.name),
            initials: text(&p.initials),
            role: text(&p.role).unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
