//! The ledger's person column as pay lines, worked by hand.

use std::path::Path;

use super::*;
use crate::config::{Project, RowFilter};
use crate::import::{ImportOptions, read_ledger_bytes};

const PROJECT: &str = r#"
    [project]
    name = "Testi"
    code = "T1"
    start = 2024-01-01
    end = 2024-12-31
    [funding]
    funder = "Liitto"
    rate_percent = 80
    [filter]
    projects = ["P1"]
    [ledger]
    files = ["a.csv"]
    [[category]]
    id = "staff"
    fi = "Henkilöstö"
    en = "Staff"
    plan = 10000
    accounts = ["5000-6999"]
    [[category]]
    id = "other"
    fi = "Muut"
    en = "Other"
    plan = 1000
    accounts = ["7000-7999"]
    [staff]
    model = "actual-costs"
    category = "staff"
    payroll = { ledger = true }
    holiday_pay_accounts = ["5080"]
    holiday_bonus_accounts = ["5083"]
    side_cost_accounts = ["6100-6199"]
    [[person]]
    id = "pm"
    name = "Maija Meikäläinen"
    role = "Projektipäällikkö"
    share = "full-time"
"#;

/// Rows 2–9: six staff rows of P1 (one without a person), a travel
/// claim with a person (another category), and a row of another project.
const LEDGER: &str = "Pvm;Tili;Tilin nimi;Projekti;Työntekijä;Summa\n\
31.1.2024;5010;Kuukausipalkat;P1;Meikäläinen Maija;3000,00\n\
31.1.2024;6130;TyEL-maksut;P1;Meikäläinen Maija;520,00\n\
28.6.2024;5080;Lomapalkat;P1;Meikäläinen Maija;1200,00\n\
28.6.2024;5083;Lomarahat;P1;Meikäläinen Maija;600,00\n\
28.6.2024;6410;Sotu-maksut;P1;Meikäläinen Maija;40,00\n\
28.6.2024;6130;TyEL-maksut;P1;;300,00\n\
15.3.2024;7100;Matkat;P1;Meikäläinen Maija;80,00\n\
31.1.2024;5010;Kuukausipalkat;P2;Muu Mikko;2000,00\n";

fn ledger() -> LedgerFile {
    let filter = RowFilter {
        projects: vec!["P1".into()],
        ..RowFilter::default()
    };
    let bytes = LEDGER.as_bytes().to_vec();
    let options = ImportOptions::default();
    read_ledger_bytes(bytes, "gl.csv", "csv", 0, &filter, &options).unwrap()
}

fn project() -> Project {
    Project::parse(PROJECT, Path::new("velho.toml"), Path::new(".")).unwrap()
}

/// By hand: the staff accounts 5000–6999 hold rows 2–7; row 7 names no
/// one. Row 2 is salary (no list names 5010; "Kuukausipalkat" is pay),
/// row 3 side costs (6130 in `side_cost_accounts`), row 4 holiday pay
/// (5080), row 5 the holiday bonus (5083), row 6 side costs by its name
/// ("Sotu-maksut": 6410 is in no list). 5 pay lines + 1 without a person
/// = 6 rows read; the travel row (7100) and P2's row are no staff rows.
#[test]
fn the_staff_rows_that_name_a_person_are_pay_lines() {
    let (file, project) = (ledger(), project());
    let staff = project.staff.as_ref().unwrap();
    let rows = named_rows(&file, &project.categories[0].accounts);
    assert_eq!((rows.named.len(), rows.unnamed), (5, 1));
    let (lines, source) = pay_lines(&file, &rows, &[], staff);
    let got: Vec<String> = lines
        .iter()
        .map(|l| {
            let row = l.source.row.unwrap();
            format!(
                "{} {} {:?} {} row {row}",
                l.person, l.month, l.pay_type, l.amount
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Meikäläinen Maija 1/2024 Salary 3000.00 row 2",
            "Meikäläinen Maija 1/2024 SideCosts 520.00 row 3",
            "Meikäläinen Maija 6/2024 HolidayPay 1200.00 row 4",
            "Meikäläinen Maija 6/2024 HolidayBonus 600.00 row 5",
            "Meikäläinen Maija 6/2024 SideCosts 40.00 row 6",
        ]
    );
    assert_eq!(lines[0].source.file, "gl.csv");
    assert_eq!(source.kind, StaffFileKind::Ledger);
    assert_eq!(source.format, "\"Työntekijä\"");
    assert_eq!(
        (source.rows_read, source.no_person, source.repeated),
        (6, 1, 0)
    );
}

/// A row an earlier file holds too is one pay line: the second of two
/// named rows repeats one, so 1 line, 1 repeated, 2 + 1 rows read.
#[test]
fn a_repeated_row_is_counted_once() {
    let (file, project) = (ledger(), project());
    let staff = project.staff.as_ref().unwrap();
    let mut rows = named_rows(&file, &project.categories[0].accounts);
    rows.named.truncate(2);
    let earlier = SourceRef { file: 0, row: 3 };
    let (lines, source) = pay_lines(&file, &rows, &[None, Some(earlier)], staff);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (source.rows_read, source.repeated, source.no_person),
        (3, 1, 1)
    );
}

/// A file without a person column gives no pay lines: its staff rows all
/// name no one.
#[test]
fn without_a_person_column_no_row_names_anyone() {
    let project = project();
    let text = LEDGER.replace(";Työntekijä", ";Kumppani");
    let filter = RowFilter {
        projects: vec!["P1".into()],
        ..RowFilter::default()
    };
    let file = read_ledger_bytes(
        text.into_bytes(),
        "gl.csv",
        "csv",
        0,
        &filter,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(file.persons, None);
    let rows = named_rows(&file, &project.categories[0].accounts);
    assert_eq!((rows.named.len(), rows.unnamed), (0, 6));
}
