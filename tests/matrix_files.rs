//! Odd staged content: line endings, file names, many files, LFS pointers,
//! symlinks and submodules. Each is a real repository where the hook must see
//! exactly what is staged, and must change nothing.

mod common;

use common::{Repo, pulumi_line, text};

fn repo_with_hook() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo
}

/// The mode git staged `path` with (`120000` symlink, `160000` gitlink).
fn staged_mode(repo: &Repo, path: &str) -> String {
    let entry = repo.git(&["ls-files", "-s", path]);
    entry.split(' ').next().unwrap().to_string()
}

/// The staged changes pass; then `file` with a secret beside them is the one
/// and only thing a commit is blocked for.
fn clean_until_a_secret_file_joins(repo: &Repo, file: &str, line: &str, unrelated: &[&str]) {
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    repo.write(file, line);
    repo.git(&["add", file]);
    let out = repo.blocked_commit(repo.path(), &[repo.path()], &[]);
    let all = text(&out);
    assert!(all.contains(&format!("{file}:1:")), "{all}");
    for name in unrelated {
        assert!(!all.contains(name), "{name} was reported: {all}");
    }
    repo.git(&["reset", "-q", file]);
    repo.remove(file);
}

#[test]
fn crlf_files_are_scanned_with_their_line_numbers() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.write("win.ini", format!("[a]\r\nx=1\r\n{}", line.replace('\n', "\r\n")));
    repo.git(&["add", "win.ini"]);
    let out = repo.pre_commit_unchanged(&[]);
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
    let out = repo.pre_commit_unchanged(&[]);
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
    let out = repo.pre_commit_unchanged(&[]);
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
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// A symlink's blob is its target path, not content: a target that reads like
/// a token is not a finding, while a real file beside it still is.
#[test]
fn a_symlink_whose_target_looks_like_a_token() {
    let repo = repo_with_hook();
    let (line, secret) = pulumi_line();
    let link = repo.path().join("creds");
    std::os::unix::fs::symlink(format!("../vault/{}", line.trim_end()), &link).unwrap();
    std::os::unix::fs::symlink(&secret, repo.path().join("token-link")).unwrap();
    repo.git(&["add", "creds", "token-link"]);
    assert_eq!(staged_mode(&repo, "creds"), "120000");
    clean_until_a_secret_file_joins(&repo, "deploy.env", &line, &["creds", "token-link"]);

    // Turning a secret file into a symlink removes content; nothing is added.
    repo.commit_unchecked(&[("deploy.env", "no secret\n")]);
    repo.remove("deploy.env");
    std::os::unix::fs::symlink(&secret, repo.path().join("deploy.env")).unwrap();
    repo.git(&["add", "deploy.env"]);
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Commits what is staged in the repository at `dir` without hooks.
fn commit_in(repo: &Repo, dir: &std::path::Path) {
    let identity = ["-c", "user.name=T", "-c", "user.email=t@example.com"];
    repo.git_in(dir, &[&identity[..], &["commit", "-q", "-m", "x"]].concat());
}

/// A repository with one commit holding a secret, to use as a submodule:
/// the superproject's hook must not look into it, or fail on it.
fn submodule_source(repo: &Repo, line: &str) -> std::path::PathBuf {
    let dir = repo.home().join("library");
    std::fs::create_dir_all(&dir).unwrap();
    repo.git_in(&dir, &["init", "-q", "-b", "main"]);
    std::fs::write(dir.join("inner.env"), line).unwrap();
    repo.git_in(&dir, &["add", "inner.env"]);
    commit_in(repo, &dir);
    dir
}

#[test]
fn submodule_gitlinks_are_not_scanned_but_files_beside_them_are() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("README", "readme\n")]);
    let (line, _) = pulumi_line();
    let source = submodule_source(&repo, &line);
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        source.to_str().unwrap(),
        "lib",
    ]);
    assert_eq!(staged_mode(&repo, "lib"), "160000");
    clean_until_a_secret_file_joins(&repo, "app.env", &line, &["inner.env", "lib:"]);

    // Updating the gitlink to a newer submodule commit is not scanned either.
    repo.git(&["commit", "-q", "--no-verify", "-m", "add lib"]);
    // The commit-diff path (pre-push, --range, --history) skips gitlinks too.
    let out = repo.leakfence(&["scan", "--range", "HEAD~1..HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sub = repo.path().join("lib");
    std::fs::write(sub.join("more.env"), &line).unwrap();
    repo.git_in(&sub, &["add", "more.env"]);
    commit_in(&repo, &sub);
    repo.git(&["add", "lib"]);
    assert!(repo.git(&["diff", "--cached", "--name-only"]).contains("lib"));
    let out = repo.pre_commit_unchanged(&[]);
    assert_eq!(out.status.code(), Some(0), "updating a submodule: {}", text(&out));
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
}
