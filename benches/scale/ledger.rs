//! The synthetic organisation-wide ledger the benchmark reads.
//!
//! Every row is a pure function of its index ([`Ledger::row`]), so the files
//! can be written once and reused, and the writer floor can produce the very
//! same values again without reading a file. Rows run in date order over
//! three years (2021–2023), like a general-ledger extract ("pääkirjaote").
//!
//! The organisation has 120 ordinary cost centres and one project cost
//! centre, 7311, that owns about 5 % of the rows (scenario S1). Scenario S2
//! lists every cost centre, so it owns every row. About 2 % of the rows are
//! on rent accounts (47xx) that no category maps: velho marks them
//! "unmapped" and writes a note on each, as it would for a real ledger.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use encoding_rs::WINDOWS_1252;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// Bumped whenever the generated data changes, so stale files are not reused.
pub const GENERATOR_VERSION: u32 = 3;

/// The cost centre of the S1 project.
pub const PROJECT_CC: u32 = 7311;
/// The project code on the S1 project's rows.
pub const PROJECT_CODE: &str = "VELHO";
/// Title lines above the header of the CSV (the header is on the next line).
const CSV_TITLE: [&str; 4] = [
    "Esimerkkikaupunki",
    "Pääkirjaote 1.1.2021 - 31.12.2023",
    "Tulostettu 8.1.2024",
    "",
];
/// The header, as the Finnish export writes it.
pub const HEADER: [&str; 9] = [
    "Tositepvm",
    "Tositenro",
    "Tili",
    "Tilin nimi",
    "Kustannuspaikka",
    "Projekti",
    "Selite",
    "Toimittaja",
    "Summa",
];
/// The sheet of the XLSX export.
pub const SHEET: &str = "Pääkirjaote";
/// The shapes of ledger the benchmark generates (issue 18). Every shape is
/// written as a CSV and as an XLSX with a shared-string table, as Excel and
/// Excel-like producers write text cells (rust_xlsxwriter's low-memory mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Today's benchmark ledger: 121 cost centres, the project's one owns
    /// about 5 % of the rows, 2 % on unmapped accounts, short descriptions.
    Benchmark,
    /// A whole organisation's year in the Finnish dialect: 7 cost centres
    /// (all in S2's filter), 60 % of the rows without a project code, a
    /// third on 14 balance-sheet, revenue and other accounts no category
    /// maps, descriptions up to ~60 characters with `;` and doubled quotes
    /// inside quoted fields; account and cost centre are text in the XLSX,
    /// as many ERP exports write them (more shared strings).
    Organisation,
    /// 90 % of the rows on the project's cost centre (S1 writes nearly
    /// every row), a third of them on unmapped accounts.
    MostlyProject,
    /// The benchmark ledger with long descriptions (120–300 characters,
    /// nearly all unique) and long supplier names.
    LongText,
    /// The benchmark ledger exported with `Debet` and `Kredit` columns
    /// instead of one signed `Summa`.
    DebitCredit,
}

impl Shape {
    pub const ALL: [Shape; 5] = [
        Shape::Benchmark,
        Shape::Organisation,
        Shape::MostlyProject,
        Shape::LongText,
        Shape::DebitCredit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Benchmark => "benchmark",
            Shape::Organisation => "organisation",
            Shape::MostlyProject => "mostly-project",
            Shape::LongText => "long-text",
            Shape::DebitCredit => "debit-credit",
        }
    }

    pub fn parse(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// One line for the report.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Benchmark => {
                "121 cost centres, S1 ≈ 5 % of the rows, 2 % on 2 unmapped accounts, descriptions ≤ 24 characters"
            }
            Shape::Organisation => {
                "7 cost centres (S1: one, ≈ 14 %), 60 % without project code, a third on 14 unmapped \
                 balance-sheet/revenue/other accounts, descriptions ≤ 60 characters with `;` and doubled \
                 quotes in quoted fields; XLSX codes as text"
            }
            Shape::MostlyProject => {
                "S1 owns 90 % of the rows, a third of the rows on 14 unmapped accounts"
            }
            Shape::LongText => {
                "the benchmark ledger with descriptions of 120–300 characters and long supplier names"
            }
            Shape::DebitCredit => {
                "the benchmark ledger with `Debet` and `Kredit` columns instead of `Summa`"
            }
        }
    }

    /// The header of the export.
    pub fn header(self) -> Vec<&'static str> {
        let mut header = HEADER[..8].to_vec();
        if self == Shape::DebitCredit {
            header.extend(["Debet", "Kredit"]);
        } else {
            header.push(HEADER[8]);
        }
        header
    }

    /// The cost centre of the S1 project.
    pub fn project_cc(self) -> u32 {
        match self {
            Shape::Organisation => ORG_COST_CENTRES[2],
            _ => PROJECT_CC,
        }
    }

    /// Whether a third of the rows are on unmapped accounts (otherwise the
    /// benchmark's 2 %).
    fn unmapped_third(self) -> bool {
        matches!(self, Shape::Organisation | Shape::MostlyProject)
    }

    /// The expected share of the rows S1 owns.
    fn s1_share(self) -> f64 {
        match self {
            Shape::Organisation => 1.0 / ORG_COST_CENTRES.len() as f64,
            Shape::MostlyProject => 0.9,
            _ => 0.05,
        }
    }
}

/// The organisation shape's cost centres.
const ORG_COST_CENTRES: [u32; 7] = [1100, 1200, 1300, 1400, 1500, 1600, 1700];

/// Accounts no category maps in the organisation and mostly-project shapes:
/// balance sheet, revenue and other (14, one finding each).
const UNMAPPED_ACCOUNTS: [(u32, &str); 14] = [
    (1100, "Koneet ja kalusto"),
    (1500, "Myyntisaamiset"),
    (1910, "Pankkitili"),
    (2400, "Ostovelat"),
    (2930, "Arvonlisäverovelka"),
    (2950, "Ennakonpidätysvelka"),
    (3000, "Myyntituotot"),
    (3100, "Maksutuotot"),
    (3300, "Tuet ja avustukset"),
    (3400, "Vuokratuotot"),
    (5000, "Suunnitelman mukaiset poistot"),
    (7000, "Rahoitustuotot"),
    (7300, "Korkokulut"),
    (8000, "Tilinpäätössiirrot"),
];

/// Descriptions of the organisation shape: `;` and quotes inside.
const ORG_DESCRIPTIONS: [&str; 12] = [
    "Kokous; tarjoilu ja tilat",
    "Seminaari \"Kasvu ja kehitys\"; tarjoilu",
    "Koulutus \"Excel-perusteet\" 3 osallistujaa",
    "Hankinta; tietokoneet ja näytöt",
    "Matkalasku Helsinki–Jyväskylä; päiväraha",
    "Ilmoitus \"Avoin työpaikka\"; Keskisuomalainen",
    "Vuokra 1.–31.; toimisto \"Kauppakatu 1\"",
    "Palkka",
    "Siivouspalvelu",
    "Sähkö; verkkopalvelu ja energia",
    "Hyvitys: \"virheellinen laskutus\"",
    "Tarvikkeet",
];

/// Words for the long-text shape's descriptions.
const LONG_TEXT: &str = "Hankkeen ohjausryhmän kokous ja työpaja, jossa käsiteltiin \
    väliraportin luonnos, kustannusarvion muutokset ja seuraavan kauden toimenpiteet; \
    mukana olivat myös kumppaniorganisaatioiden edustajat sekä rahoittajan yhteyshenkilö, \
    ja kokouksen tarjoilut, tilavuokra ja tekniikka laskutettiin yhdellä laskulla, \
    joka jaettiin kustannuspaikoille sovitun jakoperusteen mukaisesti \"Hankesuunnitelma 2.1\" \
    liitteen mukaisesti, ja lasku tarkastettiin sekä hyväksyttiin talousjohtajan toimesta ";

/// Days covered: 2021-01-01 ..= 2023-12-31.
const DAYS: u64 = 1095;

/// A cost category of the generated project files: id, Finnish name, English
/// name and account ranges (`velho.toml` syntax).
pub struct CategoryDef {
    pub id: &'static str,
    pub fi: &'static str,
    pub en: &'static str,
    pub accounts: &'static [&'static str],
}

/// The categories of both scenarios (plus a flat rate on personnel costs).
pub const CATEGORIES: [CategoryDef; 4] = [
    CategoryDef {
        id: "personnel",
        fi: "Henkilöstökustannukset",
        en: "Personnel costs",
        accounts: &["4000-4299"],
    },
    CategoryDef {
        id: "services",
        fi: "Ostopalvelut",
        en: "Purchased services",
        accounts: &["4300-4419", "4430-4499"],
    },
    CategoryDef {
        id: "travel",
        fi: "Matkakustannukset",
        en: "Travel costs",
        accounts: &["4420-4429"],
    },
    CategoryDef {
        id: "other",
        fi: "Muut kustannukset",
        en: "Other costs",
        accounts: &["4500-4699", "4800-4999"],
    },
];

/// An account: number, name, share of the rows in percent, and the index
/// into [`CATEGORIES`] (`None`: no category maps it).
struct Account {
    number: u32,
    name: &'static str,
    percent: u64,
    category: Option<usize>,
}

/// The chart of accounts the ledger uses; the shares add up to 100.
const ACCOUNTS: [Account; 20] = [
    acc(4000, "Kuukausipalkat", 14, Some(0)),
    acc(4020, "Tuntipalkat", 5, Some(0)),
    acc(4100, "Lomapalkat", 3, Some(0)),
    acc(4200, "Eläkevakuutusmaksut", 6, Some(0)),
    acc(4250, "Muut henkilösivukulut", 4, Some(0)),
    acc(4300, "Asiantuntijapalvelut", 8, Some(1)),
    acc(4340, "Konsulttipalvelut", 6, Some(1)),
    acc(4370, "Rakentamispalvelut", 5, Some(1)),
    acc(4400, "Painatus ja ilmoitukset", 4, Some(1)),
    acc(4450, "Koulutuspalvelut", 4, Some(1)),
    acc(4490, "Muut palvelut", 5, Some(1)),
    acc(4420, "Matkakustannukset", 4, Some(2)),
    acc(4425, "Majoituspalvelut", 2, Some(2)),
    acc(4500, "Toimistotarvikkeet", 7, Some(3)),
    acc(4530, "Hoitotarvikkeet", 5, Some(3)),
    acc(4580, "Kalusto", 4, Some(3)),
    acc(4600, "Elintarvikkeet", 6, Some(3)),
    acc(4900, "Muut kulut", 6, Some(3)),
    acc(4700, "Vuokrat", 1, None),
    acc(4750, "Leasingvuokrat", 1, None),
];

const fn acc(number: u32, name: &'static str, percent: u64, category: Option<usize>) -> Account {
    Account {
        number,
        name,
        percent,
        category,
    }
}

/// Descriptions (selite); about half the rows add an invoice number, which
/// makes those texts unique, as they are in real exports.
const DESCRIPTIONS: [&str; 24] = [
    "Palkka",
    "Hoitotarvikkeet",
    "Auraus ja hiekoitus",
    "Kalusteet",
    "Konsultointi",
    "Koulutuspäivä",
    "Matkalasku",
    "Hotelli",
    "Toimistotarvikkeet",
    "Lehti-ilmoitus",
    "Painotyö",
    "Kokoustarjoilu",
    "Tietokoneet",
    "Ohjelmistolisenssi",
    "Siivouspalvelu",
    "Vartiointi",
    "Sähkö",
    "Vesi ja jätevesi",
    "Postitus",
    "Puhelinlaskut",
    "Kiinteistöhuolto",
    "Hyvitys: kalusteet",
    "Tilavuokra",
    "Kokous; tarjoilu ja tilat",
];

/// Supplier names are a prefix and a legal form: 30 × 8 = 240 suppliers.
const SUPPLIER_PREFIXES: [&str; 30] = [
    "Hoitotarvike",
    "Toimistokaluste",
    "Maarakennus Jokinen",
    "Konsulttitoimisto Ström",
    "Painotalo Männistö",
    "Keski-Suomen Koulutus",
    "Matkatoimisto Åberg",
    "Hotelli Jämsä",
    "Tietotekniikka Heikkilä",
    "Siivous Kääriäinen",
    "Vartiointi Öhman",
    "Energia Päijänne",
    "Vesihuolto Häkkinen",
    "Posti Palvelut",
    "Telia Finland",
    "Kiinteistöhuolto Mäkelä",
    "Catering Närhi",
    "Ohjelmisto Lähde",
    "Kirjapaino Räsänen",
    "Kuljetus Väisänen",
    "Lakiasiaintoimisto Sjöberg",
    "Tilintarkastus Ylönen",
    "Mainostoimisto Kärki",
    "Rakennus Söderholm",
    "Sähköurakointi Pöllänen",
    "Kalustetukku Nyström",
    "Elintarvike Hämäläinen",
    "Terveyspalvelu Lähteenmäki",
    "Konepaja Törmä",
    "Tapahtumatekniikka Östman",
];
const SUPPLIER_FORMS: [&str; 8] = ["Oy", "Ab", "Ky", "Oyj", "Tmi", "Oy Ab", "ry", "Osk"];

/// Project codes carried by some ordinary rows (about a quarter of them).
const OTHER_PROJECTS: usize = 60;
/// Ordinary cost centres.
const COST_CENTRES: usize = 120;

/// Amounts are `m + uniform(0, 9m)` cents for one of these `m`.
const MAGNITUDES: [u64; 3] = [1_000, 10_000, 100_000];

/// The expected signed amount of a row in euros (5.5 m on average; the 3 %
/// credits take 2 × 3 % off), for plans that the realised costs roughly meet.
fn expected_row_euros() -> f64 {
    let mean_cents =
        MAGNITUDES.iter().map(|&m| 5.5 * m as f64).sum::<f64>() / MAGNITUDES.len() as f64;
    mean_cents * 0.94 / 100.0
}

/// One ledger row.
pub struct Row {
    pub date: NaiveDate,
    pub voucher: String,
    pub account: u32,
    pub account_name: &'static str,
    pub cost_centre: u32,
    /// Empty when the row has no project code.
    pub project: &'static str,
    pub description: String,
    /// Empty for payroll rows.
    pub supplier: &'static str,
    /// The signed amount in cents (a credit is negative).
    pub cents: i64,
    /// The category velho maps the account to, if any (index into [`CATEGORIES`]).
    pub category: Option<usize>,
}

/// The generator: N rows and the small tables they draw on.
pub struct Ledger {
    pub rows: u64,
    pub shape: Shape,
    projects: Vec<&'static str>,
    suppliers: Vec<&'static str>,
}

impl Ledger {
    pub fn new(rows: u64, shape: Shape) -> Ledger {
        // The tables are leaked once so that rows can borrow `&'static str`.
        let projects = (0..OTHER_PROJECTS)
            .map(|k| &*Box::leak(format!("P{}", 2000 + 7 * k).into_boxed_str()))
            .collect();
        let long = shape == Shape::LongText;
        let suppliers = SUPPLIER_PREFIXES
            .iter()
            .flat_map(|p| SUPPLIER_FORMS.iter().map(move |f| (p, f)))
            .map(|(p, f)| {
                let name = if long {
                    format!("{p} {f}, Keski-Suomen toimipiste, laskutus ja reskontra")
                } else {
                    format!("{p} {f}")
                };
                &*Box::leak(name.into_boxed_str())
            })
            .collect();
        Ledger {
            rows,
            shape,
            projects,
            suppliers,
        }
    }

    /// Every cost centre of the ledger, the project's included (S2's filter).
    pub fn all_cost_centres(shape: Shape) -> Vec<u32> {
        if shape == Shape::Organisation {
            return ORG_COST_CENTRES.to_vec();
        }
        let mut all: Vec<u32> = (0..COST_CENTRES as u32).map(|k| 1100 + 41 * k).collect();
        all.push(PROJECT_CC);
        all
    }

    /// Row `i` (0-based) of the ledger.
    pub fn row(&self, i: u64) -> Row {
        let mut random = SplitMix64(0x5645_4c48_4f5f_4245 ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let date = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + Days::new(i * DAYS / self.rows);
        let shape = self.shape;
        let (account_number, account_name, category) =
            if shape.unmapped_third() && random.below(3) == 0 {
                let (number, name) =
                    UNMAPPED_ACCOUNTS[random.below(UNMAPPED_ACCOUNTS.len() as u64) as usize];
                (number, name, None)
            } else {
                // The last two accounts (2 %) are the benchmark's unmapped ones.
                let percent = if shape.unmapped_third() { 98 } else { 100 };
                let a = pick_account(random.below(percent));
                (a.number, a.name, a.category)
            };
        let (is_project, cost_centre) = match shape {
            Shape::Organisation => {
                let cc = ORG_COST_CENTRES[random.below(ORG_COST_CENTRES.len() as u64) as usize];
                (cc == shape.project_cc(), cc)
            }
            _ => {
                let percent = if shape == Shape::MostlyProject { 90 } else { 5 };
                if random.below(100) < percent {
                    (true, PROJECT_CC)
                } else {
                    (false, 1100 + 41 * random.below(COST_CENTRES as u64) as u32)
                }
            }
        };
        let project = if shape == Shape::Organisation {
            // 60 % without a project code, the rest on one of the projects.
            if random.below(100) < 60 {
                ""
            } else {
                self.projects[random.below(OTHER_PROJECTS as u64) as usize]
            }
        } else {
            let other_project = random.below(OTHER_PROJECTS as u64 * 4) as usize;
            match (is_project, self.projects.get(other_project)) {
                (true, _) => PROJECT_CODE,
                (false, Some(code)) => code,
                (false, None) => "",
            }
        };
        let payroll = category == Some(0);
        let texts: &[&str] = if shape == Shape::Organisation {
            &ORG_DESCRIPTIONS
        } else {
            &DESCRIPTIONS
        };
        let mut description = texts[if payroll {
            0
        } else {
            random.below(texts.len() as u64) as usize
        }]
        .to_string();
        if shape == Shape::Organisation {
            // Organisation: payroll rows say "Palkka", and many
            // texts carry an invoice reference; at most 60 characters.
            if payroll {
                description = "Palkka".into();
            }
            if random.below(2) == 0 {
                description.push_str(&format!("; lasku \"{}\"", 100_000 + random.below(900_000)));
            }
            if let Some((at, _)) = description.char_indices().nth(60) {
                description.truncate(at);
            }
        } else if random.below(2) == 0 {
            description.push_str(&format!(" lasku {}", 100_000 + random.below(900_000)));
        }
        if shape == Shape::LongText {
            let words: Vec<&str> = LONG_TEXT.split(' ').filter(|w| !w.is_empty()).collect();
            let start = random.below(words.len() as u64 / 2) as usize;
            description.push_str(": ");
            for word in &words[start..] {
                if description.chars().count() >= 120 + random.below(180) as usize {
                    break;
                }
                description.push_str(word);
                description.push(' ');
            }
            description.push_str(&format!("viite {}", random.below(1_000_000_000)));
        }
        let supplier = if payroll {
            ""
        } else {
            self.suppliers[random.below(self.suppliers.len() as u64) as usize]
        };
        // 10 € to 10 000 €, spread over three magnitudes; 3 % are credits.
        let magnitude = MAGNITUDES[random.below(MAGNITUDES.len() as u64) as usize];
        let mut cents = (magnitude + random.below(9 * magnitude)) as i64;
        if random.below(100) < 3 {
            cents = -cents;
        }
        Row {
            date,
            voucher: format!("{}-{:07}", date.year(), i / 3 + 1),
            account: account_number,
            account_name,
            cost_centre,
            project,
            description,
            supplier,
            cents,
            category,
        }
    }
}

fn pick_account(percent: u64) -> &'static Account {
    let mut below = 0;
    for account in &ACCOUNTS {
        below += account.percent;
        if percent < below {
            return account;
        }
    }
    &ACCOUNTS[ACCOUNTS.len() - 1]
}

/// A small, fast, deterministic generator (splitmix64).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `-1234,56`: the Finnish amount without thousands separators.
fn finnish_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// A CSV field, quoted when it holds the delimiter or a quote.
fn csv_field(text: &str) -> String {
    if text.contains([';', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One line of the CSV, in Windows-1252 with a CRLF.
fn put(out: &mut impl Write, line: &str) -> std::io::Result<()> {
    out.write_all(&WINDOWS_1252.encode(line).0)?;
    out.write_all(b"\r\n")
}

/// The 1-based line of row `i` in the CSV (title lines, then the header).
pub fn csv_line(i: u64) -> u64 {
    CSV_TITLE.len() as u64 + 2 + i
}

/// Writes the CSV export: Windows-1252, `;`, decimal comma, `dd.mm.yyyy`,
/// CRLF, title lines above the header and a totals row at the end.
pub fn write_csv(ledger: &Ledger, path: &Path) -> std::io::Result<()> {
    let temp = temporary(path);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&temp)?);
    for title in CSV_TITLE {
        put(&mut out, title)?;
    }
    put(&mut out, &ledger.shape.header().join(";"))?;
    let debit_credit = ledger.shape == Shape::DebitCredit;
    let (mut debits, mut credits): (i64, i64) = (0, 0);
    for i in 0..ledger.rows {
        let r = ledger.row(i);
        if r.cents < 0 {
            credits -= r.cents;
        } else {
            debits += r.cents;
        }
        let amount = if !debit_credit {
            finnish_amount(r.cents)
        } else if r.cents < 0 {
            format!(";{}", finnish_amount(-r.cents))
        } else {
            format!("{};", finnish_amount(r.cents))
        };
        put(
            &mut out,
            &format!(
                "{};{};{};{};{};{};{};{};{amount}",
                r.date.format("%d.%m.%Y"),
                r.voucher,
                r.account,
                r.account_name,
                r.cost_centre,
                r.project,
                csv_field(&r.description),
                r.supplier,
            ),
        )?;
    }
    let totals = if debit_credit {
        format!("{};{}", finnish_amount(debits), finnish_amount(credits))
    } else {
        finnish_amount(debits - credits)
    };
    put(&mut out, &format!("Yhteensä;;;;;;;;{totals}"))?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(temp, path)
}

/// Writes the same rows as an XLSX export, as Excel writes it: date cells,
/// numbers for accounts, cost centres and amounts, shared strings for text,
/// a title above the header and a totals row. The rows stream to disk
/// (rust_xlsxwriter's low-memory mode keeps only the shared strings).
pub fn write_xlsx(ledger: &Ledger, path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("d.m.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet_with_low_memory()?;
    sheet.set_name(SHEET)?;
    sheet.write_string_with_format(0, 0, CSV_TITLE[0], &bold)?;
    sheet.write_string(1, 0, CSV_TITLE[1])?;
    let header_row = XLSX_HEADER_ROW;
    for (col, name) in ledger.shape.header().iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, *name, &bold)?;
    }
    let debit_credit = ledger.shape == Shape::DebitCredit;
    // ERP exports often write codes as text: more shared strings.
    let codes_as_text = ledger.shape == Shape::Organisation;
    let (mut debits, mut credits): (i64, i64) = (0, 0);
    for i in 0..ledger.rows {
        let r = ledger.row(i);
        let row = xlsx_row(i);
        if r.cents < 0 {
            credits -= r.cents;
        } else {
            debits += r.cents;
        }
        let d = ExcelDateTime::from_ymd(
            r.date.year() as u16,
            r.date.month() as u8,
            r.date.day() as u8,
        )?;
        sheet.write_datetime_with_format(row, 0, &d, &date)?;
        sheet.write_string(row, 1, &r.voucher)?;
        if codes_as_text {
            sheet.write_string(row, 2, r.account.to_string())?;
            sheet.write_string(row, 4, r.cost_centre.to_string())?;
        } else {
            sheet.write_number(row, 2, r.account)?;
            sheet.write_number(row, 4, r.cost_centre)?;
        }
        sheet.write_string(row, 3, r.account_name)?;
        if !r.project.is_empty() {
            sheet.write_string(row, 5, r.project)?;
        }
        sheet.write_string(row, 6, &r.description)?;
        if !r.supplier.is_empty() {
            sheet.write_string(row, 7, r.supplier)?;
        }
        match (debit_credit, r.cents < 0) {
            (false, _) => sheet.write_number_with_format(row, 8, r.cents as f64 / 100.0, &money)?,
            (true, false) => {
                sheet.write_number_with_format(row, 8, r.cents as f64 / 100.0, &money)?
            }
            (true, true) => {
                sheet.write_number_with_format(row, 9, -r.cents as f64 / 100.0, &money)?
            }
        };
    }
    let last = xlsx_row(ledger.rows);
    sheet.write_string_with_format(last, 0, "Yhteensä", &bold)?;
    if debit_credit {
        sheet.write_number_with_format(last, 8, debits as f64 / 100.0, &money)?;
        sheet.write_number_with_format(last, 9, credits as f64 / 100.0, &money)?;
    } else {
        sheet.write_number_with_format(last, 8, (debits - credits) as f64 / 100.0, &money)?;
    }
    let temp = temporary(path);
    workbook.save(&temp)?;
    fs::rename(temp, path)?;
    Ok(())
}

/// The 0-based sheet row of the XLSX's header.
const XLSX_HEADER_ROW: u32 = 3;

/// The 0-based sheet row of ledger row `i` in the XLSX.
fn xlsx_row(i: u64) -> u32 {
    XLSX_HEADER_ROW + 1 + i as u32
}

fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// A scenario: which rows the project owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// One project, cost centre 7311: about 5 % of the rows.
    S1,
    /// A project whose cost-centre list holds every cost centre: every row.
    S2,
}

impl Scenario {
    pub fn name(self) -> &'static str {
        match self {
            Scenario::S1 => "S1",
            Scenario::S2 => "S2",
        }
    }
}

/// The plan of each of [`CATEGORIES`]: its share of `share` of the rows
/// times the expected amount, in whole thousands.
fn category_plans(shape: Shape, rows: u64, share: f64) -> Vec<u64> {
    // The share of the rows on mapped accounts, of each percent of ACCOUNTS.
    let mapped = if shape.unmapped_third() {
        2.0 / 3.0 / 98.0
    } else {
        1.0 / 100.0
    };
    let plan_of = |category: usize| {
        let percent: u64 = ACCOUNTS
            .iter()
            .filter(|a| a.category == Some(category))
            .map(|a| a.percent)
            .sum();
        let euros = rows as f64 * share * percent as f64 * mapped * expected_row_euros();
        (euros / 1000.0).round().max(1.0) as u64 * 1000
    };
    (0..CATEGORIES.len()).map(plan_of).collect()
}

/// The configuration of benches/scale/alternative.py for scenario S2 of a
/// shape (JSON): what velho.toml tells velho, in the form the script reads.
pub fn alternative_config(shape: Shape, rows: u64) -> String {
    let plans = category_plans(shape, rows, 1.0);
    let categories: Vec<String> = CATEGORIES
        .iter()
        .zip(&plans)
        .map(|(c, plan)| {
            let ranges: Vec<String> = c
                .accounts
                .iter()
                .map(|r| {
                    let (lo, hi) = r.split_once('-').unwrap_or((r, r));
                    format!("[{lo}, {hi}]")
                })
                .collect();
            format!(
                r#"{{"fi": "{}", "ranges": [{}], "plan": {plan}}}"#,
                c.fi,
                ranges.join(", ")
            )
        })
        .collect();
    let cost_centres: Vec<String> = Ledger::all_cost_centres(shape)
        .iter()
        .map(u32::to_string)
        .collect();
    format!(
        r#"{{"shape": "{}", "cost_centres": [{}], "categories": [{}], "start": "2021-01-01", "end": "2023-12-31",
 "sheet": "{SHEET}", "title_lines": {}, "xlsx_header_row": {}, "debit_credit": {}}}
"#,
        shape.name(),
        cost_centres.join(", "),
        categories.join(", "),
        CSV_TITLE.len(),
        XLSX_HEADER_ROW,
        shape == Shape::DebitCredit
    )
}

/// Writes a project file (`velho.toml`, the format of
/// samples/yritysvelho/velho.toml) for a scenario on a ledger of `rows` rows
/// that reads `ledger_file` (relative to the project folder). The plans are
/// what the project's rows are expected to add up to, so the categories come
/// out near their plans, as in a real reconciliation.
pub fn write_project(
    shape: Shape,
    scenario: Scenario,
    rows: u64,
    ledger_file: &str,
    path: &Path,
) -> std::io::Result<()> {
    let s1 = format!(
        "one project, cost centre {}, about {:.0} % of the organisation's rows",
        shape.project_cc(),
        shape.s1_share() * 100.0
    );
    let (description, start, cost_centres, share) = match scenario {
        // The project period holds 1036 of the 1095 days.
        Scenario::S1 => (
            s1.as_str(),
            "2021-03-01",
            vec![shape.project_cc()],
            shape.s1_share() * 1036.0 / 1095.0,
        ),
        Scenario::S2 => (
            "every cost centre of the organisation: the project owns every row",
            "2021-01-01",
            Ledger::all_cost_centres(shape),
            1.0,
        ),
    };
    let plans = category_plans(shape, rows, share);
    let flat_rate_plan = plans[0] * 15 / 100;
    let max_grant = (plans.iter().sum::<u64>() + flat_rate_plan) * 80 / 100;
    let cost_centres: Vec<String> = cost_centres.iter().map(|c| format!("\"{c}\"")).collect();
    let mut text = format!(
        r#"# Generated by benches/scale (generator version {GENERATOR_VERSION}): ledger shape
# {shape}, scenario {name}, {description}.
language = "fi"

[project]
name = "Skaalavelho {name}"
code = "SKAALA-{name}"
organisation = "Esimerkkikaupunki"
start = {start}
end = 2023-12-31

[funding]
funder = "Keski-Suomen liitto"
rate_percent = 80
max_grant = "{max_grant},00"
own_share_by = "Esimerkkikaupunki"

[filter]
cost_centres = [{cost_centres}]

[ledger]
files = ["{ledger_file}"]

[checks]
category_tolerance_percent = 10
"#,
        name = scenario.name(),
        shape = shape.name(),
        cost_centres = cost_centres.join(", "),
    );
    for (i, category) in CATEGORIES.iter().enumerate() {
        let accounts: Vec<String> = category
            .accounts
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect();
        text.push_str(&format!(
            "\n[[category]]\nid = \"{}\"\nfi = \"{}\"\nen = \"{}\"\nplan = \"{},00\"\naccounts = [{}]\n",
            category.id,
            category.fi,
            category.en,
            plans[i],
            accounts.join(", ")
        ));
        if i == 0 {
            text.push_str(&format!(
                "\n[[category]]\nid = \"flat_rate\"\nfi = \"Välilliset kustannukset (flat rate 15 %)\"\n\
                 en = \"Indirect costs (flat rate 15 %)\"\nplan = \"{flat_rate_plan},00\"\n\
                 flat_rate = {{ percent = 15, base = [\"personnel\"] }}\n",
            ));
        }
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}
