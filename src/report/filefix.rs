//! What the report tells the user to do with a file that holds a secret.
//!
//! Most files stay in the repository and the value in them becomes a lookup
//! of an environment variable (see `snippet`). Some files hold secrets by
//! design (an env file, a private key, Terraform state); rewriting a value in
//! them fixes nothing, so those leave git instead. A template meant to be
//! committed (`.env.example`) keeps its place with the value blanked.

/// The fix for one file, decided by its name alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFix {
    /// Replace the value with a lookup of an environment variable.
    Lookup,
    /// A template others copy: leave the value empty or a placeholder.
    Placeholder,
    /// An env file: stop tracking it, and commit a blank copy as a template.
    EnvFile,
    /// A file that is itself a secret store: stop tracking it. `what` names
    /// the kind of file, `instead` says where it belongs.
    Untrack {
        what: &'static str,
        instead: &'static str,
    },
}

/// Name parts that mark a template: `.env.example`, `config.sample.yaml`,
/// `phpunit.xml.dist`.
const TEMPLATE_PARTS: &[&str] = &["example", "sample", "template", "tmpl", "tpl", "dist"];

/// Extensions of files that hold a private key or a keystore.
const KEY_EXTENSIONS: &[&str] = &["pem", "key", "p8", "ppk", "p12", "pfx", "jks", "keystore", "bks"];

/// OpenSSH's default private key names.
const SSH_KEY_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

/// Files that tools read credentials from, in the user's home directory.
const CREDENTIAL_FILES: &[&str] = &[
    ".netrc",
    "_netrc",
    ".git-credentials",
    ".pgpass",
    ".htpasswd",
    ".pypirc",
    ".dockercfg",
    ".s3cfg",
    "credentials",
];

/// The fix for the file at `path`. A template's name wins over its kind:
/// `.env.example` is committed on purpose, `.env` is not.
pub fn file_fix(path: &[u8]) -> FileFix {
    let path = String::from_utf8_lossy(path).to_ascii_lowercase();
    let name = path.rsplit(['/', '\\']).next().unwrap_or(&path);
    let parts: Vec<&str> = name.split('.').collect();
    let ext = if parts.len() > 1 {
        parts[parts.len() - 1]
    } else {
        ""
    };
    if parts[1..].iter().any(|part| TEMPLATE_PARTS.contains(part)) {
        FileFix::Placeholder
    } else if name == ".envrc" || (parts.contains(&"env") && (parts[0].is_empty() || ext == "env")) {
        FileFix::EnvFile
    } else if KEY_EXTENSIONS.contains(&ext) || SSH_KEY_NAMES.contains(&name) {
        FileFix::Untrack {
            what: "a private key or keystore",
            instead: "Keep it in a secrets manager or outside the repository, and pass its path to the program at run time.",
        }
    } else if name.ends_with(".tfstate") || name.ends_with(".tfstate.backup") {
        FileFix::Untrack {
            what: "Terraform state, which holds every secret of the resources it manages",
            instead: "Keep state in a remote backend (S3, GCS, azurerm, HCP Terraform) and ignore *.tfstate*.",
        }
    } else if CREDENTIAL_FILES.contains(&name) {
        FileFix::Untrack {
            what: "a credentials file",
            instead: "Keep it in your home directory, where the tool reads it, or in a secrets manager.",
        }
    } else {
        FileFix::Lookup
    }
}

#[cfg(test)]
mod tests {
    use super::{FileFix, file_fix};

    fn untracked(path: &str) -> bool {
        matches!(
            file_fix(path.as_bytes()),
            FileFix::EnvFile | FileFix::Untrack { .. }
        )
    }

    #[test]
    fn env_files_leave_git() {
        for path in [
            ".env",
            "app/.env.local",
            ".env.production",
            "deploy/prod.env",
            ".envrc",
        ] {
            assert!(untracked(path), "{path}");
        }
        for path in ["environment.py", "src/env.ts", "env/config.yaml", "venv.cfg"] {
            assert_eq!(file_fix(path.as_bytes()), FileFix::Lookup, "{path}");
        }
    }

    #[test]
    fn templates_keep_their_place() {
        for path in [
            ".env.example",
            "deploy/prod.env.sample",
            "config.template.yaml",
            "phpunit.xml.dist",
        ] {
            assert_eq!(file_fix(path.as_bytes()), FileFix::Placeholder, "{path}");
        }
    }

    #[test]
    fn keys_state_and_credential_stores_leave_git() {
        for path in [
            "certs/server.key",
            "tls.PEM",
            "keys/id_ed25519",
            "infra/terraform.tfstate",
            "terraform.tfstate.backup",
            "home/.netrc",
            ".aws/credentials",
        ] {
            assert!(untracked(path), "{path}");
        }
        for path in ["keys/id_ed25519.pub", "src/keys.rs", "credentials.py"] {
            assert_eq!(file_fix(path.as_bytes()), FileFix::Lookup, "{path}");
        }
    }
}
