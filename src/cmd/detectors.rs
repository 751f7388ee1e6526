//! `leakfence detectors list|check [FILE]`.

use std::io::Write;
use std::path::Path;

use crate::detectors::{self, check::self_test};
use crate::{Error, ExitCode, Result};

pub fn list(out: &mut dyn Write) -> Result<ExitCode> {
    let catalog = detectors::builtin()?;
    for d in catalog.detectors() {
        writeln!(out, "{:<40} {:<14} {}", d.id, d.provider, d.name).map_err(Error::Output)?;
    }
    Ok(ExitCode::Clean)
}

/// Exit 0 when the file is valid and every example behaves; 2 otherwise.
pub fn check(out: &mut dyn Write, file: Option<&Path>) -> Result<ExitCode> {
    let (origin, catalog) = match file {
        Some(path) => (path.display().to_string(), detectors::load_file(path)?),
        None => ("the built-in catalog".to_string(), detectors::builtin_checked()?),
    };
    let failures = self_test(&catalog)?;
    if !failures.is_empty() {
        return Err(Error::Detectors {
            origin,
            message: format!(
                "{} example check(s) failed:\n{}",
                failures.len(),
                failures.join("\n")
            ),
        });
    }
    let examples: usize = catalog
        .detectors()
        .iter()
        .map(|d| d.examples.len() + d.negative_examples.len())
        .sum();
    writeln!(
        out,
        "{origin}: {} detectors OK, {examples} examples checked",
        catalog.detectors().len()
    )
    .map_err(Error::Output)?;
    Ok(ExitCode::Clean)
}
