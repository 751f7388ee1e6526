//! Sources: where text to scan comes from (the index, files, stdin), each
//! turned into chunks for the scanner and collected into an [`Outcome`].

pub mod commits;
pub mod parallel;
pub mod paths;
mod pieces;
pub mod push;
pub mod staged;

use gix::ObjectId;

use crate::git::blobstream::{self, BlobStream};
use crate::git::content::{Content, added_content};
use crate::git::entry::Change;
use crate::git::merge;
use crate::scan::{Chunk, Finding, Lines, Origin, Scanner};
use crate::{Error, ExitCode, Result};
use pieces::Sizes;

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
pub(crate) fn scan_change(
    repo: &gix::Repository,
    scanner: &Scanner<'_>,
    origin: &Origin,
    change: &Change,
    others: &[ObjectId],
    outcome: &mut Outcome,
) -> Result<()> {
    if let Some(stream) = new_file_stream(repo, change, others)? {
        outcome.extend(scan_new_file(scanner, origin, change, stream)?);
        return Ok(());
    }
    let (data, added) = match added_content(repo, change)? {
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

/// The blob `change` adds as a stream, if every line of it is new: a new
/// file is scanned like a file of the working tree, in pieces when longer
/// than one, so a large one is never held whole. The added lines of a changed
/// file, or of a file merged in, come from a diff that needs the texts whole,
/// and so does a blob only gix reads (see [`blobstream::open`]).
fn new_file_stream(
    repo: &gix::Repository,
    change: &Change,
    others: &[ObjectId],
) -> Result<Option<BlobStream>> {
    let all_new = change.new.is_file() && change.old.is_none_or(|old| !old.is_file()) && others.is_empty();
    if !all_new {
        return Ok(None);
    }
    blobstream::open(repo, change.new.id, Sizes::DEFAULT.piece as u64)
}

/// Scans a new file's blob the way `scan` reads a file: whole when it fits in
/// a piece, else piece by piece.
fn scan_new_file(
    scanner: &Scanner<'_>,
    origin: &Origin,
    change: &Change,
    mut stream: BlobStream,
) -> Result<Outcome> {
    let stored_in = stream.path().to_path_buf();
    // A small blob is read in one go, without regrowing the buffer.
    let most = Sizes::DEFAULT.piece + 2 * Sizes::DEFAULT.context;
    let mut buffer = Vec::with_capacity(most.min(usize::try_from(stream.remaining()).unwrap_or(most)));
    let scanned = pieces::scan_text(
        scanner,
        origin.clone(),
        &change.path,
        &stored_in,
        &mut stream,
        &mut buffer,
        Sizes::DEFAULT,
    );
    // A read error here is the object store's: name the blob.
    scanned.map_err(|err| match err {
        Error::Io { path, source } => blobstream::unreadable(change.new.id, &path, source),
        other => other,
    })
}
