//! The pre-commit source: the lines the index adds relative to HEAD.

use super::{Outcome, scan_change};
use crate::Result;
use crate::git::{merge, rename, staged};
use crate::scan::{Origin, Scanner};

/// `index` is the one git handed the hook (see [`staged::read_index`]).
pub fn scan_staged(
    repo: &gix::Repository,
    index: &gix::index::State,
    scanner: &Scanner<'_>,
) -> Result<Outcome> {
    let mut diff = staged::staged_diff(repo, index)?;
    rename::pair_renames(&mut diff);
    let merged_in = merge::merge_head_trees(repo)?;
    let mut outcome = Outcome::default();
    for change in &diff.changes {
        scan_change(repo, scanner, &Origin::Staged, change, &merged_in, &mut outcome)?;
    }
    Ok(outcome)
}
