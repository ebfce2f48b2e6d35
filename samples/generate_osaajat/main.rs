//! Writes the ledger exports and the funder's payment decisions of the
//! second sample project, `samples/osaajat`.
//!
//! ```text
//! cargo run --example generate-osaajat -- samples/osaajat
//! ```
//!
//! Kylätoimintayhdistys Osaajat ry, a village association in Juva, runs the
//! ESR+ project Osaajat (1.3.2023–31.12.2024), funded 80 % by Etelä-Savon
//! ELY-keskus under the 2021–27 model: actual staff costs plus a flat rate of
//! 40 % of them that covers every other cost. The association still books its
//! other costs (rent, travel, trainers, materials) on the project, so they
//! are in the ledger but never eligible. Course fees are revenues, deducted
//! before the rate. An advance of 20 % of the maximum grant is netted against
//! the first two payments; the funder cuts a one-off bonus from the staff
//! costs of period 2, which cuts the flat rate too; period 3 (the final one)
//! has no decision yet.
//!
//! The ledger is the association's whole profit-and-loss ledger for 2023 and
//! 2024: the Osaajat project, the village-hall renovation project KYLÄTALO
//! and the association's own rows without a project. 2023 is a Netvisor CSV
//! (UTF-8 with BOM, `;`, decimal comma, Debet/Kredit); in 2024 the books
//! moved to Procountor, whose export is an .xlsx grouped by account with a
//! subtotal under each account.
//!
//! Nothing is random: every row is written out (`purchases`), the payroll
//! computed from salaries, hours and side-cost rates (`payroll`). The figures
//! of `samples/osaajat/README.md` are written once (`expected`, `EXPECTED_…`),
//! and the generator checks that the rows add up to them before it writes a
//! file.
//! Money is `Decimal`, never `f64`, except when written into a number cell.

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

mod decision_sheet;
mod decisions;
mod expected;
mod exports;
mod ledger;
mod payroll;
mod project;
mod purchases;

use csv_text::grouped;
use decision_sheet::{decision_file, write_decision};
use decisions::decisions;
use expected::check;
use exports::{Y2023, Y2024, write_netvisor, write_procountor};
use ledger::{Row, number, vouchers};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let usage = "usage: generate-osaajat OUTPUT_FOLDER (e.g. samples/osaajat)";
    let out = env::args().nth(1).ok_or(usage)?;
    generate(Path::new(&out), true)
}

/// Checks the figures, then writes the two exports into `out/ledger/` and the
/// two payment decisions into `out/decisions/`. With `report`, prints the
/// figures and what was written.
pub fn generate(out: &Path, report: bool) -> Result<()> {
    let vouchers = vouchers();
    let (y2023, y2024) = (number(&vouchers, 2023), number(&vouchers, 2024));
    let rows: Vec<Row> = y2023.iter().chain(&y2024).cloned().collect();
    assert_eq!(
        rows.len(),
        vouchers.iter().map(|v| v.lines.len()).sum::<usize>()
    );
    let project: Vec<&Row> = rows.iter().filter(|r| r.in_project()).collect();
    let decisions = decisions(&project);
    check(&project, &rows, &decisions, report);

    let dir = out.join("ledger");
    fs::create_dir_all(&dir)?;
    write_netvisor(&dir.join(Y2023), &y2023)?;
    write_procountor(&dir.join(Y2024), &y2024)?;
    let folder = out.join("decisions");
    fs::create_dir_all(&folder)?;
    for decision in &decisions {
        write_decision(&folder.join(decision_file(decision.period)), decision)?;
    }
    if report {
        for (name, rows) in [(Y2023, &y2023), (Y2024, &y2024)] {
            let own = rows.iter().filter(|r| r.in_project()).count();
            println!(
                "ledger/{name}: {} rows, {own} of the project in its period",
                rows.len()
            );
        }
        for dec in &decisions {
            for item in &dec.items {
                println!(
                    "decision {}: deducted voucher {} {} {}",
                    dec.period,
                    item.voucher,
                    item.date.format("%-d.%-m.%Y"),
                    grouped(item.amount)
                );
            }
        }
    }
    Ok(())
}
