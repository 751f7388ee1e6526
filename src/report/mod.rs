//! Reports: the only code that renders findings. Output goes to a writer the
//! caller supplies; colour was decided once at start-up.

pub mod escape;
pub mod filefix;
mod fix;
pub mod json;
pub mod runbook;
pub mod sarif;
pub mod snippet;
pub mod text;

use std::io::Write;

use crate::detectors::Catalog;
use crate::source::Outcome;
use crate::{Error, ExitCode, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
}

/// Why the scan ran, which decides the headline and the "how to fix" advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Situation {
    /// `git commit` is about to record the index.
    PreCommit,
    /// `git push` is about to send commits to `remote`; `head` is the current
    /// commit, which `git commit --amend` can fix directly.
    PrePush { remote: String, head: Option<String> },
    /// `git commit` is about to record the message in `file`, which git keeps
    /// when the commit is stopped.
    CommitMsg { file: String },
    /// A scan of files, stdin, a range or history, requested by a person or CI.
    Scan,
}

/// Writes the report and returns the exit code the findings decide. A reader
/// that stopped early (`scan | head`) is not an error, but it must not turn
/// findings into success either: with `set -o pipefail`, CI still fails.
pub fn finish(
    out: &mut dyn Write,
    format: Format,
    situation: &Situation,
    catalog: &Catalog,
    outcome: &Outcome,
) -> Result<ExitCode> {
    match write(out, format, situation, catalog, outcome) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(err)),
        _ => Ok(outcome.exit_code()),
    }
}

pub fn write(
    out: &mut dyn Write,
    format: Format,
    situation: &Situation,
    catalog: &Catalog,
    outcome: &Outcome,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(out, situation, catalog, outcome),
        Format::Json => json::write(out, catalog, outcome),
        Format::Sarif => sarif::write(out, catalog, outcome),
    }
}
