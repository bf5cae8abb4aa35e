//! Recording received messages to a file and replaying such a file (issue 16, item 5).
//!
//! Recording needs no buffer of its own: the message log already stores every message, so a
//! [`Recorder`] only remembers which sequence numbers and which topics belong to the recording,
//! and a [`RecordingWriter`] turns those log entries into the file, a slice at a time. The file
//! is JSON lines: a header line, then one line per message (see `format.rs` for the shape).
//! [`parse_recording`] reads such a file back, and a [`Replay`] decides, on a clock passed in
//! as a parameter, when each recorded message is due to be published again.

mod error;
mod file;
mod format;
mod parse;
mod props;
mod recorder;
mod replay;
mod rewrite;
mod time;

pub use error::{FieldProblem, RecordingError, RecordingErrorKind};
pub use file::{RecordedMessage, Recording, RecordingHeader, RECORDING_FORMAT, RECORDING_VERSION};
pub use format::RecordingWriter;
pub use parse::{parse_recording, MAX_RECORDING_BYTES};
pub use props::properties_from_json;
pub use recorder::{FilterError, Recorder};
pub use replay::{Replay, ReplayEnd, ReplaySpeed, SpeedError, MAX_SPEED};
pub use rewrite::{RewriteError, TopicRewrite};
