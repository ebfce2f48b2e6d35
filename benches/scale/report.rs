//! The results as Markdown: the machine, the command, one table of velho's
//! runs, one of the floors, and the targets with PASS or FAIL.
//! Times are the fastest of the repeated runs, peak memory the largest.

use std::fmt::Write;

use crate::ledger::Scenario;
use crate::measure::Measurement;
use crate::{Alternative, Floor, FloorRuns, Input, Options, Python, SizeResults, VelhoRuns};

const MIB: f64 = 1024.0 * 1024.0;

/// The smallest of the values that are there (NaN when none are). Other work
/// on the machine only ever slows a run down, so the fastest of the repeated
/// runs is the best estimate of the time itself.
fn fastest_of(runs: &[Measurement], value: impl Fn(&Measurement) -> Option<f64>) -> f64 {
    runs.iter()
        .filter_map(value)
        .filter(|v| v.is_finite())
        .min_by(f64::total_cmp)
        .unwrap_or(f64::NAN)
}

/// The largest of the values that are there: peak memory, which other work
/// does not change, is reported at its worst.
fn largest_of(runs: &[Measurement], value: impl Fn(&Measurement) -> Option<f64>) -> f64 {
    runs.iter()
        .filter_map(value)
        .filter(|v| v.is_finite())
        .max_by(f64::total_cmp)
        .unwrap_or(f64::NAN)
}

/// The figures of one velho configuration over its runs.
struct VelhoFigures {
    wall: f64,
    cpu: f64,
    peak_mib: f64,
    read: f64,
    reconcile: f64,
    render: f64,
    save: f64,
    rows_read: f64,
    kept: f64,
    /// Peak memory at the end of each stage (velho's own high-water mark).
    peak_after_read_mib: f64,
    peak_after_render_mib: f64,
}

impl VelhoFigures {
    fn of(v: &VelhoRuns) -> VelhoFigures {
        let stage = |stage: &'static str, key: &'static str| {
            fastest_of(&v.runs, move |m| m.value(&format!("stage={stage}"), key))
        };
        VelhoFigures {
            wall: fastest_of(&v.runs, |m| Some(m.wall)),
            cpu: fastest_of(&v.runs, |m| Some(m.cpu)),
            // velho and its workbook reader run side by side: the most
            // they held together, or the process tree's largest, if larger.
            peak_mib: largest_of(&v.runs, |m| {
                let tree = m.peak_kib.map(|k| k as f64);
                let together = m.value("stage=save", "with_readers_peak_rss_kib");
                tree.into_iter()
                    .chain(together)
                    .reduce(f64::max)
                    .map(|k| k / 1024.0)
            }),
            read: stage("read", "seconds"),
            reconcile: stage("reconcile", "seconds"),
            render: stage("render", "seconds"),
            save: stage("save", "seconds"),
            rows_read: stage("read", "rows"),
            kept: stage("read", "kept"),
            peak_after_read_mib: largest_of(&v.runs, |m| m.value("stage=read", "peak_rss_kib"))
                / 1024.0,
            peak_after_render_mib: largest_of(&v.runs, |m| m.value("stage=render", "peak_rss_kib"))
                / 1024.0,
        }
    }

    fn write(&self) -> f64 {
        self.render + self.save
    }
}

/// The figures of one floor over its runs.
struct FloorFigures {
    seconds: f64,
    rows: f64,
    wall: f64,
    peak_mib: f64,
    bytes: f64,
    sha256: f64,
    notes: f64,
}

impl FloorFigures {
    fn of(f: &FloorRuns) -> FloorFigures {
        let value = |key: &'static str| fastest_of(&f.runs, move |m| m.value("floor-timing", key));
        FloorFigures {
            seconds: value("seconds"),
            rows: value("rows"),
            wall: fastest_of(&f.runs, |m| Some(m.wall)),
            peak_mib: largest_of(&f.runs, |m| m.peak_kib.map(|k| k as f64 / 1024.0)),
            bytes: value("bytes"),
            sha256: value("sha256_seconds"),
            notes: value("notes"),
        }
    }
}

/// `1 234 567` with thin groups, as the issue writes numbers.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Rows per second, short: `8.9 M/s`, `411 k/s`.
fn rate(rows: f64, seconds: f64) -> String {
    let r = rows / seconds;
    if !r.is_finite() {
        "–".into()
    } else if r >= 1e6 {
        format!("{:.2} M/s", r / 1e6)
    } else {
        format!("{:.0} k/s", r / 1e3)
    }
}

fn secs(s: f64) -> String {
    if !s.is_finite() {
        "–".into()
    } else if s < 0.1 {
        format!("{s:.3}")
    } else {
        format!("{s:.2}")
    }
}

fn mib(m: f64) -> String {
    if m.is_finite() {
        format!("{m:.0}")
    } else {
        "–".into()
    }
}

/// The machine the run was on: cores, CPU model, memory, kernel, rustc, commit.
fn machine() -> Vec<(&'static str, String)> {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown".into(), |(_, m)| m.trim().to_string());
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("unknown".into(), |kib| {
            format!("{:.1} GiB", kib / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let command = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = command("git", &["rev-parse", "--short", "HEAD"]).map_or("unknown".into(), |c| {
        let dirty = command("git", &["status", "--porcelain", "--untracked-files=no"])
            .is_some_and(|s| !s.is_empty());
        if dirty {
            format!("{c} (with uncommitted changes)")
        } else {
            c
        }
    });
    let date = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| chrono::DateTime::from_timestamp(d.as_secs() as i64, 0))
        .map_or("unknown".into(), |d| {
            d.format("%Y-%m-%d %H:%M UTC").to_string()
        });
    vec![
        ("cores (nproc)", cores.to_string()),
        ("CPU", cpu),
        ("memory", memory),
        (
            "kernel",
            read("/proc/sys/kernel/osrelease").trim().to_string(),
        ),
        (
            "rustc",
            command("rustc", &["-V"]).unwrap_or("unknown".into()),
        ),
        ("velho commit", commit),
        ("date", date),
    ]
}

/// A target of the issue: what it compares, the value, the limit, and whether it holds.
struct Target {
    what: String,
    value: f64,
    limit: f64,
    shown: String,
}

/// The whole report.
/// The machine's load averages (1, 5, 15 minutes) now, from /proc/loadavg.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.len() == 3 {
        fields.join(" / ")
    } else {
        "unknown".into()
    }
}

/// The whole report; `load_before` is [`load_average`] when the run started.
pub fn render(
    options: &Options,
    sizes: &[SizeResults],
    load_before: &str,
    python: &Python,
) -> String {
    let mut out = String::new();
    let mut command = "cargo bench --bench scale".to_string();
    if !options.given.is_empty() {
        command.push_str(" -- ");
        command.push_str(&options.given.join(" "));
    }
    let _ = writeln!(out, "# velho at scale: benchmark results\n");
    let _ = writeln!(
        out,
        "Generated by `cargo bench --bench scale` (benches/scale/main.rs tells the options); \
         do not edit by hand.\n"
    );
    let _ = writeln!(
        out,
        "Command: `{command}` (each measurement run {} times: times are the fastest run, each stage's on its own, \
         peak memory the largest; the Python alternatives run once each; generated data in \
         `target/bench-data/`, reused).\n",
        options.repeat
    );
    for (label, value) in machine() {
        let _ = writeln!(out, "- {label}: {value}");
    }
    let _ = writeln!(
        out,
        "- load average (1 / 5 / 15 min) before the run: {load_before}; after: {} \
         (on this {}-core machine, a load above the core count means other work competed with the benchmark)",
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    for note in &python.notes {
        let _ = writeln!(out, "- alternative {note}");
    }
    let _ = writeln!(out, "\n## Ledger shapes (issue 18)\n");
    let _ = writeln!(
        out,
        "Every shape is written as a Finnish CSV (Windows-1252, `;`, decimal comma, title lines, \
         a totals row) and as an XLSX with a shared-string table, as Excel and Excel-like producers \
         write text (benches/scale/ledger.rs).\n"
    );
    let mut seen = Vec::new();
    for size in sizes {
        if !seen.contains(&size.shape) {
            seen.push(size.shape);
            let _ = writeln!(
                out,
                "- **{}**: {}",
                size.shape.name(),
                size.shape.describe()
            );
        }
    }
    per_shape(&mut out, sizes);
    let _ = writeln!(out, "\n## `velho reconcile`, whole process\n");
    let _ = writeln!(
        out,
        "Read, reconcile and write are velho's own stage timings (`VELHO_TIMINGS=1`); write = render + save \
         (render lays the workbook out in memory, save serialises and zips it). Rows/s: read counts every \
         ledger row, reconcile and write the project's rows. CPU/wall above 1 means more than one core worked; \
         below 1, the process waited (for the disk, or for a core other work held). Peak MiB is the most \
         velho held, or velho and its workbook reader together (an XLSX is parsed in a child process \
         bounded to 1 GiB, issue 17: velho's peak when the reader ends plus the reader's); peak after \
         read / render is velho's own.\n"
    );
    let _ = writeln!(
        out,
        "| shape | ledger rows | scenario | input | project rows | wall s | CPU/wall | peak MiB | read s | read rows/s | reconcile s | write s (render + save) | write rows/s | peak MiB after read / render | workbook MiB |"
    );
    let _ = writeln!(
        out,
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for size in sizes {
        for v in &size.velho {
            let f = VelhoFigures::of(v);
            let _ = writeln!(
                out,
                "| {} | {} | {}{} | {} | {} | {} | {:.2} | {} | {} | {} | {} | {} ({} + {}) | {} | {} / {} | {:.1} |",
                size.shape.name(),
                grouped(v.rows),
                v.scenario.name(),
                if v.early { "" } else { ", stages apart" },
                v.input.name(),
                grouped(f.kept as u64),
                secs(f.wall),
                f.cpu / f.wall,
                mib(f.peak_mib),
                secs(f.read),
                rate(f.rows_read, f.read),
                secs(f.reconcile),
                secs(f.write()),
                secs(f.render),
                secs(f.save),
                rate(f.kept, f.write()),
                mib(f.peak_after_read_mib),
                mib(f.peak_after_render_mib),
                v.workbook_bytes as f64 / MIB,
            );
        }
    }

    let _ = writeln!(
        out,
        "\n## Floors: the crates alone, each in its own process\n"
    );
    let _ = writeln!(
        out,
        "Seconds are the work itself, timed inside the process (the csv floor includes reading the file's \
         bytes; the calamine floor includes opening the workbook; the writer floors exclude producing the \
         values, which is timed separately and subtracted). Wall and peak are the whole process.\n"
    );
    let _ = writeln!(
        out,
        "| shape | ledger rows | floor | seconds | rows/s | process wall s | peak MiB | notes |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---:|---:|---:|---|");
    for size in sizes {
        for fr in &size.floors {
            let f = FloorFigures::of(fr);
            let notes = match fr.floor {
                Floor::Csv => format!(
                    "file {:.0} MiB; SHA-256 of it (velho hashes every input) {} s",
                    size.csv_bytes as f64 / MIB,
                    secs(f.sha256)
                ),
                Floor::Calamine => format!("file {:.0} MiB", size.xlsx_bytes as f64 / MIB),
                Floor::Writer | Floor::WriterVelhoLevel => {
                    format!(
                        "workbook {:.1} MiB; {} cell notes (unmapped rows)",
                        f.bytes / MIB,
                        grouped(f.notes as u64)
                    )
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                size.shape.name(),
                grouped(fr.rows),
                fr.floor.name(),
                secs(f.seconds),
                rate(f.rows, f.seconds),
                secs(f.wall),
                mib(f.peak_mib),
                notes
            );
        }
    }

    let _ = writeln!(out, "\n## Targets (issue 7)\n");
    let _ = writeln!(
        out,
        "Ratios are velho's stage time over the floor's time on the S2 files of the same run. As users run \
         it, velho writes the Transactions sheet while a one-file ledger is read (src/report/early.rs), so \
         its read stage holds the writing: the import and write ratios come from the S2 runs with the stages \
         apart (`VELHO_EARLY_SHEET=0`), and the whole run as users run it is compared with the reader's floor \
         plus the writer's. The write ratio compares velho's whole write stage (Transactions and the small \
         sheets) from the CSV run with the writer floor at the same zip level velho uses ({}), writing the \
         same cells. The memory targets are set for 1 000 000 rows; smaller runs are shown against the same \
         limits.\n",
        velho::report::ZIP_LEVEL
    );
    let _ = writeln!(
        out,
        "| shape | ledger rows | target | measured | limit | result |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---:|---|");
    for size in sizes {
        for t in targets(size) {
            let pass = t.value.is_finite() && t.value <= t.limit;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                size.shape.name(),
                grouped(size.rows),
                t.what,
                t.shown,
                if t.what.contains("MiB") {
                    format!("{:.0} MiB", t.limit)
                } else {
                    format!("{}×", t.limit)
                },
                if pass { "PASS" } else { "**FAIL**" }
            );
        }
    }
    let _ = writeln!(out, "\n## Compression (issue 7, item 3)\n");
    let _ = writeln!(
        out,
        "| shape | ledger rows | writer floor, default zip level | velho's zip level ({}) | time ratio | size ratio |",
        velho::report::ZIP_LEVEL
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    for size in sizes {
        let floor = |which| {
            size.floors
                .iter()
                .find(|f| f.floor == which)
                .map(FloorFigures::of)
        };
        if let (Some(default), Some(velho_level)) =
            (floor(Floor::Writer), floor(Floor::WriterVelhoLevel))
        {
            let _ = writeln!(
                out,
                "| {} | {} | {} s, {:.1} MiB | {} s, {:.1} MiB | {:.2} | {:.2} |",
                size.shape.name(),
                grouped(size.rows),
                secs(default.seconds),
                default.bytes / MIB,
                secs(velho_level.seconds),
                velho_level.bytes / MIB,
                velho_level.seconds / default.seconds,
                velho_level.bytes / default.bytes
            );
        }
    }
    out
}

/// The per-shape table of issue 18: each velho configuration's whole run
/// against the alternatives' on the same input in the same run, and the
/// peak memory against its limit.
fn per_shape(out: &mut String, sizes: &[SizeResults]) {
    let _ = writeln!(out, "\n## The targets per shape (issue 18)\n");
    let _ = writeln!(
        out,
        "Whole-process wall time of `velho reconcile` (fastest run) and of the alternative doing the \
         same job (benches/scale/alternative.py, one run) on the same file in the same run; ratio = \
         alternative / velho, the target at least {}× for polars + XlsxWriter and {}× for pandas + \
         openpyxl. Peak memory is the whole process tree's (velho and its workbook reader; Python's \
         own), the limit 200 MiB for S2 and 100 MiB for S1 (set for 1 000 000 rows). The alternatives \
         run on S2 only.\n",
        Alternative::Polars.target(),
        Alternative::Pandas.target()
    );
    let _ = writeln!(
        out,
        "| shape | ledger rows | scenario | input | velho s | velho peak MiB | {} s | ratio | {} s | ratio | alternative peak MiB (polars / pandas) | result |",
        Alternative::Polars.name(),
        Alternative::Pandas.name()
    );
    let _ = writeln!(
        out,
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    for size in sizes {
        for v in size.velho.iter().filter(|v| v.early) {
            let f = VelhoFigures::of(v);
            let limit = match v.scenario {
                Scenario::S1 => 100.0,
                Scenario::S2 => 200.0,
            };
            let mut failures = Vec::new();
            if f.peak_mib.is_nan() || f.peak_mib > limit {
                failures.push(format!("peak > {limit:.0} MiB"));
            }
            let mut cells = Vec::new();
            let mut peaks = Vec::new();
            for alternative in Alternative::ALL {
                let run = size.alternatives.iter().find(|a| {
                    a.alternative == alternative && a.input == v.input && v.scenario == Scenario::S2
                });
                match run {
                    Some(a) => {
                        let ratio = a.run.wall / f.wall;
                        if ratio.is_nan() || ratio < alternative.target() {
                            failures.push(format!(
                                "{} < {}×",
                                alternative.engine(),
                                alternative.target()
                            ));
                        }
                        cells.push(format!("{} | {:.1}×", secs(a.run.wall), ratio));
                        peaks.push(mib(a.run.peak_kib.map_or(f64::NAN, |k| k as f64 / 1024.0)));
                    }
                    None => {
                        cells.push("not run | –".into());
                        peaks.push("–".into());
                    }
                }
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} / {} | {} |",
                size.shape.name(),
                grouped(v.rows),
                v.scenario.name(),
                v.input.name(),
                secs(f.wall),
                mib(f.peak_mib),
                cells[0],
                cells[1],
                peaks[0],
                peaks[1],
                if failures.is_empty() {
                    "PASS".to_string()
                } else {
                    format!("**FAIL** ({})", failures.join(", "))
                }
            );
        }
    }
}

/// The targets for one ledger size.
fn targets(size: &SizeResults) -> Vec<Target> {
    // As users run it (`early`), or with the stages apart for the ratios
    // of a stage to its floor.
    let velho = |scenario, input, early| {
        size.velho
            .iter()
            .find(|v| v.scenario == scenario && v.input == input && v.early == early)
            .map(VelhoFigures::of)
    };
    let floor = |which| {
        size.floors
            .iter()
            .find(|f| f.floor == which)
            .map(FloorFigures::of)
    };
    let mut out = Vec::new();
    let mut ratio = |what: &str, numerator: f64, denominator: f64, limit: f64| {
        let value = numerator / denominator;
        out.push(Target {
            what: what.to_string(),
            value,
            limit,
            shown: format!(
                "{}× ({} s / {} s)",
                ratio_text(value, limit),
                secs(numerator),
                secs(denominator)
            ),
        });
    };
    if let (Some(v), Some(f)) = (velho(Scenario::S2, Input::Csv, false), floor(Floor::Csv)) {
        ratio(
            "CSV import (S2 read stage) / csv crate parse",
            v.read,
            f.seconds,
            3.0,
        );
    }
    if let (Some(v), Some(f)) = (
        velho(Scenario::S2, Input::Xlsx, false),
        floor(Floor::Calamine),
    ) {
        ratio(
            "XLSX import (S2 read stage) / calamine streaming read",
            v.read,
            f.seconds,
            1.15,
        );
    }
    if let (Some(v), Some(f)) = (
        velho(Scenario::S2, Input::Csv, false),
        floor(Floor::WriterVelhoLevel),
    ) {
        ratio(
            "writing (S2 from CSV, write stage) / rust_xlsxwriter constant memory, velho's zip level",
            v.write(),
            f.seconds,
            1.25,
        );
    }
    // As users run it the Transactions sheet is written while the ledger
    // is read: the whole run against the two floors it overlaps.
    let writer = floor(Floor::WriterVelhoLevel);
    for (input, reader, name) in [
        (Input::Csv, Floor::Csv, "csv crate"),
        (Input::Xlsx, Floor::Calamine, "calamine"),
    ] {
        if let (Some(v), Some(r), Some(w)) =
            (velho(Scenario::S2, input, true), floor(reader), &writer)
        {
            ratio(
                &format!(
                    "whole run (S2 from {}, sheet written while read) / {name} + writer floor",
                    input.name()
                ),
                v.wall,
                r.seconds + w.seconds,
                1.25,
            );
        }
    }
    let mut memory = |what: &str, figures: Option<VelhoFigures>, limit: f64| {
        if let Some(v) = figures {
            out.push(Target {
                what: what.to_string(),
                value: v.peak_mib,
                limit,
                shown: format!("{} MiB", mib(v.peak_mib)),
            });
        }
    };
    memory(
        "S2 peak memory, CSV input (MiB)",
        velho(Scenario::S2, Input::Csv, true),
        200.0,
    );
    memory(
        "S2 peak memory, XLSX input (MiB)",
        velho(Scenario::S2, Input::Xlsx, true),
        200.0,
    );
    memory(
        "S1 peak memory, CSV input (MiB)",
        velho(Scenario::S1, Input::Csv, true),
        100.0,
    );
    out
}

/// A ratio with two decimals, or three when two would show a ratio over
/// its limit as the limit itself (1.153 against 1.15).
fn ratio_text(value: f64, limit: f64) -> String {
    let two = format!("{value:.2}");
    match value > limit && two == format!("{limit:.2}") {
        true => format!("{value:.3}"),
        false => two,
    }
}
