//! `leakfence scan`, `detectors list|check`, exit codes and output safety,
//! through the real binary.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{Repo, assert_redacted, text};
use leakfence::detectors;

fn pulumi() -> (String, String) {
    let (line, secret) = common::pulumi_line();
    (line.trim_end().to_string(), secret)
}

#[test]
fn the_compiled_catalog_is_detectors_yaml_through_the_user_path() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("detectors.yaml");
    let from_file = detectors::load_file(&path).unwrap();
    let compiled = detectors::builtin_checked().unwrap();
    assert_eq!(from_file.detectors().len(), compiled.detectors().len());
    for (a, b) in from_file.detectors().iter().zip(compiled.detectors()) {
        assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "build.rs output differs for {}",
            a.id
        );
    }
}

#[test]
fn every_builtin_example_and_negative_example_behaves() {
    let catalog = detectors::builtin_checked().unwrap();
    let failures = detectors::check::self_test(&catalog).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for d in catalog.detectors() {
        assert!(d.examples.len() >= 2, "{}: needs at least two examples", d.id);
        assert!(
            d.negative_examples.len() >= 2,
            "{}: needs at least two negative examples",
            d.id
        );
    }
}

#[test]
fn detectors_check_passes_on_the_builtin_catalog() {
    let repo = Repo::new();
    let out = repo.leakfence(&["detectors", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("detectors OK"));
}

#[test]
fn detectors_list_names_the_seed_providers() {
    let out = Repo::new().leakfence(&["detectors", "list"]);
    let listing = text(&out);
    for provider in ["Buildkite", "CircleCI", "Pulumi", "Aiven"] {
        assert!(listing.contains(provider), "{listing}");
    }
}

#[test]
fn detectors_check_reports_every_problem_of_a_user_file() {
    let repo = Repo::new();
    repo.write(
        "mine.yaml",
        r#"
- id: Bad_Id
  name: One
  provider: Me
  keywords: [ab]
  pattern: 'x(['
  env_var: ONE
  examples: []
  runbook: {url: "http://x", risk: r, check: [c], create: [c], revoke: [r], breaks: [b]}
- id: fine-one
  name: Two
  provider: Me
  keywords: [tok_]
  pattern: '(tok_[a-z]{8})'
  env_var: TWO
  examples: ["tok_abcdefgh"]
  negative_examples: ["tok_qwertyui"]
  runbook: {url: "https://x", risk: r, check: [c], create: [c], revoke: [r], breaks: [b]}
"#,
    );
    let out = repo.leakfence(&["detectors", "check", "mine.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "Bad_Id: id must be kebab-case",
        "Bad_Id: keyword \"ab\"",
        "Bad_Id: pattern does not parse",
        "Bad_Id: examples is empty",
        "Bad_Id: runbook.url",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }

    repo.write(
        "mine.yaml",
        std::fs::read_to_string(repo.path().join("mine.yaml"))
            .unwrap()
            .split("- id: fine-one")
            .nth(1)
            .map(|rest| format!("- id: fine-one{rest}"))
            .unwrap(),
    );
    let out = repo.leakfence(&["detectors", "check", "mine.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fine-one: example not found: \"tok_abcdefgh\""),
        "{err}"
    );
    assert!(
        err.contains("fine-one: negative example was found: \"tok_qwertyui\""),
        "{err}"
    );
}

#[test]
fn unknown_fields_are_rejected_with_file_and_line() {
    let repo = Repo::new();
    repo.write("d.yaml", "- id: a-b\n  nmae: typo\n");
    let out = repo.leakfence(&["detectors", "check", "d.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("leakfence: error: d.yaml:2:"), "{err}");
    assert!(err.contains("unknown field `nmae`"), "{err}");
}

#[test]
fn scan_walks_directories_and_skips_dot_git() {
    let repo = Repo::new();
    let (line, secret) = pulumi();
    repo.write("src/deep/app.ts", format!("const a = 1;\n{line}\n"));
    repo.write(".git/not-scanned", &line);
    repo.write("clean.txt", "nothing\n");
    let out = repo.leakfence(&["scan", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("src/deep/app.ts:2:"), "{report}");
    assert!(!report.contains("not-scanned"), "{report}");
    assert!(
        report.contains("process.env."),
        "a TypeScript snippet is suggested: {report}"
    );
    assert_redacted(&out, &secret);

    let out = repo.leakfence(&["scan", "clean.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Files are read into buffers each thread reuses: a short file read after a
/// longer one must be scanned as itself, not with the older file's tail. Even
/// files end with a secret past the odd files' length (one is larger than
/// any first read), so a stale tail would be reported under an odd name.
#[test]
fn many_files_are_each_scanned_as_themselves_and_reported_in_path_order() {
    let repo = Repo::new();
    let (line, secret) = pulumi();
    let mut expected = Vec::new();
    for n in 0..40 {
        let path = format!("tree/f{n:02}.txt");
        if n % 2 == 0 {
            let filler = if n == 10 { 600_000 } else { 4_000 };
            let body = format!("{}\n{line}\n", "x".repeat(filler));
            repo.write(&path, body);
            expected.push(format!("{path}:2:"));
        } else {
            repo.write(&path, "short\n");
        }
    }
    let out = repo.leakfence(&["scan", "tree", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}:", f["path"].as_str().unwrap(), f["line"]))
        .collect();
    let report = text(&out);
    assert_eq!(found, expected, "{report}");
    assert_redacted(&out, &secret);
}

/// A symlink or FIFO the user names is read; symlinks met inside a
/// directory are not followed (they could point anywhere, or loop).
#[test]
fn scan_reads_named_symlinks_and_fifos_but_does_not_follow_links_in_directories() {
    let repo = Repo::new();
    let (line, secret) = pulumi();
    repo.write("outside/secret.env", &line);
    repo.write("tree/clean.txt", "nothing\n");
    std::os::unix::fs::symlink(
        repo.path().join("outside/secret.env"),
        repo.path().join("tree/link.env"),
    )
    .unwrap();
    let out = repo.leakfence(&["scan", "tree"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = repo.leakfence(&["scan", "tree/link.env"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("tree/link.env:1:"), "{}", text(&out));
    assert_redacted(&out, &secret);

    let fifo = repo.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let (fifo, line) = (fifo.clone(), line.clone());
        std::thread::spawn(move || std::fs::write(fifo, line).unwrap())
    };
    let out = repo.leakfence(&["scan", "pipe"]);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn scan_reads_stdin_as_json() {
    let repo = Repo::new();
    let (line, secret) = pulumi();
    let mut child = repo
        .command(common::BIN)
        .args(["scan", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("x\n\n{line}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["path"], "<stdin>");
    assert_eq!(f["line"], 3);
    assert_eq!(f["end_line"], 3);
    for key in ["detector", "column", "fingerprint", "secret_redacted"] {
        assert!(!f[key].is_null(), "{key} missing in {f}");
    }
    assert_redacted(&out, &secret);
}

#[test]
fn terminal_escapes_in_scanned_content_are_printed_escaped() {
    let repo = Repo::new();
    let (line, _) = pulumi();
    repo.write("evil.txt", format!("\x1b]0;pwned\x07\x1b[2J {line}\n"));
    let out = repo.leakfence(&["scan", "evil.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&0x1b), "raw ESC reached the terminal");
    assert!(text(&out).contains("\\x1b]0;pwned"), "{}", text(&out));
}

#[test]
fn missing_path_is_an_error() {
    let out = Repo::new().leakfence(&["scan", "no/such/file"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read no/such/file"));
}

#[test]
fn bad_usage_exits_2() {
    let out = Repo::new().leakfence(&["scan", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_works_for_every_detector() {
    let repo = Repo::new();
    for d in detectors::builtin().unwrap().detectors() {
        let out = repo.leakfence(&["explain", &d.id]);
        assert!(out.status.success(), "{}: {}", d.id, text(&out));
        let page = text(&out);
        assert!(
            page.contains(d.runbook.url.as_ref()) && page.contains("os.environ"),
            "{}: {page}",
            d.id
        );
    }
    let out = repo.leakfence(&["explain", "no-such-detector"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let repo = Repo::new();
    let out = repo.leakfence(&["completions", "bash"]);
    assert!(out.status.success());
    let script = repo.path().join("leakfence.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let loaded = repo
        .command("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p leakfence", script.display()))
        .output()
        .unwrap();
    assert!(loaded.status.success(), "{}", text(&loaded));
    assert!(String::from_utf8_lossy(&out.stdout).contains("pre-push"));
    for shell in ["zsh", "fish"] {
        assert!(
            repo.leakfence(&["completions", shell]).status.success(),
            "{shell}"
        );
    }
    let man = repo.leakfence(&["man"]);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        page.starts_with(".ie") && page.contains(".TH leakfence 1"),
        "{page}"
    );
    assert!(
        page.contains("pre\\-commit") && page.contains("explain"),
        "{page}"
    );
}

#[test]
fn a_scan_says_what_it_skipped() {
    let repo = Repo::new();
    repo.write("blob.bin", b"\x00\x01\x02binary");
    let out = repo.leakfence(&["scan", "blob.bin"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out).contains("not scanned: blob.bin: binary"),
        "{}",
        text(&out)
    );
}
