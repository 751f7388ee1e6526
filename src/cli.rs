//! The command line, as clap types. Parsing only; `cmd` runs the commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "leakfence",
    version,
    about = "Blocks commits and pushes that carry credentials, and says how to rotate them"
)]
pub struct Cli {
    /// When to colour output: auto follows NO_COLOR, CLICOLOR_FORCE and whether stdout is a terminal.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Use this file instead of the repository's .leakfence.yaml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan what is staged (the index, not the working tree); run by the git pre-commit hook.
    PreCommit {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Scan the message a commit is about to record; run by the git commit-msg hook.
    CommitMsg {
        /// The file holding the message, as git passes it (.git/COMMIT_EDITMSG).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Scan the commits a push sends (ref lines on stdin); run by the git pre-push hook.
    PrePush {
        /// The remote's name (or URL when pushing to a URL), as git passes it.
        remote: Option<String>,
        /// The remote's URL, as git passes it.
        url: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Scan files, directories (recursively, skipping .git), standard input (`-`),
    /// a commit range, or the whole history.
    Scan {
        /// Files or directories; `-` reads standard input. Defaults to the current directory.
        #[arg(conflicts_with_all = ["range", "history"])]
        paths: Vec<PathBuf>,
        /// Scan the commits in A..B (reachable from B, not from A), each one's added lines.
        #[arg(long, value_name = "A..B", conflicts_with = "history")]
        range: Option<String>,
        /// Scan every commit reachable from any ref, each blob pair once.
        #[arg(long)]
        history: bool,
        /// Use the detectors in FILE instead of the built-in catalog (to try out new detectors).
        #[arg(long, value_name = "FILE")]
        detectors: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The full runbook for one credential type: risks, misuse checks, rotation
    /// steps, what breaks, and snippets to read it from the environment.
    Explain {
        /// A detector id, as shown in reports and by `leakfence detectors list`.
        id: String,
    },
    /// Print a shell completion script (e.g. `leakfence completions bash > /etc/bash_completion.d/leakfence`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page in roff (e.g. `leakfence man > ~/.local/share/man/man1/leakfence.1`).
    Man,
    /// Accept the findings the repository already has, by fingerprint (.leakfence-baseline.json).
    Baseline {
        #[command(subcommand)]
        action: crate::cmd::baseline::Action,
    },
    /// List the built-in detectors, or check a detector file.
    Detectors {
        #[command(subcommand)]
        action: DetectorsAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum DetectorsAction {
    /// One line per detector: id, provider and name.
    List,
    /// Validate a detector file (the built-in catalog if none is given) and run
    /// every example and negative example through the scanner.
    Check { file: Option<PathBuf> },
}
