//! The MQTT 3.1.1 wire, server side: framing incoming bytes and encoding what we send.

pub mod encode;
pub mod framer;

pub use encode::EncodeError;
pub use framer::{FrameError, Framer, Inbound, MAX_REMAINING_LENGTH};
