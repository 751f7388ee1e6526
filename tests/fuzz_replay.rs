//! Replays every committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! same library function its libFuzzer target calls, so the inputs that once
//! found a bug, and the coverage the fuzzers reached, are checked on every
//! `cargo test` without a nightly toolchain.

use std::path::Path;

use leakfence::fuzzing;

/// Every file of one target's corpus, through `body`. A corpus must not be
/// empty: a renamed target or a lost directory would make the replay vacuous.
fn replay(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
        count += 1;
    }
    assert!(count > 0, "{} holds no inputs", dir.display());
}

#[test]
fn detectors_yaml() {
    replay("detectors_yaml", fuzzing::detectors_yaml);
}

#[test]
fn scan_bytes() {
    replay("scan_bytes", fuzzing::scan_bytes);
}

#[test]
fn prepush_stdin() {
    replay("prepush_stdin", fuzzing::prepush_stdin);
}

#[test]
fn blob_diff() {
    replay("blob_diff", fuzzing::blob_diff);
}

#[test]
fn keyword_search() {
    replay("keyword_search", fuzzing::keyword_search);
}
