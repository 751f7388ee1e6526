//! The `scan PATH...` source: files, directories (recursively, skipping
//! `.git`, not following symlinks inside them) and `-` for standard input.
//!
//! A directory is listed first, then its files are read and scanned by one
//! worker per core when there is enough to scan to pay for the threads; the
//! results are put back in path order, so the report does not depend on how
//! the work was shared out. A file or stream longer than a piece is scanned
//! piece by piece (see `pieces`), so memory does not grow with its size.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::pieces::{self, Sizes};
use super::{Outcome, parallel};
use crate::scan::{Origin, Scanner};
use crate::{Error, Result};

/// How stdin is named in findings.
pub const STDIN_NAME: &str = "<stdin>";

/// Fewer files than this leave a second thread too little to share: sizes
/// are not known before reading (listing does not stat every file), so the
/// count decides.
const PARALLEL_AFTER_FILES: usize = 16;

/// A thread's read buffer starts with room for this much: most source files
/// fit in one read.
const READ_BYTES: usize = 256 << 10;

/// A read buffer grown past this by one large file is dropped after it, so a
/// thread does not hold it for the rest of the scan.
const KEEP_BUFFER_BYTES: usize = 16 << 20;

pub fn scan_paths(paths: &[PathBuf], scanner: &Scanner<'_>, stdin: &mut dyn Read) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for path in paths {
        if path.as_os_str() == "-" {
            outcome.extend(pieces::scan_text(
                scanner,
                Origin::Stdin,
                STDIN_NAME.as_bytes(),
                Path::new(STDIN_NAME),
                stdin,
                &mut Vec::new(),
                Sizes::DEFAULT,
            )?);
        } else {
            let mut files = Vec::new();
            list(path, &mut files)?;
            scan_files(&files, scanner, &mut outcome)?;
        }
    }
    Ok(outcome)
}

/// Every file to read under `path`, in sorted order. A path the user named
/// is read whatever it is (a symlink to a file, a FIFO from `<(...)`);
/// inside a directory only regular files are, and symlinks are not followed.
fn list(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        list_dir(path, out)
    } else {
        out.push(path.to_path_buf());
        Ok(())
    }
}

/// The regular files under directory `dir`, skipping `.git`. Entry types
/// come from the directory listing itself, not a stat per entry: a large
/// tree is tens of thousands of entries.
fn list_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut children = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let kind = entry.file_type().map_err(|source| Error::Io {
            path: entry.path(),
            source,
        })?;
        if kind.is_dir() && entry.file_name() == ".git" {
            continue;
        }
        if kind.is_dir() || kind.is_file() {
            children.push((entry.file_name(), kind.is_dir()));
        }
    }
    children.sort_unstable();
    for (name, is_dir) in children {
        let child = dir.join(name);
        if is_dir {
            list_dir(&child, out)?;
        } else {
            out.push(child);
        }
    }
    Ok(())
}

/// Scans `files` into `outcome` in their order; on failure, the error of the
/// first file (in that order) that failed.
fn scan_files(files: &[PathBuf], scanner: &Scanner<'_>, outcome: &mut Outcome) -> Result<()> {
    let threads = parallel::threads_for(files.len(), files.len() >= PARALLEL_AFTER_FILES);
    let results = parallel::in_order(
        files.len(),
        vec![Vec::new(); threads],
        |buffer, index| scan_file(&files[index], scanner, buffer),
        &mut |_| {},
    );
    for result in results {
        outcome.extend(result?);
    }
    Ok(())
}

/// Reads and scans one file, using `buffer` (kept by the thread) for its bytes.
///
/// `std::fs::read` costs a stat and a fresh allocation per file; on a tree of
/// small files those are most of the time. Here a file is one open, reads
/// into the thread's buffer until one returns nothing, and a close.
fn scan_file(path: &Path, scanner: &Scanner<'_>, buffer: &mut Vec<u8>) -> Result<Outcome> {
    let mut file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // `scan .` yields `./src/x`; path rules and reports want `src/x`.
    let name = path.as_os_str().as_encoded_bytes();
    let name = name.strip_prefix(b"./").unwrap_or(name);
    buffer.clear();
    buffer.reserve(READ_BYTES);
    let outcome = pieces::scan_text(
        scanner,
        Origin::File,
        name,
        path,
        &mut file,
        buffer,
        Sizes::DEFAULT,
    )?;
    if buffer.capacity() > KEEP_BUFFER_BYTES {
        *buffer = Vec::new();
    }
    Ok(outcome)
}
