//! Serde types that mirror `detectors.yaml` exactly; nothing here validates.
//!
//! Unknown fields are rejected so a typo in a user's detector file is an error,
//! not a silently ignored setting.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorSyntax {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub keywords: Vec<String>,
    pub pattern: String,
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// A public checksum the secret must satisfy.
    #[serde(default)]
    pub checksum: Option<crate::scan::checksum::Checksum>,
    pub env_var: String,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
    pub runbook: Runbook,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    /// Where the user creates and revokes this credential.
    pub url: String,
    /// What an attacker can do with it, in one sentence.
    pub risk: String,
    /// How to find out whether the leaked value was used.
    pub check: Vec<String>,
    /// Provider-specific steps to create the replacement.
    pub create: Vec<String>,
    /// Provider-specific steps to revoke the leaked value.
    pub revoke: Vec<String>,
    /// What stops working once the old value is revoked.
    pub breaks: Vec<String>,
}

/// Parses a detector file: a YAML list of detectors. `origin` names the file in errors.
pub fn parse(origin: &str, text: &str) -> crate::Result<Vec<DetectorSyntax>> {
    serde_yaml::from_str(text).map_err(|err| crate::Error::Detectors {
        origin: match err.location() {
            Some(loc) => format!("{origin}:{}:{}", loc.line(), loc.column()),
            None => origin.to_string(),
        },
        message: err.to_string(),
    })
}
