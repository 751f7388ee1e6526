//! Odd repositories and repository states: index formats, detached HEAD, amend,
//! rebase and merge in progress, SHA-256, linked worktrees, `GIT_DIR` from
//! elsewhere, bare repositories. The hook must read the right index and
//! commits, and change nothing.

mod common;

use std::path::Path;
use std::process::Output;

use common::snapshot::unchanged;
use common::{Repo, output_with_stdin, pulumi_example, pulumi_line, text};

fn repo_with_hook() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo
}

/// The leakfence binary run in `dir` with extra environment variables.
fn leakfence_in(repo: &Repo, dir: &Path, env: &[(&str, &Path)], args: &[&str]) -> Output {
    let mut cmd = repo.command(common::BIN);
    cmd.current_dir(dir).args(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().unwrap()
}

/// Index formats git can write: split, sparse, version 4 (prefix-compressed
/// paths) and `index.skipHash` (no trailing checksum).
#[test]
fn split_sparse_v4_and_skip_hash_indexes() {
    for setup in [
        vec![vec!["update-index", "--index-version", "4"]],
        vec![vec!["config", "index.skipHash", "true"]],
        vec![
            vec!["config", "core.splitIndex", "true"],
            vec!["update-index", "--split-index"],
        ],
        vec![
            vec!["sparse-checkout", "init", "--cone", "--sparse-index"],
            vec!["sparse-checkout", "set", "inside"],
        ],
    ] {
        let repo = repo_with_hook();
        repo.commit_unchecked(&[("inside/a.txt", "a\n"), ("outside/b.txt", "b\n")]);
        for args in &setup {
            repo.git(args);
        }
        let (line, _) = pulumi_line();
        repo.write("inside/s.env", &line);
        repo.git(&["add", "inside/s.env"]);
        let out = repo.pre_commit_unchanged(&[]);
        assert_eq!(out.status.code(), Some(1), "{setup:?}: {}", text(&out));
        assert!(
            text(&out).contains("inside/s.env:1:"),
            "{setup:?}: {}",
            text(&out)
        );
    }
}

#[test]
fn detached_head_amend_and_rebase_in_progress() {
    let repo = repo_with_hook();
    let here = [repo.path()];
    let (line, _) = pulumi_line();
    repo.commit_unchecked(&[("a.txt", "a\n")]);
    repo.commit_unchecked(&[("b.txt", "b\n")]);
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    repo.write("c.env", &line);
    repo.git(&["add", "c.env"]);
    let out = repo.blocked_commit(repo.path(), &here, &[]);
    assert!(text(&out).contains("c.env:1:"), "detached HEAD: {}", text(&out));

    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("b.txt", format!("b\n{line}"));
    repo.git(&["add", "b.txt"]);
    let out = repo.blocked_commit(repo.path(), &here, &["--amend", "--no-edit"]);
    assert!(text(&out).contains("b.txt:2:"), "amend: {}", text(&out));

    repo.git(&["reset", "-q", "--hard"]);
    let out = repo.git_output(&[
        "-c",
        "sequence.editor=sed -i s/^pick/edit/",
        "rebase",
        "-q",
        "-i",
        "HEAD~1",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    repo.write("d.env", &line);
    repo.git(&["add", "d.env"]);
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(1), "rebase in progress: {}", text(&out));
}

/// `src/git/merge.rs`: concluding a merge scans what is new relative to HEAD
/// and to the merged commit, so a branch's own committed content is not
/// reported again, but a secret typed in while resolving is.
#[test]
fn concluding_a_merge_scans_the_resolution_only() {
    let repo = repo_with_hook();
    let here = [repo.path()];
    repo.commit_unchecked(&[("shared.txt", "base\n")]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit_unchecked(&[("feature.env", &pulumi_example(0)), ("shared.txt", "feature\n")]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_unchecked(&[("shared.txt", "main\n")]);
    let merge = repo.git_output(&["merge", "-q", "feature"]);
    assert!(!merge.status.success(), "expected a conflict: {}", text(&merge));
    assert!(repo.path().join(".git/MERGE_HEAD").exists());

    // The conflicted index itself: git refuses to commit it; the hook passes it.
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(0), "unresolved: {}", text(&out));

    repo.write("shared.txt", "main\nfeature\n");
    repo.git(&["add", "shared.txt"]);
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(0), "clean resolution: {}", text(&out));

    let secret_line = pulumi_example(1);
    repo.write("shared.txt", format!("main\nfeature\n{secret_line}"));
    repo.write(
        "feature.env",
        format!("{}{}", pulumi_example(0), pulumi_example(2)),
    );
    repo.git(&["add", "shared.txt", "feature.env"]);
    let out = repo.blocked_commit(repo.path(), &here, &["--no-edit"]);
    let all = text(&out);
    assert!(all.contains("shared.txt:3:"), "{all}");
    assert!(all.contains("feature.env:2:"), "{all}");
    assert!(
        !all.contains("feature.env:1:"),
        "merged-in content reported again: {all}"
    );

    repo.write("shared.txt", "main\nfeature\n");
    repo.git(&["checkout", "-q", "feature", "--", "feature.env"]);
    repo.git(&["add", "shared.txt"]);
    let out = repo.commit(&["--no-edit"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!repo.path().join(".git/MERGE_HEAD").exists());
}

#[test]
fn a_sha256_repository() {
    let repo = Repo::new();
    let dir = repo.home().join("sha256");
    let init = repo.git_output(&["init", "-q", "--object-format=sha256", dir.to_str().unwrap()]);
    assert!(init.status.success(), "{}", text(&init));
    let (line, _) = pulumi_line();
    std::fs::write(dir.join("s.env"), &line).unwrap();
    repo.git_in(&dir, &["add", "s.env"]);
    let out = unchanged(&[&dir], "pre-commit", || {
        leakfence_in(&repo, &dir, &[], &["pre-commit"])
    });
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

/// A linked worktree has its own index and HEAD: a commit there is checked
/// against that index, not the main worktree's.
#[test]
fn linked_worktrees_use_their_own_index() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("README", "readme\n")]);
    let linked = repo.home().join("linked");
    repo.git(&["worktree", "add", "-q", "-b", "other", linked.to_str().unwrap()]);
    let roots = [repo.path(), linked.as_path()];
    let (line, _) = pulumi_line();
    repo.write("main.env", &line);
    repo.git(&["add", "main.env"]);

    std::fs::write(linked.join("notes.txt"), "clean\n").unwrap();
    let git_linked = |args: &[&str]| {
        repo.command("git")
            .current_dir(&linked)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(git_linked(&["add", "notes.txt"]).status.success());
    let out = unchanged(&roots, "pre-commit", || {
        leakfence_in(&repo, &linked, &[], &["pre-commit"])
    });
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Through the hook: the main worktree's staged secret must not block it.
    repo.git_in(&linked, &["commit", "-q", "-m", "clean"]);

    std::fs::write(linked.join("linked.env"), &line).unwrap();
    repo.git_in(&linked, &["add", "linked.env"]);
    let out = repo.blocked_commit(&linked, &roots, &[]);
    let all = text(&out);
    assert!(
        all.contains("linked.env:1:") && !all.contains("main.env"),
        "{all}"
    );

    let out = repo.blocked_commit(repo.path(), &roots, &[]);
    let all = text(&out);
    assert!(
        all.contains("main.env:1:") && !all.contains("linked.env"),
        "{all}"
    );

    // `git commit -a` there: git stages the tracked change into a temporary
    // index of that worktree (GIT_INDEX_FILE) just for the hook.
    // git writes that index's blob and tree before the hook runs; writing them
    // first through a throwaway index leaves the snapshot only the hook's doing.
    repo.git_in(&linked, &["reset", "-q", "linked.env"]);
    std::fs::write(linked.join("README"), format!("readme\n{line}\n")).unwrap();
    let throwaway = repo.home().join("throwaway-index");
    for args in [&["read-tree", "HEAD"][..], &["add", "README"], &["write-tree"]] {
        let primed = repo
            .command("git")
            .current_dir(&linked)
            .env("GIT_INDEX_FILE", &throwaway)
            .args(args)
            .output()
            .unwrap();
        assert!(primed.status.success(), "{}", text(&primed));
    }
    let out = repo.blocked_commit(&linked, &roots, &["-a"]);
    let all = text(&out);
    assert!(all.contains("README:2:") && !all.contains("main.env"), "{all}");
}

/// `GIT_DIR` and `GIT_WORK_TREE` name the repository, whatever the current
/// directory is, even inside another repository with its own staged secret.
#[test]
fn git_dir_and_work_tree_from_an_unrelated_directory() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.write("target.env", &line);
    repo.git(&["add", "target.env"]);
    let other = Repo::new();
    other.write("other.env", &line);
    other.git(&["add", "other.env"]);
    let plain = tempfile::tempdir().unwrap();
    let git_dir = repo.path().join(".git");
    let env = [("GIT_DIR", git_dir.as_path()), ("GIT_WORK_TREE", repo.path())];
    let roots = [repo.path(), other.path(), plain.path()];

    for cwd in [other.path(), plain.path()] {
        let out = unchanged(&roots, "pre-commit", || {
            leakfence_in(&repo, cwd, &env, &["pre-commit"])
        });
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "from {}: {all}", cwd.display());
        assert!(
            all.contains("target.env:1:") && !all.contains("other.env"),
            "{all}"
        );
    }

    // git exports what --git-dir and --work-tree name to the hook.
    let git = |args: &[&str]| {
        let mut cmd = repo.command("git");
        cmd.current_dir(plain.path())
            .arg("--git-dir")
            .arg(&git_dir)
            .arg("--work-tree")
            .arg(repo.path());
        cmd.args(args).output().unwrap()
    };
    assert!(git(&["write-tree"]).status.success());
    let out = unchanged(&roots, "a blocked git commit", || {
        git(&["commit", "-q", "-m", "x"])
    });
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("target.env:1:"), "{}", text(&out));
}

#[test]
fn pre_push_from_a_bare_repository() {
    let repo = Repo::new();
    let (line, _) = pulumi_line();
    let bad = repo.commit_file("s.env", &line, "secret");
    let bare = repo.home().join("bare.git");
    repo.git(&[
        "clone",
        "-q",
        "--bare",
        repo.path().to_str().unwrap(),
        bare.to_str().unwrap(),
    ]);
    let zeros = "0".repeat(40);
    let line = format!("refs/heads/main {bad} refs/heads/main {zeros}\n");
    let mut cmd = repo.command(common::BIN);
    cmd.current_dir(&bare).args(["pre-push", "elsewhere", "url"]);
    let out = unchanged(&[&bare], "pre-push", || output_with_stdin(cmd, line.as_bytes()));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}
