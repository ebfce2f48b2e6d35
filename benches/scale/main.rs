//! `cargo bench --bench scale`: velho on whole-organisation ledgers of
//! several shapes against the floors of the crates it is built on (issue 7)
//! and against the alternative a user would pick, polars + XlsxWriter and
//! pandas + openpyxl, in the same run (issue 18).
//!
//! ```text
//! cargo bench --bench scale                       # every shape, 200 000 rows
//! cargo bench --bench scale -- --rows 50000 --repeat 1 --alternatives none   # a quick run
//! cargo bench --bench scale -- --rows 1000000 --repeat 1 --shapes organisation
//! VELHO_BENCH_ROWS=1000000 VELHO_BENCH_SHAPES=organisation,long-text cargo bench --bench scale
//! ```
//!
//! Options (each also an environment variable, the option wins):
//! `--rows N[,N...]` (`VELHO_BENCH_ROWS`, default 200 000), `--shapes
//! a,b` (`VELHO_BENCH_SHAPES`, default all: benchmark, organisation,
//! mostly-project, long-text, debit-credit; see [`ledger::Shape`]),
//! `--repeat K` (`VELHO_BENCH_REPEAT`, default 3; the alternatives run once,
//! they take minutes), `--alternatives polars,pandas|none`
//! (`VELHO_BENCH_ALTERNATIVES`, default both), `--results PATH`
//! (`VELHO_BENCH_RESULTS`, default `benches/RESULTS.md`).
//!
//! The alternatives are `benches/scale/alternative.py`, run by the Python in
//! `VELHO_BENCH_PYTHON`, else `target/bench-venv/bin/python` if it exists,
//! else `python3`. One that lacks its packages is skipped with a note in the
//! results; nothing else depends on them, and CI never runs this bench. To
//! install them (from PyPI):
//!
//! ```text
//! python3 -m venv target/bench-venv
//! target/bench-venv/bin/pip install polars xlsxwriter fastexcel pandas openpyxl
//! ```
//!
//! For each shape and size it
//! 1. generates, once, into `target/bench-data/`: a deterministic ledger of N
//!    rows as a Finnish CSV export and as an XLSX export with shared strings,
//!    and project files for scenario S1 (one cost centre) and S2 (every
//!    row), each reading the CSV or the XLSX ([`ledger`]);
//! 2. runs the release `velho reconcile` on S1 from the CSV and S2 from the
//!    CSV and the XLSX, whole-process, with `VELHO_TIMINGS=1` so velho
//!    reports its stages (read, reconcile, render, save), and records wall
//!    time, CPU time and peak memory ([`measure`]);
//! 3. runs the floors, each in its own process: the csv crate parsing the
//!    CSV, calamine streaming the XLSX sheet, rust_xlsxwriter writing S2's
//!    Transactions sheet in constant-memory mode at the default zip level
//!    and at velho's level ([`velho::report::ZIP_LEVEL`], [`floors`]);
//! 4. runs the alternatives on S2 from the CSV and from the XLSX;
//! 5. prints the results with the issues' targets marked PASS or FAIL, and
//!    writes them to `benches/RESULTS.md` ([`report`]).
//!
//! Each velho run and floor is repeated (`--repeat`), round-robin; the
//! fastest time and the largest peak memory are kept (see [`report`]).

mod floors;
mod ledger;
mod measure;
mod report;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ledger::{Ledger, Scenario, Shape};
use measure::Measurement;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The ledger sizes measured when `--rows` is not given.
const DEFAULT_ROWS: [u64; 1] = [200_000];
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
    /// Ledger shapes.
    pub shapes: Vec<Shape>,
    /// Runs per measurement.
    pub repeat: usize,
    /// The alternatives to run.
    pub alternatives: Vec<Alternative>,
    /// Where the results go (default benches/RESULTS.md).
    pub results: PathBuf,
    /// The arguments as given (options and environment variables), for the record.
    pub given: Vec<String>,
}

fn list<T>(text: &str, item: impl Fn(&str) -> Option<T>) -> Result<Vec<T>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| item(t).ok_or_else(|| format!("cannot read `{t}` in `{text}`").into()))
        .collect()
}

fn options(args: &[OsString]) -> Result<Options> {
    let mut options = Options {
        rows: DEFAULT_ROWS.to_vec(),
        shapes: Shape::ALL.to_vec(),
        repeat: DEFAULT_REPEAT,
        alternatives: Alternative::ALL.to_vec(),
        results: Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/RESULTS.md"),
        given: Vec::new(),
    };
    let set = |options: &mut Options, name: &str, value: &str| -> Result<()> {
        match name {
            "rows" => {
                options.rows = list(value, |n| n.replace('_', "").parse::<u64>().ok())?;
            }
            "shapes" => options.shapes = list(value, Shape::parse)?,
            "repeat" => {
                options.repeat = value
                    .parse()
                    .map_err(|e| format!("--repeat {value}: {e}"))?;
            }
            "results" => options.results = PathBuf::from(value),
            "alternatives" => {
                options.alternatives = if value == "none" {
                    Vec::new()
                } else {
                    list(value, Alternative::parse)?
                };
            }
            _ => return Err(format!("unknown option {name}").into()),
        }
        Ok(())
    };
    for name in ["rows", "shapes", "repeat", "alternatives", "results"] {
        let var = format!("VELHO_BENCH_{}", name.to_uppercase());
        if let Ok(value) = std::env::var(&var) {
            set(&mut options, name, &value)?;
            options.given.push(format!("{var}={value}"));
        }
    }
    let mut args = args.iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // `cargo bench` passes this to every bench binary.
            "--bench" => continue,
            "--rows" | "--shapes" | "--repeat" | "--alternatives" | "--results" => {
                let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
                set(&mut options, &arg[2..], &value)?;
                options.given.extend([arg.clone(), value]);
            }
            "-h" | "--help" => {
                println!(
                    "cargo bench --bench scale [-- [--rows N[,N...]] [--shapes a,b] [--repeat K] \
                     [--alternatives polars,pandas|none] [--results PATH]]\n\
                     Defaults: --rows 200000 --shapes {} --repeat 3 --alternatives polars,pandas.\n\
                     Environment: VELHO_BENCH_ROWS, _SHAPES, _REPEAT, _ALTERNATIVES; VELHO_BENCH_PYTHON \
                     (else target/bench-venv/bin/python, else python3) runs benches/scale/alternative.py.\n\
                     Data in target/bench-data/, results in benches/RESULTS.md unless --results.",
                    Shape::ALL.map(Shape::name).join(",")
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}; see --help").into()),
        }
    }
    if options.rows.contains(&0) || options.repeat == 0 || options.shapes.is_empty() {
        return Err("--rows, --shapes and --repeat must not be empty or zero".into());
    }
    Ok(options)
}

/// The Python alternatives (benches/scale/alternative.py).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alternative {
    Polars,
    Pandas,
}

impl Alternative {
    pub const ALL: [Alternative; 2] = [Alternative::Polars, Alternative::Pandas];

    pub fn parse(name: &str) -> Option<Alternative> {
        Alternative::ALL.into_iter().find(|a| a.engine() == name)
    }

    /// The ENGINE argument of alternative.py.
    pub fn engine(self) -> &'static str {
        match self {
            Alternative::Polars => "polars",
            Alternative::Pandas => "pandas",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Alternative::Polars => "polars + XlsxWriter (write_excel)",
            Alternative::Pandas => "pandas + openpyxl",
        }
    }

    /// The modules the job imports.
    fn modules(self) -> &'static str {
        match self {
            Alternative::Polars => "polars, xlsxwriter, fastexcel",
            Alternative::Pandas => "pandas, openpyxl",
        }
    }

    /// The target: velho at least this many times faster.
    pub fn target(self) -> f64 {
        match self {
            Alternative::Polars => 10.0,
            Alternative::Pandas => 20.0,
        }
    }
}

/// The Python that runs the alternatives, and the ones it can run (with a
/// note on each it cannot).
pub struct Python {
    pub program: PathBuf,
    pub version: String,
    pub available: Vec<Alternative>,
    pub notes: Vec<String>,
}

fn find_python(wanted: &[Alternative], target: &Path) -> Python {
    let program = std::env::var_os("VELHO_BENCH_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let venv = target.join("bench-venv/bin/python");
            venv.exists().then_some(venv)
        })
        .unwrap_or_else(|| PathBuf::from("python3"));
    let run = |code: &str| {
        std::process::Command::new(&program)
            .args(["-c", code])
            .output()
            .ok()
    };
    let version = run("import sys; print(sys.version.split()[0])")
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let mut python = Python {
        program: program.clone(),
        version: version.clone().unwrap_or_default(),
        available: Vec::new(),
        notes: Vec::new(),
    };
    if version.is_none() {
        python.notes.push(format!(
            "not run: no Python at `{}` (set VELHO_BENCH_PYTHON)",
            program.display()
        ));
        return python;
    }
    for &alt in wanted {
        let modules = alt.modules();
        let probe = run(&format!(
            "import {modules}; print(' '.join(m.__name__ + '=' + m.__version__ for m in [{modules}]))"
        ));
        match probe {
            Some(o) if o.status.success() => {
                python.notes.push(format!(
                    "{}: `{}` (Python {}), {}",
                    alt.name(),
                    program.display(),
                    python.version,
                    String::from_utf8_lossy(&o.stdout).trim()
                ));
                python.available.push(alt);
            }
            _ => python.notes.push(format!(
                "{}: not run, `{}` cannot import {modules} (see benches/scale/main.rs to install them)",
                alt.name(),
                program.display()
            )),
        }
    }
    python
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
    WriterVelhoLevel,
}

impl Floor {
    pub const ALL: [Floor; 4] = [
        Floor::Csv,
        Floor::Calamine,
        Floor::Writer,
        Floor::WriterVelhoLevel,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Floor::Csv => "csv crate: ByteRecords of the CSV",
            Floor::Calamine => "calamine: worksheet_cells_reader over the XLSX sheet",
            Floor::Writer => "rust_xlsxwriter: S2 Transactions, constant memory, default zip level",
            Floor::WriterVelhoLevel => {
                "rust_xlsxwriter: S2 Transactions, constant memory, velho's zip level"
            }
        }
    }

    fn args(self, dir: &Path, shape: Shape, rows: u64) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["__floor".into()];
        match self {
            Floor::Csv => args.extend(["csv".into(), dir.join("ledger.csv").into()]),
            Floor::Calamine => args.extend(["calamine".into(), dir.join("ledger.xlsx").into()]),
            Floor::Writer | Floor::WriterVelhoLevel => {
                let (level, out) = match self {
                    Floor::Writer => ("default".to_string(), "floor-writer.xlsx"),
                    _ => (
                        velho::report::ZIP_LEVEL.to_string(),
                        "floor-writer-velho-level.xlsx",
                    ),
                };
                args.extend([
                    "writer".into(),
                    shape.name().into(),
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
    /// Run as a user runs it (the Transactions sheet written while the
    /// ledger is read), or with the stages apart (`VELHO_EARLY_SHEET=0`)
    /// for the import and writing ratios to the floors.
    pub early: bool,
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

/// One alternative on S2 from one input, run once.
pub struct AlternativeRun {
    pub alternative: Alternative,
    pub input: Input,
    pub run: Measurement,
}

/// Everything measured for one ledger shape and size.
pub struct SizeResults {
    pub shape: Shape,
    pub rows: u64,
    pub csv_bytes: u64,
    pub xlsx_bytes: u64,
    pub velho: Vec<VelhoRuns>,
    pub floors: Vec<FloorRuns>,
    pub alternatives: Vec<AlternativeRun>,
}

/// The velho configurations measured on every shape: as users run it, and
/// S2 with the stages apart (see [`VelhoRuns::early`]).
const CONFIGURATIONS: [(Scenario, Input, bool); 5] = [
    (Scenario::S1, Input::Csv, true),
    (Scenario::S2, Input::Csv, true),
    (Scenario::S2, Input::Xlsx, true),
    (Scenario::S2, Input::Csv, false),
    (Scenario::S2, Input::Xlsx, false),
];

fn bench(options: &Options) -> Result<()> {
    let velho = PathBuf::from(env!("CARGO_BIN_EXE_velho"));
    // target/<profile>/velho → target
    let target = velho
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?
        .to_path_buf();
    let data = target.join("bench-data");
    let python = find_python(&options.alternatives, &target);
    for note in &python.notes {
        eprintln!("scale: {note}");
    }
    let load_before = report::load_average();
    let mut all = Vec::new();
    for &rows in &options.rows {
        for &shape in &options.shapes {
            let dir = data.join(format!(
                "v{}-{}-n{rows}",
                ledger::GENERATOR_VERSION,
                shape.name()
            ));
            prepare(&dir, shape, rows)?;
            all.push(measure_size(
                &velho,
                &dir,
                shape,
                rows,
                options.repeat,
                &python,
            )?);
        }
    }
    let text = report::render(options, &all, &load_before, &python);
    println!("\n{text}");
    std::fs::write(&options.results, &text)?;
    eprintln!("scale: results written to {}", options.results.display());
    Ok(())
}

/// Writes the ledger files (unless already there), the project files and
/// the alternatives' configuration.
fn prepare(dir: &Path, shape: Shape, rows: u64) -> Result<()> {
    std::fs::create_dir_all(dir.join("out"))?;
    let ledger = Ledger::new(rows, shape);
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
            ledger::write_project(
                shape,
                scenario,
                rows,
                &format!("../{}", input.file()),
                &project,
            )?;
        }
    }
    std::fs::write(
        dir.join("alternative.json"),
        ledger::alternative_config(shape, rows),
    )?;
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
/// round-robin, so that a slow spell of the machine hits all of them alike;
/// then each alternative once on S2 from each input.
fn measure_size(
    velho: &Path,
    dir: &Path,
    shape: Shape,
    rows: u64,
    repeat: usize,
    python: &Python,
) -> Result<SizeResults> {
    let mut velho_runs: Vec<VelhoRuns> = CONFIGURATIONS
        .into_iter()
        .map(|(scenario, input, early)| VelhoRuns {
            rows,
            scenario,
            input,
            early,
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
    let name = shape.name();
    for round in 1..=repeat {
        for v in &mut velho_runs {
            let project = project_dir(dir, v.scenario, v.input);
            let out = dir.join("out").join(format!(
                "{}-{}{}.xlsx",
                v.scenario.name(),
                v.input.name(),
                if v.early { "" } else { "-staged" }
            ));
            let args: Vec<OsString> = vec![
                "reconcile".into(),
                project.into(),
                "-o".into(),
                out.clone().into(),
                "--quiet".into(),
            ];
            let env: &[(&str, &str)] = match v.early {
                true => &[("VELHO_TIMINGS", "1")],
                false => &[("VELHO_TIMINGS", "1"), ("VELHO_EARLY_SHEET", "0")],
            };
            let m = measure::measure(velho, &args, env, &log)?;
            for stage in ["read", "reconcile", "render", "save"] {
                if !m.reports.contains_key(&format!("stage={stage}")) {
                    return Err(format!(
                        "velho printed no `{stage}` timing with VELHO_TIMINGS=1 (see src/run.rs)"
                    )
                    .into());
                }
            }
            eprintln!(
                "scale: {name}, {rows} rows, {} {}{}, run {round}/{repeat}: {:.2} s, {} MiB",
                v.scenario.name(),
                v.input.name(),
                if v.early { "" } else { " (stages apart)" },
                m.wall,
                m.peak_kib.map_or("?".into(), |k| (k / 1024).to_string())
            );
            v.workbook_bytes = std::fs::metadata(&out)?.len();
            v.runs.push(m);
        }
        for f in &mut floor_runs {
            let m = measure::measure(&bench, &f.floor.args(dir, shape, rows), &[], &log)?;
            eprintln!(
                "scale: {name}, {rows} rows, floor {:?}, run {round}/{repeat}: {:.2} s, {} MiB",
                f.floor,
                m.value("floor-timing", "seconds").unwrap_or(f64::NAN),
                m.peak_kib.map_or("?".into(), |k| (k / 1024).to_string())
            );
            f.runs.push(m);
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/scale/alternative.py");
    let mut alternatives = Vec::new();
    for &alternative in &python.available {
        for input in [Input::Csv, Input::Xlsx] {
            let out = dir.join("out").join(format!(
                "alternative-{}-S2-{}.xlsx",
                alternative.engine(),
                input.name()
            ));
            let args: Vec<OsString> = vec![
                script.clone().into(),
                alternative.engine().into(),
                input.name().to_lowercase().into(),
                dir.join(input.file()).into(),
                dir.join("alternative.json").into(),
                out.into(),
            ];
            eprintln!(
                "scale: {name}, {rows} rows, {} S2 {}: running (minutes)",
                alternative.name(),
                input.name()
            );
            let run = measure::measure(&python.program, &args, &[], &log)?;
            eprintln!(
                "scale: {name}, {rows} rows, {} S2 {}: {:.2} s, {} MiB",
                alternative.name(),
                input.name(),
                run.wall,
                run.peak_kib.map_or("?".into(), |k| (k / 1024).to_string())
            );
            alternatives.push(AlternativeRun {
                alternative,
                input,
                run,
            });
        }
    }
    Ok(SizeResults {
        shape,
        rows,
        csv_bytes: std::fs::metadata(dir.join(Input::Csv.file()))?.len(),
        xlsx_bytes: std::fs::metadata(dir.join(Input::Xlsx.file()))?.len(),
        velho: velho_runs,
        floors: floor_runs,
        alternatives,
    })
}
