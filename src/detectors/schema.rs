//! Serde types that mirror `detectors.yaml` exactly; nothing here validates.
//!
//! Unknown fields are rejected so a typo in a user's detector file is an error,
//! not a silently ignored setting. This file is also compiled into `build.rs`,
//! which turns the built-in catalog into static data, so it depends on serde
//! and `reach` only.

use std::borrow::Cow;

use serde::Deserialize;

use super::reach::Reach;

/// Text that is borrowed from the binary for the built-in catalog and owned
/// when parsed from a user's file, so start-up copies nothing.
pub type Text = Cow<'static, str>;
/// A list of [`Text`], borrowed or owned likewise.
pub type List = Cow<'static, [Text]>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorSyntax {
    pub id: Text,
    pub name: Text,
    pub provider: Text,
    pub keywords: List,
    pub pattern: Text,
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// A public checksum the secret must satisfy.
    #[serde(default)]
    pub checksum: Option<Checksum>,
    pub env_var: Text,
    #[serde(default)]
    pub examples: List,
    #[serde(default)]
    pub negative_examples: List,
    pub runbook: Runbook,
    /// How far the pattern's matches reach, worked out by `build.rs` for the
    /// built-in catalog; never read from a file.
    #[serde(skip)]
    pub reach: Option<Reach>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    /// Where the user creates and revokes this credential.
    pub url: Text,
    /// What an attacker can do with it, in one sentence.
    pub risk: Text,
    /// How to find out whether the leaked value was used.
    pub check: List,
    /// Provider-specific steps to create the replacement.
    pub create: List,
    /// Provider-specific steps to revoke the leaked value.
    pub revoke: List,
    /// What stops working once the old value is revoked.
    pub breaks: List,
}

/// A public checksum a token format carries (see `scan::checksum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub's and npm's format: after the fixed prefix, a random body, then
    /// six characters that are the CRC-32 of the body in base62
    /// (`0-9A-Za-z`), left-padded with `0`.
    Crc32Base62,
}
