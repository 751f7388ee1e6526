//! The `leakfence` binary: parse arguments, decide colour once, dispatch, and
//! turn the result into an exit code. The only place that exits.

use std::io::{IsTerminal, Write};

use clap::Parser;
use leakfence::cli::{Cli, ColorChoice, Command, DetectorsAction};
use leakfence::cmd::prepush::FrameworkEnv;
use leakfence::cmd::scan::{ProgressSink, Target};
use leakfence::{Error, ExitCode, cmd};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    colored::control::set_override(use_color(cli.color));
    let hook = match cli.command {
        Command::PreCommit { .. } | Command::CommitMsg { .. } => Some("git commit --no-verify"),
        Command::PrePush { .. } => Some("git push --no-verify"),
        _ => None,
    };
    report_panics(hook);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // A bug must block like any other failure (exit 3), not crash with 101.
    let dispatched = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(&cli, &mut out)));
    let Ok(result) = dispatched else {
        let _ = out.flush();
        return std::process::ExitCode::from(ExitCode::Internal as u8);
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

fn dispatch(cli: &Cli, out: &mut dyn Write) -> leakfence::Result<ExitCode> {
    match &cli.command {
        Command::PreCommit { format } => cmd::precommit::run(out, *format, cli.config.as_deref()),
        Command::CommitMsg { file, format } => cmd::commitmsg::run(out, file, *format, cli.config.as_deref()),
        Command::PrePush { remote, format, .. } => cmd::prepush::run(
            out,
            &mut std::io::stdin().lock(),
            remote.as_deref(),
            &FrameworkEnv::from_process(),
            *format,
            cli.config.as_deref(),
        ),
        Command::Scan {
            paths,
            range,
            history,
            detectors,
            format,
        } => {
            let target = match (range, history) {
                (Some(range), _) => Target::Range(range),
                (None, true) => Target::History,
                (None, false) => Target::Paths(paths),
            };
            let mut stderr = std::io::stderr();
            let progress: ProgressSink<'_> = stderr.is_terminal().then_some(&mut stderr as &mut dyn Write);
            cmd::scan::run(
                out,
                &mut std::io::stdin().lock(),
                target,
                detectors.as_deref(),
                cli.config.as_deref(),
                *format,
                progress,
            )
        }
        Command::Explain { id } => cmd::explain::run(out, id),
        Command::Completions { shell } => cmd::docs::completions(out, *shell),
        Command::Man => cmd::docs::man(out),
        Command::Baseline { action } => cmd::baseline::run(out, *action, cli.config.as_deref()),
        Command::Detectors { action } => match action {
            DetectorsAction::List => cmd::detectors::list(out),
            DetectorsAction::Check { file } => cmd::detectors::check(out, file.as_deref()),
        },
    }
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

/// A panic is a bug in leakfence: say so in one line with where it happened,
/// and how to get past it deliberately. The panic's own message is not
/// printed: it may quote the text being scanned, secret included.
#[allow(clippy::print_stderr)] // main owns the process's streams
fn report_panics(bypass: Option<&'static str>) {
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("leakfence: error: internal error{at}; this is a bug in leakfence, please report it");
        if let Some(bypass) = bypass {
            eprintln!(
                "leakfence: the scan could not finish, so git was stopped. To go ahead anyway, deliberately: {bypass}"
            );
        }
    }));
}

#[allow(clippy::print_stderr)] // main owns the process's streams
fn report_error(err: &Error, bypass: Option<&str>) {
    eprintln!("leakfence: error: {err}");
    if let Some(bypass) = bypass {
        eprintln!(
            "leakfence: the scan could not finish, so git was stopped. To go ahead anyway, deliberately: {bypass}"
        );
    }
}
