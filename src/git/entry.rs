//! A tree or index entry reduced to what scanning needs.

use gix::ObjectId;
use gix::index::entry::Mode;
use gix::objs::tree::{EntryKind, EntryMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular or executable file: its blob is scanned.
    File,
    /// The blob holds a link target, not content: never scanned.
    Symlink,
    /// A gitlink: the content lives in another repository.
    Submodule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub id: ObjectId,
    pub kind: Kind,
}

impl Entry {
    pub fn from_index(id: ObjectId, mode: Mode) -> Option<Self> {
        let kind = if mode == Mode::FILE || mode == Mode::FILE_EXECUTABLE {
            Kind::File
        } else if mode == Mode::SYMLINK {
            Kind::Symlink
        } else if mode == Mode::COMMIT {
            Kind::Submodule
        } else {
            return None;
        };
        Some(Entry { id, kind })
    }

    /// `None` for trees. Kinds, not raw modes, so non-canonical modes such as
    /// 100664 in old repositories compare equal to 100644.
    pub fn from_tree(id: ObjectId, mode: EntryMode) -> Option<Self> {
        let kind = match mode.kind() {
            EntryKind::Blob | EntryKind::BlobExecutable => Kind::File,
            EntryKind::Link => Kind::Symlink,
            EntryKind::Commit => Kind::Submodule,
            EntryKind::Tree => return None,
        };
        Some(Entry { id, kind })
    }

    pub fn is_file(&self) -> bool {
        self.kind == Kind::File
    }
}

/// A path whose content differs between two snapshots.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: gix::bstr::BString,
    /// `None` when the path is new.
    pub old: Option<Entry>,
    pub new: Entry,
}

/// The result of comparing two snapshots: changed paths, and the files that
/// disappeared (kept so renames can be diffed against their source).
#[derive(Debug, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub deleted: Vec<(gix::bstr::BString, Entry)>,
}
