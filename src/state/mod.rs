//! Reactive application state: the live connection, subscriptions, the message log, profiles.
//!
//! The plain-data types here (`MessageLog`, `Subscriptions`, `ConnectForm`, …) hold the logic and
//! are tested natively; `Console` wires them to the session, the transport and Leptos signals.

pub mod console;
pub mod device_tools;
pub mod form;
pub mod history;
pub mod log;
pub mod log_store;
pub mod log_view;
pub mod payload;
pub mod probe;
pub mod profile;
pub mod registration;
pub mod status;
pub mod subscriptions;

pub use console::Console;
pub use form::{ConnectForm, ConnectPlan, FormError, Mode};
pub use log::{Direction, LogEntry, MessageLog};
pub use profile::{parse_profiles, Profile};
pub use status::Status;
pub use subscriptions::{SubState, Subscriptions};
pub mod export;
pub mod profiles;
pub mod topic_tree;
