//! Everything that turns a finding into "not a problem": inline markers on the
//! line, and the repository's policy from `.leakfence.yaml` (path rules,
//! allowed values) and `.leakfence-baseline.json` (accepted fingerprints).

pub mod baseline;
pub mod inline;
pub mod paths;
pub mod values;

pub use baseline::Baseline;
pub use paths::PathRules;
pub use values::AllowedValues;

/// The allow rules a scan applies besides inline markers.
#[derive(Debug, Default)]
pub struct Policy {
    pub paths: PathRules,
    pub values: AllowedValues,
    pub baseline: Baseline,
}
