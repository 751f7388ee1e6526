//! Everything that reads git, through gix: opening the repository the way a
//! hook must, the staged diff, commit diffs, and blob line diffs.

pub mod blobstream;
pub mod cache;
pub mod commits;
pub mod content;
pub mod entry;
pub mod linediff;
pub mod merge;
pub mod rename;
pub mod staged;
pub mod tree;

use crate::{Error, Result};

/// Opens the repository git is running the hook in. Honours `GIT_DIR`,
/// `GIT_WORK_TREE` and `GIT_INDEX_FILE` (git sets the last one for
/// `git commit -a` and `git commit <path>`), then falls back to discovery from
/// the current directory.
pub fn open() -> Result<gix::Repository> {
    let mut repo = gix::discover_with_environment_overrides(".")
        .map_err(|err| Error::git("cannot open the repository", err))?;
    check_config_readable(&repo)?;
    check_nearest_git(&repo)?;
    cache::cache_trees(&mut repo, 4 * 1024 * 1024);
    Ok(repo)
}

/// git works in the repository of the first `.git` it meets going up from the
/// current directory, and refuses to work at all when that one is a broken
/// `.git` file (a `gitdir:` line naming a missing directory); a `.git`
/// directory that is no repository it passes over. gix passes over both, to
/// a repository further up whose index is not what a commit here would hold:
/// refuse like git.
fn check_nearest_git(repo: &gix::Repository) -> Result<()> {
    if std::env::var_os("GIT_DIR").is_some() {
        return Ok(());
    }
    let (Some(workdir), Ok(cwd)) = (repo.workdir(), std::env::current_dir()) else {
        return Ok(());
    };
    let Ok(workdir) = workdir.canonicalize() else {
        return Ok(());
    };
    if !cwd.starts_with(&workdir) {
        return Ok(());
    }
    for dir in cwd.ancestors().take_while(|dir| *dir != workdir) {
        let dotgit = dir.join(".git");
        if dotgit.metadata().is_ok_and(|meta| meta.is_file()) {
            return Err(Error::Git {
                context: format!("{} leads to no repository", dotgit.display()),
                message: "git refuses to work here too; repair or remove it".into(),
            });
        }
    }
    Ok(())
}

/// gix opens leniently, so a value git accepts but gix does not know cannot
/// block a commit; but lenient also means a repository config it cannot read
/// (a directory, no permission) is silently skipped, and settings in it that
/// change what is staged or where would be lost. That must fail closed.
fn check_config_readable(repo: &gix::Repository) -> Result<()> {
    for path in [
        repo.common_dir().join("config"),
        repo.path().join("config.worktree"),
    ] {
        match std::fs::read(&path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::Io { path, source: err });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Memory for decoded delta bases and trees when reading many commits,
/// shared out among the threads that read them, so a scan does not grow with
/// the number of cores. Caching pays for long delta chains, but little: on 54
/// releases of a 36k-file project (2 threads), 1 to 16 MiB of bases per thread
/// took the same time within 3% and peaked at 167 MB to 245 MB (96 MB of it
/// the mapped pack); on a 1,000-commit push, 41 MB against 65 MB.
const DELTA_BASE_BUDGET: usize = 8 * 1024 * 1024;
const TREE_BUDGET: usize = 4 * 1024 * 1024;

/// Prepares one of `threads` repository handles for reading many commits'
/// trees and blobs.
pub fn tune_for_history(repo: &mut gix::Repository, threads: usize) {
    let threads = threads.max(1);
    cache::cache_trees(repo, TREE_BUDGET / threads);
    repo.objects.set_pack_cache(move || {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            DELTA_BASE_BUDGET / threads,
        ))
    });
}
