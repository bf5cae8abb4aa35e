//! MQTT 5 session tests against a scripted broker whose packets come from the independent
//! writer in `wire`; what the session sends is read back with `mqttbytes::v5`'s reader.

pub(crate) mod wire;
