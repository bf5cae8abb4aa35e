//! The connect form as the user typed it, and the link it describes.
//!
//! Fields are kept as the text typed (nothing is lost or reformatted); [`ConnectForm::plan`]
//! turns them into a WebSocket URL and CONNECT options, or says precisely what is wrong.
//!
//! This file only gathers the parts: the form itself (`connect_form`), its typed errors
//! (`error`), its Aliyun device (`aliyun`), the per-input checks (`problems`), the protocol
//! version with its MQTT 5 settings (`mqtt5`, `protocol`) and the link it plans (`plan`).

mod aliyun;
mod connect_form;
mod error;
mod mqtt5;
mod plan;
mod problems;
mod protocol;

pub use connect_form::{ConnectForm, Mode, ALIYUN_KEEPALIVE};
pub use error::{FormError, FormField, WillError};
pub use mqtt5::{
    DeviceKey, Mqtt5Error, Mqtt5Field, Mqtt5Plan, Mqtt5Settings, PropertyRow, RowPart, TextProblem,
    MAX_PACKET_SIZE_LIMIT,
};
pub use plan::ConnectPlan;
pub use problems::check_broker_url;
