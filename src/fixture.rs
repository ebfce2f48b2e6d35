//! A small project worked by hand, for unit tests: staff costs
//! (4000–4099), a 15 % flat rate on them covering the other costs
//! (4300–4399), revenues on 3000–3999, at 80 %, and a ledger with one row
//! of each kind the reconciliation sorts (before and after the project, an
//! unmapped account, a revenue, a cost the flat rate covers).

use std::path::Path;

use crate::config::{Project, RowFilter};
use crate::import::read_ledger_bytes;
use crate::reconcile::{AsOf, Reconciliation, reconcile};

/// The project, without payment periods.
pub(crate) const PROJECT: &str = r#"
[project]
name = "Testi"
code = "T"
organisation = "Kunta"
start = 2022-01-01
end = 2022-12-31
[funding]
funder = "Liitto"
rate_percent = 80
[filter]
cost_centres = ["7311"]
[ledger]
files = ["a.csv"]
[claims]
revenue_accounts = ["3000-3999"]
[[category]]
id = "staff"
fi = "Henkilöstö"
en = "Staff"
plan = "1000"
accounts = ["4000-4099"]
[[category]]
id = "flat"
fi = "Flat rate"
en = "Flat rate"
plan = "150"
flat_rate = { percent = 15, base = ["staff"], covers_all_other = true }
[[category]]
id = "other"
fi = "Muut"
en = "Other"
plan = "0"
accounts = ["4300-4399"]
"#;

/// Two payment periods, the halves of 2022, to add to [`PROJECT`].
pub(crate) const PERIODS: &str = r#"
[[period]]
name = "1"
start = 2022-01-01
end = 2022-06-30
[[period]]
name = "2"
start = 2022-07-01
end = 2022-12-31
"#;

/// One row per rule, in this order (ledger rows 2–8).
pub(crate) const LEDGER: &str = "Pvm;Tili;Kp;Selite;Summa
15.12.2021;4000;7311;ennen alkua;10,00
15.3.2022;4000;7311;palkka maaliskuu;100,00
15.3.2022;4300;7311;ostopalvelu;50,00
15.4.2022;3000;7311;tulo;-20,00
15.5.2022;4000;7311;kirjattu myöhässä;30,00
15.8.2022;9999;7311;tuntematon tili;5,00
15.1.2023;4000;7311;päättymisen jälkeen;7,00
";

/// The project of `text` and its reconciliation of `ledger` (read as
/// `a.csv`, cost centre 7311) as of the date `as_of` picks from the project.
pub(crate) fn reconcile_text(
    text: &str,
    ledger: &str,
    as_of: impl FnOnce(&Project) -> AsOf,
) -> (Project, Reconciliation) {
    let project = Project::parse(text, Path::new("velho.toml"), Path::new(".")).unwrap();
    let filter = RowFilter {
        cost_centres: vec!["7311".into()],
        ..RowFilter::default()
    };
    let bytes = ledger.as_bytes().to_vec();
    let options = &project.ledger_options;
    let file = read_ledger_bytes(bytes, "a.csv", "csv", 0, &filter, options).unwrap();
    let rec = reconcile(&project, vec![file], Vec::new(), &[], as_of(&project)).unwrap();
    (project, rec)
}

/// [`PROJECT`] and its reconciliation of [`LEDGER`] as of its end.
pub(crate) fn reconciled() -> (Project, Reconciliation) {
    reconcile_text(PROJECT, LEDGER, |p| AsOf::Past(p.end))
}
