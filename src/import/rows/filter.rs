//! Which rows are the project's: the filter's answer for a row's cost
//! centre and project, remembered per pair, and the columns a row of another
//! project is read from.

use compact_str::CompactString;
use rust_decimal::Decimal;

use super::*;

/// At most this many (cost centre, project) pairs have the filter's answer remembered.
const REMEMBERED_PAIRS: usize = 1 << 16;

impl LedgerBuilder<'_> {
    /// Which columns a row of another project is read from (by column
    /// index): the date, the amount columns, the cost centre and the project.
    /// The other fields of such a row are never looked at.
    pub fn early_columns(&self) -> Vec<bool> {
        let roles = [
            Role::Date,
            Role::Amount,
            Role::Debit,
            Role::Credit,
            Role::Marker,
            Role::CostCentre,
            Role::Project,
        ];
        let mut early = vec![false; self.headers.len()];
        for column in roles.iter().filter_map(|&r| self.columns.get(r)) {
            if let Some(e) = early.get_mut(column) {
                *e = true;
            }
        }
        early
    }

    /// True when `push` would read this row as another project's row from
    /// its [`early_columns`](Self::early_columns) alone: a date that is not
    /// empty, a totals label or the header's, and a cost centre and project
    /// the filter does not take. Such a row may be pushed with its other
    /// cells empty.
    pub fn is_other_row(&mut self, cells: &[Cell]) -> bool {
        let date = self.cell(cells, Role::Date);
        let header_date = self
            .columns
            .get(Role::Date)
            .and_then(|c| self.headers.get(c))
            .map_or("", |h| h.trim());
        match date {
            Cell::Text(t)
                if !t.trim().is_empty()
                    && !is_total_label(t)
                    && !t.trim().eq_ignore_ascii_case(header_date) => {}
            _ => return false,
        }
        let cost_centre = self.cell(cells, Role::CostCentre).text();
        let project = self.cell(cells, Role::Project).text();
        !self.belongs(&cost_centre, &project)
    }

    /// A row left out for its missing project code, counted by cost centre
    /// (allocating only for a cost centre not seen before).
    pub(super) fn tally_uncoded(&mut self, cost_centre: &str, amount: Decimal) -> Result<()> {
        let tally = &mut self.file.details.uncoded_other_rows;
        let entry = match tally.get_mut(cost_centre) {
            Some(entry) => entry,
            None => tally.entry(cost_centre.to_string()).or_default(),
        };
        entry.0 += 1;
        entry.1 = money::checked_add(entry.1, amount, "the rows without a project code")?;
        Ok(())
    }

    /// The filter's answer for a cost centre and project, remembered.
    pub(super) fn belongs(&mut self, cost_centre: &str, project: &str) -> bool {
        self.pair_answer(cost_centre, project).is_some()
    }

    /// The codes of a cost centre and project the filter takes (each pair's
    /// codes looked up once, with the filter's answer), or `None`.
    pub(super) fn codes_if_belongs(
        &mut self,
        cost_centre: &str,
        project: &str,
    ) -> Option<(Code, Code)> {
        if let Some(codes) = self.pair_answer(cost_centre, project)? {
            return Some(codes);
        }
        let pair = (self.codes.get(cost_centre), self.codes.get(project));
        if let Some(Pair::Belongs(codes)) = self.belongs.get_mut(self.pair.as_str()) {
            *codes = Some(pair);
        }
        Some(pair)
    }

    /// The remembered answer for a pair (its key left in `self.pair`):
    /// `None` when the filter does not take it, else the pair's codes if
    /// known yet.
    fn pair_answer(&mut self, cost_centre: &str, project: &str) -> Option<Option<(Code, Code)>> {
        // The key: the cost centre's length (as one character), the cost
        // centre and the project; a pair of 21 bytes or less is kept inline.
        // (A cost centre too long for that is asked about every time; the
        // empty key is no pair's.)
        self.pair.clear();
        if let Some(length) = char::from_u32(cost_centre.len() as u32) {
            self.pair.push(length);
            self.pair.push_str(cost_centre);
            self.pair.push_str(project);
        }
        let answer = match self.belongs.get(self.pair.as_str()) {
            Some(&answer) => answer,
            None if self.pair.is_empty() => match self.context.filter.matches(cost_centre, project)
            {
                true => Pair::Belongs(None),
                false => Pair::Other,
            },
            None => {
                let answer = match self.context.filter.matches(cost_centre, project) {
                    true => Pair::Belongs(None),
                    false => Pair::Other,
                };
                if self.belongs.len() < REMEMBERED_PAIRS {
                    self.belongs.insert(CompactString::new(&self.pair), answer);
                }
                answer
            }
        };
        match answer {
            Pair::Belongs(codes) => Some(codes),
            Pair::Other => None,
        }
    }
}

/// The filter's answer for a (cost centre, project) pair.
#[derive(Clone, Copy)]
pub(super) enum Pair {
    /// Another project's: the row is counted, not kept.
    Other,
    /// The project's, with its codes once a row has used them.
    Belongs(Option<(Code, Code)>),
}
