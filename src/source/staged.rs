//! The pre-commit source: the lines the index adds relative to HEAD.

use super::{Outcome, SkipReason, Skipped};
use crate::Result;
use crate::git::content::{Content, added_content};
use crate::git::{merge, rename, staged};
use crate::scan::{Chunk, Lines, Origin, Scanner};

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
        let (data, added) = match added_content(repo, change)? {
            Content::Text { data, added } => (data, added),
            Content::Binary => {
                outcome.skipped.push(Skipped {
                    path: change.path.to_vec(),
                    reason: SkipReason::Binary,
                });
                continue;
            }
            Content::Nothing => continue,
        };
        let added = if merged_in.is_empty() {
            added
        } else {
            merge::restrict(repo, &merged_in, &change.path, change.new.id, &data, added)?
        };
        if added.is_empty() {
            continue;
        }
        outcome.findings.extend(scanner.scan(&Chunk {
            origin: Origin::Staged,
            path: &change.path,
            data: &data,
            lines: Lines::Added(&added),
        })?);
    }
    Ok(outcome)
}
