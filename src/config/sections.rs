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
) -> Result<Vec<FundingChange>, Message> {
    let mut out = raw
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let key = format!("change[{}]", i + 1);
            let rate_percent = c
                .rate_percent
                .as_ref()
                .map(|v| rate_value(v, &format!("{key}.rate_percent")))
                .transpose()?;
            let mut plan = Vec::new();
            for (id, value) in c.plan.iter().flatten() {
                let index = categories
                    .iter()
                    .position(|cat| cat.id == *id)
                    .ok_or_else(|| {
                        Message::new("config.check.not_a_category")
                            .with("key", format!("{key}.plan.{id}"))
                            .with("id", id)
                            .with("ids", ids_of(categories.iter()))
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
                return Err(Message::new("config.check.change_changes_nothing").with("key", key));
            }
            Ok(change)
        })
        .collect::<Result<Vec<_>, Message>>()?;
    out.sort_by_key(|c| c.from);
    Ok(out)
}

pub(super) fn advances(raw: &[RawAdvance]) -> Result<Vec<Advance>, Message> {
    let mut out = raw
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let key = format!("advance[{}]", i + 1);
            let netted = match a.netted.as_deref().map(str::trim) {
                None | Some("next") => Netting::Next,
                Some("final") => Netting::Final,
                Some(other) => {
                    return Err(Message::new("config.check.advance_netted")
                        .with("key", format!("{key}.netted"))
                        .with("value", other));
                }
            };
            Ok(Advance {
                date: date_value(&a.date, &format!("{key}.date"))?,
                amount: non_negative(&a.amount, &format!("{key}.amount"))?,
                netted,
            })
        })
        .collect::<Result<Vec<_>, Message>>()?;
    out.sort_by_key(|a| a.date);
    Ok(out)
}

/// Codes (cost centres, project codes, accounts) written as text or as
/// whole numbers (`[1204]`), each as trimmed text.
pub(super) fn codes(list: &[toml::Value], key: &str) -> Result<Vec<String>, Message> {
    list.iter().map(|v| code(v, key)).collect()
}

/// One code written as text or as a whole number.
pub(super) fn code(value: &toml::Value, key: &str) -> Result<String, Message> {
    match value {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        toml::Value::Integer(n) => Ok(n.to_string()),
        other => Err(Message::new("config.check.code_not_text")
            .with("key", key)
            .with("value", other)
            .with_message("type", kind(other))),
    }
}

/// What kind of value a TOML value is ("float", in Finnish
/// "desimaaliluku"), for a message that refuses it.
pub(super) fn kind(value: &toml::Value) -> Message {
    Message::new(match value {
        toml::Value::String(_) => "config.value_kind.string",
        toml::Value::Integer(_) => "config.value_kind.integer",
        toml::Value::Float(_) => "config.value_kind.float",
        toml::Value::Boolean(_) => "config.value_kind.boolean",
        toml::Value::Datetime(_) => "config.value_kind.datetime",
        toml::Value::Array(_) => "config.value_kind.array",
        toml::Value::Table(_) => "config.value_kind.table",
    })
}

/// A percentage over 100 where at most 100 is allowed.
pub(super) fn over_100(key: &str, value: Decimal) -> Message {
    Message::new("config.check.percent_over_100")
        .with("key", key)
        .with("value", value)
}

/// A date key whose date is before the one it follows.
pub(super) fn end_before_start(
    end_key: &str,
    end: NaiveDate,
    start_key: &str,
    start: NaiveDate,
) -> Message {
    Message::new("config.check.end_before_start")
        .with("end_key", end_key)
        .with("end", crate::dates::finnish(end))
        .with("start_key", start_key)
        .with("start", crate::dates::finnish(start))
}

/// Two keys given where one of them is expected.
pub(super) fn both(key: &str, first: &str, second: &str) -> Message {
    Message::new("config.check.both")
        .with("key", key)
        .with("first", first)
        .with("second", second)
}

/// A text that is not an account or a range of accounts.
pub(super) fn not_an_account(key: &str, value: &str, example: &str) -> Message {
    Message::new("config.check.not_an_account")
        .with("key", key)
        .with("value", value)
        .with("example", example)
}

pub(super) fn funding(raw: &RawFunding) -> Result<Funding, Message> {
    let rate = rate_value(&raw.rate_percent, "funding.rate_percent")?;
    let max_grant = match &raw.max_grant {
        Some(v) => Some(non_negative(v, "funding.max_grant")?),
        None => None,
    };
    let rounding = match raw.rounding.as_deref().map(str::trim) {
        None | Some("half-away-from-zero") | Some("half-up") => Rounding::HalfAwayFromZero,
        Some("half-even") | Some("bankers") => Rounding::HalfEven,
        Some(other) => {
            return Err(Message::new("config.check.rounding")
                .with("key", "funding.rounding")
                .with("value", other));
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

pub(super) fn categories(raw: &[RawCategory]) -> Result<Vec<Category>, Message> {
    if raw.is_empty() {
        return Err(Message::new("config.check.no_categories"));
    }
    let mut out: Vec<Category> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let key = format!("category[{}] (id \"{}\")", i + 1, c.id);
        for (name, text) in [("id", &c.id), ("fi", &c.fi), ("en", &c.en)] {
            let length = text.chars().count();
            if length > LONGEST_NAME {
                return Err(Message::new("config.check.name_too_long")
                    .with("key", format!("{key}.{name}"))
                    .with("length", length)
                    .with("most", LONGEST_NAME));
            }
        }
        if out.iter().any(|o| o.id == c.id) {
            return Err(Message::new("config.check.category_id_twice").with("key", &key));
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
                AccountRange::parse(a)
                    .ok_or_else(|| not_an_account(&format!("{key}.accounts"), a, "4000-4299"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if accounts.is_empty() && c.flat_rate.is_none() {
            return Err(Message::new("config.check.no_accounts").with("key", &key));
        }
        if !accounts.is_empty() && c.flat_rate.is_some() {
            return Err(Message::new("config.check.flat_rate_with_accounts").with("key", &key));
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
            return Err(Message::new("config.check.no_plan")
                .with("key", format!("category[{}] (id \"{}\")", i + 1, c.id)));
        }
    }
    Ok(out)
}

pub(super) fn check_overlaps(
    earlier: &[Category],
    accounts: &[AccountRange],
    key: &str,
) -> Result<(), Message> {
    for other in earlier {
        for a in accounts {
            if let Some(b) = other.accounts.iter().find(|b| a.overlaps(b)) {
                let clash = Message::new(match (a.is_range(), b.is_range()) {
                    (false, true) => "config.check.overlap.account_in_range",
                    (false, false) => "config.check.overlap.account_twice",
                    (true, true) => "config.check.overlap.ranges",
                    (true, false) => "config.check.overlap.range_holds_account",
                })
                .with("account", a)
                .with("other", b)
                .with("category", &other.id);
                return Err(Message::new("config.check.overlap.message")
                    .with("key", format!("{key}.accounts"))
                    .with_message("clash", clash));
            }
        }
    }
    Ok(())
}

pub(super) fn flat_rate(
    raw: &RawFlatRate,
    categories: &[Category],
    key: &str,
) -> Result<FlatRate, Message> {
    let percent = non_negative(&raw.percent, &format!("{key}.percent"))?;
    let base = raw
        .base
        .iter()
        .map(|id| {
            categories
                .iter()
                .position(|c| &c.id == id && c.flat_rate.is_none() && !c.accounts.is_empty())
                .ok_or_else(|| not_booked(&format!("{key}.base"), id, categories))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if base.is_empty() {
        return Err(Message::new("config.check.no_base").with("key", format!("{key}.base")));
    }
    let by_id = |id: &String| {
        categories
            .iter()
            .position(|c| &c.id == id && c.flat_rate.is_none() && !c.accounts.is_empty())
            .ok_or_else(|| not_booked(&format!("{key}.covers"), id, categories))
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
        return Err(Message::new("config.check.base_and_covers")
            .with("key", key)
            .with("id", &categories[*c].id));
    }
    Ok(FlatRate {
        percent,
        base,
        covers,
    })
}

/// A flat rate's `base` or `covers` naming a category that is not booked.
fn not_booked(key: &str, id: &str, categories: &[Category]) -> Message {
    let booked = categories
        .iter()
        .filter(|c| c.flat_rate.is_none() && !c.accounts.is_empty());
    Message::new("config.check.not_booked")
        .with("key", key)
        .with("id", id)
        .with("ids", ids_of(booked))
}

/// The categories' ids as a list to choose from: `"personnel", "services"`.
fn ids_of<'a>(categories: impl Iterator<Item = &'a Category>) -> String {
    categories
        .map(|c| format!("\"{}\"", c.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `[ledger] sheet`, `encoding` and `[ledger.columns]`.
pub(super) fn ledger_options(raw: Option<&RawLedger>) -> Result<ImportOptions, Message> {
    let Some(raw) = raw else {
        return Ok(ImportOptions::default());
    };
    let encoding = match &raw.encoding {
        Some(e) => Some(TextEncoding::parse(e).ok_or_else(|| {
            Message::new("config.check.encoding")
                .with("key", "ledger.encoding")
                .with("value", e)
        })?),
        None => None,
    };
    let mut columns = Vec::new();
    for (key, value) in raw.columns.iter().flatten() {
        let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        let role = Role::from_key(key).ok_or_else(|| {
            Message::new("config.check.not_a_role")
                .with("key", format!("ledger.columns.{key}"))
                .with("roles", keys.join(", "))
        })?;
        let name = value
            .as_str()
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| {
                Message::new("config.check.column_header")
                    .with("key", format!("ledger.columns.{key}"))
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
fn missing_folder(key: &str, dir: &Path) -> Message {
    let dir = dir.display();
    match key {
        "decisions" => Message::new("config.missing_folder.decisions").with("dir", dir),
        _ => Message::new("config.missing_folder.ledger")
            .with("key", key)
            .with("dir", dir),
    }
}

/// The files of `[ledger]` or `[decisions]`: the listed files, or every
/// spreadsheet or CSV file in the folder (default: the table's own name), in
/// name order. A missing folder is an error only where it is required, or
/// where the project file names its table.
pub(super) fn input_files(
    raw: Option<&RawFiles>,
    folder: &Path,
    key: &str,
    required: bool,
) -> Result<Vec<PathBuf>, Message> {
    if let Some(files) = raw.and_then(|l| l.files.as_ref()) {
        if raw.and_then(|l| l.folder.as_ref()).is_some() {
            return Err(both(key, "folder", "files"));
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
        std::io::ErrorKind::NotFound => missing_folder(key, &dir),
        _ => Message::new("config.check.folder_unreadable")
            .with("key", format!("{key}.folder"))
            .with("dir", dir.display())
            .with_message("error", Message::verbatim(e.to_string())),
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
        return Err(Message::new("config.check.folder_empty")
            .with("key", format!("{key}.folder"))
            .with("dir", dir.display()));
    }
    Ok(files)
}

pub(super) fn claims(raw: Option<&RawClaims>, folder: &Path) -> Result<Claims, Message> {
    let Some(raw) = raw else {
        return Ok(Claims {
            folder: folder.join("claims"),
            ..Claims::default()
        });
    };
    let revenue_accounts = raw
        .revenue_accounts
        .iter()
        .map(|a| {
            AccountRange::parse(a)
                .ok_or_else(|| not_an_account("claims.revenue_accounts", a, "3000-3999"))
        })
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

pub(super) fn periods(raw: &[RawPeriod]) -> Result<Vec<Period>, Message> {
    raw.iter()
        .enumerate()
        .map(|(i, p)| {
            let key = format!("period[{}]", i + 1);
            let name = match &p.name {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                other => {
                    return Err(Message::new("config.check.period_name")
                        .with("key", format!("{key}.name"))
                        .with_message("type", kind(other)));
                }
            };
            let start = date_value(&p.start, &format!("{key}.start"))?;
            let end = date_value(&p.end, &format!("{key}.end"))?;
            if end < start {
                return Err(end_before_start(
                    &format!("{key}.end"),
                    end,
                    &format!("{key}.start"),
                    start,
                ));
            }
            Ok(Period { name, start, end })
        })
        .collect()
}

pub(super) fn stated(raw: &[RawStated], categories: &[Category]) -> Result<Vec<Stated>, Message> {
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
                    None if other.starts_with("category:") => {
                        return Err(Message::new("config.check.figure_category")
                            .with("key", format!("{key}.figure"))
                            .with("id", other.trim_start_matches("category:"))
                            .with("ids", ids_of(categories.iter())));
                    }
                    None => {
                        return Err(Message::new("config.check.figure")
                            .with("key", format!("{key}.figure"))
                            .with("value", other));
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
pub(super) fn amount_value(value: &toml::Value, key: &str) -> Result<Decimal, Message> {
    let amount = match value {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::Float(f) => money::from_spreadsheet_number(*f)
            .ok_or_else(|| Message::new("config.check.amount").with("key", key))?,
        toml::Value::String(s) => money::parse_amount(s, None).map_err(|e| {
            Message::new("config.check.amount_unreadable")
                .with("key", key)
                .with_message("reason", e.0)
        })?,
        other => {
            return Err(Message::new("config.check.amount_kind")
                .with("key", key)
                .with_message("type", kind(other)));
        }
    };
    if !money::is_whole_cents(amount) {
        return Err(Message::new("config.check.whole_cents")
            .with("key", key)
            .with("value", amount));
    }
    Ok(amount)
}

pub(super) fn non_negative(value: &toml::Value, key: &str) -> Result<Decimal, Message> {
    let amount = amount_value(value, key)?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(negative(key, amount));
    }
    Ok(amount)
}

/// A percentage written as a number, `"21,5"` or `"21,5 %"`.
pub(super) fn percent_value(value: &toml::Value, key: &str) -> Result<Decimal, Message> {
    let percent = percent_number(value, key)?;
    if percent.is_sign_negative() {
        return Err(negative(key, percent));
    }
    Ok(percent)
}

/// A percentage as written, of either sign. Text is read with a decimal
/// comma only when it has one: `"21,5 %"` is 21,5 and `"21.5"` 21,5, but
/// `"0.080"` is refused as ambiguous rather than read as 80 with a
/// thousands point (a reviewer's case: a rate of 8 % read as 80 %).
fn percent_number(value: &toml::Value, key: &str) -> Result<Decimal, Message> {
    Ok(match value {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::Float(f) => money::from_spreadsheet_number(*f)
            .ok_or_else(|| Message::new("config.staff.percent").with("key", key))?,
        toml::Value::String(s) => {
            let text = s.trim().trim_end_matches('%').trim();
            let mark = text.contains(',').then_some(money::DecimalMark::Comma);
            money::parse_amount(text, mark).map_err(|e| {
                Message::new("config.staff.percent_unreadable")
                    .with("key", key)
                    .with_message("reason", e.0)
            })?
        }
        other => {
            return Err(Message::new("config.staff.percent_kind")
                .with("key", key)
                .with_message("type", kind(other)));
        }
    })
}

/// A rate: a percentage from 0 to 100, written as a number or as text
/// (`"80 %"`, `"80,5"`).
pub(super) fn rate_value(value: &toml::Value, key: &str) -> Result<Decimal, Message> {
    let rate = percent_number(value, key)?;
    if rate.is_sign_negative() || rate > Decimal::ONE_HUNDRED {
        return Err(over_100(key, rate));
    }
    Ok(rate)
}

/// A value below zero where zero or more is expected.
pub(super) fn negative(key: &str, value: Decimal) -> Message {
    Message::new("config.check.negative")
        .with("key", key)
        .with("value", value)
}

/// A plan: a total, or a table of years (`{ 2021 = 100000, 2022 = 50000 }`).
pub(super) fn plan_value(
    value: &toml::Value,
    key: &str,
) -> Result<(Decimal, Vec<(i32, Decimal)>), Message> {
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
    value: impl Fn(&toml::Value, &str) -> Result<T, Message>,
) -> Result<Vec<(i32, T)>, Message> {
    let mut out = Vec::new();
    for (year, v) in years {
        let y: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(|| {
                Message::new("config.check.not_a_year")
                    .with("key", key)
                    .with("year", year)
            })?;
        out.push((y, value(v, &format!("{key}.{year}"))?));
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}

pub(super) fn date_value(value: &toml::Value, key: &str) -> Result<NaiveDate, Message> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(Message::new("config.check.date_kind")
                .with("key", key)
                .with_message("type", kind(other)));
        }
    };
    crate::dates::parse_date(&text).map_err(|e| {
        Message::new("config.check.date_unreadable")
            .with("key", key)
            .with_message("reason", e)
    })
}
