//! A payment decision's figures laid out as the funder's sheet: its file
//! name, the particulars, the payments with the advance netted, and the
//! staff costs and flat rate with their deductions.

use std::path::Path;

use super::Result;
use super::decisions::{CUT_REASON, Decision, FLAT_RATE_REASON};
use super::project::{
    FLAT_RATE_NAME, FUNDER, ORGANISATION, PROJECT_TITLE, RATE_PERCENT, STAFF_NAME,
};
use super::workbook::{CategoryRow, DecisionSheet, ItemRow};

pub fn decision_file(period: &str) -> String {
    format!("maksatuspaatos_{period}.xlsx")
}

pub fn write_decision(path: &Path, d: &Decision) -> Result<()> {
    let approved = d.approved();
    let names = [STAFF_NAME, FLAT_RATE_NAME];
    let reasons = [CUT_REASON, FLAT_RATE_REASON];
    let categories = (0..2)
        .map(|i| CategoryRow {
            name: names[i],
            applied: d.applied[i],
            approved: approved[i],
            deducted: d.deducted[i],
            reason: (!d.deducted[i].is_zero()).then_some(reasons[i]),
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
    let sheet = DecisionSheet {
        funder: FUNDER,
        project: PROJECT_TITLE,
        organisation: ORGANISATION,
        number: d.number,
        decided: d.decided,
        created: d.decided.and_hms_opt(13, 5, 0).expect("valid time"),
        start: d.start,
        end: d.end,
        rate_percent: RATE_PERCENT,
        payments: vec![
            ("Tulot", d.revenue),
            ("Tuki maksatuskaudelta", d.share),
            ("Ennakon vähennys", d.advance_netted),
            ("Maksetaan nyt", d.paid_now()),
            ("Aiemmin maksettu", d.paid_before),
            ("Maksettu yhteensä", d.paid_total()),
        ],
        note: None,
        tables_at: (16, 0),
        categories,
        items,
        widths: &[44.0, 22.0, 14.0, 14.0, 60.0],
    };
    super::workbook::write_decision(path, &sheet)?;
    Ok(())
}
