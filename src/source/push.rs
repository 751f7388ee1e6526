//! The pre-push source: which commits a push would send to the remote.
//!
//! git gives one line per ref on stdin: `<local ref> <local oid> <remote ref>
//! <remote oid>`. The commits to scan are those reachable from any pushed local
//! oid and from nothing the remote is known to have: the old remote oid of each
//! updated ref (when it exists locally) and every remote-tracking ref of that
//! remote. A force push therefore scans only commits new to the remote, and a
//! remote oid that was never fetched falls back to the tracking refs alone.

use gix::ObjectId;

use crate::git::commits::{peel_to_commit, remote_tips, walk};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    pub local_ref: String,
    pub local: ObjectId,
    pub remote_ref: String,
    pub remote: ObjectId,
}

/// Parses git's pre-push stdin. Any malformed line is an error naming it:
/// silently skipping a ref would let its commits through unscanned.
pub fn parse_ref_lines(text: &str) -> Result<Vec<RefUpdate>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            let bad = |what: &str| {
                Error::Usage(format!(
                    "pre-push input line {}: {what}; expected `<local ref> <local oid> <remote ref> <remote oid>`",
                    number + 1
                ))
            };
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [local_ref, local, remote_ref, remote] = fields[..] else {
                return Err(bad(&format!("{} fields", fields.len())));
            };
            let oid = |hex: &str| ObjectId::from_hex(hex.as_bytes()).map_err(|_| bad("an object id is not hex"));
            Ok(RefUpdate {
                local_ref: local_ref.to_string(),
                local: oid(local)?,
                remote_ref: remote_ref.to_string(),
                remote: oid(remote)?,
            })
        })
        .collect()
}

/// The commits the push sends, newest first, each once across all refs.
pub fn commits_to_push(
    repo: &gix::Repository,
    remote_name: &str,
    updates: &[RefUpdate],
) -> Result<Vec<ObjectId>> {
    let mut tips = Vec::new();
    let mut hidden = remote_tips(repo, remote_name)?;
    for update in updates {
        if update.local.is_null() {
            continue; // deleting a remote ref sends nothing
        }
        match peel_to_commit(repo, update.local)? {
            Some(commit) => tips.push(commit),
            None => {
                return Err(Error::Usage(format!(
                    "{} points at {}, which is not a commit this repository has",
                    update.local_ref, update.local
                )));
            }
        }
        if !update.remote.is_null()
            && let Some(known) = peel_to_commit(repo, update.remote)?
        {
            hidden.push(known);
        }
    }
    walk(repo, &tips, &hidden)
}

#[cfg(test)]
mod tests {
    use super::parse_ref_lines;

    #[test]
    fn parses_lines_and_names_bad_ones() {
        let z = "0".repeat(40);
        let a = "a".repeat(40);
        let ok = parse_ref_lines(&format!("refs/heads/x {a} refs/heads/x {z}\n\n")).unwrap();
        assert_eq!(ok.len(), 1);
        assert!(ok[0].remote.is_null());
        let err =
            parse_ref_lines(&format!("refs/heads/x {a} refs/heads/x {z}\nrefs/heads/y {a}\n")).unwrap_err();
        assert!(err.to_string().contains("line 2: 2 fields"), "{err}");
        let err = parse_ref_lines(&format!("r {a} r nothex{z}")).unwrap_err();
        assert!(
            err.to_string().contains("line 1: an object id is not hex"),
            "{err}"
        );
    }
}
