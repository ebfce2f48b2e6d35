//! Payment applications: the sample's claims for every period, read back to
//! the cent, and the claim rules (flat rate, the 40 % model, what not to claim).

use std::fs;
use std::path::{Path, PathBuf};

use calamine::Data;
use rust_decimal::Decimal;

use crate::harness::{Book, amount, copy_dir, dec, sample, stderr, text, velho};
use crate::recalc::assert_formulas_recalculate;

/// A copy of the sample in a temporary folder, its velho.toml edited by `edit`.
fn sample_copy(edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("yritysvelho");
    copy_dir(&sample(), &project);
    let toml = project.join("velho.toml");
    fs::write(&toml, edit(fs::read_to_string(&toml).unwrap())).unwrap();
    (dir, project)
}

fn claim(project: &Path, period: &str) -> Book {
    let out = velho(
        project,
        &["claim", ".", "--period", period, "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    Book::open(&project.join(format!("claims/YRITYSVELHO-claim-{period}.xlsx")))
}

/// The value beside a label on the Claim sheet (column B).
fn figure(book: &mut Book, label: &str) -> Decimal {
    amount(&book.sheet("Claim").row_labelled(label)[1])
}

#[test]
fn the_sample_is_claimed_period_by_period_to_the_cent() {
    let (_dir, project) = sample_copy(|t| t);
    let expected = [
        ("1", "51722.06", "6422.98", "46549.85"),
        ("2", "101337.25", "10375.34", "91203.53"),
        ("3", "82002.15", "9843.12", "73801.94"),
        ("4", "114407.57", "14291.42", "102966.81"),
        ("5", "87925.97", "13319.14", "79133.37"),
    ];
    for (period, costs, flat, share) in expected {
        let mut book = claim(&project, period);
        assert_eq!(
            figure(&mut book, "Costs in all"),
            dec(costs),
            "period {period}"
        );
        assert_eq!(
            figure(&mut book, "Indirect costs (flat rate 24 %)"),
            dec(flat),
            "period {period}"
        );
        assert_eq!(
            figure(&mut book, "This period's funder's share at 90 %"),
            dec(share),
            "period {period}"
        );
        if period != "5" {
            assert_eq!(
                figure(&mut book, "Amount applied for"),
                dec(share),
                "period {period}: an interim claim applies for its share at the rate"
            );
        }
        // The per-person table of the period (issue 13): the sample's
        // payroll under the actual-cost model adds up to the personnel
        // costs claimed from the ledger.
        let persons = book.sheet("Staff costs");
        assert_eq!(
            amount(&persons.row_labelled("Total")[12]),
            amount(&book.sheet("Claim").row_labelled("Personnel costs")[1]),
            "period {period}: the per-person table's total is the staff figure"
        );
        let applied_lines = book
            .sheet("Claim")
            .rows()
            .iter()
            .filter(|r| matches!(r.first(), Some(Data::String(s)) if s.starts_with("Amount applied for")))
            .count();
        assert_eq!(applied_lines, 1, "period {period}: one amount applied for");
        let extract = book.sheet("Ledger extract");
        // Under the heading block and the header row.
        let postings: Decimal = extract
            .rows()
            .iter()
            .skip_while(|r| !matches!(&r[0], Data::String(s) if s == "Cost category"))
            .skip(1)
            .filter(|r| !matches!(r[7], Data::Empty))
            .map(|r| amount(&r[7]))
            .sum();
        assert_eq!(
            postings + dec(flat),
            dec(costs),
            "the extract holds every booked line of period {period}"
        );
    }
    // Claim 3: the grant remaining if claim 3 is approved in full: the
    // maximum grant less what decisions 1 and 2 paid less claim 3's share.
    let mut third = Book::open(&project.join("claims/YRITYSVELHO-claim-3.xlsx"));
    assert_eq!(
        figure(&mut third, "Paid by the funder earlier"),
        dec("46549.85") + dec("91203.53")
    );
    // 390 954,60 − 137 753,38 − 73 801,94 = 179 399,28.
    assert_eq!(
        figure(&mut third, "Maximum grant remaining after this claim"),
        dec("179399.28")
    );
    let mut last = Book::open(&project.join("claims/YRITYSVELHO-claim-5.xlsx"));
    // The whole project on the approved basis: periods 1–4 as approved (the
    // ineligible VAT 318,24 out, the re-claimed invoice once) + claim 5.
    let approved_1_to_4 = dec("437076.76") - dec("87925.97");
    assert_eq!(
        figure(&mut last, "Earlier periods' costs (approved basis)"),
        approved_1_to_4
    );
    assert_eq!(
        figure(
            &mut last,
            "The project's net costs (earlier periods approved + this claim)"
        ),
        dec("437076.76")
    );
    // 434 394,00 − 437 076,76 = −2 682,76.
    assert_eq!(
        figure(&mut last, "Plan remaining after this claim"),
        dec("-2682.76")
    );
    assert_eq!(
        figure(&mut last, "Overrun, paid by the beneficiary"),
        dec("2682.76"),
        "the overrun on the approved basis stays with the city"
    );
    // min(round(90 % × 437 076,76), 390 954,60) = min(393 369,08, 390 954,60).
    assert_eq!(
        figure(&mut last, "The funder's share of the whole project"),
        dec("390954.60")
    );
    assert_eq!(
        figure(&mut last, "Paid by the funder earlier"),
        dec("314231.72")
    );
    // 390 954,60 − 314 231,72 = 76 722,88.
    assert_eq!(
        figure(&mut last, "Amount applied for: the final payment"),
        dec("76722.88")
    );
    assert_eq!(
        figure(&mut last, "Maximum grant remaining after this claim"),
        Decimal::ZERO
    );
    let personnel = last.sheet("Claim").row_labelled("Personnel costs");
    assert_eq!(
        amount(&personnel[4]),
        dec("226050.00"),
        "claimed in all, across the five claims"
    );
    if let Some(n) = assert_formulas_recalculate(&project.join("claims/YRITYSVELHO-claim-5.xlsx")) {
        assert!(n > 30, "{n} formulas");
    }
}

#[test]
fn what_is_not_claimed_is_listed_with_the_reason() {
    let (_dir, project) = sample_copy(|t| {
        t.replace(
            "reclaim_vouchers = [\"2021-002636\"]",
            "reclaim_vouchers = []",
        )
    });
    for period in ["1", "2"] {
        claim(&project, period);
    }
    let mut p2 = Book::open(&project.join("claims/YRITYSVELHO-claim-2.xlsx"));
    let not_claimed = p2.sheet("Not claimed").rows();
    assert_eq!(not_claimed.len(), 2, "the header and the unmapped row");
    assert_eq!(text(&not_claimed[1][1]), "2021-001399");
    assert_eq!(
        text(&not_claimed[1][5]),
        "The account feeds no cost category."
    );
    let mut p3 = claim(&project, "3");
    assert_eq!(
        figure(&mut p3, "Costs in all"),
        dec("82002.15") - dec("1272.40"),
        "the invoice deducted in period 2 is not claimed again"
    );
    let rows = p3.sheet("Not claimed").rows();
    let reasons: Vec<String> = rows.iter().skip(1).map(|r| text(&r[5])).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .all(|r| r.starts_with("The funder deducted it in decision KSL/2021/0418")),
        "{reasons:?}"
    );
}

#[test]
fn the_flat_rate_percentage_changes_the_claim_exactly() {
    let (_dir, project) = sample_copy(|t| t.replace("percent = 24, base", "percent = 15, base"));
    let mut book = claim(&project, "1");
    let flat = dec("26762.40") * dec("0.15");
    assert_eq!(
        figure(&mut book, "Indirect costs (flat rate 24 %)"),
        dec("4014.36")
    );
    assert_eq!(flat.round_dp(2), dec("4014.36"));
    assert_eq!(
        figure(&mut book, "Costs in all"),
        dec("51722.06") - dec("6422.98") + dec("4014.36")
    );
}

#[test]
fn the_forty_percent_model_covers_all_other_costs() {
    let (_dir, project) = sample_copy(|t| {
        t.replace(
            "flat_rate = { percent = 24, base = [\"personnel\"] }",
            "flat_rate = { percent = 40, base = [\"personnel\"], covers_all_other = true }",
        )
    });
    let mut book = claim(&project, "1");
    assert_eq!(figure(&mut book, "Personnel costs"), dec("26762.40"));
    assert_eq!(
        figure(&mut book, "Indirect costs (flat rate 24 %)"),
        dec("10704.96")
    );
    assert_eq!(figure(&mut book, "Purchased services"), dec("0"));
    assert_eq!(figure(&mut book, "Costs in all"), dec("37467.36"));
    let rows = book.sheet("Not claimed").rows();
    let covered: Decimal = rows
        .iter()
        .skip(1)
        .filter(|r| text(&r[5]).starts_with("Covered by the flat rate"))
        .map(|r| amount(&r[4]))
        .sum();
    assert_eq!(
        covered,
        dec("14511.37") + dec("641.98") + dec("3383.33"),
        "services, travel and other, each row with its reason"
    );
}

#[test]
fn a_claim_is_never_overwritten_and_its_csv_is_safe_to_open() {
    let (_dir, project) = sample_copy(|t| t);
    claim(&project, "1");
    let again = velho(&project, &["claim", ".", "--period", "1", "--lang", "en"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );
    let csv =
        fs::read_to_string(project.join("claims/YRITYSVELHO-claim-1-ledger-extract.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Cost category;Account;"));
    assert!(
        csv.contains(";'=Kahvitus, ohjausryhmä;"),
        "a description that starts with = is prefixed with '"
    );
    let total: Decimal = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.split(';')
                .nth(7)
                .filter(|a| !a.is_empty())
                .map(|a| a.replace(',', ".").parse::<Decimal>().unwrap())
        })
        .sum();
    assert_eq!(
        total,
        dec("51722.06") - dec("6422.98"),
        "the CSV holds every booked line"
    );
    let bad = velho(&project, &["claim", ".", "--period", "syksy"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        // Said in the project's language (Finnish) once its file is read.
        stderr(&bad).contains(
            "komentorivi: --period \"syksy\" ei ole velho.toml-tiedoston kausi (1, 2, 3, 4, 5)"
        ),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn reconcile_shows_what_was_claimed_against_the_decisions() {
    let (_dir, project) = sample_copy(|t| t);
    claim(&project, "1");
    claim(&project, "2");
    let out = velho(
        &project,
        &["reconcile", ".", "-o", "r.xlsx", "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let payments = Book::open(&project.join("r.xlsx")).sheet("Payments");
    let col = |name: &str| payments.column(3, name);
    let rows = payments.rows();
    let (claimed, applied) = (col("velho claim: costs"), col("Applied"));
    assert_eq!(amount(&rows[4][claimed]), dec("51722.06"));
    assert_eq!(amount(&rows[5][claimed]), dec("101337.25"));
    assert_eq!(
        amount(&rows[5][applied]),
        dec("102609.65"),
        "the decision's applied figure, with the July invoice"
    );
    assert_eq!(rows[6][claimed], Data::Empty, "no claim made for period 3");
}

/// Issue 17, case 3: a copy of a claim (Explorer's "… - kopio.xlsx", or the
/// claim written again in English) is the same claim, counted once with a
/// note; two different claims for one period stop the run naming both.
#[test]
fn a_claim_in_two_files_is_counted_once() {
    let (_dir, project) = sample_copy(|t| t);
    claim(&project, "1");
    let claims = project.join("claims");
    fs::copy(
        claims.join("YRITYSVELHO-claim-1.xlsx"),
        claims.join("YRITYSVELHO-claim-1 - kopio.xlsx"),
    )
    .unwrap();
    let out = velho(
        &project,
        &[
            "claim",
            ".",
            "--period",
            "1",
            "--lang",
            "fi",
            "-o",
            "claims/fi-1.xlsx",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Period 2's claim counts period 1 once: 46 549,85 paid by decision 1
    // (not 93 099,70), whatever copies lie in the folder.
    let mut second = claim(&project, "2");
    assert_eq!(
        figure(&mut second, "Paid by the funder earlier"),
        dec("46549.85")
    );
    let out = velho(
        &project,
        &["reconcile", ".", "-o", "r.xlsx", "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let findings = Book::open(&project.join("r.xlsx")).sheet("Findings").rows();
    let copies: Vec<String> = findings
        .iter()
        .filter(|r| r.iter().any(|c| text(c) == "CLAIM_COPY"))
        .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].contains("kopio.xlsx") && copies[0].contains("fi-1.xlsx"),
        "{}",
        copies[0]
    );

    // A different claim for period 1: written while the project file took
    // in another cost centre too, so its figures differ.
    let toml = project.join("velho.toml");
    let text_before = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        text_before.replace(
            "cost_centres = [\"7311\"]",
            "cost_centres = [\"7311\", \"7320\"]",
        ),
    )
    .unwrap();
    let out = velho(
        &project,
        &[
            "claim",
            ".",
            "--period",
            "1",
            "-o",
            "claims/other-1.xlsx",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    fs::write(&toml, text_before).unwrap();
    let out = velho(&project, &["reconcile", ".", "-o", "r2.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("other-1.xlsx")
            && err.contains("YRITYSVELHO-claim-1")
            && err.contains("velho ei voi tietää, kumpi lähetettiin"),
        "{err}"
    );
    assert!(!project.join("r2.xlsx").exists(), "nothing written");
}

/// A project of two payment periods (1.1.–30.6.2023 and 1.7.–31.12.2023),
/// as the finance officer's trial had it: January to April in period 1,
/// August and September in period 2.
fn kyla() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("kyla");
    fs::create_dir_all(project.join("ledger")).unwrap();
    fs::write(
        project.join("velho.toml"),
        r#"language = "fi"

[project]
name = "Kylävoimaa"
code = "KYLA"
organisation = "Esimerkin kunta"
start = "1.1.2023"
end = "31.12.2023"

[funding]
funder = "Pohjois-Savon liitto"
rate_percent = 80
max_grant = "40 000,00"

[filter]
projects = ["KYLA"]

[ledger]
folder = "ledger"

[[category]]
id = "personnel"
fi = "Henkilöstökustannukset"
en = "Personnel costs"
plan = "30 000,00"
accounts = ["4000-4299"]

[[category]]
id = "services"
fi = "Ostopalvelut"
en = "Purchased services"
plan = "15 000,00"
accounts = ["4300-4499"]

[[category]]
id = "travel"
fi = "Matkakustannukset"
en = "Travel costs"
plan = "5 000,00"
accounts = ["4700-4799"]

[[period]]
name = "1"
start = 2023-01-01
end = 2023-06-30

[[period]]
name = "2"
start = 2023-07-01
end = 2023-12-31
"#,
    )
    .unwrap();
    fs::write(
        project.join("ledger/paakirja_2023.csv"),
        "Esimerkin kunta\n\
         Pääkirjaote 1.1.2023 - 31.12.2023\n\
         \n\
         Tositepvm;Tositenro;Tili;Tilin nimi;Kustannuspaikka;Projekti;Selite;Summa\n\
         31.01.2023;2023-001;4010;Kuukausipalkat;7400;KYLA;Palkka tammikuu;2.500,00\n\
         28.02.2023;2023-002;4010;Kuukausipalkat;7400;KYLA;Palkka helmikuu;2.500,00\n\
         15.03.2023;2023-003;4300;Ostopalvelut;7400;KYLA;Konsultti Oy;1.234,56\n\
         20.04.2023;2023-004;4710;Matkaliput;7400;KYLA;Junaliput Kuopio;89,90\n\
         15.08.2023;2023-005;4300;Ostopalvelut;7400;KYLA;Hyvitys;250,00-\n\
         30.09.2023;2023-006;4010;Kuukausipalkat;7400;KYLA;Palkka syyskuu;2.600,00\n",
    )
    .unwrap();
    (dir, project)
}

/// The files in a project's claims folder, by name.
fn claim_files(project: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(project.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The trial's case 4e: with claim 1 (1.1.–30.6.2023) filed and not yet
/// decided, a claim of 1.3.–31.5.2023 applied for 1 059,57 € of rows claim
/// 1 holds. A period overlapping an existing claim's is refused, naming
/// the claim and what to claim instead, and nothing is written; period 2
/// is then claimed as before, its own rows only. Case 4d: a period wholly
/// before the project wrote an empty claim without a word; refused too.
#[test]
fn a_period_overlapping_an_earlier_claim_or_outside_the_project_is_refused() {
    let (_dir, project) = kyla();
    let out = velho(&project, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = [
        "KYLA-maksatushakemus-1-kirjanpitoraportti.csv",
        "KYLA-maksatushakemus-1.xlsx",
    ];
    assert_eq!(claim_files(&project), first);
    let mut book = Book::open(&project.join("claims/KYLA-maksatushakemus-1.xlsx"));
    let sheet = book.sheet("Maksatushakemus");
    // 2 500,00 + 2 500,00 + 1 234,56 + 89,90; 80 % of it.
    assert_eq!(
        amount(&sheet.row_labelled("Kustannukset yhteensä")[1]),
        dec("6324.46")
    );
    assert_eq!(
        amount(&sheet.row_labelled("Haettava määrä")[1]),
        dec("5059.57")
    );

    let inside = velho(&project, &["claim", ".", "--period", "1.3.2023..31.5.2023"]);
    assert_eq!(inside.status.code(), Some(2), "{}", stderr(&inside));
    assert_eq!(
        stderr(&inside),
        "velho: komentorivi: kausi 1.3.2023–31.5.2023 menee päällekkäin kauden \
         1.1.2023–30.6.2023 kanssa, jolta on jo maksatushakemus \
         claims/KYLA-maksatushakemus-1.xlsx; hae maksatuskausi 2 (--period 2) tai \
         valitse kausi, joka alkaa aikaisintaan 1.7.2023\n"
    );
    assert_eq!(claim_files(&project), first, "nothing written");
    // Partly over claim 1 and into period 2: refused as well, in English
    // when asked.
    let across = velho(
        &project,
        &[
            "claim",
            ".",
            "--period",
            "1.6.2023..31.7.2023",
            "--lang",
            "en",
        ],
    );
    assert_eq!(across.status.code(), Some(2), "{}", stderr(&across));
    assert_eq!(
        stderr(&across),
        "velho: command line: the period 1.6.2023–31.7.2023 overlaps the period \
         1.1.2023–30.6.2023, which already has a claim, \
         claims/KYLA-maksatushakemus-1.xlsx; claim payment period 2 (--period 2), \
         or choose a period that starts on 1.7.2023 or later\n"
    );
    assert_eq!(claim_files(&project), first, "nothing written");

    // Period 2 still claims its own rows, July to December only:
    // 2 600,00 − 250,00 = 2 350,00. The final claim applies for 80 % of
    // the whole project, 6 939,57 (of 8 674,46), less claim 1's 5 059,57
    // pending: 1 880,00.
    let out = velho(&project, &["claim", ".", "--period", "2", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&project.join("claims/KYLA-maksatushakemus-2.xlsx"));
    let sheet = book.sheet("Maksatushakemus");
    assert_eq!(
        amount(&sheet.row_labelled("Kustannukset yhteensä")[1]),
        dec("2350.00")
    );
    assert_eq!(
        amount(&sheet.row_labelled("Haettava määrä")[1]),
        dec("1880.00")
    );
    let extract =
        fs::read_to_string(project.join("claims/KYLA-maksatushakemus-2-kirjanpitoraportti.csv"))
            .unwrap();
    let vouchers: Vec<&str> = extract
        .lines()
        .skip(1)
        .filter_map(|l| l.split(';').nth(4))
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(vouchers, ["2023-006", "2023-005"], "{extract}");

    let before = velho(
        &project,
        &["claim", ".", "--period", "1.1.2022..31.12.2022"],
    );
    assert_eq!(before.status.code(), Some(2), "{}", stderr(&before));
    assert_eq!(
        stderr(&before),
        "velho: komentorivi: kausi 1.1.2022–31.12.2022 on kokonaan hankeajan \
         1.1.2023–31.12.2023 ulkopuolella, joten siltä ei ole haettavaa; hae jokin \
         velho.toml-tiedoston maksatuskausista: 1 (1.1.2023–30.6.2023), \
         2 (1.7.2023–31.12.2023)\n"
    );
    assert_eq!(claim_files(&project).len(), 4, "only claims 1 and 2");
    assert!(
        !project
            .join("claims/KYLA-maksatushakemus-1_1_2022-31_12_2022.xlsx")
            .exists()
    );
}

/// A period overlapping a decided period (the sample's decisions, no claim
/// workbook) is refused as well, naming the decision; with every period
/// decided there is no period left to suggest.
#[test]
fn a_period_overlapping_a_decided_period_is_refused() {
    let (_dir, project) = sample_copy(|t| t);
    let out = velho(
        &project,
        &[
            "claim",
            ".",
            "--period",
            "1.10.2020..31.3.2021",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "velho: command line: the period 1.10.2020–31.3.2021 overlaps the period \
         1.9.2020–31.12.2020, which already has a payment decision, \
         decisions/maksatuspaatos_1.xlsx (KSL/2021/0123); every payment period is \
         already claimed or decided to the project's end (31.12.2022), so no period is left \
         to claim\n"
    );
    assert!(!project.join("claims").exists(), "nothing written");
}

/// A reviewer's case: period 2 claimed first, then a period over 1.1.–
/// 31.7.2023 is refused; the advice names period 1, still unclaimed,
/// rather than saying nothing is left to claim.
#[test]
fn the_refusal_names_an_earlier_period_still_unclaimed() {
    let (_dir, project) = kyla();
    let out = velho(&project, &["claim", ".", "--period", "2", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(
        &project,
        &[
            "claim",
            ".",
            "--period",
            "1.1.2023..31.7.2023",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("; claim payment period 1 (--period 1)\n"),
        "{}",
        stderr(&out)
    );
    let out = velho(&project, &["claim", ".", "--period", "1", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A reviewer's case: a change decision extends the project to
/// 30.6.2024 and adds period 3 (1.1.–30.6.2024); a cost of 2 700,00 booked
/// 15.2.2024 is claimed in it. By hand: costs 2 700,00, applied for 80 %
/// = 2 160,00 (the claim was 0,00 when its reconciliation stopped at the
/// original end).
#[test]
fn a_claim_in_months_a_change_decision_added_counts_their_costs() {
    let (_dir, project) = kyla();
    let toml = fs::read_to_string(project.join("velho.toml")).unwrap();
    fs::write(
        project.join("velho.toml"),
        format!(
            "{toml}\n[[period]]\nname = \"3\"\nstart = 2024-01-01\nend = 2024-06-30\n\n\
             [[change]]\nfrom = 2023-12-01\ndecision = \"PSL/2023/77\"\nend = 2024-06-30\n"
        ),
    )
    .unwrap();
    let ledger = project.join("ledger/paakirja_2023.csv");
    let mut text = fs::read_to_string(&ledger).unwrap();
    text.push_str("15.02.2024;2024-001;4010;Kuukausipalkat;7400;KYLA;Palkka helmikuu;2.700,00\n");
    fs::write(&ledger, text).unwrap();
    let out = velho(&project, &["claim", ".", "--period", "3", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book = Book::open(&project.join("claims/KYLA-maksatushakemus-3.xlsx"));
    let sheet = book.sheet("Maksatushakemus");
    assert_eq!(
        amount(&sheet.row_labelled("Kustannukset yhteensä")[1]),
        dec("2700.00")
    );
    assert_eq!(
        amount(&sheet.row_labelled("Haettava määrä")[1]),
        dec("2160.00")
    );
}

/// A claim of a period that is none of the payment periods (allowed: a
/// funder may ask for one) is named by reconcile and check rather than
/// ignored without a word (a helper's note after the trial).
#[test]
fn a_claim_of_a_custom_period_is_named_not_ignored() {
    let (_dir, project) = kyla();
    let out = velho(
        &project,
        &["claim", ".", "--period", "1.7.2023..30.9.2023", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = velho(&project, &["check", ".", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("(CLAIM_PERIOD_UNKNOWN): claims/KYLA-maksatushakemus-1_7_2023-30_9_2023.xlsx: the claim's period 1.7.2023–30.9.2023 is none of the [[period]] tables of velho.toml"),
        "{said}"
    );
}
