//! Reactive stores: thin signal handles that call a model and hand what it decided to the
//! platform (the socket, storage, timers). Views read and act through them.

pub mod collections;
pub mod connection;
pub mod decoding;
pub mod device_tools;
pub mod link;
pub mod log_store;
pub mod profiles;
pub mod recording;
pub mod registration;
pub mod timers;
pub mod update;
pub mod workspace;

pub use connection::Connection;
