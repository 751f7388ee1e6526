//! Detectors: the YAML schema, validation into a compiled [`Catalog`], the
//! built-in catalog embedded in the binary, and the self-test of examples.

pub mod catalog;
pub mod check;
pub mod schema;

pub use catalog::{Catalog, Detector};
pub use schema::Runbook;

use std::path::Path;

use crate::{Error, Result};

/// The built-in catalog's source, embedded at build time.
pub const BUILTIN_YAML: &str = include_str!("../../detectors.yaml");
const BUILTIN_ORIGIN: &str = "detectors.yaml (built in)";

/// The built-in catalog, through the same parser and validator as a user's file.
pub fn builtin() -> Result<Catalog> {
    Catalog::build(BUILTIN_ORIGIN, schema::parse(BUILTIN_ORIGIN, BUILTIN_YAML)?)
}

/// A user's detector file.
pub fn load_file(path: &Path) -> Result<Catalog> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    Catalog::build(&origin, schema::parse(&origin, &text)?)
}
