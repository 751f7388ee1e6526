//! No leak through the tool: every built-in example secret, staged in a real
//! repository and scanned in every output format, never appears in full in
//! the output; terminal escape sequences in scanned content and paths are
//! printed escaped; and user-supplied patterns are bounded.

mod common;

use std::process::Output;

use aho_corasick::AhoCorasick;

use common::{Repo, output_with_stdin, pulumi_line, text};

/// Every example of every built-in detector: (detector id, example line, secret).
fn all_examples() -> Vec<(String, String, String)> {
    let catalog = leakfence::detectors::builtin().unwrap();
    let mut all = Vec::new();
    for d in catalog.detectors() {
        let regex = d.regex().unwrap();
        for example in d.examples.iter() {
            let caps = regex.captures(example.as_bytes()).unwrap();
            let secret = caps.name("secret").or_else(|| caps.get(1)).unwrap().as_bytes();
            let secret = String::from_utf8(secret.to_vec()).unwrap();
            all.push((d.id.to_string(), example.to_string(), secret));
        }
    }
    all
}

/// The detector ids a JSON report found.
fn found_ids(out: &Output) -> std::collections::BTreeSet<String> {
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|err| panic!("not JSON ({err}): {}", text(out)));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["detector"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn no_example_secret_appears_in_any_output_format() {
    let examples = all_examples();
    let repo = Repo::new();
    let mut by_detector: std::collections::BTreeMap<&str, String> = Default::default();
    for (id, example, _) in &examples {
        let file = by_detector.entry(id).or_default();
        file.push_str(example);
        file.push('\n');
    }
    for (id, content) in &by_detector {
        repo.write(&format!("examples/{id}.txt"), content);
    }
    repo.git(&["add", "examples"]);
    let stdin: String = by_detector.values().map(String::as_str).collect();

    // Each run compiles hundreds of regexes in a debug build: a few seconds.
    // `scan` takes the directory and stdin (`-`) in one run.
    let mut runs: Vec<(String, Output)> = Vec::new();
    for format in ["text", "json"] {
        let out = repo.pre_commit_unchanged(&["--format", format]);
        runs.push((format!("pre-commit --format {format}"), out));
    }
    for format in ["text", "json", "sarif"] {
        let mut cmd = repo.command(common::BIN);
        cmd.args(["scan", "--format", format, "examples", "-"]);
        let out = output_with_stdin(cmd, stdin.as_bytes());
        runs.push((format!("scan --format {format} examples -"), out));
    }

    let secrets = AhoCorasick::new(examples.iter().map(|(_, _, secret)| secret)).unwrap();
    assert_eq!(
        secrets.find_iter(stdin.as_bytes()).count(),
        examples.len(),
        "the leak check finds every secret in the scanned text itself"
    );
    for (what, out) in &runs {
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(out));
        for stream in [&out.stdout, &out.stderr] {
            if let Some(found) = secrets.find(stream.as_slice()) {
                let (id, example, _) = &examples[found.pattern().as_usize()];
                panic!("{what}: the {id} secret leaked, from the example {example:?}");
            }
        }
        if what.contains("json") {
            let found = found_ids(out);
            let missed: Vec<&&str> = by_detector.keys().filter(|id| !found.contains(**id)).collect();
            assert!(missed.is_empty(), "{what}: no finding for {missed:?}");
        }
    }
    let sarif: serde_json::Value = serde_json::from_slice(&runs[4].1.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    // Some example lines hold a second detector's secret too.
    assert!(
        results.len() >= 2 * examples.len(),
        "{} results for {} examples, from the files and stdin",
        results.len(),
        examples.len()
    );
}

/// Bytes that must never reach a terminal raw: C0 controls except newline,
/// DEL, and the C1 controls (CSI as U+009B).
fn raw_controls(out: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(out);
    text.chars()
        .filter(|&c| (c.is_control() && c != '\n') || c == '\u{7f}')
        .map(|c| c as u32 as u8)
        .collect()
}

#[test]
fn escape_sequences_around_a_finding_are_printed_escaped() {
    let repo = Repo::new();
    let (line, secret) = pulumi_line();
    let hostile = format!(
        "\x1b]0;owned\x07\x1b[2J\u{9b}31m{}\r\x1b[1Aok\x08\n",
        line.trim_end()
    );
    let path = "dir\x1b[31m/\x1b]8;;x.example\x07link\r.env";
    repo.write(path, &hostile);
    repo.git(&["add", "-A"]);
    let runs = [
        ("pre-commit", repo.pre_commit_unchanged(&[])),
        ("scan", repo.leakfence(&["scan", "."])),
        ("scan -", {
            let mut cmd = repo.command(common::BIN);
            cmd.args(["scan", "-"]);
            output_with_stdin(cmd, hostile.as_bytes())
        }),
    ];
    for (what, out) in &runs {
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(out));
        let all = text(out);
        assert!(!all.contains(&secret), "{what}: {all}");
        for stream in [&out.stdout, &out.stderr] {
            let raw = raw_controls(stream);
            assert!(raw.is_empty(), "{what}: raw control bytes {raw:x?} in:\n{all}");
        }
        assert!(
            all.contains("\\x1b]0;owned\\x07\\x1b[2J\\xc2\\x9b31m"),
            "{what}: {all}"
        );
        assert!(all.contains("\\x0d\\x1b[1Aok\\x08"), "{what}: {all}");
    }
    for (what, out) in &runs[..2] {
        let all = text(out);
        assert!(
            all.contains("dir\\x1b[31m/\\x1b]8;;x.example\\x07link\\x0d.env:1:"),
            "{what}: {all}"
        );
    }
}
