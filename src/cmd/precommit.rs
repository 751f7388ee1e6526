//! `leakfence pre-commit`: scan the index against HEAD.

use std::io::Write;

use crate::report::{self, Format, Situation};
use crate::scan::Scanner;
use crate::source::staged::scan_staged;
use crate::{Error, ExitCode, Result, detectors, git};

pub fn run(out: &mut dyn Write, format: Format) -> Result<ExitCode> {
    let catalog = detectors::builtin()?;
    let repo = git::open()?;
    let outcome = scan_staged(&repo, &Scanner::new(&catalog))?;
    report::write(out, format, &Situation::PreCommit, &catalog, &outcome).map_err(Error::Output)?;
    Ok(if outcome.findings.is_empty() {
        ExitCode::Clean
    } else {
        ExitCode::Findings
    })
}
