//! The checks and conversions of each section of the project file (the
//! plan and its categories, flat rates, the funding, changes and advances,
//! periods, stated figures, the ledger and claims settings, the input
//! files), from the raw structs to the settings velho uses. Every error
//! names the key and what was expected.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::raw::*;
use super::*;

pub(super) fn changes(
    raw: &[RawChange],
    categories: &[Category],
) -> Result<Vec<FundingChange>, String> {
    let mut out = raw
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let key = format!("change[{}]", i + 1);
            let rate_percent = c
                .rate_percent
                .as_ref()
                .map(|v| non_negative(v, &format!("{key}.rate_percent")))
                .transpose()?;
            if rate_percent.is_some_and(|r| r > Decimal::ONE_HUNDRED) {
                return Err(format!(
                    "`{key}.rate_percent`: expected a percentage from 0 to 100"
                ));
            }
            let mut plan = Vec::new();
            for (id, value) in c.plan.iter().flatten() {
                let index = categories
                    .iter()
                    .position(|cat| cat.id == *id)
                    .ok_or_else(|| {
                        format!("`{key}.plan.{id}`: \"{id}\" is not the id of a category")
                    })?;
                let (total, by_year) = plan_value(value, &format!("{key}.plan.{id}"))?;
                plan.push(PlanChange {
                    category: index,
                    total,
                    by_year,
                });
            }
            let change = FundingChange {
                from: date_value(&c.from, &format!("{key}.from"))?,
                decision: c.decision.clone().unwrap_or_default().trim().to_string(),
                max_grant: c
                    .max_grant
                    .as_ref()
                    .map(|v| non_negative(v, &format!("{key}.max_grant")))
                    .transpose()?,
                rate_percent,
                end: c
                    .end
                    .as_ref()
                    .map(|v| date_value(v, &format!("{key}.end")))
                    .transpose()?,
                plan,
            };
            if change.max_grant.is_none()
                && change.rate_percent.is_none()
                && change.end.is_none()
                && change.plan.is_empty()
            {
                return Err(format!(
                    "`{key}` changes nothing; expected max_grant, rate_percent, end or plan"
                ));
            }
            Ok(change)
        })
        .collect::<Result<Vec<_>, String>>()?;
    out.sort_by_key(|c| c.from);
    Ok(out)
}

pub(super) fn advances(raw: &[RawAdvance]) -> Result<Vec<Advance>, String> {
    let mut out = raw
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let key = format!("advance[{}]", i + 1);
            let netted = match a.netted.as_deref().map(str::trim) {
                None | Some("next") => Netting::Next,
                Some("final") => Netting::Final,
                Some(other) => {
                    return Err(format!(
                        "`{key}.netted` is \"{other}\"; expected \"next\" (against the next payments, the default) or \"final\""
                    ));
                }
            };
            Ok(Advance {
                date: date_value(&a.date, &format!("{key}.date"))?,
                amount: non_negative(&a.amount, &format!("{key}.amount"))?,
                netted,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    out.sort_by_key(|a| a.date);
    Ok(out)
}

/// Codes (cost centres, project codes, accounts) written as text or as
/// whole numbers (`[1204]`), each as trimmed text.
pub(super) fn codes(list: &[toml::Value], key: &str) -> Result<Vec<String>, String> {
    list.iter().map(|v| code(v, key)).collect()
}

/// One code written as text or as a whole number.
pub(super) fn code(value: &toml::Value, key: &str) -> Result<String, String> {
    match value {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        toml::Value::Integer(n) => Ok(n.to_string()),
        other => Err(format!(
            "`{key}`: {other} is {}; expected a code as text, such as \"7311\"",
            other.type_str()
        )),
    }
}

pub(super) fn funding(raw: &RawFunding) -> Result<Funding, String> {
    let rate = non_negative(&raw.rate_percent, "funding.rate_percent")?;
    if rate > Decimal::ONE_HUNDRED {
        return Err(format!(
            "`funding.rate_percent` is {rate}; expected a percentage from 0 to 100"
        ));
    }
    let max_grant = match &raw.max_grant {
        Some(v) => Some(non_negative(v, "funding.max_grant")?),
        None => None,
    };
    let rounding = match raw.rounding.as_deref().map(str::trim) {
        None | Some("half-away-from-zero") | Some("half-up") => Rounding::HalfAwayFromZero,
        Some("half-even") | Some("bankers") => Rounding::HalfEven,
        Some(other) => {
            return Err(format!(
                "`funding.rounding` is \"{other}\"; expected \"half-away-from-zero\" (the default) or \"half-even\""
            ));
        }
    };
    Ok(Funding {
        funder: raw.funder.clone(),
        rate_percent: rate,
        max_grant,
        own_share_by: raw.own_share_by.clone().unwrap_or_default(),
        rounding,
        vat_recoverable: raw.vat_recoverable.unwrap_or(false),
    })
}

/// The longest name of a category velho takes.
const LONGEST_NAME: usize = 200;

pub(super) fn categories(raw: &[RawCategory]) -> Result<Vec<Category>, String> {
    if raw.is_empty() {
        return Err("no `[[category]]` tables; expected at least one cost category with its plan and accounts".into());
    }
    let mut out: Vec<Category> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let key = format!("category[{}] (id \"{}\")", i + 1, c.id);
        for (name, text) in [("id", &c.id), ("fi", &c.fi), ("en", &c.en)] {
            let length = text.chars().count();
            if length > LONGEST_NAME {
                return Err(format!(
                    "{key}.{name}: the name is {length} characters long; expected at most {LONGEST_NAME} (it heads columns and stands in the workbook's formulas)"
                ));
            }
        }
        if out.iter().any(|o| o.id == c.id) {
            return Err(format!(
                "{key}: the id is used twice; expected each category to have its own id"
            ));
        }
        // A category the flat rate covers or the decision excludes needs no
        // plan; any other does (checked below, once the flat rates are known).
        let (plan, plan_by_year) = match &c.plan {
            Some(value) => plan_value(value, &format!("{key}.plan"))?,
            None => (Decimal::ZERO, Vec::new()),
        };
        let accounts = codes(&c.accounts, &format!("{key}.accounts"))?
            .iter()
            .map(|a| {
                AccountRange::parse(a).ok_or_else(|| {
                    format!(
                        "{key}.accounts: \"{a}\" is not an account or a range like \"4000-4299\""
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if accounts.is_empty() && c.flat_rate.is_none() {
            return Err(format!(
                "{key}: expected `accounts` (or `flat_rate` for a computed category)"
            ));
        }
        if !accounts.is_empty() && c.flat_rate.is_some() {
            return Err(format!(
                "{key}: a flat-rate category is computed, not booked; remove its `accounts`"
            ));
        }
        check_overlaps(&out, &accounts, &key)?;
        out.push(Category {
            id: c.id.clone(),
            name_fi: c.fi.clone(),
            name_en: c.en.clone(),
            plan,
            plan_by_year,
            accounts,
            flat_rate: None,
            eligible: c.eligible.unwrap_or(true),
        });
    }
    for (i, c) in raw.iter().enumerate() {
        if let Some(f) = &c.flat_rate {
            out[i].flat_rate = Some(flat_rate(
                f,
                &out,
                &format!("category[{}].flat_rate", i + 1),
            )?);
        }
    }
    for (i, c) in raw.iter().enumerate() {
        let covered = out
            .iter()
            .any(|f| f.flat_rate.as_ref().is_some_and(|r| r.covers.contains(&i)));
        if c.plan.is_none() && out[i].eligible && !covered {
            return Err(format!(
                "category[{}] (id \"{}\"): `plan` is missing; expected the category's approved plan, a total such as \"225 000,00\" or by year such as {{ 2021 = 100000, 2022 = 125000 }} (only a category a flat rate covers, or one with eligible = false, may leave it out)",
                i + 1,
                c.id
            ));
        }
    }
    Ok(out)
}

pub(super) fn check_overlaps(
    earlier: &[Category],
    accounts: &[AccountRange],
    key: &str,
) -> Result<(), String> {
    for other in earlier {
        for a in accounts {
            if let Some(b) = other.accounts.iter().find(|b| a.overlaps(b)) {
                let clash = match (a.is_range(), b.is_range()) {
                    (false, true) => format!("account {a} is also in the range {b}"),
                    (false, false) => format!("account {a} is also an account"),
                    (true, true) => format!("the range {a} overlaps the range {b}"),
                    (true, false) => format!("the range {a} holds account {b}"),
                };
                return Err(format!(
                    "{key}.accounts: {clash} of category \"{}\"; an account may feed only one category: take it out of one of them",
                    other.id
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn flat_rate(
    raw: &RawFlatRate,
    categories: &[Category],
    key: &str,
) -> Result<FlatRate, String> {
    let percent = non_negative(&raw.percent, &format!("{key}.percent"))?;
    let base = raw
        .base
        .iter()
        .map(|id| {
            categories
                .iter()
                .position(|c| &c.id == id && c.flat_rate.is_none() && !c.accounts.is_empty())
                .ok_or_else(|| format!("{key}.base: \"{id}\" is not the id of a booked category"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if base.is_empty() {
        return Err(format!(
            "{key}.base is empty; expected the ids of the categories it is computed from"
        ));
    }
    let by_id = |id: &String| {
        categories
            .iter()
            .position(|c| &c.id == id && c.flat_rate.is_none() && !c.accounts.is_empty())
            .ok_or_else(|| format!("{key}.covers: \"{id}\" is not the id of a booked category"))
    };
    let mut covers = raw
        .covers
        .iter()
        .map(by_id)
        .collect::<Result<Vec<_>, _>>()?;
    if raw.covers_all_other {
        covers = (0..categories.len())
            .filter(|c| {
                !base.contains(c)
                    && categories[*c].flat_rate.is_none()
                    && !categories[*c].accounts.is_empty()
            })
            .collect();
    }
    if let Some(c) = covers.iter().find(|c| base.contains(c)) {
        return Err(format!(
            "{key}: \"{}\" cannot be both in `base` and in `covers`",
            categories[*c].id
        ));
    }
    Ok(FlatRate {
        percent,
        base,
        covers,
    })
}

/// `[ledger] sheet`, `encoding` and `[ledger.columns]`.
pub(super) fn ledger_options(raw: Option<&RawLedger>) -> Result<ImportOptions, String> {
    let Some(raw) = raw else {
        return Ok(ImportOptions::default());
    };
    let encoding = match &raw.encoding {
        Some(e) => Some(TextEncoding::parse(e).ok_or_else(|| {
            format!(
                "`ledger.encoding` is \"{e}\"; expected \"utf-8\", \"windows-1252\" or \"utf-16\""
            )
        })?),
        None => None,
    };
    let mut columns = Vec::new();
    for (key, value) in raw.columns.iter().flatten() {
        let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        let role = Role::from_key(key).ok_or_else(|| {
            format!(
                "`ledger.columns.{key}` is not a column role; expected one of {}",
                keys.join(", ")
            )
        })?;
        let name = value.as_str().filter(|n| !n.trim().is_empty()).ok_or_else(|| {
            format!("`ledger.columns.{key}`: expected the column's header as text, e.g. \"Kirjauspvm\"")
        })?;
        columns.push((role, name.to_string()));
    }
    Ok(ImportOptions {
        sheet: raw.sheet.clone().filter(|s| !s.trim().is_empty()),
        encoding,
        columns,
        vat_recoverable: false,
    })
}

/// An input folder that does not exist: what to do about it, plainly.
fn missing_folder(key: &str, dir: &Path, lang: Lang) -> String {
    let dir = dir.display();
    match key {
        "decisions" => lang.fill("config.missing_folder.decisions", &[("dir", &dir)]),
        _ => lang.fill(
            "config.missing_folder.ledger",
            &[("key", &key), ("dir", &dir)],
        ),
    }
}

/// The files of `[ledger]` or `[decisions]`: the listed files, or every
/// spreadsheet or CSV file in the folder (default: the table's own name), in
/// name order. A missing folder is an error only where it is required, or
/// where the project file names its table; the message is in the project
/// file's `language`.
pub(super) fn input_files(
    raw: Option<&RawFiles>,
    folder: &Path,
    key: &str,
    required: bool,
    language: Option<Lang>,
) -> Result<Vec<PathBuf>, String> {
    if let Some(files) = raw.and_then(|l| l.files.as_ref()) {
        if raw.and_then(|l| l.folder.as_ref()).is_some() {
            return Err(format!(
                "`{key}` has both `folder` and `files`; expected one of them"
            ));
        }
        return Ok(files.iter().map(|f| folder.join(f)).collect());
    }
    let name = raw
        .and_then(|l| l.folder.clone())
        .unwrap_or_else(|| key.into());
    let dir = folder.join(&name);
    if !required && raw.is_none() && !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(&dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => missing_folder(key, &dir, language.unwrap_or(Lang::En)),
        _ => format!(
            "`{key}.folder`: cannot read the folder {}: {e}",
            dir.display()
        ),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Not only ordinary files: a broken link (an unmounted network
        // drive), a pipe or a device named like an export is listed, and
        // refused when read, never silently left out.
        .filter(|p| {
            !p.is_dir()
                && is_ledger_file(p)
                // Decisions are spreadsheets: a letter or notes beside them are not.
                && (key != "decisions" || is_spreadsheet(p))
        })
        .collect();
    files.sort();
    if files.is_empty() && required {
        return Err(format!(
            "`{key}.folder`: no files in {} (expected .csv, .txt, .xlsx, .xls or .ods files)",
            dir.display()
        ));
    }
    Ok(files)
}

pub(super) fn claims(raw: Option<&RawClaims>, folder: &Path) -> Result<Claims, String> {
    let Some(raw) = raw else {
        return Ok(Claims {
            folder: folder.join("claims"),
            ..Claims::default()
        });
    };
    let revenue_accounts = raw
        .revenue_accounts
        .iter()
        .map(|a| AccountRange::parse(a).ok_or_else(|| format!("`claims.revenue_accounts`: \"{a}\" is not an account or a range like \"3000-3999\"")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Claims {
        folder: folder.join(raw.folder.as_deref().unwrap_or("claims")),
        revenue_accounts,
        reclaim_vouchers: raw
            .reclaim_vouchers
            .iter()
            .map(|v| v.trim().to_string())
            .collect(),
    })
}

pub(super) fn periods(raw: &[RawPeriod]) -> Result<Vec<Period>, String> {
    raw.iter()
        .enumerate()
        .map(|(i, p)| {
            let key = format!("period[{}]", i + 1);
            let name = match &p.name {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                other => {
                    return Err(format!(
                        "`{key}.name` is {}; expected a name such as \"1\" or \"2021/1\"",
                        other.type_str()
                    ));
                }
            };
            let start = date_value(&p.start, &format!("{key}.start"))?;
            let end = date_value(&p.end, &format!("{key}.end"))?;
            if end < start {
                return Err(format!(
                    "`{key}.end` ({end}) is before `{key}.start` ({start})"
                ));
            }
            Ok(Period { name, start, end })
        })
        .collect()
}

pub(super) fn stated(raw: &[RawStated], categories: &[Category]) -> Result<Vec<Stated>, String> {
    let names = "plan, realised, eligible, overrun, funder_share, own_share, applied, approved, deducted, paid or category:<id>";
    raw.iter()
        .enumerate()
        .map(|(i, s)| {
            let key = format!("stated[{}]", i + 1);
            let figure = match s.figure.trim() {
                "plan" => Figure::Plan,
                "realised" => Figure::Realised,
                "eligible" => Figure::Eligible,
                "overrun" => Figure::Overrun,
                "funder_share" => Figure::FunderShare,
                "own_share" => Figure::OwnShare,
                "applied" => Figure::Applied,
                "approved" => Figure::Approved,
                "deducted" => Figure::Deducted,
                "paid" => Figure::Paid,
                other => match other
                    .strip_prefix("category:")
                    .and_then(|id| categories.iter().position(|c| c.id == id))
                {
                    Some(c) => Figure::Category(c),
                    None => {
                        return Err(format!(
                            "`{key}.figure` is \"{other}\"; expected one of {names}"
                        ));
                    }
                },
            };
            Ok(Stated {
                what: s.what.clone(),
                figure,
                amount: amount_value(&s.amount, &format!("{key}.amount"))?,
                date: s
                    .date
                    .as_ref()
                    .map(|d| date_value(d, &format!("{key}.date")))
                    .transpose()?,
            })
        })
        .collect()
}

/// True for a file velho reads as a ledger export: a known extension, and
/// not an Excel lock file (`~$name.xlsx`) or a hidden file.
pub fn is_ledger_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$") && !name.starts_with('.') && LEDGER_EXTENSIONS.contains(&ext.as_str())
}

/// True for a spreadsheet file (a decision is one).
pub(super) fn is_spreadsheet(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
}

/// An amount written as a number or as text ("390 954,60").
pub(super) fn amount_value(value: &toml::Value, key: &str) -> Result<Decimal, String> {
    let expected = "expected an amount such as 1234.56 or \"1 234,56\"";
    let amount = match value {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::Float(f) => {
            money::from_spreadsheet_number(*f).ok_or_else(|| format!("`{key}`: {expected}"))?
        }
        toml::Value::String(s) => {
            money::parse_amount(s, None).map_err(|e| format!("`{key}`: {}; {expected}", e.0))?
        }
        other => return Err(format!("`{key}` is {}; {expected}", other.type_str())),
    };
    if !money::is_whole_cents(amount) {
        return Err(format!("`{key}` is {amount}; expected whole cents"));
    }
    Ok(amount)
}

pub(super) fn non_negative(value: &toml::Value, key: &str) -> Result<Decimal, String> {
    let amount = amount_value(value, key)?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(format!("`{key}` is {amount}; expected zero or more"));
    }
    Ok(amount)
}

/// A plan: a total, or a table of years (`{ 2021 = 100000, 2022 = 50000 }`).
pub(super) fn plan_value(
    value: &toml::Value,
    key: &str,
) -> Result<(Decimal, Vec<(i32, Decimal)>), String> {
    let toml::Value::Table(years) = value else {
        return Ok((non_negative(value, key)?, Vec::new()));
    };
    let by_year = by_year(years, key, non_negative)?;
    let total = by_year.iter().map(|(_, a)| *a).sum();
    Ok((total, by_year))
}

/// A table of years (`{ 2021 = 100000 }`, `{ 2024 = "21,5" }`) → (year,
/// value), in year order; `value` reads each value under its key.
pub(super) fn by_year<T>(
    years: &toml::Table,
    key: &str,
    value: impl Fn(&toml::Value, &str) -> Result<T, String>,
) -> Result<Vec<(i32, T)>, String> {
    let mut out = Vec::new();
    for (year, v) in years {
        let y: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(|| {
                format!("`{key}`: \"{year}\" is not a year; expected e.g. {{ 2021 = 100000 }}")
            })?;
        out.push((y, value(v, &format!("{key}.{year}"))?));
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}

pub(super) fn date_value(value: &toml::Value, key: &str) -> Result<NaiveDate, String> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(format!(
                "`{key}` is {}; expected a date such as 2020-09-01 or \"1.9.2020\"",
                other.type_str()
            ));
        }
    };
    crate::dates::parse_date(&text).map_err(|e| format!("`{key}`: {e}"))
}
