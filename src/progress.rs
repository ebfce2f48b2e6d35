//! Progress bars on the terminal (indicatif): one per ledger file read and
//! one for writing the workbook. Drawn only when stderr is a terminal and
//! `--quiet` is not given, so tests and piped runs print nothing.

use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::text::Lang;

/// The bars of one run, or none.
pub struct Bars {
    multi: Option<MultiProgress>,
    /// The style of a bar counting rows, in the run's language.
    counting: &'static str,
}

/// One bar (or nothing, when bars are off), and the style it takes when
/// it counts rows.
pub struct Bar(Option<ProgressBar>, &'static str);

impl Bars {
    /// Bars on stderr when it is a terminal and the run is not quiet,
    /// their words in `lang`.
    pub fn new(quiet: bool, lang: Lang) -> Bars {
        let on = !quiet && std::io::stderr().is_terminal();
        Bars {
            multi: on.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            counting: lang.text("cli.progress_rows"),
        }
    }

    /// No bars.
    pub fn hidden() -> Bars {
        Bars {
            multi: None,
            counting: "",
        }
    }

    /// A bar for reading one file of `bytes` bytes.
    pub fn reading(&self, name: &str, bytes: u64) -> Bar {
        self.bar(bytes, "{bar:30} {bytes}/{total_bytes} {msg}", name)
    }

    /// A bar for writing `rows` rows of the workbook.
    pub fn writing(&self, name: &str, rows: u64) -> Bar {
        self.bar(rows, "{bar:30} {human_pos}/{human_len} {msg}", name)
    }

    fn bar(&self, len: u64, template: &str, name: &str) -> Bar {
        let bar = self.multi.as_ref().map(|multi| {
            let bar = multi.add(ProgressBar::new(len));
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_message(name.to_string());
            bar
        });
        Bar(bar, self.counting)
    }
}

impl Bar {
    /// Moves the bar to `done` of `total` (bytes of a text export; rows of a
    /// spreadsheet, whose `total` is 0 until the end is known).
    pub fn set(&self, done: u64, total: u64) {
        if let Some(bar) = &self.0 {
            if total == 0 && bar.length().is_some() {
                bar.unset_length();
                // The style of a bar whose end is not known (a spreadsheet's rows).
                if let Ok(style) = ProgressStyle::with_template(self.1) {
                    bar.set_style(style);
                }
            }
            if total > 0 && bar.length() != Some(total) {
                bar.set_length(total);
            }
            bar.set_position(done);
        }
    }

    /// Ends the bar, leaving it full on the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish();
        }
    }
}
