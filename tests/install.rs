//! install.sh end to end on real repositories: hooks installed and working,
//! an existing hook kept and chained, core.hooksPath respected, idempotent,
//! uninstall restores. `--no-build` uses the test binary through PATH.

mod common;

use std::path::Path;
use std::process::Output;

use common::{Repo, text};

fn install(repo: &Repo, args: &[&str]) -> Output {
    let path = common::path_with(&[&common::bin_dir(repo)]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh");
    repo.command("sh")
        .env("PATH", path)
        .env_remove("LEAKFENCE_BIN")
        .arg(script)
        .arg("--no-build")
        .args(args)
        .output()
        .unwrap()
}

fn pulumi_line() -> String {
    common::pulumi_line().0
}

fn commit_secret(repo: &Repo) -> Output {
    repo.write("s.env", pulumi_line());
    repo.git(&["add", "s.env"]);
    // No LEAKFENCE_BIN and no PATH entry: the hook must use the path install.sh recorded.
    repo.command("git")
        .env_remove("LEAKFENCE_BIN")
        .args(["commit", "-q", "-m", "x"])
        .output()
        .unwrap()
}

#[test]
fn installs_the_hooks_that_block_a_secret_in_a_file_or_a_message() {
    let repo = Repo::new();
    let out = install(&repo, &[]);
    assert!(out.status.success(), "{}", text(&out));
    for name in ["pre-commit", "commit-msg", "pre-push"] {
        assert!(repo.path().join(".git/hooks").join(name).exists(), "{name}");
    }
    let out = commit_secret(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("leakfence blocked this commit"));

    repo.write("s.env", "clean\n");
    repo.git(&["add", "s.env"]);
    let message = format!("deploy with {}", pulumi_line());
    let out = repo
        .command("git")
        .env_remove("LEAKFENCE_BIN")
        .args(["commit", "-q", "-m", &message])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("1 credential in the commit message"),
        "{}",
        text(&out)
    );

    let out = install(&repo, &["--uninstall"]);
    assert!(out.status.success(), "{}", text(&out));
    for name in ["pre-commit", "commit-msg", "pre-push"] {
        assert!(!repo.path().join(".git/hooks").join(name).exists(), "{name}");
    }
}

#[test]
fn an_existing_hook_is_kept_and_still_runs_first() {
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho previous-hook-ran >&2\nexit 0\n").unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .unwrap();
    assert!(install(&repo, &[]).status.success());
    let out = install(&repo, &[]);
    assert!(out.status.success(), "a second run is fine: {}", text(&out));
    let out = commit_secret(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("previous-hook-ran"), "{}", text(&out));

    std::fs::write(
        repo.path().join(".git/hooks/pre-commit.pre-leakfence"),
        "#!/bin/sh\necho refusing >&2\nexit 7\n",
    )
    .unwrap();
    repo.write("s.env", "clean\n");
    repo.git(&["add", "s.env"]);
    let out = repo.git_output(&["commit", "-q", "-m", "clean"]);
    assert!(!out.status.success(), "the previous hook's failure still blocks");
    assert!(text(&out).contains("refusing"));

    let out = install(&repo, &["--uninstall"]);
    assert!(out.status.success(), "{}", text(&out));
    let restored = std::fs::read_to_string(&hook).unwrap();
    assert!(
        restored.contains("refusing"),
        "the previous hook is back: {restored}"
    );
    assert!(!repo.path().join(".git/hooks/pre-push").exists());
}

#[test]
fn core_hooks_path_is_respected() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".husky"]);
    let out = install(&repo, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(repo.path().join(".husky/pre-commit").exists());
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
    let out = commit_secret(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn not_a_repository_is_a_clear_error() {
    let repo = Repo::new();
    let out = install(&repo, &["--repo", repo.home().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("is not inside a git work tree"),
        "{}",
        text(&out)
    );
}

/// install.sh --global with a real global git config in the temp HOME.
fn install_global(repo: &Repo, args: &[&str]) -> Output {
    let path = common::path_with(&[&common::bin_dir(repo)]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh");
    repo.command("sh")
        .env("PATH", path)
        .env_remove("LEAKFENCE_BIN")
        .env("GIT_CONFIG_GLOBAL", repo.home().join(".gitconfig"))
        .arg(script)
        .args(["--no-build", "--global"])
        .args(args)
        .output()
        .unwrap()
}

fn git_global(repo: &Repo, args: &[&str]) -> Output {
    repo.command("git")
        .env_remove("LEAKFENCE_BIN")
        .env("GIT_CONFIG_GLOBAL", repo.home().join(".gitconfig"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn global_install_protects_every_repository_and_keeps_their_own_hooks() {
    let repo = Repo::new();
    let mine = repo.home().join("myhooks");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(
        mine.join("pre-commit"),
        "#!/bin/sh\necho global-before-leakfence >&2\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(mine.join("pre-commit"))
        .status()
        .unwrap();
    assert!(
        git_global(
            &repo,
            &["config", "--global", "core.hooksPath", mine.to_str().unwrap()]
        )
        .status
        .success()
    );

    let out = install_global(&repo, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let configured = git_global(&repo, &["config", "--global", "core.hooksPath"]);
    let hooks = repo.home().join(".config/leakfence/hooks");
    assert_eq!(
        String::from_utf8_lossy(&configured.stdout).trim(),
        hooks.to_str().unwrap()
    );

    let own = repo.path().join(".git/hooks/pre-commit");
    std::fs::write(&own, "#!/bin/sh\necho repo-hook-ran >&2\n").unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&own)
        .status()
        .unwrap();
    repo.write("s.env", pulumi_line());
    repo.git(&["add", "s.env"]);
    let out = git_global(&repo, &["commit", "-q", "-m", "x"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    for marker in [
        "repo-hook-ran",
        "global-before-leakfence",
        "leakfence blocked this commit",
    ] {
        assert!(text(&out).contains(marker), "{marker}: {}", text(&out));
    }

    std::fs::write(&own, "#!/bin/sh\nexit 9\n").unwrap();
    repo.write("s.env", "clean\n");
    repo.git(&["add", "s.env"]);
    assert!(
        !git_global(&repo, &["commit", "-q", "-m", "x"]).status.success(),
        "a failing repo hook blocks"
    );

    let out = install_global(&repo, &["--uninstall"]);
    assert!(out.status.success(), "{}", text(&out));
    let configured = git_global(&repo, &["config", "--global", "core.hooksPath"]);
    assert_eq!(
        String::from_utf8_lossy(&configured.stdout).trim(),
        mine.to_str().unwrap()
    );
    assert!(!hooks.exists());
}
