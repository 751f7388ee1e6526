//! Scans commits: each commit's lines added relative to its first parent (a
//! root commit: all of it); for a merge, only lines new relative to every
//! parent, which is what conflict resolution introduced. Each (old blob, new
//! blob) pair is read and scanned once however many commits carry it.

use std::collections::HashSet;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::{Outcome, scan_change};
use crate::git::{rename, tree};
use crate::scan::{Origin, Scanner};
use crate::{Error, Result};

/// Called after each commit with (commits done, commits in all).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// `commits` come newest first, as a rev walk yields them.
pub fn scan_commits(
    repo: &gix::Repository,
    scanner: &Scanner<'_>,
    commits: &[ObjectId],
    progress: Progress<'_>,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut seen = HashSet::new();
    let mut state = gix::diff::tree::State::default();
    // Oldest first: pack delta chains run through earlier versions of the same
    // trees and blobs, and gix caches each object it was asked for, so reading
    // versions in order makes most chains end at a cached object. Measured on
    // a 1,000-commit push this halved the instructions (2.7G to 1.35G).
    for (done, &id) in commits.iter().rev().enumerate() {
        scan_commit(repo, scanner, id, &mut seen, &mut state, &mut outcome)?;
        progress(done + 1, commits.len());
    }
    Ok(outcome)
}

fn scan_commit(
    repo: &gix::Repository,
    scanner: &Scanner<'_>,
    id: ObjectId,
    seen: &mut HashSet<(Option<ObjectId>, ObjectId)>,
    state: &mut gix::diff::tree::State,
    outcome: &mut Outcome,
) -> Result<()> {
    let commit = repo
        .find_commit(id)
        .map_err(|err| Error::git(format!("cannot read commit {id}"), err))?;
    let tree_of = |commit: &gix::Commit<'_>| {
        commit
            .tree_id()
            .map(|t| t.detach())
            .map_err(|err| Error::git(format!("cannot read the tree of {}", commit.id), err))
    };
    let tree_id = tree_of(&commit)?;
    let mut parent_trees = Vec::new();
    for parent in commit.parent_ids() {
        let parent = repo
            .find_commit(parent.detach())
            .map_err(|err| Error::git(format!("cannot read commit {parent}"), err))?;
        parent_trees.push(tree_of(&parent)?);
    }
    let subject = commit
        .message_raw_sloppy()
        .lines()
        .next()
        .unwrap_or_default()
        .to_str_lossy()
        .into_owned();
    let origin = Origin::Commit {
        id: id.to_string(),
        subject,
    };
    let mut diff = tree::diff(repo, parent_trees.first().copied(), Some(tree_id), b"", state)?;
    rename::pair_renames(&mut diff);
    let other_parents = parent_trees.get(1..).unwrap_or_default();
    for change in &diff.changes {
        if !seen.insert((change.old.map(|o| o.id), change.new.id)) {
            continue;
        }
        scan_change(repo, scanner, &origin, change, other_parents, outcome)?;
    }
    Ok(())
}
