//! The `velho` command: parse the arguments, run, exit with the status.

use clap::Parser;

fn main() {
    let cli = velho::cli::Cli::parse();
    std::process::exit(velho::run::run(cli));
}
