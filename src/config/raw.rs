//! The project file as serde reads it: structs that mirror `velho.toml`
//! key for key. Unknown keys are refused (a typo is an error, not a
//! silently ignored setting); nothing here is validated yet.

use serde::Deserialize;

use crate::text::Message;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) language: Option<String>,
    pub(super) project: RawProject,
    pub(super) funding: RawFunding,
    pub(super) filter: RawFilter,
    pub(super) ledger: Option<RawLedger>,
    pub(super) checks: Option<RawChecks>,
    #[serde(rename = "category", default)]
    pub(super) categories: Vec<RawCategory>,
    #[serde(rename = "period", default)]
    pub(super) periods: Vec<RawPeriod>,
    pub(super) decisions: Option<RawDecisions>,
    #[serde(rename = "advance", default)]
    pub(super) advances: Vec<RawAdvance>,
    #[serde(rename = "change", default)]
    pub(super) changes: Vec<RawChange>,
    #[serde(rename = "stated", default)]
    pub(super) stated: Vec<RawStated>,
    pub(super) claims: Option<RawClaims>,
    pub(super) staff: Option<super::staff::RawStaff>,
    #[serde(rename = "person", default)]
    pub(super) persons: Vec<super::staff::RawPerson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPeriod {
    pub(super) name: toml::Value,
    pub(super) start: toml::Value,
    pub(super) end: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStated {
    pub(super) what: String,
    pub(super) figure: String,
    pub(super) amount: toml::Value,
    pub(super) date: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAdvance {
    pub(super) date: toml::Value,
    pub(super) amount: toml::Value,
    pub(super) netted: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChange {
    pub(super) from: toml::Value,
    pub(super) decision: Option<String>,
    pub(super) max_grant: Option<toml::Value>,
    pub(super) rate_percent: Option<toml::Value>,
    pub(super) end: Option<toml::Value>,
    pub(super) plan: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDecisions {
    pub(super) folder: Option<String>,
    pub(super) files: Option<Vec<String>>,
    /// Decision number → the number of the decision it replaces.
    #[serde(default)]
    pub(super) replaces: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProject {
    pub(super) name: String,
    pub(super) code: String,
    pub(super) organisation: Option<String>,
    pub(super) start: toml::Value,
    pub(super) end: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFunding {
    pub(super) funder: String,
    pub(super) rate_percent: toml::Value,
    pub(super) max_grant: Option<toml::Value>,
    pub(super) own_share_by: Option<String>,
    pub(super) rounding: Option<String>,
    pub(super) vat_recoverable: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFilter {
    /// Text or numbers (`[7311]` is taken as `["7311"]`).
    #[serde(default)]
    pub(super) cost_centres: Vec<toml::Value>,
    /// Text or numbers.
    #[serde(default)]
    pub(super) projects: Vec<toml::Value>,
}

/// A folder of input files, or a list of them.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFiles {
    pub(super) folder: Option<String>,
    pub(super) files: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLedger {
    pub(super) folder: Option<String>,
    pub(super) files: Option<Vec<String>>,
    pub(super) sheet: Option<String>,
    pub(super) encoding: Option<String>,
    pub(super) columns: Option<toml::Table>,
}

impl RawLedger {
    pub(super) fn files(&self) -> RawFiles {
        RawFiles {
            folder: self.folder.clone(),
            files: self.files.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChecks {
    pub(super) category_tolerance_percent: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCategory {
    pub(super) id: String,
    pub(super) fi: String,
    pub(super) en: String,
    pub(super) plan: Option<toml::Value>,
    /// Text or numbers (`[4000]` is taken as `["4000"]`).
    #[serde(default)]
    pub(super) accounts: Vec<toml::Value>,
    pub(super) flat_rate: Option<RawFlatRate>,
    pub(super) eligible: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFlatRate {
    pub(super) percent: toml::Value,
    pub(super) base: Vec<String>,
    #[serde(default)]
    pub(super) covers: Vec<String>,
    #[serde(default)]
    pub(super) covers_all_other: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaims {
    pub(super) folder: Option<String>,
    #[serde(default)]
    pub(super) revenue_accounts: Vec<String>,
    #[serde(default)]
    pub(super) reclaim_vouchers: Vec<String>,
}

impl RawDecisions {
    pub(super) fn files(&self) -> RawFiles {
        RawFiles {
            folder: self.folder.clone(),
            files: self.files.clone(),
        }
    }

    pub(super) fn replaces(&self) -> Result<Vec<(String, String)>, Message> {
        self.replaces
            .iter()
            .map(|(new, old)| match old.as_str() {
                Some(old) if !old.trim().is_empty() => {
                    Ok((new.trim().to_string(), old.trim().to_string()))
                }
                _ => Err(Message::new("config.check.replaces")
                    .with("key", format!("decisions.replaces.\"{new}\""))),
            })
            .collect()
    }
}
