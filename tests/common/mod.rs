//! Test support: real git repositories in temp dirs, isolated from the user's
//! git configuration, and the real leakfence binary run with a clean environment.

#![allow(dead_code)] // each test binary uses a different subset

pub mod snapshot;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_leakfence");

pub struct Repo {
    root: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Repo {
    /// An empty repository on branch `main` with an identity configured.
    pub fn new() -> Self {
        let repo = Repo {
            root: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// A command with git isolated from the machine's and user's config.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .env("LEAKFENCE_BIN", BIN)
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs git and asserts it succeeded.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args);
        assert!(out.status.success(), "git {args:?} failed:\n{}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs git in `dir` (another repository, a linked worktree) with this
    /// repository's isolated environment, and asserts it succeeded.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.command("git").current_dir(dir).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?} in {} failed:\n{}",
            dir.display(),
            text(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn git_output(&self, args: &[&str]) -> Output {
        self.command("git").args(args).output().unwrap()
    }

    /// Runs the leakfence binary in the repository.
    pub fn leakfence(&self, args: &[&str]) -> Output {
        self.command(BIN).args(args).output().unwrap()
    }

    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).unwrap();
    }

    /// Installs the hook shims the way install.sh does: copied into .git/hooks.
    pub fn install_hook(&self) {
        let hooks = self.path().join(".git/hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        for name in ["pre-commit", "commit-msg", "pre-push"] {
            std::fs::copy(hook_source(name), hooks.join(name)).unwrap();
        }
    }

    /// A bare repository in the temp home, added as remote `origin`.
    pub fn add_bare_remote(&self) -> PathBuf {
        let remote = self.home().join("remote.git");
        self.git(&["init", "-q", "--bare", "-b", "main", remote.to_str().unwrap()]);
        self.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
        remote
    }

    /// Writes one file and commits it without the hook; returns the commit id.
    pub fn commit_file(&self, path: &str, content: &str, message: &str) -> String {
        self.write(path, content);
        self.git(&["add", path]);
        self.git(&["commit", "-q", "--no-verify", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Commits staged changes through the installed hook.
    pub fn commit(&self, extra: &[&str]) -> Output {
        let mut args = vec!["commit", "-q", "-m", "test"];
        args.extend_from_slice(extra);
        self.git_output(&args)
    }

    /// Stages and commits `files` without running hooks.
    pub fn commit_unchecked(&self, files: &[(&str, &str)]) {
        for (path, content) in files {
            self.write(path, content);
            self.git(&["add", path]);
        }
        self.git(&["commit", "-q", "--no-verify", "-m", "setup"]);
    }
}

/// Runs `cmd` with `input` on its standard input and collects its output.
pub fn output_with_stdin(mut cmd: Command, input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn hook_source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("hooks").join(name)
}

/// stdout and stderr together, for assertions and failure messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The first example line of the built-in Pulumi detector (with a newline)
/// and the token in it: a synthetic credential for end-to-end tests.
pub fn pulumi_line() -> (String, String) {
    let line = pulumi_example(0);
    let secret = secret_in("pulumi-access-token", &line);
    (line, secret)
}

/// The `n`th example line of the built-in Pulumi detector, with a newline.
pub fn pulumi_example(n: usize) -> String {
    let catalog = leakfence::detectors::builtin().unwrap();
    let d = catalog
        .detectors()
        .iter()
        .find(|d| d.provider == "Pulumi")
        .expect("a Pulumi detector");
    format!("{}\n", d.examples[n])
}

/// A directory holding `leakfence` (a link to the test binary), to put on PATH
/// the way `cargo install` would.
pub fn bin_dir(repo: &Repo) -> PathBuf {
    let dir = repo.home().join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("leakfence");
    if !link.exists() {
        std::os::unix::fs::symlink(BIN, &link).unwrap();
    }
    dir
}

/// PATH with `dirs` in front of the test process's own PATH.
pub fn path_with(dirs: &[&Path]) -> String {
    let mut parts: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

/// A synthetic token of the given detector, taken from its first example.
pub fn example_secret(detector: &str) -> String {
    let catalog = leakfence::detectors::builtin().unwrap();
    let d = catalog
        .get(detector)
        .unwrap_or_else(|| panic!("no detector {detector}"));
    secret_in(detector, &d.examples[0])
}

/// The secret the detector's pattern captures in `text`.
pub fn secret_in(detector: &str, text: &str) -> String {
    let catalog = leakfence::detectors::builtin().unwrap();
    let d = catalog.get(detector).unwrap();
    let caps = d.regex().unwrap().captures(text.as_bytes()).unwrap();
    let group = caps.name("secret").or_else(|| caps.get(1)).unwrap();
    String::from_utf8(group.as_bytes().to_vec()).unwrap()
}

/// Asserts the full secret appears in neither stream.
pub fn assert_redacted(out: &Output, secret: &str) {
    let all = text(out);
    assert!(
        !all.contains(secret),
        "the full secret leaked into the output:\n{all}"
    );
}

/// A Python virtualenv under the test temp dir with `packages` installed, made
/// once per `name` and reused by later runs. Returns its `bin` directory.
pub fn python_venv(name: &str, packages: &[&str]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let bin = root.join("bin");
    let ready = root.join(".ready");
    if !ready.exists() {
        let _ = std::fs::remove_dir_all(&root);
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&root)
            .status()
            .unwrap();
        assert!(status.success(), "python3 -m venv failed");
        let status = Command::new(bin.join("pip"))
            .args(["install", "-q", "--disable-pip-version-check"])
            .args(packages)
            .status()
            .unwrap();
        assert!(status.success(), "pip install {packages:?} failed");
        std::fs::write(&ready, "").unwrap();
    }
    bin
}
