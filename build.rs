//! Turns `detectors.yaml` into static Rust data at build time, so the hook
//! does not parse YAML on every commit. The same schema types parse it here
//! and in `leakfence detectors check FILE`; the test suite runs the built-in
//! catalog through the user's path (parse, validate, self-test) as well.

use std::fmt::Write as _;

#[path = "src/detectors/reach.rs"]
#[allow(dead_code)]
mod reach;
#[path = "src/detectors/schema.rs"]
#[allow(dead_code)]
mod schema;

use reach::Reach;
use schema::Text;

fn main() {
    println!("cargo::rerun-if-changed=detectors.yaml");
    println!("cargo::rerun-if-changed=src/detectors/schema.rs");
    println!("cargo::rerun-if-changed=src/detectors/reach.rs");
    let yaml = std::fs::read_to_string("detectors.yaml").expect("detectors.yaml is readable");
    let detectors: Vec<schema::DetectorSyntax> = match serde_yaml::from_str(&yaml) {
        Ok(detectors) => detectors,
        Err(err) => {
            println!("cargo::error=detectors.yaml: {err}");
            return;
        }
    };
    let mut out = String::from("&[\n");
    for d in &detectors {
        let r = &d.runbook;
        writeln!(
            out,
            "DetectorSyntax {{ id: {}, name: {}, provider: {}, keywords: {}, pattern: {}, min_entropy: {:?}, \
             checksum: {}, env_var: {}, examples: {}, negative_examples: {}, runbook: Runbook {{ url: {}, \
             risk: {}, check: {}, create: {}, revoke: {}, breaks: {} }}, reach: {} }},",
            text(&d.id),
            text(&d.name),
            text(&d.provider),
            list(&d.keywords),
            text(&d.pattern),
            d.min_entropy,
            d.checksum
                .map_or("None".to_string(), |c| format!("Some(Checksum::{c:?})")),
            text(&d.env_var),
            list(&d.examples),
            list(&d.negative_examples),
            text(&r.url),
            text(&r.risk),
            list(&r.check),
            list(&r.create),
            list(&r.revoke),
            list(&r.breaks),
            reach(&d.pattern),
        )
        .expect("writing to a String");
    }
    out.push(']');
    let path =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}

/// The pattern's reach as a literal; `None` if it does not parse (the test
/// suite then fails on it).
fn reach(pattern: &str) -> String {
    let Ok(hir) = reach::parse_pattern(pattern) else {
        return "None".into();
    };
    let Reach { bytes, newlines } = Reach::of(&hir);
    format!("Some(Reach {{ bytes: {bytes:?}, newlines: {newlines:?} }})")
}

/// A borrowed `Text` literal.
fn text(value: &str) -> String {
    format!("Cow::Borrowed({value:?})")
}

/// A borrowed `List` literal.
fn list(values: &[Text]) -> String {
    let items: Vec<String> = values.iter().map(|v| text(v)).collect();
    format!("Cow::Borrowed(&[{}])", items.join(", "))
}
