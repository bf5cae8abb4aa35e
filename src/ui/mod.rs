//! View components. They wire signals to the DOM and hold no protocol logic.

mod app;
mod chunk;
mod combined_log;
mod connect;
mod device_tools;
mod fatal;
mod fields;
mod link;
mod log;
mod message_detail;
mod profiles;
mod protocol;
mod publish;
mod publish_props;
mod registration;
mod server;
mod shadow;
mod shell;
mod subscribe;
mod thing_model;
mod topic_picker;
mod topic_tree;
mod update;
mod words;
mod workspace;

pub use app::App;
pub use connect::ConnectPanel;
pub use device_tools::DeviceToolsPanel;
pub use fatal::{fatal_heading, install_panic_hook, show_fatal_error, FATAL_ERROR_TESTID};
pub use log::MessageLogView;
pub use profiles::ProfileBar;
pub use publish::PublishPanel;
pub use publish_props::PublishPropsEditor;
pub use subscribe::SubscribePanel;
pub use topic_picker::TopicPicker;
pub use topic_tree::TopicTreeView;
