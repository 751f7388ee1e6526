//! Sources: where text to scan comes from (the index, files, stdin), each
//! turned into chunks for the scanner and collected into an [`Outcome`].

pub mod commits;
pub mod message;
pub mod parallel;
pub mod paths;
mod pieces;
pub mod push;
pub mod staged;
mod streams;

use gix::ObjectId;

use crate::git::blobstream;
use crate::git::content::{Content, added_content, added_to};
use crate::git::entry::Change;
use crate::git::merge;
use crate::scan::{Chunk, Finding, Lines, Origin, Scanner};
use crate::{ExitCode, Result};

#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Content that was not scanned, with the reason, so reports can say so.
    pub skipped: Vec<Skipped>,
}

impl Outcome {
    /// Adds what another scan found, after what this one found.
    pub fn extend(&mut self, other: Outcome) {
        self.findings.extend(other.findings);
        self.skipped.extend(other.skipped);
    }

    /// Nothing found and nothing skipped.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty() && self.skipped.is_empty()
    }

    /// Findings block; a clean scan passes.
    pub fn exit_code(&self) -> ExitCode {
        if self.findings.is_empty() {
            ExitCode::Clean
        } else {
            ExitCode::Findings
        }
    }
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

/// Scans the lines `change` adds that are also new relative to every tree in
/// `others` (the other parents of a merge; empty otherwise).
///
/// A blob stored whole (see [`blobstream::open`]) is read as a stream: a new
/// file is scanned as `scan` scans a file, and a changed file longer than a
/// piece as [`streams::scan_large_change`] says, so neither is held whole.
/// Other changes, and every change of a merge, take the line diff.
pub(crate) fn scan_change(
    repo: &gix::Repository,
    scanner: &Scanner<'_>,
    origin: &Origin,
    change: &Change,
    others: &[ObjectId],
    outcome: &mut Outcome,
) -> Result<()> {
    let new = change.new;
    let changed = change.old.is_none_or(|old| old.id != new.id);
    let stream = if new.is_file() && changed && others.is_empty() {
        blobstream::open(repo, new.id, streams::PIECE)?
    } else {
        None
    };
    let content = match (stream, change.old.filter(|old| old.is_file())) {
        (Some(stream), None) => {
            outcome.extend(streams::scan(scanner, origin, &change.path, stream)?);
            return Ok(());
        }
        (Some(stream), Some(old)) if stream.remaining() > streams::PIECE => {
            outcome.extend(streams::scan_large_change(
                repo, scanner, origin, change, old.id, stream,
            )?);
            return Ok(());
        }
        (Some(stream), Some(_)) => added_to(repo, change, streams::read_whole(stream)?)?,
        (None, _) => added_content(repo, change)?,
    };
    let (data, added) = match content {
        Content::Text { data, added } => (data, added),
        Content::Binary => {
            outcome.skipped.push(Skipped {
                path: change.path.to_vec(),
                reason: SkipReason::Binary,
            });
            return Ok(());
        }
        Content::Nothing => return Ok(()),
    };
    let added = merge::restrict(repo, others, &change.path, change.new.id, &data, added)?;
    if !added.is_empty() {
        outcome.findings.extend(scanner.scan(&Chunk {
            origin: origin.clone(),
            path: &change.path,
            data: &data,
            lines: Lines::Added(&added),
        })?);
    }
    Ok(())
}
