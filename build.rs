//! Turns `detectors.yaml` into static Rust data at build time, so the hook
//! does not parse YAML on every commit. The same schema types parse it here
//! and in `leakfence detectors check FILE`; the test suite runs the built-in
//! catalog through the user's path (parse, validate, self-test) as well.

use std::fmt::Write as _;

#[path = "src/detectors/schema.rs"]
#[allow(dead_code)]
mod schema;

fn main() {
    println!("cargo::rerun-if-changed=detectors.yaml");
    println!("cargo::rerun-if-changed=src/detectors/schema.rs");
    let text = std::fs::read_to_string("detectors.yaml").expect("detectors.yaml is readable");
    let detectors: Vec<schema::DetectorSyntax> = match serde_yaml::from_str(&text) {
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
            "Builtin {{ id: {:?}, name: {:?}, provider: {:?}, keywords: &{:?}, pattern: {:?}, \
             min_entropy: {:?}, checksum: {}, env_var: {:?}, examples: &{:?}, negative_examples: &{:?}, \
             url: {:?}, risk: {:?}, check: &{:?}, create: &{:?}, revoke: &{:?}, breaks: &{:?} }},",
            d.id,
            d.name,
            d.provider,
            d.keywords,
            d.pattern,
            d.min_entropy,
            d.checksum
                .map_or("None".to_string(), |c| format!("Some(Checksum::{c:?})")),
            d.env_var,
            d.examples,
            d.negative_examples,
            r.url,
            r.risk,
            r.check,
            r.create,
            r.revoke,
            r.breaks,
        )
        .expect("writing to a String");
    }
    out.push(']');
    let path =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}
