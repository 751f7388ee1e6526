//! The pre-commit source: the lines the index adds relative to HEAD, each
//! change read and scanned on one thread per core when there are many.

use super::{Outcome, parallel, scan_change};
use crate::Result;
use crate::git::{merge, rename, staged};
use crate::scan::{Origin, Scanner};

/// Below this many staged changes a second thread (and repository handle)
/// costs more than it saves: a typical commit stays on one thread.
const PARALLEL_AFTER_CHANGES: usize = 32;

/// `index` is the one git handed the hook (see [`staged::read_index`]).
pub fn scan_staged(
    repo: &gix::Repository,
    index: &gix::index::State,
    scanner: &Scanner<'_>,
) -> Result<Outcome> {
    let mut diff = staged::staged_diff(repo, index)?;
    rename::pair_renames(&mut diff);
    let merged_in = merge::merge_head_trees(repo)?;
    let changes = &diff.changes;
    let threads = parallel::threads_for(changes.len(), changes.len() >= PARALLEL_AFTER_CHANGES);
    let results = parallel::in_order(
        changes.len(),
        (0..threads).map(|_| repo.clone()).collect(),
        |repo, index| {
            let mut one = Outcome::default();
            scan_change(
                repo,
                scanner,
                &Origin::Staged,
                &changes[index],
                &merged_in,
                &mut one,
            )
            .map(|()| one)
        },
        &mut |_| {},
    );
    let mut outcome = Outcome::default();
    for result in results {
        outcome.extend(result?);
    }
    Ok(outcome)
}
