//! Sparkplug B topics (`spBv1.0/<group>/<type>/<edge_node>[/<device>]`, `spBv1.0/STATE/<host>`)
//! and STATE payloads.

use super::error::{StateError, TopicError};

/// The namespace every Sparkplug B topic starts with.
pub const NAMESPACE: &str = "spBv1.0";

/// What a node or device message is, from the third topic level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// `NBIRTH`: an edge node is online; its metrics, their aliases and its `bdSeq`.
    NBirth,
    /// `NDEATH`: an edge node is offline (usually its MQTT will).
    NDeath,
    /// `NDATA`: new values of an edge node's metrics.
    NData,
    /// `NCMD`: a command to an edge node.
    NCmd,
    /// `DBIRTH`: a device behind an edge node is online; its metrics and aliases.
    DBirth,
    /// `DDEATH`: a device is offline.
    DDeath,
    /// `DDATA`: new values of a device's metrics.
    DData,
    /// `DCMD`: a command to a device.
    DCmd,
}

impl MessageType {
    /// Every message type.
    pub const ALL: [MessageType; 8] = [
        MessageType::NBirth,
        MessageType::NDeath,
        MessageType::NData,
        MessageType::NCmd,
        MessageType::DBirth,
        MessageType::DDeath,
        MessageType::DData,
        MessageType::DCmd,
    ];

    /// The word in the topic: `NBIRTH`, `DDATA`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::NBirth => "NBIRTH",
            MessageType::NDeath => "NDEATH",
            MessageType::NData => "NDATA",
            MessageType::NCmd => "NCMD",
            MessageType::DBirth => "DBIRTH",
            MessageType::DDeath => "DDEATH",
            MessageType::DData => "DDATA",
            MessageType::DCmd => "DCMD",
        }
    }

    /// Whether the message is about a device (its topic has a fifth level).
    pub fn is_device(self) -> bool {
        matches!(
            self,
            MessageType::DBirth | MessageType::DDeath | MessageType::DData | MessageType::DCmd
        )
    }

    fn parse(word: &str) -> Option<MessageType> {
        MessageType::ALL.into_iter().find(|t| t.as_str() == word)
    }
}

/// A parsed Sparkplug B topic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// A message from or to an edge node, or a device behind one.
    Edge {
        /// The group id (second level).
        group: String,
        /// The message type (third level).
        message_type: MessageType,
        /// The edge node id (fourth level).
        edge_node: String,
        /// The device id (fifth level), for `D…` messages.
        device: Option<String>,
    },
    /// A host application's STATE: `spBv1.0/STATE/<host_id>` (3.0) or `STATE/<host_id>` (2.2).
    State {
        /// The host application id.
        host_id: String,
    },
}

impl Topic {
    /// Parses an MQTT topic as a Sparkplug B topic.
    pub fn parse(topic: &str) -> Result<Topic, TopicError> {
        let levels: Vec<&str> = topic.split('/').collect();
        match levels.as_slice() {
            ["STATE", host] | [NAMESPACE, "STATE", host] => state(host),
            ["STATE", ..] => Err(TopicError::WrongLevels {
                expected: 2,
                got: levels.len(),
            }),
            [NAMESPACE, "STATE", ..] => Err(TopicError::WrongLevels {
                expected: 3,
                got: levels.len(),
            }),
            [NAMESPACE, group, word, rest @ ..] => {
                let message_type = MessageType::parse(word)
                    .ok_or_else(|| TopicError::UnknownMessageType((*word).to_owned()))?;
                let expected = if message_type.is_device() { 5 } else { 4 };
                let (edge_node, device) = match rest {
                    [edge] if !message_type.is_device() => (*edge, None),
                    [edge, device] if message_type.is_device() => (*edge, Some(*device)),
                    _ => {
                        return Err(TopicError::WrongLevels {
                            expected,
                            got: levels.len(),
                        })
                    }
                };
                if group.is_empty() || edge_node.is_empty() || device == Some("") {
                    return Err(TopicError::EmptyId);
                }
                Ok(Topic::Edge {
                    group: (*group).to_owned(),
                    message_type,
                    edge_node: edge_node.to_owned(),
                    device: device.map(str::to_owned),
                })
            }
            _ => Err(TopicError::NotSparkplug),
        }
    }
}

fn state(host: &str) -> Result<Topic, TopicError> {
    if host.is_empty() {
        return Err(TopicError::EmptyId);
    }
    Ok(Topic::State {
        host_id: host.to_owned(),
    })
}

/// A host application's STATE payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostState {
    /// Whether the host application says it is online.
    pub online: bool,
    /// Sparkplug 3.0's `timestamp` (ms since the Unix epoch); 2.2's text has none.
    pub timestamp: Option<u64>,
}

impl HostState {
    /// Reads a STATE payload: 3.0's JSON `{"online": true, "timestamp": 1700000000000}` or
    /// 2.2's text `ONLINE` / `OFFLINE`.
    pub fn parse(payload: &[u8]) -> Result<HostState, StateError> {
        match payload {
            b"ONLINE" => {
                return Ok(HostState {
                    online: true,
                    timestamp: None,
                })
            }
            b"OFFLINE" => {
                return Ok(HostState {
                    online: false,
                    timestamp: None,
                })
            }
            _ => {}
        }
        let json: serde_json::Value =
            serde_json::from_slice(payload).map_err(|_| StateError::NotJson)?;
        let online = json
            .get("online")
            .and_then(serde_json::Value::as_bool)
            .ok_or(StateError::MissingOnline)?;
        let timestamp = match json.get("timestamp") {
            None | Some(serde_json::Value::Null) => None,
            Some(t) => Some(t.as_u64().ok_or(StateError::BadTimestamp)?),
        };
        Ok(HostState { online, timestamp })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_device_and_state_topics() {
        assert_eq!(
            Topic::parse("spBv1.0/Plant1/DDATA/Edge1/Pump"),
            Ok(Topic::Edge {
                group: "Plant1".into(),
                message_type: MessageType::DData,
                edge_node: "Edge1".into(),
                device: Some("Pump".into()),
            })
        );
        assert_eq!(
            Topic::parse("spBv1.0/Plant1/NBIRTH/Edge1"),
            Ok(Topic::Edge {
                group: "Plant1".into(),
                message_type: MessageType::NBirth,
                edge_node: "Edge1".into(),
                device: None,
            })
        );
        for topic in ["spBv1.0/STATE/scada", "STATE/scada"] {
            assert_eq!(
                Topic::parse(topic),
                Ok(Topic::State {
                    host_id: "scada".into()
                })
            );
        }
    }

    #[test]
    fn what_is_not_a_sparkplug_topic() {
        let cases = [
            ("a/b/c", TopicError::NotSparkplug),
            ("spBv1.0", TopicError::NotSparkplug),
            ("spBv1.0/g", TopicError::NotSparkplug),
            (
                "spBv1.0/g/NPING/e",
                TopicError::UnknownMessageType("NPING".into()),
            ),
            (
                "spBv1.0/g/NDATA/e/d",
                TopicError::WrongLevels {
                    expected: 4,
                    got: 5,
                },
            ),
            (
                "spBv1.0/g/DDATA/e",
                TopicError::WrongLevels {
                    expected: 5,
                    got: 4,
                },
            ),
            ("spBv1.0//NDATA/e", TopicError::EmptyId),
            ("spBv1.0/g/DDATA/e/", TopicError::EmptyId),
            ("spBv1.0/STATE/", TopicError::EmptyId),
            (
                "spBv1.0/STATE/a/b",
                TopicError::WrongLevels {
                    expected: 3,
                    got: 4,
                },
            ),
        ];
        for (topic, error) in cases {
            assert_eq!(Topic::parse(topic), Err(error), "{topic}");
        }
    }

    #[test]
    fn state_payloads_of_both_versions() {
        assert_eq!(
            HostState::parse(br#"{"online":true,"timestamp":1700000000000}"#),
            Ok(HostState {
                online: true,
                timestamp: Some(1_700_000_000_000)
            })
        );
        assert_eq!(
            HostState::parse(b"OFFLINE"),
            Ok(HostState {
                online: false,
                timestamp: None
            })
        );
        assert_eq!(HostState::parse(b"online"), Err(StateError::NotJson));
        assert_eq!(
            HostState::parse(br#"{"timestamp":1}"#),
            Err(StateError::MissingOnline)
        );
        assert_eq!(
            HostState::parse(br#"{"online":false,"timestamp":-1}"#),
            Err(StateError::BadTimestamp)
        );
    }
}
