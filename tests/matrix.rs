//! Odd repositories: each a real repository where the hook must still see
//! exactly what is staged or pushed, and must change nothing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Repo, pulumi_line, text};

fn repo_with_hook() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo
}

/// Everything a hook run must leave alone: the index file, refs, HEAD, the
/// working tree and the object count.
fn snapshot(repo: &Repo) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let git_dir = repo.path().join(".git");
    for name in ["index", "HEAD", "packed-refs"] {
        if let Ok(bytes) = std::fs::read(git_dir.join(name)) {
            out.insert(format!(".git/{name}"), bytes);
        }
    }
    out.insert("refs".into(), repo.git(&["for-each-ref"]).into_bytes());
    out.insert("objects".into(), repo.git(&["count-objects", "-v"]).into_bytes());
    out.insert(
        "worktree".into(),
        repo.git(&["status", "--porcelain=v1", "-uall", "--ignored"])
            .into_bytes(),
    );
    walk(repo.path(), repo.path(), &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            walk(root, &path, out);
        } else if meta.is_file() {
            out.insert(
                path.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
}

/// Runs `leakfence pre-commit` directly and asserts it changed nothing.
fn pre_commit_unchanged(repo: &Repo) -> std::process::Output {
    let before = snapshot(repo);
    let out = repo.leakfence(&["pre-commit"]);
    assert_eq!(before, snapshot(repo), "the hook changed the repository");
    out
}

#[test]
fn crlf_files_are_scanned_with_their_line_numbers() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.write("win.ini", format!("[a]\r\nx=1\r\n{}", line.replace('\n', "\r\n")));
    repo.git(&["add", "win.ini"]);
    let out = pre_commit_unchanged(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("win.ini:3:"), "{}", text(&out));
}

#[test]
fn non_utf8_and_newline_paths_are_reported_escaped() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    use std::os::unix::ffi::OsStrExt;
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9\nname.txt");
    std::fs::write(repo.path().join(odd), &line).unwrap();
    repo.git(&["add", "-A"]);
    let out = pre_commit_unchanged(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("caf\\xe9\\x0aname.txt:1:"), "{}", text(&out));
}

#[test]
fn ten_thousand_staged_files() {
    let repo = repo_with_hook();
    for i in 0..10_000 {
        repo.write(&format!("d{}/f{i}.txt", i % 100), format!("value {i}\n"));
    }
    let (line, _) = pulumi_line();
    repo.write("d42/secret.env", &line);
    repo.git(&["add", "."]);
    let out = pre_commit_unchanged(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("d42/secret.env:1:"), "{}", text(&out));
}

#[test]
fn lfs_pointer_files_are_text_without_findings() {
    let repo = repo_with_hook();
    repo.write(
        "model.bin",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    repo.git(&["add", "model.bin"]);
    let out = pre_commit_unchanged(&repo);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn split_index_and_sparse_index() {
    for setup in [
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
        let out = pre_commit_unchanged(&repo);
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
    let (line, _) = pulumi_line();
    repo.commit_unchecked(&[("a.txt", "a\n")]);
    repo.commit_unchecked(&[("b.txt", "b\n")]);
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    repo.write("c.env", &line);
    repo.git(&["add", "c.env"]);
    assert_eq!(repo.commit(&[]).status.code(), Some(1), "detached HEAD");

    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("b.txt", format!("b\n{line}"));
    repo.git(&["add", "b.txt"]);
    let out = repo.commit(&["--amend", "--no-edit"]);
    assert_eq!(out.status.code(), Some(1), "amend: {}", text(&out));
    assert!(text(&out).contains("b.txt:2:"), "{}", text(&out));

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
    let out = pre_commit_unchanged(&repo);
    assert_eq!(out.status.code(), Some(1), "rebase in progress: {}", text(&out));
}

#[test]
fn a_sha256_repository() {
    let repo = Repo::new();
    let dir = repo.home().join("sha256");
    let init = repo.git_output(&["init", "-q", "--object-format=sha256", dir.to_str().unwrap()]);
    assert!(init.status.success(), "{}", text(&init));
    let (line, _) = pulumi_line();
    std::fs::write(dir.join("s.env"), &line).unwrap();
    let git = |args: &[&str]| repo.command("git").current_dir(&dir).args(args).output().unwrap();
    assert!(git(&["add", "s.env"]).status.success());
    let out = repo
        .command(common::BIN)
        .current_dir(&dir)
        .arg("pre-commit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
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
    let mut child = repo
        .command(common::BIN)
        .current_dir(&bare)
        .args(["pre-push", "elsewhere", "url"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let zeros = "0".repeat(40);
    writeln!(
        child.stdin.take().unwrap(),
        "refs/heads/main {bad} refs/heads/main {zeros}"
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn a_missing_object_or_a_broken_config_fails_closed() {
    let repo = repo_with_hook();
    repo.write("a.txt", "some staged content\n");
    repo.git(&["add", "a.txt"]);
    let id = repo.git(&["rev-parse", ":a.txt"]);
    let id = id.trim();
    std::fs::remove_file(repo.path().join(".git/objects").join(&id[..2]).join(&id[2..])).unwrap();
    let out = repo.leakfence(&["pre-commit"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(id) && err.contains("git commit --no-verify"),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("leakfence: error")).count(),
        1,
        "{err}"
    );

    let repo = repo_with_hook();
    std::fs::write(repo.path().join(".git/config"), "[core\n\tbroken = = =\n").unwrap();
    let out = repo.leakfence(&["pre-commit"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git commit --no-verify"));
}
