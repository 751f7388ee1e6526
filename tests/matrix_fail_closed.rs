//! Fail closed: when the repository cannot be read (a missing or corrupt
//! object, a corrupt index, a broken or unreadable config), the hook exits 3
//! with exactly one error line naming what failed and the deliberate bypass,
//! prints no partial report, and changes nothing. And a reader that closes
//! the output early never turns findings into success.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::snapshot::unchanged;
use common::{Repo, output_with_stdin, text};

/// Asserts the run failed closed and its one error line contains `names`.
fn assert_fails_closed(out: &Output, names: &str, bypass: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{}", text(out));
    assert!(out.stdout.is_empty(), "a partial report: {}", text(out));
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("leakfence: error"))
        .collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].contains(names),
        "the error does not name {names:?}: {err}"
    );
    assert!(err.contains(bypass), "{err}");
}

fn pre_commit_fails_closed(repo: &Repo, names: &str) {
    let out = repo.pre_commit_unchanged(&[]);
    assert_fails_closed(&out, names, "git commit --no-verify");
}

/// A repository with one staged file, and the path of that file's blob.
fn staged_repo() -> (Repo, PathBuf) {
    let repo = Repo::new();
    repo.install_hook();
    repo.commit_unchecked(&[("a.txt", "committed\n")]);
    repo.write("b.txt", "some staged content\n");
    repo.git(&["add", "b.txt"]);
    let id = repo.git(&["rev-parse", ":b.txt"]);
    let path = loose_object(repo.path(), id.trim());
    (repo, path)
}

fn loose_object(root: &Path, id: &str) -> PathBuf {
    root.join(".git/objects").join(&id[..2]).join(&id[2..])
}

/// Loose objects are read-only; as a non-root user they must be made writable first.
fn overwrite(path: &Path, bytes: &[u8]) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_missing_or_corrupt_staged_object() {
    let (repo, blob) = staged_repo();
    let id = repo.git(&["rev-parse", ":b.txt"]);
    overwrite(&blob, b"not a zlib stream at all");
    pre_commit_fails_closed(&repo, id.trim());
    std::fs::remove_file(&blob).unwrap();
    pre_commit_fails_closed(&repo, id.trim());
}

#[test]
fn a_corrupt_or_truncated_index() {
    let (repo, _) = staged_repo();
    let index = repo.path().join(".git/index");
    let good = std::fs::read(&index).unwrap();
    let mut garbage = b"DIRC\0\0\0\x02\0\0\0\x05".to_vec();
    garbage.extend((0..200u8).map(|b| b.wrapping_mul(37)));
    let cuts = [0, 12, 40, good.len() / 2, good.len() - 21, good.len() - 1];
    let damaged = cuts
        .iter()
        .map(|&n| good[..n].to_vec())
        .chain([garbage, vec![0xff; good.len()]]);
    for bytes in damaged {
        std::fs::write(&index, &bytes).unwrap();
        pre_commit_fails_closed(&repo, ".git/index");
    }
}

#[test]
fn a_broken_or_unreadable_config() {
    let (repo, _) = staged_repo();
    let config = repo.path().join(".git/config");
    std::fs::write(&config, "[core\n\tbroken = = =\n").unwrap();
    pre_commit_fails_closed(&repo, "config");

    // Root reads through any permission bits, so make it unreadable by type.
    std::fs::remove_file(&config).unwrap();
    std::fs::create_dir(&config).unwrap();
    pre_commit_fails_closed(&repo, ".git/config");
}

#[test]
fn pre_push_with_a_corrupt_object_store() {
    let repo = Repo::new();
    repo.commit_unchecked(&[("a.txt", "base\n")]);
    let head = repo.commit_file("b.txt", "pushed content\n", "two");
    let blob = repo.git(&["rev-parse", "HEAD:b.txt"]);
    let lines = format!("refs/heads/main {head} refs/heads/main {}\n", "0".repeat(40));
    let pre_push = || {
        let mut cmd = repo.command(common::BIN);
        cmd.args(["pre-push", "origin", "url"]);
        unchanged(&[repo.path()], "pre-push", || {
            output_with_stdin(cmd, lines.as_bytes())
        })
    };
    let path = loose_object(repo.path(), blob.trim());
    let good = std::fs::read(&path).unwrap();
    overwrite(&path, b"garbage");
    assert_fails_closed(&pre_push(), blob.trim(), "git push --no-verify");
    overwrite(&path, &good);
    assert_eq!(pre_push().status.code(), Some(0), "restored");

    repo.git(&["gc", "-q"]);
    let packs = std::fs::read_dir(repo.path().join(".git/objects/pack")).unwrap();
    let pack = packs
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .unwrap();
    let whole = std::fs::read(&pack).unwrap();
    overwrite(&pack, &whole[..whole.len() / 2]);
    assert_fails_closed(&pre_push(), "truncated", "git push --no-verify");
}

#[test]
fn a_git_file_pointing_nowhere() {
    let repo = Repo::new();
    std::fs::remove_dir_all(repo.path().join(".git")).unwrap();
    std::fs::write(repo.path().join(".git"), "gitdir: /nonexistent/worktrees/gone\n").unwrap();
    pre_commit_fails_closed(&repo, "cannot open the repository");
}

/// `scan | head` closes the pipe early: not an error, but the findings still
/// decide the exit code (with `set -o pipefail`, CI must still fail).
#[test]
fn a_reader_that_stops_early_does_not_turn_findings_into_success() {
    use std::io::BufRead;
    let repo = Repo::new();
    let (line, _) = common::pulumi_line();
    repo.write("many.env", line.repeat(5_000));
    for format in ["text", "json"] {
        let mut child = repo
            .command(common::BIN)
            .args(["scan", "--format", format, "many.env"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        // The reader is dropped here, with far more than a pipe buffer unread.
        assert_eq!(child.wait().unwrap().code(), Some(1), "{format}");
    }
}

#[test]
fn a_corrupt_head_or_branch_ref() {
    let (repo, _) = staged_repo();
    let git_dir = repo.path().join(".git");
    let missing = "1234567890".repeat(4);
    for (file, content) in [
        ("refs/heads/main", "garbage\n"),
        ("refs/heads/main", &format!("{missing}\n")[..]),
        ("HEAD", "garbage\n"),
    ] {
        std::fs::write(git_dir.join(file), content).unwrap();
        pre_commit_fails_closed(&repo, "cannot resolve HEAD");
    }
}

/// git refuses to work under a `.git` file that names a missing directory;
/// so must the hook, instead of scanning the repository further up. An empty
/// `.git` directory git passes over, and so does the hook.
#[test]
fn a_broken_git_file_is_not_passed_over_for_a_parent_repository() {
    let (repo, _) = staged_repo();
    let empty = repo.path().join("empty");
    std::fs::create_dir_all(empty.join(".git")).unwrap();
    let out = repo
        .command(common::BIN)
        .current_dir(&empty)
        .arg("pre-commit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let sub = repo.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join(".git"), "gitdir: /nonexistent/leakfence-test\n").unwrap();
    let git = repo
        .command("git")
        .current_dir(&sub)
        .arg("status")
        .output()
        .unwrap();
    assert!(!git.status.success(), "git itself refuses: {}", text(&git));
    let out = unchanged(&[repo.path()], "leakfence pre-commit", || {
        repo.command(common::BIN)
            .current_dir(&sub)
            .arg("pre-commit")
            .output()
            .unwrap()
    });
    assert_fails_closed(&out, "sub/.git leads to no repository", "git commit --no-verify");
}
