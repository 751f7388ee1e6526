//! Which commits to scan: rev walks over pushed tips, hiding what the remote
//! already has, and the tips of every ref for history scans.

use std::collections::HashSet;

use gix::ObjectId;

use crate::{Error, Result};

/// Peels what a ref points at (a commit, or an annotated tag) to a commit.
/// `None` if the object is unknown locally or is not a commit-ish.
pub fn peel_to_commit(repo: &gix::Repository, id: ObjectId) -> Result<Option<ObjectId>> {
    let object = repo
        .try_find_object(id)
        .map_err(|err| Error::git(format!("cannot read object {id}"), err))?;
    Ok(object.and_then(|o| o.peel_to_kind(gix::object::Kind::Commit).ok().map(|c| c.id)))
}

/// Commits reachable from `tips` and from none of `hidden`, newest first
/// (`git rev-list tips --not hidden`).
pub fn walk(repo: &gix::Repository, tips: &[ObjectId], hidden: &[ObjectId]) -> Result<Vec<ObjectId>> {
    if tips.is_empty() {
        return Ok(Vec::new());
    }
    let walk = repo
        .rev_walk(tips.iter().copied())
        .with_hidden(hidden.iter().copied())
        .all()
        .map_err(|err| Error::git("cannot walk the commits to scan", err))?;
    walk.map(|info| {
        info.map(|i| i.id)
            .map_err(|err| Error::git("cannot walk the commits to scan", err))
    })
    .collect()
}

/// The commits behind every ref under `prefix` (e.g. `refs/remotes/origin/`).
pub fn ref_tips(repo: &gix::Repository, prefix: Option<&str>) -> Result<Vec<ObjectId>> {
    let platform = repo
        .references()
        .map_err(|err| Error::git("cannot list references", err))?;
    // Every ref, filtered here: gix refuses some prefixes git allows (a
    // remote named `origin.` makes `refs/remotes/origin./`), and a push to
    // such a remote must still work.
    let iter = platform
        .all()
        .map_err(|err| Error::git("cannot list references", err))?;
    let mut tips = Vec::new();
    let mut seen = HashSet::new();
    for reference in iter {
        let mut reference = reference.map_err(|err| Error::git("cannot read a reference", err))?;
        if prefix.is_some_and(|prefix| !reference.name().as_bstr().starts_with(prefix.as_bytes())) {
            continue;
        }
        // Symbolic refs such as origin/HEAD point at a ref listed anyway; a ref
        // that cannot be peeled points nowhere and adds no commits.
        let Ok(id) = reference.peel_to_id() else { continue };
        if let Some(commit) = peel_to_commit(repo, id.detach())?
            && seen.insert(commit)
        {
            tips.push(commit);
        }
    }
    Ok(tips)
}

/// What this repository knows the remote `name` has: its remote-tracking refs.
/// Pushing to a URL rather than a named remote knows nothing.
pub fn remote_tips(repo: &gix::Repository, name: &str) -> Result<Vec<ObjectId>> {
    if name.is_empty() || name.contains(['/', ':', '\\']) {
        return Ok(Vec::new());
    }
    ref_tips(repo, Some(&format!("refs/remotes/{name}/")))
}
