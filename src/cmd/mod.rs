//! One function per subcommand. Each writes to the streams it is given and
//! returns the exit code; none prints or exits on its own.

pub mod baseline;
pub mod commitmsg;
pub mod detectors;
pub mod docs;
pub mod explain;
pub mod precommit;
pub mod prepush;
pub mod scan;
