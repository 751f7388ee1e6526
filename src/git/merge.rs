//! Concluding a merge (`MERGE_HEAD` present): only lines new relative to HEAD
//! and to every merged-in commit count, like `git diff --cc`. Content that came
//! from a merged branch was that branch's to check; conflict resolutions and
//! edits made during the merge are still scanned.

use std::ops::Range;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::content::read_blob;
use super::linediff::{added_lines, intersect};
use crate::{Error, Result};

/// The trees of the commits being merged in, or nothing when no merge is in progress.
pub fn merge_head_trees(repo: &gix::Repository) -> Result<Vec<ObjectId>> {
    let path = repo.path().join("MERGE_HEAD");
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path, source }),
    };
    text.lines()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .map(|line| {
            let id = ObjectId::from_hex(line)
                .map_err(|err| Error::git(format!("bad MERGE_HEAD line {:?}", line.as_bstr()), err))?;
            let commit = repo
                .find_commit(id)
                .map_err(|err| Error::git(format!("cannot read merged commit {id}"), err))?;
            commit
                .tree_id()
                .map(|t| t.detach())
                .map_err(|err| Error::git(format!("cannot read the tree of {id}"), err))
        })
        .collect()
}

/// Narrows `added` to lines that are new relative to every tree in `others`.
pub fn restrict(
    repo: &gix::Repository,
    others: &[ObjectId],
    path: &[u8],
    new_id: ObjectId,
    data: &[u8],
    mut added: Vec<Range<u32>>,
) -> Result<Vec<Range<u32>>> {
    for &tree in others {
        let entry = repo
            .find_tree(tree)
            .map_err(|err| Error::git(format!("cannot read tree {tree}"), err))?
            .lookup_entry(path.split(|&b| b == b'/'))
            .map_err(|err| Error::git(format!("cannot look up {:?}", path.as_bstr()), err))?;
        match entry {
            Some(e) if e.object_id() == new_id => return Ok(Vec::new()),
            Some(e) if e.mode().is_blob() => {
                let theirs = read_blob(repo, e.object_id())?;
                added = intersect(&added, &added_lines(&theirs, data));
            }
            _ => {}
        }
        if added.is_empty() {
            break;
        }
    }
    Ok(added)
}
