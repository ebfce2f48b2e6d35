//! Writes the ledger exports and the funder's payment decisions of the
//! synthetic sample project `samples/yritysvelho`.
//!
//! ```text
//! cargo run --example generate-sample -- samples/yritysvelho
//! ```
//!
//! The exports hold the whole ledger of a fictional Jämsän kaupunki from
//! January 2020 to January 2023. Cost centre 7311 is the project Yritysvelho
//! (1.9.2020–31.12.2022); every other cost centre is background that velho
//! must filter out. The project's rows add up to fixed figures, and a few
//! anomalies are planted for velho to find. The five payment decisions are
//! computed from the same rows, with planted deductions, one arithmetic error
//! and a final payment capped at the maximum grant.
//! The payroll reports and the working-time record of the project's two
//! people reproduce the personnel costs under the actual-cost model.
//! `samples/yritysvelho/README.md` describes all of it.
//!
//! The output is deterministic: the amounts come from a fixed-seed splitmix64
//! generator, split into independent streams so that changing one part of the
//! ledger leaves the others alone. Money is summed as `Decimal`, never `f64`.

#![warn(clippy::too_many_lines)]

use std::error::Error;
use std::path::Path;
use std::{env, fs};

// The modules shared by both generators; the test binary includes both of
// them, so it holds these modules twice (the same code, on purpose).
#[allow(clippy::duplicate_mod)]
#[path = "../shared/mod.rs"]
mod shared;
use shared::{calendar, csv_text, workbook};

mod checks;
mod city;
mod decision_sheet;
mod decisions;
mod exports;
mod figures;
mod ledger;
mod project;
mod rng;
mod staff;

use calendar::date;
use checks::{Export, check, check_reexport, print_summary, project_once};
use decision_sheet::{decision_file, write_decision};
use decisions::{decisions, print_decisions};
use exports::{Q4, Y2020, Y2021, Y2022, Y2023, write_2020, write_2022, write_2023, write_signed};
use ledger::{between, ledger};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let usage = "usage: generate-sample OUTPUT_FOLDER (e.g. samples/yritysvelho)";
    let out = env::args().nth(1).ok_or(usage)?;
    generate(Path::new(&out), true)
}

/// Writes the five exports into `out/ledger/`, the five payment decisions
/// into `out/decisions/`, the payroll reports into `out/palkat/` and the
/// working-time record into `out/tunnit/`, and checks them; the tests call
/// this to prove the committed sample is exactly what the generator makes.
/// With `report`, prints what was written.
pub fn generate(out: &Path, report: bool) -> Result<()> {
    let dir = out.join("ledger");
    fs::create_dir_all(&dir)?;

    let rows = ledger();
    let part = |from, to| between(&rows, from, to);
    let year = |y| part(date(y, 1, 1), date(y, 12, 31));
    let (y2020, y2021, y2022, y2023) = (year(2020), year(2021), year(2022), year(2023));
    let q4 = part(date(2021, 10, 1), date(2021, 12, 31));
    let exports: [Export; 5] = [
        (Y2020, &y2020),
        (Y2021, &y2021),
        (Q4, &q4),
        (Y2022, &y2022),
        (Y2023, &y2023),
    ];
    assert_eq!(
        rows.len(),
        exports
            .iter()
            .filter(|e| e.0 != Q4)
            .map(|e| e.1.len())
            .sum()
    );
    check(&exports);
    let decisions = decisions(&project_once(&exports));

    write_2020(&dir.join(Y2020), &y2020)?;
    let (period, printed) = ("Pääkirjaote 1.1.2021 - 31.12.2021", "Tulostettu 10.1.2022");
    write_signed(&dir.join(Y2021), period, printed, &y2021)?;
    let (period, printed) = ("Pääkirjaote 1.10.2021 - 31.12.2021", "Tulostettu 12.1.2022");
    write_signed(&dir.join(Q4), period, printed, &q4)?;
    write_2022(&dir.join(Y2022), &y2022)?;
    write_2023(&dir.join(Y2023), &y2023)?;
    check_reexport(&dir)?;

    let folder = out.join("decisions");
    fs::create_dir_all(&folder)?;
    for decision in &decisions {
        write_decision(&folder.join(decision_file(decision.index)), decision)?;
    }

    let payroll = staff::payroll(&rows);
    let folder = out.join("palkat");
    fs::create_dir_all(&folder)?;
    for (year, name, printed) in staff::PAYROLL {
        staff::write_payroll(&folder.join(name), year, printed, &payroll)?;
    }
    let folder = out.join("tunnit");
    fs::create_dir_all(&folder)?;
    staff::write_working_time(&folder.join(staff::WORKING_TIME))?;
    if report {
        print_summary(&exports);
        print_decisions(&decisions);
        staff::print_staff(&payroll);
    }
    Ok(())
}
