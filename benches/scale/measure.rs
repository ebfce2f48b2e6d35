//! Whole-process measurement of one command: wall time, CPU time and peak
//! memory (maximum resident set size).
//!
//! The peak comes from `getrusage(RUSAGE_CHILDREN)`, which reports the
//! largest child the caller has waited for. To make that one command's own
//! figure, every measured command is started by a fresh middle process,
//! `scale __measure LOG PROGRAM ARGS...`, whose only child it is; the middle
//! process prints one `measured ...` line on stdout. The command's stderr
//! (velho's stage timings, a floor's `floor-timing` line) goes to LOG.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// What one run of a command measured.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// Wall-clock seconds, process start to exit.
    pub wall: f64,
    /// User + system CPU seconds (above `wall` when more than one core worked).
    pub cpu: f64,
    /// Peak resident memory in KiB; `None` where the platform cannot say.
    pub peak_kib: Option<u64>,
    /// The `key=value` lines the command printed to stderr, by their first word
    /// (`velho-timing` lines by their `stage`).
    pub reports: HashMap<String, HashMap<String, String>>,
}

impl Measurement {
    /// A number from a report line: `value("stage=read", "seconds")`.
    pub fn value(&self, line: &str, key: &str) -> Option<f64> {
        self.reports.get(line)?.get(key)?.parse().ok()
    }
}

/// Runs `program args` through the middle process with extra environment
/// variables; its stderr is kept in `log`. A failed command is an error that
/// quotes the end of its stderr.
pub fn measure(
    program: &Path,
    args: &[OsString],
    env: &[(&str, &str)],
    log: &Path,
) -> Result<Measurement> {
    let output = Command::new(std::env::current_exe()?)
        .arg("__measure")
        .arg(log)
        .arg(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fields = stdout
        .lines()
        .find_map(|l| l.strip_prefix("measured "))
        .map(key_values)
        .ok_or_else(|| format!("the measuring process failed: {stdout}"))?;
    let stderr = std::fs::read_to_string(log).unwrap_or_default();
    if fields.get("status").map(String::as_str) != Some("0") {
        let tail: Vec<&str> = stderr.lines().rev().take(10).collect();
        return Err(format!(
            "{} {:?} failed ({}):\n{}",
            program.display(),
            args,
            fields.get("status").cloned().unwrap_or_default(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        )
        .into());
    }
    let number = |key: &str| fields.get(key).and_then(|v| v.parse::<f64>().ok());
    let mut reports = HashMap::new();
    for line in stderr.lines() {
        let Some((first, rest)) = line.split_once(' ') else {
            continue;
        };
        if first != "velho-timing" && first != "floor-timing" {
            continue;
        }
        let values = key_values(rest);
        let name = match values.get("stage") {
            Some(stage) => format!("stage={stage}"),
            None => first.to_string(),
        };
        reports.insert(name, values);
    }
    Ok(Measurement {
        wall: number("wall").unwrap_or(f64::NAN),
        cpu: number("cpu").unwrap_or(f64::NAN),
        peak_kib: number("peak_kib").map(|k| k as u64),
        reports,
    })
}

/// `a=1 b=2` → {a: 1, b: 2}.
fn key_values(text: &str) -> HashMap<String, String> {
    text.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The middle process (`__measure LOG PROGRAM ARGS...`): runs the command
/// with its stderr in LOG, waits, and prints what it measured.
pub fn middle(args: &[OsString]) -> Result<()> {
    let [log, program, rest @ ..] = args else {
        return Err("usage: __measure LOG PROGRAM ARGS...".into());
    };
    let start = Instant::now();
    let status = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(log)?)
        .status()?;
    let wall = start.elapsed().as_secs_f64();
    let status = status
        .code()
        .map_or_else(|| format!("signal:{status}"), |c| c.to_string())
        .replace(' ', "_");
    let mut line = format!("measured status={status} wall={wall:.6}");
    if let Some((peak_kib, cpu)) = children_usage() {
        line.push_str(&format!(" peak_kib={peak_kib} cpu={cpu:.6}"));
    }
    println!("{line}");
    Ok(())
}

/// Peak RSS (KiB) and CPU seconds of the children waited for so far.
#[cfg(unix)]
fn children_usage() -> Option<(u64, f64)> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).ok()?;
    let seconds = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    // Linux reports ru_maxrss in KiB (macOS in bytes; this bench targets Linux).
    let peak = u64::try_from(usage.max_rss()).ok()?;
    Some((
        peak,
        seconds(usage.user_time()) + seconds(usage.system_time()),
    ))
}

#[cfg(not(unix))]
fn children_usage() -> Option<(u64, f64)> {
    None
}
