//! Sparkplug B (Eclipse Tahu, `spBv1.0`): topics, payloads and the state a host application
//! keeps.
//!
//! - [`Topic::parse`] reads `spBv1.0/<group>/<type>/<edge_node>[/<device>]` and STATE topics;
//!   [`HostState::parse`] reads STATE payloads (3.0's JSON and 2.2's `ONLINE` / `OFFLINE`).
//! - [`decode`] reads a `Payload` protobuf into typed values ([`Payload`], [`Value`]) with the
//!   datatypes it carries; [`SparkplugState::handle_message`] does the same with names and
//!   datatypes from the births, and checks `seq`, `bdSeq`, aliases and births ([`Finding`]).
//! - [`Payload::pretty`] shows the result as text, [`Payload::to_json`] as JSON.
//! - [`SparkplugState::encode`] writes NDATA, DDATA, NCMD and DCMD payloads from JSON with
//!   the aliases and datatypes of the last birth.
//!
//! The protobuf messages are hand-written `prost` structs (`proto`), so there is no build
//! script and no `protoc`. Before prost sees a payload, a wire walk of our own
//! (`wire`) checks it against the schema: it gives a failure's byte offset, which prost does
//! not, and refuses payloads that nest deeper than [`MAX_NESTING`] or hold more than
//! [`MAX_ITEMS`] messages before anything is allocated.
//!
//! Nothing here panics on input. Like the rest of `codec`, these files use only each other,
//! their crates (`prost`, `serde_json`) and the codec's renderer.

mod array;
mod datatype;
mod encode;
mod error;
mod json;
mod payload;
pub mod proto;
mod render;
mod state;
mod topic;
mod value;
mod wire;

// Native only: the tests read their vectors from disk and use proptest (a native dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use datatype::DataType;
pub use encode::{SparkplugEncodeError, Wanted};
pub use error::{PayloadError, PayloadReason, SparkplugError, StateError, TopicError};
pub use payload::decode;
pub use state::{
    Body, Finding, SparkplugMessage, SparkplugState, MAX_BIRTH_BYTES, MAX_DEVICES, MAX_HOSTS,
    MAX_NODES,
};
pub use topic::{HostState, MessageType, Topic, NAMESPACE};
pub use value::{DataSet, Metric, Payload, PropertySet, Template, Value};
pub use wire::{MAX_ITEMS, MAX_NESTING};
