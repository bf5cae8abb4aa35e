//! What a Sparkplug B host application keeps between messages: per edge node its birth
//! (aliases, datatypes, `bdSeq`), the next `seq`, whether it is online, and the same for its
//! devices; per host application its STATE.
//!
//! Memory is bounded whatever the broker sends: at most [`MAX_NODES`] edge nodes,
//! [`MAX_DEVICES`] devices in all, [`MAX_HOSTS`] host applications, and [`MAX_BIRTH_BYTES`] of
//! remembered metric definitions. What does not fit is not tracked, and the message that found
//! no room says so ([`Finding::Untracked`]).

use std::collections::HashMap;

use super::datatype::DataType;
use super::error::SparkplugError;
use super::payload::decode_raw;
use super::proto;
use super::topic::{HostState, MessageType, Topic};
use super::value::Payload;

/// The most edge nodes tracked at once.
pub const MAX_NODES: usize = 1024;
/// The most devices tracked at once, over all edge nodes.
pub const MAX_DEVICES: usize = 8192;
/// The most host applications whose STATE is tracked.
pub const MAX_HOSTS: usize = 256;
/// The most memory, roughly, that births' metric definitions may hold: each definition counts
/// 64 bytes plus twice its name (it is found by alias and by name). A birth that does not fit
/// is remembered up to the limit.
pub const MAX_BIRTH_BYTES: usize = 16 << 20;

/// Something a host application would notice about a message, beyond its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The `seq` is not the one after the edge node's previous message (0–255, wrapping).
    SeqGap {
        /// The `seq` that should have come.
        expected: u8,
        /// The `seq` that came.
        got: u64,
    },
    /// A message that must carry a `seq` has none.
    MissingSeq,
    /// A metric's alias is not in the birth of its node or device; it stays unnamed.
    UnknownAlias(u64),
    /// Data, a death or a command for a node or device whose birth was not seen (or that died
    /// since): a host application would ask it to rebirth.
    NoBirth,
    /// An NDEATH whose `bdSeq` is not the current birth's: the will of an older session, which
    /// leaves the node online.
    StaleDeath {
        /// The current NBIRTH's `bdSeq`.
        birth_bd_seq: u64,
        /// The NDEATH's `bdSeq`.
        death_bd_seq: u64,
    },
    /// An NBIRTH or NDEATH without a `bdSeq` metric.
    MissingBdSeq,
    /// A birth gives one alias to two metrics; data by that alias reads as the later one.
    DuplicateAlias(u64),
    /// The node, device, host or birth did not fit the tracker's limits ([`MAX_NODES`],
    /// [`MAX_DEVICES`], [`MAX_HOSTS`], [`MAX_BIRTH_BYTES`]).
    Untracked,
}

/// What a message's payload holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// A node or device message's protobuf payload, names and datatypes filled in from births.
    Payload(Payload),
    /// A host application's STATE.
    State(HostState),
}

/// One message as a host application sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct SparkplugMessage {
    /// The parsed topic: message type, group, edge node, device, or STATE's host id.
    pub topic: Topic,
    /// The decoded payload.
    pub body: Body,
    /// What is off about it, in the order found.
    pub findings: Vec<Finding>,
}

impl SparkplugMessage {
    /// The message type; `None` for STATE.
    pub fn message_type(&self) -> Option<MessageType> {
        match &self.topic {
            Topic::Edge { message_type, .. } => Some(*message_type),
            Topic::State { .. } => None,
        }
    }

    /// The payload, for node and device messages.
    pub fn payload(&self) -> Option<&Payload> {
        match &self.body {
            Body::Payload(p) => Some(p),
            Body::State(_) => None,
        }
    }
}

/// The metric definitions of one birth: alias → (name, datatype), name → (alias, datatype).
#[derive(Default)]
pub(super) struct Births {
    pub(super) by_alias: HashMap<u64, (String, Option<DataType>)>,
    pub(super) by_name: HashMap<String, (Option<u64>, Option<DataType>)>,
    bytes: usize,
}

impl Births {
    /// The definitions of `metrics`, within `budget` bytes. Says when they do not all fit
    /// ([`Finding::Untracked`]) and when an alias names two metrics
    /// ([`Finding::DuplicateAlias`]; the later one wins).
    fn of(metrics: &[proto::Metric], budget: usize, findings: &mut Vec<Finding>) -> Births {
        let mut births = Births::default();
        for m in metrics {
            let Some(name) = &m.name else { continue };
            let cost = 64 + 2 * name.len();
            if births.bytes + cost > budget {
                findings.push(Finding::Untracked);
                break;
            }
            births.bytes += cost;
            let datatype = m.datatype.map(DataType::from_code);
            births.by_name.insert(name.clone(), (m.alias, datatype));
            if let Some(alias) = m.alias {
                if births
                    .by_alias
                    .insert(alias, (name.clone(), datatype))
                    .is_some()
                {
                    findings.push(Finding::DuplicateAlias(alias));
                }
            }
        }
        births
    }
}

#[derive(Default)]
pub(super) struct Device {
    pub(super) online: bool,
    pub(super) births: Births,
}

#[derive(Default)]
pub(super) struct Node {
    online: bool,
    bd_seq: Option<u64>,
    /// The `seq` the next message must carry, once a birth is seen.
    pub(super) next_seq: Option<u8>,
    /// The `seq` of the last data message the console wrote for this node itself
    /// ([`SparkplugState::encode`]), which may not have come back yet.
    pub(super) sent: Option<u8>,
    pub(super) births: Births,
    pub(super) devices: HashMap<String, Device>,
}

/// The state a host application keeps, fed every Sparkplug message in arrival order.
#[derive(Default)]
pub struct SparkplugState {
    pub(super) nodes: HashMap<(String, String), Node>,
    hosts: HashMap<String, HostState>,
    devices: usize,
    birth_bytes: usize,
}

impl SparkplugState {
    /// An empty state: no node, device or host seen.
    pub fn new() -> SparkplugState {
        SparkplugState::default()
    }

    /// Call when a message arrives on a Sparkplug topic, in arrival order. Decodes it, updates
    /// the state (births, `seq`, online, STATE), and returns the message with alias names and
    /// datatypes filled in and what is off about it. A message that does not decode changes
    /// nothing.
    pub fn handle_message(
        &mut self,
        topic: &str,
        payload: &[u8],
    ) -> Result<SparkplugMessage, SparkplugError> {
        let topic = Topic::parse(topic)?;
        let mut findings = Vec::new();
        let body = match &topic {
            Topic::State { host_id } => {
                let state = HostState::parse(payload)?;
                if self.hosts.len() >= MAX_HOSTS && !self.hosts.contains_key(host_id) {
                    findings.push(Finding::Untracked);
                } else {
                    self.hosts.insert(host_id.clone(), state);
                }
                Body::State(state)
            }
            Topic::Edge {
                group,
                message_type,
                edge_node,
                device,
            } => {
                let raw = decode_raw(payload)?;
                let key = (group.clone(), edge_node.clone());
                let payload = self.edge(key, *message_type, device.as_deref(), raw, &mut findings);
                Body::Payload(payload)
            }
        };
        Ok(SparkplugMessage {
            topic,
            body,
            findings,
        })
    }

    /// A message the console itself published, as a host application would read it with the
    /// births seen so far: names and datatypes filled in, unknown aliases flagged, and nothing
    /// changed. Its echo, when the console is subscribed to it, is what [`handle_message`]
    /// tracks: counting the message itself too would make its echo a `seq` gap.
    ///
    /// [`handle_message`]: SparkplugState::handle_message
    pub fn describe_sent(
        &self,
        topic: &str,
        payload: &[u8],
    ) -> Result<SparkplugMessage, SparkplugError> {
        let topic = Topic::parse(topic)?;
        let mut findings = Vec::new();
        let body = match &topic {
            Topic::State { .. } => Body::State(HostState::parse(payload)?),
            Topic::Edge {
                group,
                edge_node,
                device,
                ..
            } => {
                let raw = decode_raw(payload)?;
                let node = self.node(group, edge_node);
                Body::Payload(resolve(node, device.as_deref(), raw, &mut findings))
            }
        };
        Ok(SparkplugMessage {
            topic,
            body,
            findings,
        })
    }

    fn edge(
        &mut self,
        key: (String, String),
        message_type: MessageType,
        device: Option<&str>,
        raw: proto::Payload,
        findings: &mut Vec<Finding>,
    ) -> Payload {
        if message_type == MessageType::NBirth {
            self.node_birth(key.clone(), &raw, findings);
        }
        let Some(node) = self.nodes.get_mut(&key) else {
            findings.push(Finding::NoBirth);
            return resolve(None, device, raw, findings);
        };
        let born = node.next_seq.is_some();
        match message_type {
            MessageType::NBirth => {}
            MessageType::NDeath => {
                if !born {
                    findings.push(Finding::NoBirth);
                }
                let death = bd_seq(&raw);
                if death.is_none() {
                    findings.push(Finding::MissingBdSeq);
                }
                match (node.bd_seq, death) {
                    (Some(birth_bd_seq), Some(death_bd_seq)) if birth_bd_seq != death_bd_seq => {
                        findings.push(Finding::StaleDeath {
                            birth_bd_seq,
                            death_bd_seq,
                        });
                    }
                    _ => {
                        node.online = false;
                        node.next_seq = None;
                        for device in node.devices.values_mut() {
                            device.online = false;
                        }
                    }
                }
            }
            MessageType::NData | MessageType::NCmd => {
                if !born {
                    findings.push(Finding::NoBirth);
                }
                if message_type == MessageType::NData {
                    check_seq(node, raw.seq, findings);
                }
            }
            MessageType::DBirth => {
                if !born {
                    findings.push(Finding::NoBirth);
                }
                check_seq(node, raw.seq, findings);
                let name = device.unwrap_or_default();
                let old = node.devices.get(name).map_or(0, |d| d.births.bytes);
                let budget = MAX_BIRTH_BYTES.saturating_sub(self.birth_bytes.saturating_sub(old));
                if !node.devices.contains_key(name) && self.devices >= MAX_DEVICES {
                    findings.push(Finding::Untracked);
                } else {
                    let births = Births::of(&raw.metrics, budget, findings);
                    if !node.devices.contains_key(name) {
                        self.devices += 1;
                    }
                    self.birth_bytes = self.birth_bytes.saturating_sub(old) + births.bytes;
                    node.devices.insert(
                        name.to_owned(),
                        Device {
                            online: true,
                            births,
                        },
                    );
                }
            }
            MessageType::DDeath | MessageType::DData | MessageType::DCmd => {
                if message_type != MessageType::DCmd {
                    check_seq(node, raw.seq, findings);
                }
                let alive = node
                    .devices
                    .get(device.unwrap_or_default())
                    .is_some_and(|d| d.online);
                if !born || !alive {
                    findings.push(Finding::NoBirth);
                }
                if message_type == MessageType::DDeath {
                    if let Some(d) = node.devices.get_mut(device.unwrap_or_default()) {
                        d.online = false;
                    }
                }
            }
        }
        resolve(Some(&*node), device, raw, findings)
    }

    /// An NBIRTH: a fresh session, so new definitions, `bdSeq` and `seq`, and every device
    /// offline until its own DBIRTH.
    fn node_birth(
        &mut self,
        key: (String, String),
        raw: &proto::Payload,
        findings: &mut Vec<Finding>,
    ) {
        if !self.nodes.contains_key(&key) && self.nodes.len() >= MAX_NODES {
            findings.push(Finding::Untracked);
            return;
        }
        let node = self.nodes.entry(key).or_default();
        let old = node.births.bytes;
        let budget = MAX_BIRTH_BYTES.saturating_sub(self.birth_bytes.saturating_sub(old));
        let births = Births::of(&raw.metrics, budget, findings);
        self.birth_bytes = self.birth_bytes.saturating_sub(old) + births.bytes;
        node.births = births;
        node.online = true;
        node.sent = None;
        node.bd_seq = bd_seq(raw);
        if node.bd_seq.is_none() {
            findings.push(Finding::MissingBdSeq);
        }
        match raw.seq {
            Some(seq) => node.next_seq = Some(wrap_next(seq)),
            None => {
                findings.push(Finding::MissingSeq);
                node.next_seq = Some(0);
            }
        }
        for device in node.devices.values_mut() {
            device.online = false;
        }
    }

    /// Whether the edge node is online (born and not dead); `None` if never seen.
    pub fn node_online(&self, group: &str, edge_node: &str) -> Option<bool> {
        self.node(group, edge_node).map(|n| n.online)
    }

    /// The `bdSeq` of the edge node's current (or last) birth.
    pub fn node_bd_seq(&self, group: &str, edge_node: &str) -> Option<u64> {
        self.node(group, edge_node).and_then(|n| n.bd_seq)
    }

    /// Whether the device is online; `None` if its birth was never seen.
    pub fn device_online(&self, group: &str, edge_node: &str, device: &str) -> Option<bool> {
        self.node(group, edge_node)
            .and_then(|n| n.devices.get(device))
            .map(|d| d.online)
    }

    /// A host application's last STATE.
    pub fn host(&self, host_id: &str) -> Option<HostState> {
        self.hosts.get(host_id).copied()
    }

    /// How many edge nodes, devices and host applications are tracked.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.nodes.len(), self.devices, self.hosts.len())
    }

    fn node(&self, group: &str, edge_node: &str) -> Option<&Node> {
        self.nodes.get(&(group.to_owned(), edge_node.to_owned()))
    }
}

/// `raw` with each metric's name and datatype filled in from the births of `device` (when
/// there is one) or of `node`; an alias neither knows is flagged.
fn resolve(
    node: Option<&Node>,
    device: Option<&str>,
    raw: proto::Payload,
    findings: &mut Vec<Finding>,
) -> Payload {
    let device = node
        .zip(device)
        .and_then(|(n, d)| n.devices.get(d))
        .map(|d| &d.births);
    let node = node.map(|n| &n.births);
    Payload::from_proto(raw, |m| {
        let found = match (&m.name, m.alias) {
            (Some(name), _) => device
                .and_then(|b| b.by_name.get(name))
                .or_else(|| node.and_then(|b| b.by_name.get(name)))
                .map(|&(_, t)| (name.clone(), t)),
            (None, Some(alias)) => device
                .and_then(|b| b.by_alias.get(&alias))
                .or_else(|| node.and_then(|b| b.by_alias.get(&alias)))
                .cloned(),
            (None, None) => None,
        };
        if let (None, None, Some(alias)) = (&found, &m.name, m.alias) {
            findings.push(Finding::UnknownAlias(alias));
        }
        found
    })
}

/// The `seq` after `seq`, modulo 256.
fn wrap_next(seq: u64) -> u8 {
    ((seq % 256) as u8).wrapping_add(1)
}

/// Checks a message's `seq` against the node's expected one, then expects the next.
fn check_seq(node: &mut Node, seq: Option<u64>, findings: &mut Vec<Finding>) {
    let Some(expected) = node.next_seq else {
        return;
    };
    match seq {
        None => findings.push(Finding::MissingSeq),
        Some(got) => {
            if got != u64::from(expected) {
                findings.push(Finding::SeqGap { expected, got });
            }
            // Resynchronise, so one gap is one finding.
            node.next_seq = Some(wrap_next(got));
        }
    }
}

/// The `bdSeq` metric's value.
fn bd_seq(raw: &proto::Payload) -> Option<u64> {
    raw.metrics
        .iter()
        .find(|m| m.name.as_deref() == Some("bdSeq"))
        .and_then(|m| match m.value {
            Some(proto::MetricValue::LongValue(v)) => Some(v),
            Some(proto::MetricValue::IntValue(v)) => Some(v.into()),
            _ => None,
        })
}
