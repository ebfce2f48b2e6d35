//! Dialect sniffing and header search: the delimiter under which a header
//! row with the most recognised columns appears among the first rows.

use std::io;

use super::lines::Records;
use super::{Body, DELIMITERS};
use crate::import::rows::{FileContext, HEADER_SEARCH_ROWS, Header, NearHeader, find_header};

/// Finds the delimiter and the header row: the delimiter under which a header
/// row with the most recognised columns appears. When none does, `near` is
/// the row that came closest ([`NearHeader`]).
pub(super) fn sniff(
    body: Body,
    context: &FileContext,
    near: &mut Option<NearHeader>,
) -> io::Result<Option<(u8, Header)>> {
    let mut best: Option<(u8, Header)> = None;
    for delimiter in DELIMITERS {
        let mut records = Records::new(body, delimiter)?;
        let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
        while let Ok(Some((line, record))) = records.next() {
            rows.push((line, record.iter().map(|f| f.trim().to_string()).collect()));
            if rows.len() >= HEADER_SEARCH_ROWS {
                break;
            }
        }
        let better = |h: &Header| {
            best.as_ref()
                .is_none_or(|(_, b)| h.columns.count() > b.columns.count())
        };
        if best.is_none() {
            for (line, names) in &rows {
                NearHeader::consider(near, *line, names);
            }
        }
        if let Some(header) = find_header(rows, context.options).filter(better) {
            best = Some((delimiter, header));
        }
    }
    Ok(best)
}
