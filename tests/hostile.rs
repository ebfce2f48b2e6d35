//! Hostile workbooks in every input role (issue 17, deliverable 1): read in
//! velho's bounded child process, each ends in exit 2 with a message naming
//! the file, nothing written, and no abort.

use std::path::Path;

use crate::harness::{copy_dir, sample, stderr, velho};

/// What a workbook gets whose reading would pass the reader's memory bound.
/// The refusal as a Finnish project's run says it (the sample is Finnish).
const BEYOND_BOUND: &str = "tiedostoa ei voitu lukea turvallisesti: sen lukeminen vaatisi yli 1024 MiB muistia, mitä mikään kirjanpito, maksatuspäätös tai maksatushakemus ei tarvitse (tiedosto on vioittunut tai tehty kuluttamaan muisti loppuun); avaa se Excelissä ja tallenna uudelleen tai ota vienti uudelleen (kirjanpito CSV-muodossa)";

/// A workbook whose only sheet holds one 640 MB text node (650 KB on disk):
/// no pre-check looks for it, and reading it needs more than the bound.
const TEXT_NODE: &str = "hostile_text_node_640mb.xlsx";

fn corpus_file(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/files")
        .join(name)
}

/// [`TEXT_NODE`] at `to`, its sheet renamed `sheet` (the compressed parts
/// are copied as they are).
fn text_node_in_sheet(sheet: &str, to: &Path) {
    let file = std::fs::File::open(corpus_file(TEXT_NODE)).unwrap();
    let mut from = zip::ZipArchive::new(file).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..from.len() {
        let name = from.by_index_raw(i).unwrap().name().unwrap().to_string();
        if name == "xl/workbook.xml" {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut from.by_index(i).unwrap(), &mut xml).unwrap();
            let xml = xml.replace("name=\"libreoffice\"", &format!("name=\"{sheet}\""));
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, xml.as_bytes()).unwrap();
        } else {
            out.raw_copy_file(from.by_index_raw(i).unwrap()).unwrap();
        }
    }
    out.finish().unwrap();
}

/// A copy of the sample with the hostile workbook at `place` (its only
/// sheet named `sheet`); runs reconcile and returns (exit status, stderr,
/// whether an output exists).
fn reconcile_with(place: &str, sheet: &str) -> (Option<i32>, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_dir(&sample(), &project);
    let to = project.join(place);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    text_node_in_sheet(sheet, &to);
    let out = velho(dir.path(), &["reconcile", "p", "-o", "out.xlsx"]);
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .any(|e| e.unwrap().file_name() != "p");
    (out.status.code(), stderr(&out), written)
}

#[test]
fn a_hostile_decision_is_refused_with_a_message() {
    let (code, err, written) = reconcile_with("decisions/maksatuspaatos_9.xlsx", "Päätös");
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        format!("velho: decisions/maksatuspaatos_9.xlsx: {BEYOND_BOUND}")
    );
    assert!(!written, "nothing is written");
}

#[test]
fn a_hostile_workbook_in_the_claims_folder_is_refused_with_a_message() {
    // The claim reader reads only the sheet velho names its data sheet.
    let sheet = velho::import::claim::DATA_SHEET;
    let (code, err, written) = reconcile_with("claims/maksatushakemus_1.xlsx", sheet);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        format!("velho: claims/maksatushakemus_1.xlsx: {BEYOND_BOUND}")
    );
    assert!(!written, "nothing is written");
}

#[test]
fn a_hostile_ledger_workbook_is_refused_with_a_message() {
    let (code, err, written) = reconcile_with("ledger/kirjanpito_2024.xlsx", "Kirjanpito");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "ledger/kirjanpito_2024.xlsx, välilehti \"Kirjanpito\": {BEYOND_BOUND}"
        )),
        "{err}"
    );
    assert!(!written, "nothing is written");
}

/// Runs `velho inspect` on `file` (in `dir`) under /usr/bin/time when it
/// exists: (exit status, stderr without time's lines, peak KiB).
fn inspect_measured(dir: &Path, file: &str) -> (Option<i32>, String, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    // GNU time (`-f`): Linux only; elsewhere velho runs unmeasured.
    let mut command = if cfg!(target_os = "linux") && time.exists() {
        let mut c = std::process::Command::new(time);
        c.args(["-f", "peak-kib=%M", env!("CARGO_BIN_EXE_velho")]);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_velho"))
    };
    let out = command
        .args(["inspect", file])
        .current_dir(dir)
        .output()
        .unwrap();
    let err = stderr(&out);
    let peak = err
        .rfind("peak-kib=")
        .and_then(|at| err[at + 9..].trim().parse().ok());
    let first = err.lines().next().unwrap_or_default().to_string();
    (out.status.code(), first, peak)
}

/// A CSV export whose second row opens a quote, then `filler` bytes of rows,
/// then `ending`.
fn swallowing_csv(dir: &Path, name: &str, filler: usize, ending: &str) {
    let mut text = String::from("Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4000;7311;\"alkaa;10,00\n");
    let line = "1.1.2021;4000;7311;rivi;10,00\n";
    text.push_str(&line.repeat(filler / line.len()));
    text.push_str(ending);
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn an_unterminated_quote_is_named_in_bounded_memory() {
    // Case 14: the quote swallows 64 MB; velho held all of it (and every
    // line end in it) before naming the quote.
    let dir = tempfile::tempdir().unwrap();
    swallowing_csv(dir.path(), "q.csv", 64 << 20, "");
    let (code, err, peak) = inspect_measured(dir.path(), "q.csv");
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "velho: q.csv, row 2: a quote opened on line 2 is never closed, so the rest of the file would be read as one field; fix the quotes on this line or export the file again"
    );
    if let Some(kib) = peak {
        assert!(kib < 120 * 1024, "peak {kib} KiB");
    }
}

#[test]
fn a_row_longer_than_16_mib_is_refused() {
    // A quoted field that closes, but after 17 MiB on one line: no ledger row
    // is that long, and reading it whole is what a lost quote costs.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Pvm;Tili;Kp;Selite;Summa\n1.1.2021;4000;7311;\"");
    text.push_str(&"x".repeat(17 << 20));
    text.push_str("\";10,00\n");
    std::fs::write(dir.path().join("long.csv"), text).unwrap();
    let (code, err, _) = inspect_measured(dir.path(), "long.csv");
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "velho: long.csv: the file cannot be read as CSV: the row that starts on line 2 runs on for more than 16 MiB: a quote is probably never closed; fix the quotes on that line or export the file again"
    );
}

/// A copy of the sample in a temporary folder: (the folder, the project).
fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_dir(&sample(), &project);
    (dir, project)
}

#[test]
fn a_claim_and_its_extract_saved_into_the_ledger_folder_are_not_ledgers() {
    // The retest found the extract CSV read back as a ledger (exit 2).
    let (dir, project) = sample_copy();
    let claim = velho(
        dir.path(),
        &[
            "claim",
            "p",
            "--period",
            "3",
            "-o",
            "p/ledger/h.xlsx",
            "--quiet",
        ],
    );
    assert_eq!(claim.status.code(), Some(0), "{}", stderr(&claim));
    assert!(project.join("ledger/h-kirjanpitoraportti.csv").exists());
    let out = velho(
        dir.path(),
        &["reconcile", "p", "-o", "out.xlsx", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The sample's realised costs, to the cent, as without the outputs.
    assert!(
        stderr(&out).contains("Realised costs €437,395.00"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_broken_link_or_a_pipe_in_the_ledger_folder_stops_the_run() {
    // An unmounted network drive looks like this: a year's export missing.
    let (dir, project) = sample_copy();
    let year = project.join("ledger/kirjanpito_2022.xlsx");
    std::fs::remove_file(&year).unwrap();
    std::os::unix::fs::symlink("/nonexistent/verkkolevy/kirjanpito_2022.xlsx", &year).unwrap();
    let out = velho(dir.path(), &["reconcile", "p", "-o", "out.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "velho: ledger/kirjanpito_2022.xlsx: se on linkki kohteeseen /nonexistent/verkkolevy/kirjanpito_2022.xlsx, jota ei voi lukea (No such file or directory (os error 2)); onko asema tai kansio, johon linkki osoittaa, käytettävissä?"
    );
    std::fs::remove_file(&year).unwrap();
    let fifo = project.join("ledger/zz.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let started = std::time::Instant::now();
    // With --lang en the Finnish project's run says it in English.
    let out = velho(
        dir.path(),
        &["reconcile", "p", "-o", "out.xlsx", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(started.elapsed().as_secs() < 30, "never waited on");
    assert_eq!(
        stderr(&out).trim_end(),
        "velho: ledger/zz.csv: it is not an ordinary file (a folder, a device or a pipe); export the data to a file and name that"
    );
    assert!(!dir.path().join("out.xlsx").exists());
}

#[cfg(unix)]
#[test]
fn a_closed_or_full_stderr_does_not_stop_the_run() {
    let (dir, _project) = sample_copy();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else { return };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_velho"))
        .args(["reconcile", "p", "-o", "out.xlsx"])
        .current_dir(dir.path())
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The same workbook, byte for byte, as a run whose stderr is fine.
    let normal = velho(dir.path(), &["reconcile", "p", "-o", "normal.xlsx"]);
    assert_eq!(normal.status.code(), Some(0), "{}", stderr(&normal));
    assert_eq!(
        std::fs::read(dir.path().join("out.xlsx")).unwrap(),
        std::fs::read(dir.path().join("normal.xlsx")).unwrap()
    );
}

#[test]
fn an_output_folder_named_with_a_slash_is_made() {
    let (dir, _project) = sample_copy();
    let out = velho(
        dir.path(),
        &["reconcile", "p", "p", "-o", "uusi/", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("uusi/YRITYSVELHO-reconciliation.xlsx")
            .exists()
    );
}

#[test]
fn a_project_file_saved_as_utf16_is_named_as_such() {
    let (dir, project) = sample_copy();
    let text = std::fs::read_to_string(project.join("velho.toml")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(project.join("velho.toml"), utf16).unwrap();
    let out = velho(dir.path(), &["reconcile", "p", "-o", "out.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "velho: project file p/velho.toml: the project file is saved as UTF-16 (\"Unicode\"), not UTF-8; open it in a text editor and save it with the encoding UTF-8 (Notepad: Save as > Encoding: UTF-8)"
    );
}

/// An xlsx of one sheet, "Kirjanpito", whose `<sheetData>` is `rows` and
/// whose shared-strings part is `strings`.
fn workbook_with_strings(to: &Path, rows: &str, strings: &str) {
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kirjanpito" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#),
        ),
        ("xl/sharedStrings.xml", strings.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// A ledger workbook's header and one row, the row's account name a shared
/// string (index `index`).
fn ledger_rows(index: u32) -> String {
    let header = ["Pvm", "Tili", "Tilin nimi", "Kustannuspaikka", "Summa"]
        .iter()
        .enumerate()
        .map(|(c, h)| {
            format!(
                r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#,
                (b'A' + c as u8) as char
            )
        })
        .collect::<String>();
    format!(
        r#"<row r="1">{header}</row><row r="2"><c r="A2" t="inlineStr"><is><t>1.2.2024</t></is></c><c r="B2"><v>4000</v></c><c r="C2" t="s"><v>{index}</v></c><c r="D2"><v>7311</v></c><c r="E2"><v>12.5</v></c></row>"#
    )
}

#[test]
fn a_broken_shared_string_table_is_named_and_a_string_beyond_it_names_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let table = r#"<sst><si><t>Palkat</t></si><si><t>Matkat</t></si></sst>"#;
    // A cell whose string is beyond the table's two.
    workbook_with_strings(&dir.path().join("beyond.xlsx"), &ledger_rows(5), table);
    // The table cut off inside a string: every sheet fails with the table's
    // failure, naming the part and the element it ended in.
    workbook_with_strings(
        &dir.path().join("cut.xlsx"),
        &ledger_rows(0),
        "<sst><si><t>Palkat</t>",
    );
    for (file, expected) in [
        (
            "beyond.xlsx",
            "sheet \"Kirjanpito\" cannot be read: cell C2: shared string 5 is not in the table of 2",
        ),
        (
            "cut.xlsx",
            "sheet \"Kirjanpito\" cannot be read: xl/sharedStrings.xml: the XML ended before </si>",
        ),
    ] {
        let out = velho(dir.path(), &["inspect", "--lang", "en", file]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains(expected), "{file}: {err}");
        assert!(err.contains(file), "{file}: {err}");
    }
}
