//! The MQTT wire, server side, 3.1.1 and 5.0: framing incoming bytes into one shape of packet
//! ([`packet`]) and encoding what we send ([`encode`] for 3.1.1, [`encode5`] for 5.0).

mod decode5;
pub mod encode;
pub mod encode5;
pub mod framer;
pub mod packet;
mod props;

pub use encode::EncodeError;
pub use framer::{FrameError, Framer, MAX_PACKET_SIZE_V5, MAX_REMAINING_LENGTH};
pub use packet::{
    Connect, ConnectProperties, Disconnect, Inbound, MessageProperties, Publish, Subscribe,
    SubscribeFilter, Unsubscribe, UserProperty, Version,
};
