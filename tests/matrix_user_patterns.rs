//! User-supplied detectors (`--detectors FILE`, `.leakfence.yaml`) are as
//! untrusted as scanned content: a pattern over the size limits is rejected up
//! front with one line naming the file and the detector, free text that a
//! report prints may not hold control characters, and a pathological but
//! allowed pattern still finishes over a large input.

mod common;

use std::process::Output;

use common::{Repo, text};

/// One detector in the schema of detectors.yaml, as a YAML list item.
fn detector(id: &str, keyword: &str, pattern: &str, example: &str) -> String {
    format!(
        r#"- id: {id}
  name: Test {id}
  provider: Test
  keywords: [{keyword}]
  pattern: '{pattern}'
  env_var: TEST_TOKEN
  examples: ["{example}"]
  runbook:
    url: https://example.com/tokens
    risk: Lets anyone act as you.
    check: [Look at the audit log.]
    create: [Create a token.]
    revoke: [Delete the old token.]
    breaks: [Scripts that use it.]
"#
    )
}

/// A valid detector, to show a problem is pinned on the right one.
fn good_detector() -> String {
    detector(
        "okay-token",
        "okay_",
        r"\b(okay_[a-z0-9]{20})\b",
        "okay_k3j9x8q2m4n7b1v5c6z0",
    )
}

/// A pattern whose compiled program exceeds the size limit.
fn exploding_detector() -> String {
    detector("boom-token", "boom_", "(boom_(?:a{1000}){1000})", "boom_aaaa")
}

/// A `.leakfence.yaml` holding `detectors`.
fn config_with(detectors: &str) -> String {
    let indented: String = detectors.lines().map(|l| format!("  {l}\n")).collect();
    format!("detectors:\n{indented}")
}

/// Exit 2, a first error line naming `file`, and exactly the `problems`
/// (each one line, naming its detector) below it.
fn assert_rejected(out: &Output, file: &str, problems: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", text(out));
    let mut lines = err.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("leakfence: error: ") && first.contains(file),
        "{err}"
    );
    assert!(
        first.ends_with(&format!("{} problem(s):", problems.len())),
        "{err}"
    );
    let listed: Vec<&str> = lines.take_while(|l| l.starts_with("  ")).collect();
    assert_eq!(listed.len(), problems.len(), "{err}");
    for (line, expected) in listed.iter().zip(problems) {
        assert!(
            line.trim_start().starts_with(expected),
            "{line:?} is not {expected:?}:\n{err}"
        );
    }
    assert!(
        !err.contains("okay-token"),
        "the valid detector was blamed: {err}"
    );
}

#[test]
fn oversized_patterns_in_a_detectors_file_are_rejected_up_front() {
    let repo = Repo::new();
    repo.write("clean.txt", "nothing that mentions any keyword\n");
    let long = format!("(long_x){}", "(?:x|y)?".repeat(300));
    let cases = [
        (
            exploding_detector(),
            "boom-token: pattern does not compile: Compiled regex exceeds size limit",
        ),
        (
            detector("long-token", "long_", &long, "long_x"),
            "long-token: pattern is longer than 2048 bytes",
        ),
    ];
    for (bad, problem) in cases {
        repo.write("det.yaml", format!("{}{bad}", good_detector()));
        // The scanned file never mentions the keyword: the pattern must be
        // rejected anyway, not only once some file triggers its compilation.
        let out = repo.leakfence(&["scan", "--detectors", "det.yaml", "clean.txt"]);
        assert_rejected(&out, "det.yaml", &[problem]);
        let out = repo.leakfence(&["detectors", "check", "det.yaml"]);
        assert_rejected(&out, "det.yaml", &[problem]);
    }
}

#[test]
fn oversized_patterns_and_control_characters_in_leakfence_yaml_block_the_commit() {
    let repo = Repo::new();
    repo.write("a.txt", "clean\n");
    let hostile_name = good_detector().replace("name: Test okay-token", r#"name: "Demo \e]0;owned\a\r""#);
    let cases = [
        (
            exploding_detector(),
            vec!["boom-token: pattern does not compile: Compiled regex exceeds size limit"],
        ),
        (
            hostile_name.replace("okay", "ctrl"),
            vec!["ctrl-token: name holds a control character"],
        ),
    ];
    for (bad, problems) in cases {
        repo.write(
            ".leakfence.yaml",
            config_with(&format!("{}{bad}", good_detector())),
        );
        repo.git(&["add", "-A"]);
        let out = repo.pre_commit_unchanged(&[]);
        assert_rejected(&out, ".leakfence.yaml", &problems);
        assert!(text(&out).contains("git commit --no-verify"), "{}", text(&out));
        assert!(!text(&out).contains('\x1b'), "{}", text(&out));
    }
}

/// A pattern that would backtrack exponentially in a backtracking engine,
/// over a few megabytes that hit its keyword tens of thousands of times, on
/// one long line and on many short ones. The regex crate matches in linear
/// time; this shows the scan around it does not add a blow-up of its own.
#[test]
fn a_pathological_but_allowed_pattern_over_a_large_input_completes() {
    let repo = Repo::new();
    let nested = "(patho_(?:[a-z0-9]+[a-z0-9]+)+(?:[a-z0-9]|[a-z0-9][a-z0-9])*y)";
    repo.write(
        "det.yaml",
        detector("patho-token", "patho_", nested, "patho_aaay"),
    );
    let near_miss = format!("patho_{}", "a".repeat(200));
    let mut big = near_miss.repeat(10_000);
    big.push('\n');
    big.push_str(&format!("{near_miss}\n").repeat(10_000));
    big.push_str("patho_k3j9x8q2y\n");
    repo.write("big.txt", &big);
    let out = repo.leakfence(&["scan", "--detectors", "det.yaml", "big.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("big.txt:10002:1"), "{}", text(&out));
}
