//! False-positive control through the real binary: inline markers in several
//! comment syntaxes, .leakfence.yaml (read from the index), and the baseline.

mod common;

use common::{Repo, text};

const TOKEN: &str = "pul-6c1f0b9e3d7a25c84e0f9b6d1a3c7e5f28b4d0a9";
const OTHER: &str = "pul-9e1d7c3b5a2f4e6d8c0b1a3f5e7d9c2b4a6f8e0d";

fn repo_with_hook() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo
}

fn commit_file(repo: &Repo, path: &str, content: &str) -> std::process::Output {
    repo.write(path, content);
    repo.git(&["add", path]);
    repo.commit(&[])
}

#[test]
fn every_marker_in_every_comment_syntax_allows_its_line_only() {
    let markers = [
        "leakfence:allow",
        "gitleaks:allow",
        "betterleaks:allow",
        "pragma: allowlist secret",
        "ggignore",
        "trufflehog:ignore",
        "kingfisher:ignore",
        "secretlint-disable-line",
    ];
    let syntaxes = [
        ("# ", ""),
        ("// ", ""),
        ("-- ", ""),
        ("<!-- ", " -->"),
        ("/* ", " */"),
    ];
    let mut allowed = String::new();
    for marker in markers {
        for (open, close) in syntaxes {
            allowed.push_str(&format!("token = \"{TOKEN}\" {open}{marker}{close}\n"));
        }
    }
    let repo = Repo::new();
    repo.write("allowed.txt", &allowed);
    let out = repo.leakfence(&["scan", "allowed.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A marker on another line allows nothing; the next-line form allows the line below only.
    repo.write("other.txt", format!("# leakfence:allow\ntoken = \"{TOKEN}\"\n"));
    assert_eq!(repo.leakfence(&["scan", "other.txt"]).status.code(), Some(1));
    repo.write(
        "next.txt",
        format!("# leakfence:allow-next-line\ntoken = \"{TOKEN}\"\ntoken = \"{OTHER}\"\n"),
    );
    let out = repo.leakfence(&["scan", "next.txt", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3]);
}

#[test]
fn config_errors_name_file_line_and_column() {
    let cases = [
        ("paths: [a\nbad: [", ".leakfence.yaml (staged):"),
        ("paths: []\nunknown_key: 1\n", ".leakfence.yaml (staged):2:1"),
        ("disable:\n  - no-such-detector\n", ".leakfence.yaml (staged):2:5"),
        (
            "allow:\n  patterns: ['(unclosed']\n",
            ".leakfence.yaml (staged):2:15",
        ),
        (
            "entropy:\n  pulumi-access-token: 12\n",
            ".leakfence.yaml (staged):2:3",
        ),
        (
            "allow:\n  patterns: ['^sk_test_', 'x*']\n",
            ".leakfence.yaml (staged):2:28",
        ),
        ("allow:\n  stopwords: ['']\n", "would allow every value"),
    ];
    for (config, position) in cases {
        let repo = repo_with_hook();
        repo.write(".leakfence.yaml", config);
        repo.git(&["add", ".leakfence.yaml"]);
        let out = repo.leakfence(&["pre-commit"]);
        assert_eq!(out.status.code(), Some(2), "{config}: {}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(position), "{config}: expected {position} in {err}");
        assert!(err.contains("git commit --no-verify"), "{err}");
    }
}

#[test]
fn disabled_detector_path_rule_and_allowed_value() {
    let repo = repo_with_hook();
    commit_file(&repo, ".leakfence.yaml", "disable: [pulumi-access-token]\n");
    let out = commit_file(&repo, "a.env", &format!("T={TOKEN}\n"));
    assert!(out.status.success(), "disabled: {}", text(&out));

    let repo = repo_with_hook();
    commit_file(
        &repo,
        ".leakfence.yaml",
        "paths:\n  - tests/fixtures/\n  - '*.sample'\n",
    );
    assert!(
        commit_file(&repo, "tests/fixtures/deep/a.env", &format!("T={TOKEN}\n"))
            .status
            .success()
    );
    assert!(
        commit_file(&repo, "conf/app.sample", &format!("T={TOKEN}\n"))
            .status
            .success()
    );
    let out = commit_file(&repo, "src/a.env", &format!("T={TOKEN}\n"));
    assert_eq!(out.status.code(), Some(1), "outside the rule: {}", text(&out));

    let repo = repo_with_hook();
    commit_file(
        &repo,
        ".leakfence.yaml",
        &format!("allow:\n  values: [\"{TOKEN}\"]\n"),
    );
    assert!(
        commit_file(&repo, "a.env", &format!("T={TOKEN}\n"))
            .status
            .success()
    );
    let out = commit_file(&repo, "b.env", &format!("T={OTHER}\n"));
    assert_eq!(out.status.code(), Some(1), "another value: {}", text(&out));
}

#[test]
fn an_unstaged_config_edit_cannot_weaken_the_hook() {
    let repo = repo_with_hook();
    repo.write(".leakfence.yaml", "disable: [pulumi-access-token]\n");
    repo.write("a.env", format!("T={TOKEN}\n"));
    repo.git(&["add", "a.env"]);
    let out = repo.commit(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn a_user_detector_in_the_config_is_used_and_checked() {
    let repo = repo_with_hook();
    let detector = r#"detectors:
  - id: acme-internal-token
    name: ACME internal token
    provider: ACME
    keywords: [acme_]
    pattern: '\b(acme_[a-z0-9]{24})\b'
    env_var: ACME_TOKEN
    examples: ["acme_q8w7e6r5t4y3u2i1o9p0a8s7"]
    runbook: {url: "https://acme.test/tokens", risk: r, check: [c], create: [c], revoke: [r], breaks: [b]}
"#;
    commit_file(&repo, ".leakfence.yaml", detector);
    let out = commit_file(&repo, "x.py", "t = 'acme_m3n4b5v6c7x8z9l0k1j2h3g4'\n");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("[acme-internal-token]"), "{}", text(&out));
}

#[test]
fn the_baseline_survives_moves_reformatting_and_crlf_but_not_a_new_secret() {
    let repo = repo_with_hook();
    repo.commit_unchecked(&[("conf/a.yml", &format!("a: 1\ntoken: \"{TOKEN}\"\n"))]);
    let out = repo.leakfence(&["baseline", "create"]);
    assert!(out.status.success(), "{}", text(&out));
    let baseline = std::fs::read_to_string(repo.path().join(".leakfence-baseline.json")).unwrap();
    assert!(!baseline.contains(TOKEN), "{baseline}");
    assert!(baseline.contains("\"path\":\"conf/a.yml\""), "{baseline}");
    assert_eq!(
        repo.leakfence(&["baseline", "create"]).status.code(),
        Some(2),
        "create does not overwrite"
    );
    repo.git(&["add", ".leakfence-baseline.json"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "baseline"]);

    // Moved lines, reformatted, CRLF, and copied to another file: still accepted.
    for content in [
        format!("b: 2\nc: 3\na: 1\ntoken: \"{TOKEN}\"\n"),
        format!("{{\"a\": 1, \"token\": \"{TOKEN}\"}}\n"),
        format!("a: 1\r\ntoken: \"{TOKEN}\"\r\n"),
    ] {
        let out = commit_file(&repo, "conf/a.yml", &content);
        assert!(out.status.success(), "{content:?}: {}", text(&out));
    }
    assert!(
        commit_file(&repo, "conf/b.yml", &format!("token: {TOKEN}\n"))
            .status
            .success()
    );

    // A different secret in the same place blocks.
    let out = commit_file(&repo, "conf/a.yml", &format!("a: 1\ntoken: \"{OTHER}\"\n"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // Once the accepted secret is gone everywhere, check lists its entry.
    repo.git(&["reset", "-q", "--hard"]);
    repo.write("conf/a.yml", "a: 1\n");
    repo.write("conf/b.yml", "b: 1\n");
    repo.git(&["add", "-A"]);
    let out = repo.leakfence(&["baseline", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("unused: conf/a.yml pulumi-access-token"),
        "{}",
        text(&out)
    );
    let out = repo.leakfence(&["baseline", "update"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(repo.leakfence(&["baseline", "check"]).status.code(), Some(0));
}

#[test]
fn this_projects_own_config_allows_its_fixtures_but_not_a_real_secret() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = repo_with_hook();
    let config = std::fs::read_to_string(source.join(".leakfence.yaml")).unwrap();
    repo.write(".leakfence.yaml", &config);
    repo.write(
        "detectors.yaml",
        std::fs::read(source.join("detectors.yaml")).unwrap(),
    );
    repo.write(
        "tests/allow.rs",
        std::fs::read(source.join("tests/allow.rs")).unwrap(),
    );
    repo.write(
        "tests/snapshots/blocked_commit.txt",
        std::fs::read(source.join("tests/snapshots/blocked_commit.txt")).unwrap(),
    );
    repo.git(&["add", "."]);
    let out = repo.commit(&[]);
    assert!(
        out.status.success(),
        "the project's fixtures pass its own hook: {}",
        text(&out)
    );
    let out = commit_file(
        &repo,
        "src/config.rs",
        &format!("const TOKEN: &str = \"{OTHER}\";\n"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn a_per_detector_entropy_floor_and_stopwords_apply() {
    let repo = repo_with_hook();
    // 4.3 bits per character is above what a 44-character hex token can reach.
    commit_file(&repo, ".leakfence.yaml", "entropy:\n  pulumi-access-token: 4.3\n");
    assert!(
        commit_file(&repo, "a.env", &format!("T={TOKEN}\n"))
            .status
            .success()
    );

    let repo = repo_with_hook();
    commit_file(&repo, ".leakfence.yaml", "allow:\n  stopwords: [\"6c1f0b9e\"]\n");
    assert!(
        commit_file(&repo, "a.env", &format!("T={TOKEN}\n"))
            .status
            .success()
    );
    assert_eq!(
        commit_file(&repo, "b.env", &format!("T={OTHER}\n")).status.code(),
        Some(1)
    );
}
