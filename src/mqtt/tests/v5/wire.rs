//! A small, independent writer of MQTT 5 packets as a broker sends them, byte by byte from the
//! specification, so the session's decoder is never checked against itself. It writes wrong
//! packets as readily as right ones, which the strictness tests need.

/// A packet body under construction.
#[derive(Clone, Default)]
pub(crate) struct Body(pub Vec<u8>);

pub(crate) fn varint(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let mut byte = (value % 128) as u8;
        value /= 128;
        if value > 0 {
            byte |= 0x80;
        }
        out.push(byte);
        if value == 0 {
            break;
        }
    }
}

impl Body {
    pub(crate) fn new() -> Body {
        Body(Vec::new())
    }

    pub(crate) fn u8(mut self, v: u8) -> Body {
        self.0.push(v);
        self
    }

    pub(crate) fn u16(mut self, v: u16) -> Body {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn str(mut self, s: &str) -> Body {
        self = self.u16(s.len() as u16);
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    pub(crate) fn bytes(mut self, b: &[u8]) -> Body {
        self.0.extend_from_slice(b);
        self
    }

    /// A property section: its length, then the properties.
    pub(crate) fn props(mut self, props: Props) -> Body {
        varint(&mut self.0, props.0.len());
        self.0.extend_from_slice(&props.0);
        self
    }

    /// The whole packet: `first` (type and flags), the remaining length, the body.
    pub(crate) fn packet(self, first: u8) -> Vec<u8> {
        let mut out = vec![first];
        varint(&mut out, self.0.len());
        out.extend_from_slice(&self.0);
        out
    }
}

/// A property list under construction; ids are written as given, repeated or not.
#[derive(Clone, Default)]
pub(crate) struct Props(pub Vec<u8>);

impl Props {
    pub(crate) fn new() -> Props {
        Props(Vec::new())
    }

    pub(crate) fn byte(mut self, id: u8, v: u8) -> Props {
        self.0.extend_from_slice(&[id, v]);
        self
    }

    pub(crate) fn two(mut self, id: u8, v: u16) -> Props {
        self.0.push(id);
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn four(mut self, id: u8, v: u32) -> Props {
        self.0.push(id);
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn var(mut self, id: u8, v: usize) -> Props {
        self.0.push(id);
        varint(&mut self.0, v);
        self
    }

    pub(crate) fn str(mut self, id: u8, s: &str) -> Props {
        self.0.push(id);
        self.0.extend_from_slice(&(s.len() as u16).to_be_bytes());
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    pub(crate) fn bin(self, id: u8, b: &[u8]) -> Props {
        let mut p = self;
        p.0.push(id);
        p.0.extend_from_slice(&(b.len() as u16).to_be_bytes());
        p.0.extend_from_slice(b);
        p
    }

    pub(crate) fn user(self, key: &str, value: &str) -> Props {
        let mut p = self.str(0x26, key);
        p.0.extend_from_slice(&(value.len() as u16).to_be_bytes());
        p.0.extend_from_slice(value.as_bytes());
        p
    }
}

/// CONNACK: session present, a reason code, properties.
pub(crate) fn connack(session_present: bool, reason: u8, props: Props) -> Vec<u8> {
    Body::new()
        .u8(u8::from(session_present))
        .u8(reason)
        .props(props)
        .packet(0x20)
}

/// PUBLISH with flags from the arguments.
pub(crate) fn publish(
    topic: &str,
    qos: u8,
    packet_id: u16,
    props: Props,
    payload: &[u8],
) -> Vec<u8> {
    let mut body = Body::new().str(topic);
    if qos > 0 {
        body = body.u16(packet_id);
    }
    body.props(props).bytes(payload).packet(0x30 | (qos << 1))
}

/// PUBACK (0x40), PUBREC (0x50), PUBREL (0x62) or PUBCOMP (0x70), in its 2-, 3- or 4+-byte form.
pub(crate) fn ack(first: u8, packet_id: u16, reason: Option<u8>, props: Option<Props>) -> Vec<u8> {
    let mut body = Body::new().u16(packet_id);
    if let Some(reason) = reason {
        body = body.u8(reason);
    }
    if let Some(props) = props {
        body = body.props(props);
    }
    body.packet(first)
}

pub(crate) fn suback(packet_id: u16, codes: &[u8]) -> Vec<u8> {
    Body::new()
        .u16(packet_id)
        .props(Props::new())
        .bytes(codes)
        .packet(0x90)
}

pub(crate) fn unsuback(packet_id: u16, codes: &[u8]) -> Vec<u8> {
    Body::new()
        .u16(packet_id)
        .props(Props::new())
        .bytes(codes)
        .packet(0xB0)
}

pub(crate) fn disconnect(reason: u8, props: Props) -> Vec<u8> {
    Body::new().u8(reason).props(props).packet(0xE0)
}
