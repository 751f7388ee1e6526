//! "The hook changes nothing": a record of every file, symlink and directory
//! under some roots (a repository's working tree with its `.git`, a bare
//! repository, a linked worktree), taken before and after a hook run and
//! compared. It covers the index, HEAD, refs, reflogs, config, every loose
//! object and pack, lock files and the working tree in one walk.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use super::{Repo, text};

#[derive(Debug, PartialEq, Eq)]
enum Item {
    File { mode: u32, bytes: Vec<u8> },
    Link(PathBuf),
    Dir { mode: u32 },
}

#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, Item>);

impl Snapshot {
    pub fn take(roots: &[&Path]) -> Self {
        let mut items = BTreeMap::new();
        for root in roots {
            walk(root, &mut items);
        }
        Snapshot(items)
    }

    /// Panics naming every path that appeared, disappeared or changed.
    pub fn assert_same(&self, after: &Snapshot, what: &str) {
        let mut diffs = Vec::new();
        for (path, item) in &self.0 {
            match after.0.get(path) {
                None => diffs.push(format!("removed {}", path.display())),
                Some(other) if other != item => diffs.push(format!("changed {}", path.display())),
                Some(_) => {}
            }
        }
        for path in after.0.keys().filter(|p| !self.0.contains_key(*p)) {
            diffs.push(format!("added {}", path.display()));
        }
        assert!(
            diffs.is_empty(),
            "{what} changed the repository:\n  {}",
            diffs.join("\n  ")
        );
    }
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Item>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode();
        if meta.is_dir() {
            out.insert(path.clone(), Item::Dir { mode });
            walk(&path, out);
        } else if meta.is_symlink() {
            out.insert(path.clone(), Item::Link(std::fs::read_link(&path).unwrap()));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.insert(path, Item::File { mode, bytes });
        }
    }
}

/// Runs `run` and asserts nothing under `roots` changed.
pub fn unchanged<T>(roots: &[&Path], what: &str, run: impl FnOnce() -> T) -> T {
    let before = Snapshot::take(roots);
    let result = run();
    before.assert_same(&Snapshot::take(roots), what);
    result
}

impl Repo {
    /// `leakfence pre-commit ARGS` in the repository, asserting it changed nothing.
    pub fn pre_commit_unchanged(&self, args: &[&str]) -> Output {
        let mut all = vec!["pre-commit"];
        all.extend_from_slice(args);
        unchanged(&[self.path()], "leakfence pre-commit", || self.leakfence(&all))
    }

    /// `git commit` through the installed hook in `dir` (the repository or a
    /// linked worktree of it), which must be blocked and leave everything under
    /// `roots` as it was. Before a hook runs, `git commit` itself refreshes the
    /// index's cache-tree and writes the index; `git write-tree` does that same
    /// bookkeeping first, so the comparison sees only what the hook run did.
    pub fn blocked_commit(&self, dir: &Path, roots: &[&Path], extra: &[&str]) -> Output {
        let git = |args: &[&str]| self.command("git").current_dir(dir).args(args).output().unwrap();
        let primed = git(&["write-tree"]);
        assert!(primed.status.success(), "git write-tree: {}", text(&primed));
        let mut args = vec!["commit", "-q", "-m", "test"];
        args.extend_from_slice(extra);
        let out = unchanged(roots, "a blocked git commit", || git(&args));
        assert!(
            !out.status.success(),
            "the commit was not blocked: {}",
            text(&out)
        );
        out
    }
}
