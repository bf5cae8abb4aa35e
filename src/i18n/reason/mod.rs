//! The words of MQTT 5 reason codes (`crate::mqtt::ReasonCode`): one plain sentence per code and
//! packet, for a developer who has not read the spec, and a short name with the hex for tables
//! and log columns. A code may mean different things on different packets (0x00 is "connection
//! accepted" on CONNACK and "granted QoS 0" on SUBACK), so [`describe`] takes the packet too.
//!
//! Sentences word what the server sent: a DISCONNECT is one the server sent us, so its words say
//! "the server closed the connection". Where the user can do something about it, the sentence
//! says what. Every code has its own arm, without a catch-all, so a code added to the core does
//! not compile until it has its words.

mod names;
mod sentences;
#[cfg(test)]
mod tests;

pub use names::short;
pub use sentences::describe;
