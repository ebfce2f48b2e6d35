//! `cargo bench --bench scale`: velho on a whole organisation's ledger
//! against the floors of the crates it is built on (issue 7).
//!
//! ```text
//! cargo bench --bench scale                       # 100 000 and 1 000 000 rows
//! cargo bench --bench scale -- --rows 100000      # a quick run
//! cargo bench --bench scale -- --rows 1000000 --repeat 1
//! ```
//!
//! For each size N it
//! 1. generates, once, into `target/bench-data/`: a deterministic ledger of N
//!    rows as a Finnish CSV export and as an XLSX export, and project files
//!    for scenario S1 (one project, ~5 % of the rows) and S2 (every row),
//!    each reading the CSV or the XLSX ([`ledger`]);
//! 2. runs the release `velho reconcile` on the four projects, whole-process,
//!    with `VELHO_TIMINGS=1` so velho reports its stages (read, reconcile,
//!    render, save), and records wall time, CPU time and peak memory
//!    ([`measure`]);
//! 3. runs the floors, each in its own process: the csv crate parsing the
//!    CSV, calamine streaming the XLSX sheet, rust_xlsxwriter writing S2's
//!    Transactions sheet in constant-memory mode at the default zip level
//!    and at level 3 ([`floors`]);
//! 4. prints the results with the issue's targets marked PASS or FAIL, and
//!    writes them to `benches/RESULTS.md` ([`report`]).
//!
//! Each measurement is repeated (`--repeat`, default 3), round-robin; the
//! fastest time and the largest peak memory are kept (see [`report`]).

mod floors;
mod ledger;
mod measure;
mod report;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ledger::{Ledger, Scenario};
use measure::Measurement;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The ledger sizes measured when `--rows` is not given.
const DEFAULT_ROWS: [u64; 2] = [100_000, 1_000_000];
/// How often each measurement runs when `--repeat` is not given.
const DEFAULT_REPEAT: usize = 3;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let result = match args.first().and_then(|a| a.to_str()) {
        // Hidden commands: the benchmark re-executes itself for these.
        Some("__measure") => measure::middle(&args[1..]),
        Some("__floor") => {
            let rest: Vec<String> = args[1..]
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            floors::run(&rest)
        }
        _ => options(&args).and_then(|o| bench(&o)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scale: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command line of a benchmark run.
pub struct Options {
    /// Ledger sizes.
    pub rows: Vec<u64>,
    /// Runs per measurement.
    pub repeat: usize,
    /// The arguments as given, for the record.
    pub given: Vec<String>,
}

fn options(args: &[OsString]) -> Result<Options> {
    let mut options = Options {
        rows: DEFAULT_ROWS.to_vec(),
        repeat: DEFAULT_REPEAT,
        given: Vec::new(),
    };
    let mut args = args.iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            // `cargo bench` passes this to every bench binary.
            "--bench" => continue,
            "--rows" => {
                let list = value("--rows")?;
                options.rows = list
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse::<u64>())
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| format!("--rows {list}: {e}"))?;
                options.given.extend(["--rows".into(), list]);
            }
            "--repeat" => {
                let n = value("--repeat")?;
                options.repeat = n.parse().map_err(|e| format!("--repeat {n}: {e}"))?;
                options.given.extend(["--repeat".into(), n]);
            }
            "-h" | "--help" => {
                println!(
                    "cargo bench --bench scale [-- [--rows N[,N...]] [--repeat K]]\n\
                     Defaults: --rows 100000,1000000 --repeat 3. Data in target/bench-data/, \
                     results in benches/RESULTS.md."
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}; see --help").into()),
        }
    }
    if options.rows.contains(&0) || options.repeat == 0 {
        return Err("--rows and --repeat must be positive".into());
    }
    Ok(options)
}

/// The input format of a velho run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Csv,
    Xlsx,
}

impl Input {
    pub fn name(self) -> &'static str {
        match self {
            Input::Csv => "CSV",
            Input::Xlsx => "XLSX",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Input::Csv => "ledger.csv",
            Input::Xlsx => "ledger.xlsx",
        }
    }
}

/// The floors, in the order they are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Floor {
    Csv,
    Calamine,
    Writer,
    WriterLevel3,
}

impl Floor {
    pub const ALL: [Floor; 4] = [
        Floor::Csv,
        Floor::Calamine,
        Floor::Writer,
        Floor::WriterLevel3,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Floor::Csv => "csv crate: ByteRecords of the CSV",
            Floor::Calamine => "calamine: worksheet_cells_reader over the XLSX sheet",
            Floor::Writer => "rust_xlsxwriter: S2 Transactions, constant memory, default zip level",
            Floor::WriterLevel3 => "rust_xlsxwriter: S2 Transactions, constant memory, zip level 3",
        }
    }

    fn args(self, dir: &Path, rows: u64) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["__floor".into()];
        match self {
            Floor::Csv => args.extend(["csv".into(), dir.join("ledger.csv").into()]),
            Floor::Calamine => args.extend(["calamine".into(), dir.join("ledger.xlsx").into()]),
            Floor::Writer | Floor::WriterLevel3 => {
                let (level, out) = match self {
                    Floor::Writer => ("default", "floor-writer.xlsx"),
                    _ => ("3", "floor-writer-level3.xlsx"),
                };
                args.extend([
                    "writer".into(),
                    rows.to_string().into(),
                    level.into(),
                    dir.join("out").join(out).into(),
                ]);
            }
        }
        args
    }
}

/// One velho run configuration and its repeated measurements.
pub struct VelhoRuns {
    pub rows: u64,
    pub scenario: Scenario,
    pub input: Input,
    pub runs: Vec<Measurement>,
    /// Size of the workbook written.
    pub workbook_bytes: u64,
}

/// One floor and its repeated measurements.
pub struct FloorRuns {
    pub rows: u64,
    pub floor: Floor,
    pub runs: Vec<Measurement>,
}

/// Everything measured for one ledger size.
pub struct SizeResults {
    pub rows: u64,
    pub csv_bytes: u64,
    pub xlsx_bytes: u64,
    pub velho: Vec<VelhoRuns>,
    pub floors: Vec<FloorRuns>,
}

fn bench(options: &Options) -> Result<()> {
    let velho = PathBuf::from(env!("CARGO_BIN_EXE_velho"));
    // target/<profile>/velho → target/bench-data
    let data = velho
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?
        .join("bench-data");
    let load_before = report::load_average();
    let mut all = Vec::new();
    for &rows in &options.rows {
        let dir = data.join(format!("v{}-n{rows}", ledger::GENERATOR_VERSION));
        prepare(&dir, rows)?;
        all.push(measure_size(&velho, &dir, rows, options.repeat)?);
    }
    let text = report::render(options, &all, &load_before);
    println!("\n{text}");
    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/RESULTS.md");
    std::fs::write(&results, &text)?;
    eprintln!("scale: results written to {}", results.display());
    Ok(())
}

/// Writes the ledger files (unless already there) and the project files.
fn prepare(dir: &Path, rows: u64) -> Result<()> {
    std::fs::create_dir_all(dir.join("out"))?;
    let ledger = Ledger::new(rows);
    let csv = dir.join(Input::Csv.file());
    if !csv.exists() {
        eprintln!("scale: writing {}", csv.display());
        ledger::write_csv(&ledger, &csv)?;
    }
    let xlsx = dir.join(Input::Xlsx.file());
    if !xlsx.exists() {
        eprintln!(
            "scale: writing {} (about 10 s per million rows)",
            xlsx.display()
        );
        ledger::write_xlsx(&ledger, &xlsx)?;
    }
    for scenario in [Scenario::S1, Scenario::S2] {
        for input in [Input::Csv, Input::Xlsx] {
            let project = project_dir(dir, scenario, input).join("velho.toml");
            ledger::write_project(scenario, rows, &format!("../{}", input.file()), &project)?;
        }
    }
    Ok(())
}

fn project_dir(dir: &Path, scenario: Scenario, input: Input) -> PathBuf {
    dir.join(format!(
        "{}-{}",
        scenario.name().to_lowercase(),
        input.name().to_lowercase()
    ))
}

/// Runs every velho configuration and every floor `repeat` times,
/// round-robin, so that a slow spell of the machine hits all of them alike.
fn measure_size(velho: &Path, dir: &Path, rows: u64, repeat: usize) -> Result<SizeResults> {
    let mut velho_runs: Vec<VelhoRuns> = [Scenario::S1, Scenario::S2]
        .into_iter()
        .flat_map(|scenario| [Input::Csv, Input::Xlsx].map(|input| (scenario, input)))
        .map(|(scenario, input)| VelhoRuns {
            rows,
            scenario,
            input,
            runs: Vec::new(),
            workbook_bytes: 0,
        })
        .collect();
    let mut floor_runs: Vec<FloorRuns> = Floor::ALL
        .into_iter()
        .map(|floor| FloorRuns {
            rows,
            floor,
            runs: Vec::new(),
        })
        .collect();
    let log = dir.join("out").join("stderr.log");
    let bench = std::env::current_exe()?;
    for round in 1..=repeat {
        for v in &mut velho_runs {
            let project = project_dir(dir, v.scenario, v.input);
            let out =
                dir.join("out")
                    .join(format!("{}-{}.xlsx", v.scenario.name(), v.input.name()));
            let args: Vec<OsString> = vec![
                "reconcile".into(),
                project.into(),
                "-o".into(),
                out.clone().into(),
                "--quiet".into(),
            ];
            let m = measure::measure(velho, &args, &[("VELHO_TIMINGS", "1")], &log)?;
            for stage in ["read", "reconcile", "render", "save"] {
                if !m.reports.contains_key(&format!("stage={stage}")) {
                    return Err(format!(
                        "velho printed no `{stage}` timing with VELHO_TIMINGS=1 (see src/run.rs)"
                    )
                    .into());
                }
            }
            eprintln!(
                "scale: {rows} rows, {} {}, run {round}/{repeat}: {:.2} s, {} MiB",
                v.scenario.name(),
                v.input.name(),
                m.wall,
                m.peak_kib.map_or("?".into(), |k| (k / 1024).to_string())
            );
            v.workbook_bytes = std::fs::metadata(&out)?.len();
            v.runs.push(m);
        }
        for f in &mut floor_runs {
            let m = measure::measure(&bench, &f.floor.args(dir, rows), &[], &log)?;
            eprintln!(
                "scale: {rows} rows, floor {:?}, run {round}/{repeat}: {:.2} s, {} MiB",
                f.floor,
                m.value("floor-timing", "seconds").unwrap_or(f64::NAN),
                m.peak_kib.map_or("?".into(), |k| (k / 1024).to_string())
            );
            f.runs.push(m);
        }
    }
    Ok(SizeResults {
        rows,
        csv_bytes: std::fs::metadata(dir.join(Input::Csv.file()))?.len(),
        xlsx_bytes: std::fs::metadata(dir.join(Input::Xlsx.file()))?.len(),
        velho: velho_runs,
        floors: floor_runs,
    })
}
