//! Why the emulator could not start.

use std::fmt;
use std::io;
use std::net::SocketAddr;

use crate::registry::RegistryError;

/// A startup failure. Bad input (`Usage`, `Registry`) should exit with code 2, the rest with 1.
#[derive(Debug)]
pub enum EmulatorError {
    /// Neither `--ws` nor `--tcp`: nothing for a device to connect to.
    NoMqttListener,
    /// Bad command-line input that clap could not catch (e.g. `--device` format).
    Usage(String),
    Registry(RegistryError),
    Bind {
        listener: &'static str,
        addr: SocketAddr,
        source: io::Error,
    },
}

impl EmulatorError {
    /// Whether this is the user's input rather than the machine (exit code 2 vs 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            EmulatorError::NoMqttListener | EmulatorError::Usage(_) | EmulatorError::Registry(_)
        )
    }
}

impl fmt::Display for EmulatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmulatorError::NoMqttListener => {
                f.write_str("nothing to listen on: give --ws ADDR and/or --tcp ADDR")
            }
            EmulatorError::Usage(message) => f.write_str(message),
            EmulatorError::Registry(e) => write!(f, "{e}"),
            EmulatorError::Bind {
                listener,
                addr,
                source,
            } => write!(f, "cannot listen for {listener} on {addr}: {source}"),
        }
    }
}

impl std::error::Error for EmulatorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EmulatorError::Registry(e) => Some(e),
            EmulatorError::Bind { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<RegistryError> for EmulatorError {
    fn from(e: RegistryError) -> EmulatorError {
        EmulatorError::Registry(e)
    }
}
