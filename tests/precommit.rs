//! The pre-commit hook end to end: real repositories, the real hook shim, the
//! real binary, driven through `git commit`.

mod common;

use common::{Repo, assert_redacted, pulumi_line, secret_in, text};
use leakfence::detectors;

fn repo_with_hook() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo
}

#[test]
fn every_seed_credential_form_is_blocked_through_the_hook() {
    let catalog = detectors::builtin().unwrap();
    let seeds = ["Buildkite", "CircleCI", "Pulumi", "Aiven"];
    let mut covered = std::collections::BTreeSet::new();
    for d in catalog
        .detectors()
        .iter()
        .filter(|d| seeds.contains(&d.provider.as_ref()))
    {
        for example in d.examples.iter() {
            let repo = repo_with_hook();
            repo.write("config/settings.txt", format!("{example}\n"));
            repo.git(&["add", "."]);
            let out = repo.commit(&[]);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{} not blocked for {example:?}:\n{}",
                d.id,
                text(&out)
            );
            assert!(
                text(&out).contains(&format!("[{}]", d.id)),
                "{}:\n{}",
                d.id,
                text(&out)
            );
            assert_redacted(&out, &secret_in(&d.id, example));
            assert!(repo.git_output(&["rev-parse", "--verify", "HEAD"]).status.code() != Some(0));
        }
        covered.insert(d.provider.clone());
    }
    assert_eq!(covered.len(), seeds.len(), "providers covered: {covered:?}");
}

#[test]
fn a_secret_only_in_the_working_tree_passes() {
    let repo = repo_with_hook();
    repo.write("app.py", "print('hello')\n");
    repo.git(&["add", "app.py"]);
    let (line, _) = pulumi_line();
    repo.write("app.py", format!("print('hello')\n{line}"));
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).is_empty(),
        "a clean commit must be quiet: {}",
        text(&out)
    );
}

#[test]
fn a_staged_secret_removed_from_the_working_tree_is_blocked() {
    let repo = repo_with_hook();
    let (line, secret) = pulumi_line();
    repo.write("deploy.sh", &line);
    repo.git(&["add", "deploy.sh"]);
    repo.remove("deploy.sh");
    let out = repo.commit(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("deploy.sh:1:"), "{}", text(&out));
    assert_redacted(&out, &secret);
}

#[test]
fn commit_all_with_a_secret_is_blocked() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("main.go", "package main\n")]);
    let (line, secret) = pulumi_line();
    repo.write("main.go", format!("package main\n// {line}"));
    let out = repo.commit(&["-a"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("main.go:2:"), "{}", text(&out));
    assert_redacted(&out, &secret);
}

#[test]
fn commit_of_one_path_scans_that_path() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("a.txt", "a\n"), ("b.txt", "b\n")]);
    let (line, _) = pulumi_line();
    repo.write("a.txt", format!("a\n{line}"));
    repo.write("b.txt", "b\nclean\n");
    // `git commit <path>` builds a temporary index (GIT_INDEX_FILE) from the working file.
    let out = repo.commit(&["a.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("a.txt:2:"), "{}", text(&out));
    let out = repo.commit(&["b.txt"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_first_commit_of_a_new_repository_is_scanned() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.write("README.md", "# demo\n");
    repo.write("ci/env", format!("\n\n{line}"));
    repo.git(&["add", "."]);
    let out = repo.commit(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("ci/env:3:"), "{}", text(&out));
}

#[test]
fn a_secret_on_a_deleted_line_passes() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.commit_unchecked(&[("settings.ini", &format!("[a]\n{line}x = 1\n"))]);
    repo.write("settings.ini", "[a]\nx = 1\n");
    repo.git(&["add", "settings.ini"]);
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn only_added_lines_are_reported() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.commit_unchecked(&[("old.sh", &line)]);
    repo.write("old.sh", format!("{line}echo more\n"));
    repo.git(&["add", "old.sh"]);
    let out = repo.commit(&[]);
    assert!(
        out.status.success(),
        "an old secret is not the new commit's: {}",
        text(&out)
    );
}

#[test]
fn binary_files_are_skipped() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    let mut data = b"\x00\x01binary".to_vec();
    data.extend_from_slice(line.as_bytes());
    repo.write("blob.bin", data);
    repo.git(&["add", "blob.bin"]);
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn an_exact_rename_adds_nothing_and_an_edited_rename_only_its_edit() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.commit_unchecked(&[("old/config.yml", &format!("a: 1\n{line}"))]);
    std::fs::create_dir_all(repo.path().join("new")).unwrap();
    repo.git(&["mv", "old/config.yml", "new/config.yml"]);
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::create_dir_all(repo.path().join("newer")).unwrap();
    repo.git(&["mv", "new/config.yml", "newer/config.yml"]);
    repo.write("newer/config.yml", format!("a: 2\n{line}"));
    repo.git(&["add", "-A"]);
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn symlinks_and_submodules_yield_nothing() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    let target = line.trim().replace(['/', ' ', '=', '"', '\''], "_");
    std::os::unix::fs::symlink(&target, repo.path().join("link")).unwrap();
    repo.git(&["add", "link"]);
    let sub = Repo::new();
    sub.commit_unchecked(&[("x", "x\n")]);
    let head = sub.git(&["rev-parse", "HEAD"]);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{},vendor/sub", head.trim()),
    ]);
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn concluding_a_merge_scans_only_what_the_resolution_adds() {
    let repo = repo_with_hook();
    let (line, secret) = pulumi_line();
    repo.commit_unchecked(&[("f.txt", "base\n")]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    // A secret already committed on the topic branch (say, before leakfence).
    repo.commit_unchecked(&[("topic.txt", &line)]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_unchecked(&[("f.txt", "base\nmain\n")]);
    let out = repo.git_output(&["merge", "--no-ff", "--no-commit", "topic"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = repo.commit(&[]);
    assert!(
        out.status.success(),
        "merged-in content is not new: {}",
        text(&out)
    );

    repo.git(&["checkout", "-q", "-b", "other", "main~2"]);
    repo.commit_unchecked(&[("f.txt", "base\nother\n")]);
    let out = repo.git_output(&["merge", "main"]);
    assert!(!out.status.success(), "expected a conflict");
    repo.write("f.txt", format!("base\nresolved\n{line}"));
    repo.git(&["add", "f.txt"]);
    let out = repo.commit(&["--no-edit"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("f.txt:3:"), "{}", text(&out));
    assert!(!text(&out).contains("topic.txt"), "{}", text(&out));
    assert_redacted(&out, &secret);
}

#[test]
fn linked_worktrees_and_git_dir_are_honoured() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("a", "a\n")]);
    let wt = repo.home().join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap()]);
    let (line, _) = pulumi_line();
    std::fs::write(wt.join("s.txt"), &line).unwrap();
    let git_in_wt = |args: &[&str]| repo.command("git").current_dir(&wt).args(args).output().unwrap();
    assert!(git_in_wt(&["add", "s.txt"]).status.success());
    let out = git_in_wt(&["commit", "-q", "-m", "x"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // Run from outside the work tree, pointed at it by GIT_DIR / GIT_WORK_TREE.
    repo.write("b.txt", &line);
    repo.git(&["add", "b.txt"]);
    let out = repo
        .command(common::BIN)
        .current_dir(repo.home())
        .env("GIT_DIR", repo.path().join(".git"))
        .env("GIT_WORK_TREE", repo.path())
        .arg("pre-commit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("b.txt:1:"), "{}", text(&out));
}

#[test]
fn inline_allow_marker_lets_a_known_fixture_through() {
    let repo = repo_with_hook();
    let (line, _) = pulumi_line();
    repo.write("fixture.py", format!("{}  # leakfence:allow\n", line.trim_end()));
    repo.git(&["add", "."]);
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_corrupt_index_fails_closed_with_the_bypass() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("a", "a\n")]);
    std::fs::write(repo.path().join(".git/index"), b"DIRC\x00\x00\x00\x02garbage").unwrap();
    let out = repo.leakfence(&["pre-commit"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("leakfence: error: git: cannot read the index"),
        "{stderr}"
    );
    assert!(stderr.contains("git commit --no-verify"), "{stderr}");
}

#[test]
fn outside_a_repository_is_an_error_not_a_pass() {
    let repo = Repo::new();
    let out = repo
        .command(common::BIN)
        .current_dir(repo.home())
        .arg("pre-commit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
}

#[test]
fn json_output_for_staged_findings() {
    let repo = Repo::new();
    let (line, secret) = pulumi_line();
    repo.write("x.env", &line);
    repo.git(&["add", "."]);
    let out = repo.leakfence(&["pre-commit", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["path"], "x.env");
    assert_eq!(f["origin"], "staged");
    assert_eq!(f["line"], 1);
    assert_eq!(f["fingerprint"].as_str().unwrap().len(), 40);
    assert!(f["secret_redacted"].as_str().unwrap().contains("chars"));
    assert_redacted(&out, &secret);
}

#[test]
fn utf16_files_with_a_bom_are_decoded_and_scanned() {
    let repo = repo_with_hook();
    let (line, secret) = pulumi_line();
    let content = format!("[settings]\r\n{}", line.replace('\n', "\r\n"));
    let mut data = vec![0xFF, 0xFE];
    data.extend(content.encode_utf16().flat_map(u16::to_le_bytes));
    repo.write("settings.ini", data);
    repo.git(&["add", "settings.ini"]);
    let out = repo.commit(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("settings.ini:2:"), "{}", text(&out));
    assert_redacted(&out, &secret);
}

/// The first example of the built-in detector `id`.
fn example(id: &str) -> String {
    let catalog = detectors::builtin().unwrap();
    catalog.get(id).unwrap().examples[0].to_string()
}

/// An env file and a private key are taken out of git, not edited; a
/// template is blanked; source gets a lookup. Running the printed commands
/// as they are (a path with a space among them) gives a commit the hook lets
/// through, with the user's own copies of the untracked files left in place.
#[test]
fn files_that_hold_secrets_by_design_are_untracked_and_the_advice_works() {
    let repo = repo_with_hook();
    let (pulumi, _) = pulumi_line();
    let aiven = example("aiven-api-token");
    let ssh_key = example("openssh-private-key");
    repo.write("deploy stage/prod.env", format!("{aiven}\n{pulumi}"));
    repo.write("deploy stage/prod.env.example", format!("{aiven}\n"));
    repo.write("keys/id_ed25519", &ssh_key);
    repo.write("app/main.py", format!("import os\n{pulumi}"));
    repo.git(&["add", "."]);
    let out = repo.commit(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    for expected in [
        "deploy stage/prod.env is an env file: take it out of git, keeping your copy:",
        "git rm --cached 'deploy stage/prod.env' && echo prod.env >> .gitignore",
        "commit a prod.env.example that lists the variables with empty values",
        "deploy stage/prod.env.example is a template others copy",
        "keys/id_ed25519 is a private key or keystore",
        "git rm --cached keys/id_ed25519 && echo id_ed25519 >> .gitignore",
        "In app/main.py, replace the value with a lookup of $PULUMI_ACCESS_TOKEN (Python):",
        "git add app/main.py 'deploy stage/prod.env.example' .gitignore && git commit",
    ] {
        assert!(report.contains(expected), "missing {expected:?}:\n{report}");
    }
    assert!(!report.contains("prod.env, replace") && !report.contains("id_ed25519, replace"));
    assert_eq!(
        report.matches("prod.env is an env file").count(),
        1,
        "one fix per file, whatever it holds: {report}"
    );

    repo.write("deploy stage/prod.env.example", "AIVEN_TOKEN=\n");
    repo.write(
        "app/main.py",
        "import os\ntoken = os.environ[\"PULUMI_ACCESS_TOKEN\"]\n",
    );
    let printed = report.lines().map(str::trim);
    let untrack = printed.clone().filter(|l| l.starts_with("git rm --cached "));
    let stage = printed
        .clone()
        .filter_map(|l| l.strip_prefix("- Stage the changes and commit again: "));
    let commands: Vec<&str> = untrack
        .chain(stage.map(|l| l.strip_suffix(" && git commit").unwrap()))
        .collect();
    assert_eq!(commands.len(), 3, "{report}");
    for command in commands {
        let run = repo.command("sh").args(["-c", command]).output().unwrap();
        assert!(run.status.success(), "{command}: {}", text(&run));
    }
    let out = repo.commit(&[]);
    assert!(out.status.success(), "{}", text(&out));
    let tracked = repo.git(&["ls-files"]);
    assert_eq!(
        tracked.lines().collect::<Vec<_>>(),
        [".gitignore", "app/main.py", "deploy stage/prod.env.example"]
    );
    assert!(
        repo.path().join("deploy stage/prod.env").exists() && repo.path().join("keys/id_ed25519").exists()
    );
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "",
        "the untracked files are ignored"
    );
}
