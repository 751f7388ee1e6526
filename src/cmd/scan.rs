//! `leakfence scan [PATH...|-]`: scan files, directories and stdin.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::report::{self, Format, Situation};
use crate::scan::Scanner;
use crate::source::paths::scan_paths;
use crate::{Error, ExitCode, Result, detectors};

pub fn run(out: &mut dyn Write, stdin: &mut dyn Read, paths: &[PathBuf], format: Format) -> Result<ExitCode> {
    let catalog = detectors::builtin()?;
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let outcome = scan_paths(paths, &Scanner::new(&catalog), stdin)?;
    report::write(out, format, Situation::Scan, &catalog, &outcome).map_err(Error::Output)?;
    Ok(if outcome.findings.is_empty() {
        ExitCode::Clean
    } else {
        ExitCode::Findings
    })
}
