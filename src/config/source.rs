//! Where `.leakfence.yaml` and the baseline are read from: the index, a
//! commit's tree, or a directory on disk.

use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::Loaded;
use crate::git::content::read_blob;
use crate::{Error, Result};

pub enum Source<'a> {
    /// The index being committed.
    Index(&'a gix::Repository, &'a gix::index::State),
    /// The tree of a commit being pushed or scanned.
    Commit(&'a gix::Repository, ObjectId),
    /// A directory on disk (for `scan PATH`).
    Dir(PathBuf),
}

/// The file `name` at the root of `source`, if it exists.
pub fn read(source: &Source<'_>, name: &str) -> Result<Option<Loaded>> {
    match source {
        Source::Index(repo, index) => match index.entry_by_path(name.as_bytes().as_bstr()) {
            Some(entry) => Ok(Some(Loaded {
                origin: format!("{name} (staged)"),
                text: read_blob(repo, entry.id)?,
            })),
            None => Ok(None),
        },
        Source::Commit(repo, commit) => {
            let tree = repo
                .find_commit(*commit)
                .and_then(|c| c.tree())
                .map_err(|err| Error::git(format!("cannot read the tree of {commit}"), err))?;
            let entry = tree
                .lookup_entry_by_path(name)
                .map_err(|err| Error::git(format!("cannot look up {name} in {commit}"), err))?;
            match entry {
                Some(entry) if entry.mode().is_blob() => Ok(Some(Loaded {
                    origin: format!("{name} (in {})", &commit.to_string()[..10]),
                    text: read_blob(repo, entry.object_id())?,
                })),
                _ => Ok(None),
            }
        }
        Source::Dir(dir) => read_file(&dir.join(name)),
    }
}

/// A file given on the command line, or found in a directory.
pub fn read_file(path: &Path) -> Result<Option<Loaded>> {
    match std::fs::read(path) {
        Ok(text) => Ok(Some(Loaded {
            origin: path.display().to_string(),
            text,
        })),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}
