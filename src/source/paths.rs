//! The `scan PATH...` source: files, directories (recursively, skipping
//! `.git`, not following symlinks inside them) and `-` for standard input.
//!
//! A directory is listed first, then its files are read and scanned by one
//! worker per core when there is enough to scan to pay for the threads; the
//! results are put back in path order, so the report does not depend on how
//! the work was shared out.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Outcome, SkipReason, Skipped, parallel};
use crate::scan::encoding::decode_utf16_bom;
use crate::scan::{Chunk, Lines, Origin, Scanner, is_binary};
use crate::{Error, Result};

/// How stdin is named in findings.
pub const STDIN_NAME: &str = "<stdin>";

/// Below this many bytes a second thread costs more than it saves.
const PARALLEL_AFTER_BYTES: u64 = 4 << 20;

pub fn scan_paths(paths: &[PathBuf], scanner: &Scanner<'_>, stdin: &mut dyn Read) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut data = Vec::new();
            stdin.read_to_end(&mut data).map_err(|source| Error::Io {
                path: PathBuf::from(STDIN_NAME),
                source,
            })?;
            let data = decode_utf16_bom(data);
            scan_bytes(scanner, Origin::Stdin, STDIN_NAME.as_bytes(), &data, &mut outcome)?;
        } else {
            let mut files = Vec::new();
            list(path, true, &mut files)?;
            scan_files(&files, scanner, &mut outcome)?;
        }
    }
    Ok(outcome)
}

/// A regular file to scan and its size.
struct File {
    path: PathBuf,
    size: u64,
}

/// Every file to read under `path`, in sorted order. A path the user named
/// is read whatever it is (a symlink to a file, a FIFO from `<(...)`);
/// inside a directory only regular files are, and symlinks are not followed.
fn list(path: &Path, named: bool, out: &mut Vec<File>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = if named {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    }
    .map_err(io)?;
    if meta.is_dir() {
        let mut children: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(io)?;
        children.sort();
        for child in children
            .iter()
            .filter(|c| c.file_name().is_none_or(|n| n != ".git"))
        {
            list(child, false, out)?;
        }
    } else if meta.is_file() || named {
        out.push(File {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    Ok(())
}

/// Scans `files` into `outcome` in their order; on failure, the error of the
/// first file (in that order) that failed.
fn scan_files(files: &[File], scanner: &Scanner<'_>, outcome: &mut Outcome) -> Result<()> {
    let total: u64 = files.iter().map(|f| f.size).sum();
    let threads = parallel::threads_for(files.len(), total >= PARALLEL_AFTER_BYTES);
    let results = parallel::in_order(
        files.len(),
        vec![(); threads],
        |_, index| scan_file(&files[index], scanner),
        &mut |_| {},
    );
    for result in results {
        outcome.extend(result?);
    }
    Ok(())
}

fn scan_file(file: &File, scanner: &Scanner<'_>) -> Result<Outcome> {
    let data = std::fs::read(&file.path).map_err(|source| Error::Io {
        path: file.path.clone(),
        source,
    })?;
    let data = decode_utf16_bom(data);
    // `scan .` yields `./src/x`; path rules and reports want `src/x`.
    let name = file.path.as_os_str().as_encoded_bytes();
    let name = name.strip_prefix(b"./").unwrap_or(name);
    let mut outcome = Outcome::default();
    scan_bytes(scanner, Origin::File, name, &data, &mut outcome)?;
    Ok(outcome)
}

fn scan_bytes(
    scanner: &Scanner<'_>,
    origin: Origin,
    path: &[u8],
    data: &[u8],
    outcome: &mut Outcome,
) -> Result<()> {
    if is_binary(data) {
        outcome.skipped.push(Skipped {
            path: path.to_vec(),
            reason: SkipReason::Binary,
        });
        return Ok(());
    }
    outcome.findings.extend(scanner.scan(&Chunk {
        origin,
        path,
        data,
        lines: Lines::All,
    })?);
    Ok(())
}
