//! A bare MQTT 5 client for the tests: packets built and read by `mqttbytes::v5` (each written
//! into its own buffer), sent over plain TCP. It does only what a test asks, nothing by itself.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use bytes::BytesMut;
use mqtt_console::aliyun::{sign, SignMethod};
use mqttbytes::v5::{
    read, ConnAck, Connect, ConnectProperties, Packet, Publish, PublishProperties, Subscribe,
    SubscribeFilter,
};
use mqttbytes::QoS;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const PK: &str = "a1MqttDemo1";

/// A signed MQTT 5 login of a demo-product device: `${id}|securemode=3,signmethod=hmacsha1|`.
pub fn login(device_name: &str, secret: &str, id: &str, keep_alive: u16) -> Connect {
    let content = format!("clientId{id}deviceName{device_name}productKey{PK}");
    let mut connect = Connect::new(format!("{id}|securemode=3,signmethod=hmacsha1|"));
    connect.keep_alive = keep_alive;
    connect.set_login(
        format!("{device_name}&{PK}"),
        sign(SignMethod::HmacSha1, secret, &content),
    );
    connect
}

/// CONNECT properties with only the user properties set.
pub fn with_user_properties(mut connect: Connect, list: Vec<(String, String)>) -> Connect {
    connect.properties = Some(ConnectProperties {
        session_expiry_interval: None,
        receive_maximum: None,
        max_packet_size: None,
        topic_alias_max: None,
        request_response_info: None,
        request_problem_info: None,
        user_properties: list,
        authentication_method: None,
        authentication_data: None,
    });
    connect
}

/// Empty PUBLISH properties, to fill in.
pub fn publish_properties() -> PublishProperties {
    PublishProperties {
        payload_format_indicator: None,
        message_expiry_interval: None,
        topic_alias: None,
        response_topic: None,
        correlation_data: None,
        user_properties: Vec::new(),
        subscription_identifiers: Vec::new(),
        content_type: None,
    }
}

/// `n` user properties `k1=v1`, `k2=v2`, …
pub fn numbered(n: usize) -> Vec<(String, String)> {
    (1..=n)
        .map(|i| (format!("k{i}"), format!("v{i}")))
        .collect()
}

pub struct Client5 {
    stream: TcpStream,
    buf: BytesMut,
}

impl Client5 {
    /// Connects and returns the client with the server's CONNACK (`None`: no CONNACK).
    pub async fn connect(addr: SocketAddr, connect: &Connect) -> (Client5, Option<ConnAck>) {
        let stream = TcpStream::connect(addr).await.unwrap();
        let mut client = Client5 {
            stream,
            buf: BytesMut::new(),
        };
        let mut bytes = BytesMut::new();
        connect.write(&mut bytes).unwrap();
        client.send_raw(&bytes).await;
        let ack = match client.next(Duration::from_secs(5)).await {
            Some(Packet::ConnAck(ack)) => Some(ack),
            _ => None,
        };
        (client, ack)
    }

    /// Connects and insists on CONNACK success.
    pub async fn connected(addr: SocketAddr, connect: &Connect) -> (Client5, ConnAck) {
        let (client, ack) = Client5::connect(addr, connect).await;
        let ack = ack.expect("a CONNACK");
        assert_eq!(ack.code, mqttbytes::v5::ConnectReturnCode::Success);
        (client, ack)
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        // The server may have closed already; the test reads what it said.
        let _ = self.stream.write_all(bytes).await;
    }

    pub async fn publish(&mut self, publish: &Publish) {
        let mut bytes = BytesMut::new();
        publish.write(&mut bytes).unwrap();
        self.send_raw(&bytes).await;
    }

    /// SUBSCRIBE with one filter and its options; returns the SUBACK's reason codes.
    pub async fn subscribe(&mut self, filter: SubscribeFilter, id: Option<usize>) -> Vec<u8> {
        self.subscribe_many(vec![filter], id).await
    }

    pub async fn subscribe_many(
        &mut self,
        filters: Vec<SubscribeFilter>,
        id: Option<usize>,
    ) -> Vec<u8> {
        let mut subscribe = Subscribe::new_many(filters);
        subscribe.pkid = 1;
        subscribe.properties = id.map(|id| mqttbytes::v5::SubscribeProperties {
            id: Some(id),
            user_properties: Vec::new(),
        });
        let mut bytes = BytesMut::new();
        subscribe.write(&mut bytes).unwrap();
        self.send_raw(&bytes).await;
        loop {
            match self.next(Duration::from_secs(5)).await {
                Some(Packet::SubAck(ack)) => {
                    return ack.return_codes.iter().map(|c| *c as u8).collect()
                }
                Some(_) => continue,
                None => panic!("no SUBACK"),
            }
        }
    }

    /// The next packet from the server; `None` after `limit` or when it closed.
    pub async fn next(&mut self, limit: Duration) -> Option<Packet> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if !self.buf.is_empty() {
                match read(&mut self.buf, 1 << 20) {
                    Ok(packet) => return Some(packet),
                    Err(mqttbytes::Error::InsufficientBytes(_)) => {}
                    Err(e) => panic!("the server sent something unreadable: {e:?}"),
                }
            }
            let mut chunk = [0u8; 4096];
            let read = tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await;
            match read {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return None,
                Ok(Ok(n)) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// The next PUBLISH within `limit`, skipping other packets.
    pub async fn message(&mut self, limit: Duration) -> Option<Publish> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                Packet::Publish(p) => return Some(p),
                _ => continue,
            }
        }
    }

    /// Sends DISCONNECT (normal) and drops the connection.
    pub async fn disconnect(mut self) {
        self.send_raw(&[0xE0, 0x00]).await;
    }
}

/// A subscription filter with QoS 1 and the given no local.
pub fn filter(path: &str, no_local: bool) -> SubscribeFilter {
    let mut f = SubscribeFilter::new(path.to_string(), QoS::AtLeastOnce);
    f.set_nolocal(no_local);
    f
}
