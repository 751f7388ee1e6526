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
            } else if !keyword_on_every_match(catalog, index, example)? {
                failures.push(format!(
                    "  {}: no keyword on the lines of a match in {example:?}; the scanner only looks near keywords, so add one",
                    detector.id
                ));
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

/// The scanner runs a detector's regex only on the lines around its keywords
/// (see `scan::window`), so every match must have one of the detector's
/// keywords, as the prefilter finds them, on a line it touches.
fn keyword_on_every_match(catalog: &Catalog, detector: usize, example: &str) -> Result<bool> {
    let text = example.as_bytes();
    let mut hits = Vec::new();
    let regex = catalog.detectors()[detector].regex()?;
    Ok(regex.find_iter(text).all(|found| {
        let from = memchr::memrchr(b'\n', &text[..found.start()]).map_or(0, |nl| nl + 1);
        let to = memchr::memchr(b'\n', &text[found.end()..]).map_or(text.len(), |nl| found.end() + nl);
        catalog.prefilter(&text[from..to], &mut hits);
        hits.iter().any(|&(owner, _)| owner == detector)
    }))
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
