//! Tree-to-tree diffs, skipping identical subtrees by id.

use gix::ObjectId;
use gix::diff::tree::recorder::Change as Recorded;

use super::entry::{Change, Diff, Entry};
use crate::{Error, Result};

/// What changed from `old` (or the empty tree) to `new`. Paths are relative to
/// the trees; `prefix` (empty or ending in `/`) is prepended to each.
pub fn diff(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &[u8],
    state: &mut gix::diff::tree::State,
) -> Result<Diff> {
    let load = |id: Option<ObjectId>| -> Result<gix::Tree<'_>> {
        match id {
            Some(id) => repo
                .find_tree(id)
                .map_err(|err| Error::git(format!("cannot read tree {id}"), err)),
            None => Ok(repo.empty_tree()),
        }
    };
    let (old_tree, new_tree) = (load(old)?, load(new)?);
    let mut recorder = gix::diff::tree::Recorder::default();
    gix::diff::tree(
        gix::objs::TreeRefIter::from_bytes(&old_tree.data, repo.object_hash()),
        gix::objs::TreeRefIter::from_bytes(&new_tree.data, repo.object_hash()),
        state,
        &repo.objects,
        &mut recorder,
    )
    .map_err(|err| Error::git("cannot compare trees", err))?;

    let full = |path: &gix::bstr::BString| {
        let mut p = gix::bstr::BString::from(prefix);
        p.extend_from_slice(path);
        p
    };
    let mut out = Diff::default();
    for record in recorder.records {
        match record {
            Recorded::Addition {
                entry_mode,
                oid,
                path,
                ..
            } => {
                if let Some(new) = Entry::from_tree(oid, entry_mode) {
                    out.changes.push(Change {
                        path: full(&path),
                        old: None,
                        new,
                    });
                }
            }
            Recorded::Deletion {
                entry_mode,
                oid,
                path,
                ..
            } => {
                if let Some(old) = Entry::from_tree(oid, entry_mode) {
                    out.deleted.push((full(&path), old));
                }
            }
            Recorded::Modification {
                previous_entry_mode,
                previous_oid,
                entry_mode,
                oid,
                path,
            } => {
                if let Some(new) = Entry::from_tree(oid, entry_mode) {
                    let old = Entry::from_tree(previous_oid, previous_entry_mode);
                    if old != Some(new) {
                        out.changes.push(Change {
                            path: full(&path),
                            old,
                            new,
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}
