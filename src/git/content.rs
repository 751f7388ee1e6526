//! Turns a change into the text to scan: the new blob and its added lines.
//! Blobs come raw from the object database (no filters), so the scanner sees
//! exactly the bytes that will be committed or pushed.

use std::ops::Range;

use gix::ObjectId;

use super::entry::{Change, Entry, Kind};
use super::linediff::added_lines;
use crate::scan::encoding::decode_utf16_bom;
use crate::scan::is_binary;
use crate::{Error, Result};

#[derive(Debug)]
pub enum Content {
    /// A text blob and the 1-based line ranges it adds.
    Text { data: Vec<u8>, added: Vec<Range<u32>> },
    /// A NUL byte near the start: git's rule for binary; not scanned.
    Binary,
    /// Symlinks, submodules, mode-only changes, exact renames, pure deletions.
    Nothing,
}

/// A blob's bytes, with UTF-16 (byte-order-marked) text decoded to UTF-8 so
/// it is scanned rather than skipped as binary.
pub fn read_blob(repo: &gix::Repository, id: ObjectId) -> Result<Vec<u8>> {
    let mut blob = repo
        .find_blob(id)
        .map_err(|err| Error::git(format!("cannot read blob {id}"), err))?;
    Ok(decode_utf16_bom(blob.take_data()))
}

/// The lines `change` adds. `old` text that is binary counts as empty, so every
/// line of a binary-to-text change is new.
pub fn added_content(repo: &gix::Repository, change: &Change) -> Result<Content> {
    let new = change.new;
    if !new.is_file() || change.old.is_some_and(|old| old.id == new.id) {
        return Ok(Content::Nothing);
    }
    added_to(repo, change, read_blob(repo, new.id)?)
}

/// The lines `change` adds, given its new blob already read (and decoded, as
/// [`read_blob`] does).
pub fn added_to(repo: &gix::Repository, change: &Change, data: Vec<u8>) -> Result<Content> {
    if is_binary(&data) {
        return Ok(Content::Binary);
    }
    let old = match change.old {
        Some(Entry { id, kind: Kind::File }) => {
            let old = read_blob(repo, id)?;
            if is_binary(&old) { Vec::new() } else { old }
        }
        _ => Vec::new(),
    };
    let added = added_lines(&old, &data);
    Ok(if added.is_empty() {
        Content::Nothing
    } else {
        Content::Text { data, added }
    })
}
