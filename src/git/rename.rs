//! Renames: a file that moved carries only the lines its move changed.
//!
//! An added file is paired with a deleted file that has the same content
//! (an exact move: nothing new) or, failing that, the same file name in another
//! directory (diffed against it, so only edited lines are scanned). Pairing
//! by name is cheap and covers the common `git mv` then edit; a rename that also
//! changes the name is scanned as a new file, which errs on the safe side.

use std::collections::HashMap;

use gix::bstr::{BStr, ByteSlice};

use super::entry::{Diff, Kind};

pub fn pair_renames(diff: &mut Diff) {
    if diff.deleted.is_empty() {
        return;
    }
    let by_id: HashMap<_, _> = diff
        .deleted
        .iter()
        .filter(|(_, e)| e.kind == Kind::File)
        .map(|(_, e)| (e.id, *e))
        .collect();
    let mut by_name: HashMap<&BStr, Vec<_>> = HashMap::new();
    for (path, entry) in diff.deleted.iter().filter(|(_, e)| e.kind == Kind::File) {
        by_name.entry(file_name(path.as_bstr())).or_default().push(*entry);
    }
    for change in diff
        .changes
        .iter_mut()
        .filter(|c| c.old.is_none() && c.new.is_file())
    {
        if let Some(source) = by_id.get(&change.new.id) {
            change.old = Some(*source);
        } else if let Some([source]) = by_name.get(file_name(change.path.as_bstr())).map(Vec::as_slice) {
            change.old = Some(*source);
        }
    }
}

fn file_name(path: &BStr) -> &BStr {
    path.rfind_byte(b'/').map_or(path, |i| path[i + 1..].as_bstr())
}
