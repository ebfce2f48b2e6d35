//! Purchases, course fees and the association's own rows: the one-off rows
//! written out in tables, and the monthly invoices.

use super::calendar::{date, workday};
use super::ledger::{Kind, Voucher, last_day, month_text, single};
use super::payroll::project_month;
use super::project::{KYLATALO, PROJECT, d};

const KYLAKESKUS: &str = "Kiinteistö Oy Juvan Kyläkeskus";
const MICROSOFT: &str = "Microsoft Ireland Operations Ltd";
const ELISA: &str = "Elisa Oyj";
const VERKKOKAUPPA: &str = "Verkkokauppa.com Oyj";
const TERVEYSTALO: &str = "Terveystalo Oyj";
const LANSI_SAVO: &str = "Keskisuomalainen Oyj / Länsi-Savo";
const KOULUTUS: &str = "Savon Koulutuspalvelut Oy";
const ENSIAPU: &str = "Ensiapukouluttajat Aalto Oy";
const SOMETIIMI: &str = "Sometiimi Harju Tmi";
const KAHVILA: &str = "Kahvila-leipomo Juvan Helmi";
const PAPERI: &str = "Paperi-Juva Oy";
const VR: &str = "VR-Yhtymä Oyj";
const HOTELLI: &str = "Hotelli Kalevala, Helsinki";
const RAKENNUS: &str = "Juvan Rakennuspalvelu Oy";
const RAUTA: &str = "Juvan Rauta ja Maali Oy";
const TILITOIMISTO_2023: &str = "Tilitoimisto Savon Tase Oy";
pub const TILITOIMISTO_2024: &str = "Tilipalvelu Kuusela Oy";
const PANKKI: &str = "Etelä-Savon Osuuspankki";
const SAHKO: &str = "Etelä-Savon Energia Oy";
const VAKUUTUS: &str = "LähiTapiola Etelä-Savo";
const KYLAT: &str = "Suomen Kylät ry";

/// One-off rows: (date, kind, account, description, partner, project, amount
/// as debit − credit).
type Fixed = (
    (i32, u32, u32),
    Kind,
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The project's one-off purchases (covered by the flat rate) and course
/// fees (revenues, credits).
#[rustfmt::skip]
pub const PROJECT_ROWS: &[Fixed] = &[
    // Booked on the project before it began: outside the project period.
    ((2023, 2, 20), Kind::Purchase, 7870, "Rekrytointi-ilmoitus: projektipäällikkö ja koulutussuunnittelija", LANSI_SAVO, PROJECT, "312.00"),
    ((2023, 3, 6), Kind::Purchase, 7650, "Kannettavat tietokoneet 3 kpl, hankkeen työntekijät", VERKKOKAUPPA, PROJECT, "2697.00"),
    ((2023, 3, 22), Kind::Purchase, 4000, "Esitteet ja julisteet, kurssikausi kevät 2023", PAPERI, PROJECT, "186.47"),
    ((2023, 3, 29), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 1/2023", KAHVILA, PROJECT, "64.80"),
    ((2023, 4, 11), Kind::Purchase, 7870, "Kurssi-ilmoitus: Digitaidot arkeen, kevät 2023", LANSI_SAVO, PROJECT, "248.00"),
    ((2023, 4, 26), Kind::Purchase, 6300, "Työterveyshuolto, alkutarkastukset 2 hlö", TERVEYSTALO, PROJECT, "312.40"),
    ((2023, 5, 24), Kind::Purchase, 4450, "Koulutus \"Digitaidot arkeen\"; kouluttajapalkkio, kevät 2023", KOULUTUS, PROJECT, "1240.00"),
    ((2023, 5, 31), Kind::Sale, 3000, "Kurssimaksut: Digitaidot arkeen, kevät 2023, 12 × 25,00", "", PROJECT, "-300.00"),
    ((2023, 6, 7), Kind::Purchase, 6300, "Työterveyshuolto, alkutarkastus, M. Rautiainen", TERVEYSTALO, PROJECT, "156.20"),
    ((2023, 6, 14), Kind::Purchase, 4450, "Ensiapukurssi EA1, 16 h, kouluttaja", ENSIAPU, PROJECT, "1560.00"),
    ((2023, 6, 16), Kind::Sale, 3000, "Kurssimaksut: Ensiapukurssi EA1, 16 × 45,00", "", PROJECT, "-720.00"),
    ((2023, 6, 16), Kind::Purchase, 8050, "Kurssin tarjoilut, EA1 2 päivää", KAHVILA, PROJECT, "211.20"),
    ((2023, 8, 23), Kind::Purchase, 7390, "Junaliput Mikkeli–Helsinki, ESR+-hanketapaaminen, 2 hlö", VR, PROJECT, "192.80"),
    ((2023, 8, 24), Kind::Purchase, 7390, "Majoitus, ESR+-hanketapaaminen, 2 hlö", HOTELLI, PROJECT, "278.00"),
    ((2023, 9, 13), Kind::Purchase, 4450, "Hygieniapassikoulutus ja testi, kouluttaja", KOULUTUS, PROJECT, "1140.00"),
    ((2023, 9, 20), Kind::Sale, 3000, "Kurssimaksut: Hygieniapassi, 11 × 38,50", "", PROJECT, "-423.50"),
    ((2023, 9, 27), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 2/2023", KAHVILA, PROJECT, "71.40"),
    ((2023, 10, 4), Kind::Purchase, 7870, "Kurssi-ilmoitus: Digitaidot arkeen, syksy 2023", LANSI_SAVO, PROJECT, "248.00"),
    ((2023, 10, 25), Kind::Purchase, 4450, "Koulutus \"Digitaidot arkeen\"; kouluttajapalkkio, syksy 2023", KOULUTUS, PROJECT, "1240.00"),
    ((2023, 10, 31), Kind::Sale, 3000, "Kurssimaksut: Digitaidot arkeen, syksy 2023, 14 × 25,00", "", PROJECT, "-350.00"),
    ((2023, 11, 8), Kind::Bank, 3000, "Kurssimaksun palautus, peruutus sairauden vuoksi (Digitaidot arkeen)", "", PROJECT, "25.00"),
    ((2023, 11, 15), Kind::Purchase, 4000, "Kurssimateriaalit ja tulosteet, syksy 2023", PAPERI, PROJECT, "94.35"),
    ((2023, 12, 13), Kind::Purchase, 6300, "Työterveyshuolto 7–12/2023", TERVEYSTALO, PROJECT, "148.60"),
    ((2024, 1, 17), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 1/2024", KAHVILA, PROJECT, "68.40"),
    ((2024, 2, 7), Kind::Purchase, 4450, "Työnhakijan some-valmennus, 3 iltaa", SOMETIIMI, PROJECT, "980.00"),
    ((2024, 2, 21), Kind::Sale, 3000, "Kurssimaksut: Työnhakijan some-valmennus, 9 × 32,00", "", PROJECT, "-288.00"),
    ((2024, 3, 6), Kind::Purchase, 4000, "Esitteet ja julisteet, kurssikausi kevät 2024", PAPERI, PROJECT, "203.90"),
    ((2024, 3, 13), Kind::Purchase, 7870, "Kurssi-ilmoitukset kevät 2024 (3 kurssia)", LANSI_SAVO, PROJECT, "396.00"),
    ((2024, 4, 10), Kind::Purchase, 4450, "Ensiapukurssi EA1, 16 h, kouluttaja", ENSIAPU, PROJECT, "1620.00"),
    ((2024, 4, 12), Kind::Sale, 3000, "Kurssimaksut: Ensiapukurssi EA1, 15 × 47,00", "", PROJECT, "-705.00"),
    ((2024, 4, 12), Kind::Purchase, 8050, "Kurssin tarjoilut, EA1 2 päivää", KAHVILA, PROJECT, "224.40"),
    ((2024, 5, 15), Kind::Purchase, 4450, "Koulutus \"Digitaidot arkeen\"; kouluttajapalkkio, kevät 2024", KOULUTUS, PROJECT, "1290.00"),
    ((2024, 5, 22), Kind::Sale, 3000, "Kurssimaksut: Digitaidot arkeen, kevät 2024, 13 × 27,50", "", PROJECT, "-357.50"),
    ((2024, 6, 12), Kind::Purchase, 6300, "Työterveyshuolto 1–6/2024", TERVEYSTALO, PROJECT, "173.80"),
    ((2024, 8, 28), Kind::Purchase, 8050, "Kahvitus, ohjausryhmän kokous 2/2024", KAHVILA, PROJECT, "72.60"),
    ((2024, 9, 11), Kind::Purchase, 4450, "Hygieniapassikoulutus ja testi, kouluttaja", KOULUTUS, PROJECT, "1180.00"),
    ((2024, 9, 18), Kind::Sale, 3000, "Kurssimaksut: Hygieniapassi, 12 × 39,90", "", PROJECT, "-478.80"),
    ((2024, 10, 9), Kind::Purchase, 4450, "Kyläosaajien some-kurssi, 2 iltaa", SOMETIIMI, PROJECT, "760.00"),
    ((2024, 10, 16), Kind::Sale, 3000, "Kurssimaksut: Kyläosaajien some-kurssi, 10 × 32,00", "", PROJECT, "-320.00"),
    ((2024, 11, 6), Kind::Purchase, 4450, "Ensiapukurssi EA1, 16 h, kouluttaja", ENSIAPU, PROJECT, "1620.00"),
    ((2024, 11, 8), Kind::Sale, 3000, "Kurssimaksut: Ensiapukurssi EA1, 11 × 47,00", "", PROJECT, "-517.00"),
    ((2024, 11, 27), Kind::Purchase, 8050, "Hankkeen päätösseminaari, tarjoilut 38 hlö", KAHVILA, PROJECT, "486.40"),
    ((2024, 12, 11), Kind::Purchase, 6300, "Työterveyshuolto 7–12/2024", TERVEYSTALO, PROJECT, "132.50"),
];

/// The village-hall project and the association's own rows (no project).
#[rustfmt::skip]
pub const OTHER_ROWS: &[Fixed] = &[
    ((2023, 3, 15), Kind::Bank, 3600, "Jäsenmaksut 2023, 78 jäsentä × 20,00", "", "", "-1560.00"),
    ((2023, 3, 24), Kind::Purchase, 8460, "Jäsenmaksu 2023", KYLAT, "", "120.00"),
    ((2023, 4, 19), Kind::Purchase, 7700, "Kylätalon kiinteistövakuutus 2023", VAKUUTUS, "", "846.00"),
    ((2023, 5, 17), Kind::Purchase, 4000, "Maalit ja tarvikkeet, kylätalon ikkunat", RAUTA, KYLATALO, "642.18"),
    ((2023, 6, 21), Kind::Purchase, 4450, "Kylätalon ikkunoiden kunnostus, 1. erä", RAKENNUS, KYLATALO, "8450.00"),
    ((2023, 6, 26), Kind::Sale, 3500, "Kylätalon vuokra: juhannustanssit", "", "", "-380.00"),
    ((2023, 8, 14), Kind::Sale, 3500, "Kylätalon vuokra: rippijuhla", "", "", "-180.00"),
    ((2023, 9, 20), Kind::Purchase, 4450, "Kylätalon ikkunoiden kunnostus, 2. erä", RAKENNUS, KYLATALO, "6920.00"),
    ((2023, 12, 4), Kind::Sale, 3500, "Kylätalon vuokra: pikkujoulut", "", KYLATALO, "-240.00"),
    ((2024, 3, 14), Kind::Bank, 3600, "Jäsenmaksut 2024, 81 jäsentä × 20,00", "", "", "-1620.00"),
    ((2024, 3, 22), Kind::Purchase, 8460, "Jäsenmaksu 2024", KYLAT, "", "120.00"),
    ((2024, 4, 17), Kind::Purchase, 4450, "Kylätalon esteetön sisäänkäynti, urakka", RAKENNUS, KYLATALO, "11380.00"),
    ((2024, 4, 18), Kind::Purchase, 7700, "Kylätalon kiinteistövakuutus 2024", VAKUUTUS, "", "879.00"),
    ((2024, 5, 8), Kind::Purchase, 4000, "Luiska- ja kaidetarvikkeet", RAUTA, KYLATALO, "318.77"),
    ((2024, 6, 20), Kind::Sale, 3500, "Kylätalon vuokra: juhannustanssit", "", "", "-400.00"),
    ((2024, 8, 9), Kind::Sale, 3500, "Kylätalon vuokra: hääjuhla", "", "", "-260.00"),
    ((2024, 12, 2), Kind::Sale, 3500, "Kylätalon vuokra: pikkujoulut", "", "", "-240.00"),
];

pub fn fixed(rows: &[Fixed]) -> Vec<Voucher> {
    rows.iter()
        .map(
            |&((y, m, day), kind, account, text, partner, project, amount)| {
                single(
                    date(y, m, day),
                    kind,
                    account,
                    text,
                    partner,
                    project,
                    d(amount),
                )
            },
        )
        .collect()
}

/// Monthly invoices: the project's office rent, software and phones; the
/// association's bookkeeping, bank charges and the village hall's electricity.
pub fn monthly(year: i32, month: u32) -> Vec<Voucher> {
    let when = month_text(year, month);
    let mut out = Vec::new();
    let y24 = year == 2024;
    if project_month(year, month).is_some() {
        out.push(single(
            workday(year, month, 2),
            Kind::Purchase,
            7010,
            format!("Toimistotilan vuokra {when}, Kyläkeskus, huone 4"),
            KYLAKESKUS,
            PROJECT,
            d(if y24 { "449.90" } else { "436.80" }),
        ));
        out.push(single(
            workday(year, month, 5),
            Kind::Purchase,
            7640,
            format!("Microsoft 365 Business Standard, 3 lisenssiä, {when}"),
            MICROSOFT,
            PROJECT,
            d(if y24 { "40.35" } else { "38.70" }),
        ));
        out.push(single(
            workday(year, month, 16),
            Kind::Purchase,
            7680,
            format!("Puhelinliittymät 3 kpl, {when}"),
            ELISA,
            PROJECT,
            d(if y24 { "62.70" } else { "59.70" }),
        ));
    }
    out.push(single(
        workday(year, month, 12),
        Kind::Purchase,
        8410,
        format!("Kirjanpito ja palkanlaskenta {when}"),
        if y24 {
            TILITOIMISTO_2024
        } else {
            TILITOIMISTO_2023
        },
        "",
        d(if y24 { "152.00" } else { "145.00" }),
    ));
    out.push(single(
        workday(year, month, last_day(year, month)),
        Kind::Bank,
        8440,
        format!("Palvelumaksut {when}"),
        PANKKI,
        "",
        d(if y24 { "9.40" } else { "8.90" }),
    ));
    if month.is_multiple_of(2) {
        // Electricity every other month: the village hall's, winter higher.
        let kwh: [&str; 6] = ["412.36", "276.18", "98.44", "121.07", "233.92", "389.55"];
        out.push(single(
            workday(year, month, 20),
            Kind::Purchase,
            7020,
            format!("Kylätalon sähkö {}–{when}", month - 1),
            SAHKO,
            if y24 && month <= 6 { KYLATALO } else { "" },
            d(kwh[(month / 2 - 1) as usize]),
        ));
    }
    out
}
