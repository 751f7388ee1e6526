//! The self-test: every example must be found and every negative example must
//! not be, through the whole scanner (prefilter, regex, placeholder and entropy
//! rules), exactly as a real scan would run them.

use super::Catalog;
use super::catalog::compile_all;
use crate::Result;
use crate::scan::{Chunk, Lines, Origin, Scanner};

/// Every failure across the catalog, one line each, prefixed with the detector id.
pub fn self_test(catalog: &Catalog) -> Result<Vec<String>> {
    let mut failures = compile_all(catalog);
    if !failures.is_empty() {
        return Ok(failures);
    }
    let scanner = Scanner::new(catalog);
    for (index, detector) in catalog.detectors().iter().enumerate() {
        for example in detector.examples.iter() {
            if !finds(&scanner, index, example)? {
                failures.push(format!("  {}: example not found: {example:?}", detector.id));
            }
        }
        for example in detector.negative_examples.iter() {
            if finds(&scanner, index, example)? {
                failures.push(format!(
                    "  {}: negative example was found: {example:?}",
                    detector.id
                ));
            }
        }
    }
    Ok(failures)
}

fn finds(scanner: &Scanner<'_>, detector: usize, example: &str) -> Result<bool> {
    let chunk = Chunk {
        origin: Origin::Stdin,
        path: b"example",
        data: example.as_bytes(),
        lines: Lines::All,
    };
    Ok(scanner.scan(&chunk)?.iter().any(|f| f.detector == detector))
}
