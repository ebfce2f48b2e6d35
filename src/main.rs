//! The `velho` command: parse the arguments, run, exit with the status.

use clap::Parser;

fn main() {
    let cli = velho::cli::Cli::parse();
    // Ctrl-C or SIGTERM removes a half-written output's temporary file.
    velho::report::output::install_cleanup();
    std::process::exit(velho::run::run(cli));
}
