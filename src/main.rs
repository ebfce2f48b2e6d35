//! The `velho` command: parse the arguments, run, exit with the status.

use clap::Parser;

fn main() {
    // The child side of reading a workbook in bounded memory (see
    // velho::import::guard): velho started by itself on one workbook.
    let mut arguments = std::env::args_os().skip(1);
    if arguments.next().as_deref() == Some(velho::import::guard::SERVE_ARGUMENT.as_ref()) {
        let path = arguments.next().unwrap_or_default();
        std::process::exit(velho::import::guard::serve(std::path::Path::new(&path)));
    }
    velho::import::guard::enable();
    let cli = velho::cli::Cli::parse();
    // Ctrl-C or SIGTERM removes a half-written output's temporary file.
    velho::report::output::install_cleanup();
    std::process::exit(velho::run::run(cli));
}
