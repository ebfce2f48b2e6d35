//! The accounts part of the starter `velho.toml`: the accounts found,
//! grouped into suggested cost categories by the chart of accounts, travel
//! accounts as a category of their own, revenues offered (commented out)
//! as `[claims] revenue_accounts`, and grants received set apart: a grant
//! the funder pays is neither a project cost nor project revenue.

use crate::init::chart::{Group, Kind};
use crate::init::survey::Tally;
use crate::init::text::{Text, one_line, quoted};
use crate::model::Lang;

/// Which accounts a list of found accounts holds.
#[derive(Clone, Copy)]
enum Pick<'g> {
    /// The accounts of a group, travel and grants received left out.
    Group(&'g Group),
    /// Cost accounts whose name says travel.
    Travel,
    /// Income accounts of grants or aid received.
    Grants,
    /// Accounts the chart does not place.
    Unplaced,
}

impl Text<'_> {
    /// True for an account the pick holds.
    fn picks(&self, pick: Pick, account: &str, tally: &Tally) -> bool {
        let chart = self.starter.chart;
        let group = chart.group_of(account);
        let travel = chart.is_travel(account, &tally.name);
        let grant = chart.is_grant_received(account, &tally.name);
        match pick {
            Pick::Group(g) => group.map(|x| x.id) == Some(g.id) && !travel && !grant,
            Pick::Travel => travel,
            Pick::Grants => grant,
            Pick::Unplaced => group.is_none(),
        }
    }

    /// The accounts a pick holds, in account order.
    fn picked(&self, pick: Pick) -> Vec<(&str, &Tally)> {
        self.starter
            .survey
            .accounts
            .iter()
            .filter(|(account, tally)| self.picks(pick, account, tally))
            .map(|(account, tally)| (account.as_str(), tally))
            .collect()
    }

    /// The accounts a pick holds, as comment lines with name, rows and sum.
    fn found_lines(&self, pick: Pick) -> Vec<String> {
        self.picked(pick)
            .into_iter()
            .map(|(account, tally)| {
                format!(
                    "#   {:<8} {:<32} {:>11}  {}",
                    one_line(account),
                    one_line(&tally.name),
                    self.rows(tally.rows),
                    self.eur(tally.sum)
                )
            })
            .collect()
    }

    /// The heading of a list of accounts: the sums are of every export
    /// read, all cost centres and project codes, not the project's alone.
    fn found_heading(&mut self) {
        self.note("init.file.accounts_found");
    }
}

/// A group's range as `accounts` items, the accounts carved out of it
/// (travel accounts given a category of their own) left out:
/// 4300–4499 without 4420 is `"4300-4419", "4421-4499"`.
fn ranges(from: u64, to: u64, carved: &[u64]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = from;
    let mut carved: Vec<u64> = carved
        .iter()
        .copied()
        .filter(|n| (from..=to).contains(n))
        .collect();
    carved.sort_unstable();
    carved.dedup();
    for n in carved {
        if n > start {
            out.push((start, n - 1));
        }
        start = n + 1;
    }
    if start <= to {
        out.push((start, to));
    }
    out.into_iter()
        .map(|(a, b)| {
            if a == b {
                quoted(&a.to_string())
            } else {
                quoted(&format!("{a}-{b}"))
            }
        })
        .collect()
}

/// One suggested `[[category]]` with its accounts and those found.
fn category(t: &mut Text, (id, name): (&str, &str), accounts: &[String], found: Vec<String>) {
    let p = t.placeholder();
    t.line("[[category]]");
    t.line(&format!("id = \"{id}\""));
    t.line(&format!("fi = {}", quoted(Lang::Fi.text(name))));
    t.line(&format!("en = {}", quoted(Lang::En.text(name))));
    t.keyed("plan", &p, "init.file.plan");
    let note = t.text("init.file.suggested").to_string();
    t.line(&format!("accounts = [{}]   # {note}", accounts.join(", ")));
    t.found_heading();
    for line in found {
        t.line(&line);
    }
}

/// The suggested cost categories, then revenues and the rest.
pub(super) fn categories(t: &mut Text) {
    let chart = t.starter.chart;
    t.line(&format!(
        "# {} {}.",
        t.text("init.file.categories_heading"),
        chart.name(t.lang)
    ));
    let reason = format!(
        "{}: {}.",
        t.text("init.file.categories_why"),
        one_line(&t.starter.chart_reason)
    );
    t.line(&format!("# {reason}"));
    t.note("init.file.categories_other_chart");
    t.note("init.file.categories_edit");
    let carved: Vec<u64> = t
        .picked(Pick::Travel)
        .iter()
        .chain(&t.picked(Pick::Grants))
        .filter_map(|(a, _)| a.trim().parse().ok())
        .collect();
    for group in chart.groups().iter().filter(|g| g.kind == Kind::Cost) {
        let found = t.found_lines(Pick::Group(group));
        if !found.is_empty() {
            let accounts = ranges(group.from, group.to, &carved);
            t.line("");
            category(t, (group.id, group.name), &accounts, found);
        }
    }
    travel(t);
    revenues_and_others(t);
}

/// Travel accounts, told by their names, as a category of their own: most
/// decisions plan travel apart, and some flat rates cover it.
fn travel(t: &mut Text) {
    let accounts: Vec<String> = t
        .picked(Pick::Travel)
        .iter()
        .map(|(a, _)| quoted(a))
        .collect();
    if accounts.is_empty() {
        return;
    }
    let found = t.found_lines(Pick::Travel);
    t.line("");
    t.note("init.file.travel");
    category(t, ("travel", "init.category.travel"), &accounts, found);
}

/// Revenues (commented out), grants received set apart, the groups that
/// are usually not project costs, and the accounts no group places.
fn revenues_and_others(t: &mut Text) {
    let chart = t.starter.chart;
    for group in chart.groups().iter().filter(|g| g.kind != Kind::Cost) {
        let found = t.found_lines(Pick::Group(group));
        if group.kind == Kind::Revenue {
            revenues(t, group, found);
            continue;
        }
        if found.is_empty() {
            continue;
        }
        t.line("");
        let name = t.text(group.name);
        t.line(&format!(
            "# {name} ({}-{}): {}",
            group.from,
            group.to,
            t.text("init.file.not_project_cost")
        ));
        for line in found {
            t.line(&line);
        }
    }
    let unsorted = t.found_lines(Pick::Unplaced);
    if !unsorted.is_empty() {
        t.line("");
        t.note("init.file.accounts_unplaced");
        for line in unsorted {
            t.line(&line);
        }
    }
}

/// Revenue accounts, offered commented out (velho never deducts revenue
/// on a guess), and grants received, listed apart and never offered.
fn revenues(t: &mut Text, group: &Group, found: Vec<String>) {
    if !found.is_empty() {
        let accounts: Vec<String> = t
            .picked(Pick::Group(group))
            .iter()
            .map(|(a, _)| quoted(a))
            .collect();
        t.line("");
        t.note("init.file.revenues");
        t.note("init.file.revenues_uncomment");
        t.line("# [claims]");
        t.line(&format!("# revenue_accounts = [{}]", accounts.join(", ")));
        t.found_heading();
        for line in found {
            t.line(&line);
        }
    }
    let grants = t.found_lines(Pick::Grants);
    if !grants.is_empty() {
        t.line("");
        t.note("init.file.grants_received");
        for line in grants {
            t.line(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carved_accounts_split_a_range() {
        assert_eq!(
            ranges(4300, 4499, &[4420]),
            ["\"4300-4419\"", "\"4421-4499\""]
        );
        assert_eq!(ranges(7000, 8999, &[7000, 7001, 9000]), ["\"7002-8999\""]);
        assert_eq!(ranges(4000, 4002, &[4001]), ["\"4000\"", "\"4002\""]);
        assert_eq!(ranges(4000, 4299, &[]), ["\"4000-4299\""]);
        assert!(ranges(4420, 4420, &[4420]).is_empty());
    }
}
