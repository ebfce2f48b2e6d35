//! A payment decision's figures laid out as the funder's sheet: its file
//! name, the particulars and where the moved decision's tables stand.

use std::path::Path;

use super::Result;
use super::decisions::{DECISION_CATEGORIES, Decision, FUNDER, MOVED_PERIOD, RATE_PERCENT};
use super::workbook::{CategoryRow, DecisionSheet, ItemRow};

pub fn decision_file(index: usize) -> String {
    format!("maksatuspaatos_{index}.xlsx")
}

pub fn write_decision(path: &Path, d: &Decision) -> Result<()> {
    let approved = d.approved();
    let categories = DECISION_CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, name)| CategoryRow {
            name,
            applied: d.applied[i],
            approved: approved[i],
            deducted: d.deducted[i],
            reason: d.reasons[i],
        })
        .collect();
    let items = d
        .items
        .iter()
        .map(|item| ItemRow {
            voucher: &item.voucher,
            date: item.date,
            amount: item.amount,
            reason: item.reason,
        })
        .collect();
    // The tables: from A14, or in the moved decision from C18 under a note.
    let moved = d.index == MOVED_PERIOD;
    let note = "Huom. Hyväksytyt kustannukset on tarkastettu kirjanpitoraportin ja \
                tositteiden perusteella. Vähennykset on eritelty alla.";
    let sheet = DecisionSheet {
        funder: FUNDER,
        project: "Yritysvelho (A12345)",
        organisation: "Jämsän kaupunki",
        number: d.period.number,
        decided: d.period.decided,
        created: d.period.decided.and_hms_opt(9, 30, 0).expect("valid time"),
        start: d.period.start,
        end: d.period.end,
        rate_percent: RATE_PERCENT,
        payments: vec![
            ("Maksetaan nyt", d.paid_now),
            ("Aiemmin maksettu", d.paid_before),
            ("Maksettu yhteensä", d.paid_total()),
        ],
        note: moved.then_some((15, 2, note)),
        tables_at: if moved { (17, 2) } else { (13, 0) },
        categories,
        items,
        widths: if moved {
            &[20.0, 22.0, 40.0, 14.0, 14.0, 14.0, 60.0]
        } else {
            &[40.0, 22.0, 14.0, 14.0, 60.0]
        },
    };
    super::workbook::write_decision(path, &sheet)?;
    Ok(())
}
