//! Plain models: ordinary Rust types that hold every decision of the app (the connect form,
//! subscriptions, the message log and its views, profiles, payload formats, export). They import
//! only the protocol core and are tested natively; the stores above join them to the browser.

pub mod capability;
pub mod chart;
pub mod codec;
pub mod collection;
pub mod compose;
pub mod connection;
pub mod decoder;
pub mod decoding;
pub mod device_tools;
pub mod diff;
pub mod exchanges;
pub mod export;
pub mod export_props;
pub mod form;
pub mod history;
pub mod log;
pub mod log_entry;
pub mod log_view;
pub mod message_props;
pub mod payload;
pub mod profiles;
pub mod publish_acks;
pub mod publish_props;
pub mod recording;
pub mod registration;
pub mod repeat;
pub mod request_response;
pub mod retained;
pub mod ring;
pub mod server;
pub mod status;
pub mod subscriptions;
pub mod template;
pub mod topic_history;
pub mod topic_tree;
pub mod workspace;

pub use form::{ConnectForm, ConnectPlan, FormError, FormField, Mode, WillError};
pub use log::{Direction, LogEntry, MessageLog};
pub use profiles::{parse_profiles, Profile};
pub use status::Status;
pub use subscriptions::{SubState, Subscriptions};
