//! The `leakfence` binary: parse arguments, decide colour once, dispatch, and
//! turn the result into an exit code. The only place that exits.

use std::io::{IsTerminal, Write};

use clap::Parser;
use leakfence::cli::{Cli, ColorChoice, Command, DetectorsAction};
use leakfence::{Error, ExitCode, cmd};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    colored::control::set_override(use_color(cli.color));
    let hook = matches!(cli.command, Command::PreCommit { .. });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match &cli.command {
        Command::PreCommit { format } => cmd::precommit::run(&mut out, *format),
        Command::Scan { paths, format } => {
            cmd::scan::run(&mut out, &mut std::io::stdin().lock(), paths, *format)
        }
        Command::Detectors { action } => match action {
            DetectorsAction::List => cmd::detectors::list(&mut out),
            DetectorsAction::Check { file } => cmd::detectors::check(&mut out, file.as_deref()),
        },
    };
    let code = match result {
        Ok(code) => code,
        // A reader that stopped early (`| head`) is not a failure.
        Err(Error::Output(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::Clean,
        Err(err) => {
            let _ = out.flush();
            report_error(&err, hook);
            err.exit_code()
        }
    };
    let _ = out.flush();
    std::process::ExitCode::from(code as u8)
}

/// `--color`, then `NO_COLOR`, then `CLICOLOR_FORCE`, then whether stdout is a terminal.
fn use_color(choice: ColorChoice) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => std::io::stdout().is_terminal(),
    }
}

#[allow(clippy::print_stderr)] // main owns the process's streams
fn report_error(err: &Error, hook: bool) {
    eprintln!("leakfence: error: {err}");
    if hook {
        eprintln!(
            "leakfence: the scan could not finish, so the commit is blocked. To commit anyway, deliberately: git commit --no-verify"
        );
    }
}
