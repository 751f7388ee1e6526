//! Sources: where text to scan comes from (the index, files, stdin), each
//! turned into chunks for the scanner and collected into an [`Outcome`].

pub mod commits;
pub mod paths;
pub mod push;
pub mod staged;

use crate::scan::Finding;

#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Content that was not scanned, with the reason, so reports can say so.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: Vec<u8>,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary (a NUL byte in its first 8000 bytes)",
        }
    }
}
