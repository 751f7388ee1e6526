//! Changes whose blobs are read as streams (see [`blobstream`]): a new file,
//! scanned like a file on disk, and a changed file too long to diff whole.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use gix::ObjectId;

use super::Outcome;
use super::pieces::{self, Sizes};
use crate::git::blobstream::{self, BlobStream};
use crate::git::content::read_blob;
use crate::git::entry::Change;
use crate::scan::encoding::decode_utf16_bom;
use crate::scan::{Origin, Scanner};
use crate::{Error, Result};

/// A streamed blob longer than this is scanned in pieces, never held whole.
pub const PIECE: u64 = Sizes::DEFAULT.piece as u64;

/// Scans a blob (at `path`) the way `scan` reads a file: whole when it fits
/// in a piece, else piece by piece.
pub fn scan(scanner: &Scanner<'_>, origin: &Origin, path: &[u8], mut stream: BlobStream) -> Result<Outcome> {
    let stored_in = stream.path().to_path_buf();
    let mut buffer = Vec::with_capacity(first_read(&stream));
    let scanned = pieces::scan_text(
        scanner,
        origin.clone(),
        path,
        &stored_in,
        &mut stream,
        &mut buffer,
        Sizes::DEFAULT,
    );
    // A read error here is the object store's: name the blob.
    scanned.map_err(|err| match err {
        Error::Io { source, .. } => stream.error(source),
        other => other,
    })
}

/// The whole blob, decoded as [`read_blob`] does.
pub fn read_whole(mut stream: BlobStream) -> Result<Vec<u8>> {
    let mut data = Vec::with_capacity(first_read(&stream));
    stream.read_to_end(&mut data).map_err(|err| stream.error(err))?;
    Ok(decode_utf16_bom(data))
}

/// A changed file longer than a piece. Its line diff would need both versions
/// whole, so the new version is scanned like a new file instead, and a
/// finding is dropped when the old version has one with the same
/// fingerprint: the same detector and the same secret, which is then not new.
/// A secret new to this version is always reported; one already committed is
/// not, even on an edited line (which the line diff would report).
pub fn scan_large_change(
    repo: &gix::Repository,
    scanner: &Scanner<'_>,
    origin: &Origin,
    change: &Change,
    old: ObjectId,
    new: BlobStream,
) -> Result<Outcome> {
    let mut outcome = scan(scanner, origin, &change.path, new)?;
    if outcome.findings.is_empty() {
        return Ok(outcome);
    }
    let before = match blobstream::open(repo, old, 0)? {
        Some(stream) => scan(scanner, origin, &change.path, stream)?,
        // Stored as a delta: gix rebuilds it whole.
        None => pieces::scan_text(
            scanner,
            origin.clone(),
            &change.path,
            Path::new(&format!("blob {old}")),
            &mut read_blob(repo, old)?.as_slice(),
            &mut Vec::new(),
            Sizes::DEFAULT,
        )?,
    };
    let known: HashSet<&str> = before.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    outcome
        .findings
        .retain(|f| !known.contains(f.fingerprint.as_str()));
    Ok(outcome)
}

/// How much of a stream the first read takes: a small blob in one go,
/// without regrowing the buffer.
fn first_read(stream: &BlobStream) -> usize {
    let most = Sizes::DEFAULT.piece + 2 * Sizes::DEFAULT.context;
    most.min(usize::try_from(stream.remaining()).unwrap_or(most))
}
