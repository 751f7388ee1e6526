//! Detectors: the YAML schema, validation into a compiled [`Catalog`], the
//! built-in catalog compiled into the binary, and the self-test of examples.

pub mod builtin;
pub mod catalog;
pub mod check;
pub(crate) mod lanes;
pub mod prefilter;
pub mod reach;
pub mod schema;

pub use catalog::{Catalog, Detector};
pub use schema::Runbook;

use std::path::Path;

use crate::{Error, Result};

const BUILTIN_ORIGIN: &str = "the built-in catalog";

/// The built-in catalog, ready to scan. It was validated by the test suite
/// (see [`builtin_checked`]), so start-up skips validation.
pub fn builtin() -> Result<Catalog> {
    Catalog::build_validated(BUILTIN_ORIGIN, builtin_syntax())
}

/// The built-in catalog through the same validation as a user's file.
pub fn builtin_checked() -> Result<Catalog> {
    Catalog::build(BUILTIN_ORIGIN, builtin_syntax())
}

/// The built-in detectors as syntax, to combine with a repository's own.
pub fn builtin_syntax() -> Vec<schema::DetectorSyntax> {
    builtin::BUILTIN.to_vec()
}

/// Parses a detector file: a YAML list of detectors. `origin` names the file in errors.
pub fn parse(origin: &str, text: &str) -> Result<Vec<schema::DetectorSyntax>> {
    serde_yaml::from_str(text).map_err(|err| Error::Detectors {
        origin: match err.location() {
            Some(loc) => format!("{origin}:{}:{}", loc.line(), loc.column()),
            None => origin.to_string(),
        },
        message: err.to_string(),
    })
}

/// A user's detector file.
pub fn load_file(path: &Path) -> Result<Catalog> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    Catalog::build(&origin, parse(&origin, &text)?)
}
