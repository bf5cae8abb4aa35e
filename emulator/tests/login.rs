//! CONNECT over the wire: Aliyun's client id, signature, keepalive and protocol rules, the
//! kick on a second login, and the WebSocket endpoint.

mod common;

use aliyun_emulator::registry::DEMO_DEVICE_SECRET;
use bytes::BytesMut;
use common::*;
use mqtt_console::aliyun::{sign, SignMethod};
use mqtt_console::mqtt::{ConnectOptions, Event};
use mqttbytes::v4::{Connect, LastWill};
use mqttbytes::QoS as WireQoS;

fn options(client_id: &str, username: &str, password: &str, keepalive_secs: u16) -> ConnectOptions {
    ConnectOptions {
        client_id: client_id.into(),
        username: Some(username.into()),
        password: Some(password.into()),
        keepalive_secs,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    }
}

fn demo_sign(method: SignMethod, content: &str) -> String {
    sign(method, DEMO_DEVICE_SECRET, content)
}

#[tokio::test]
async fn sign_methods_timestamps_and_extra_params_over_tcp() {
    let emu = start().await;
    let user = format!("{DN}&{PK}");
    let cases = [
        (
            "pk.dn|securemode=3,signmethod=hmacmd5,timestamp=1700000000000|",
            demo_sign(SignMethod::HmacMd5, &format!("clientIdpk.dndeviceName{DN}productKey{PK}timestamp1700000000000")),
        ),
        (
            // The JS SDK's form: extras after the timestamp, lower-case hex.
            "a1MqttDemo1&console-demo|securemode=2,signmethod=hmacsha1,timestamp=42,lan=NodeJS,_v=1.2.8|",
            demo_sign(SignMethod::HmacSha1, &format!("clientIda1MqttDemo1&console-demodeviceName{DN}productKey{PK}timestamp42"))
                .to_lowercase(),
        ),
        (
            "sn-1|gw=0,ext=1,signmethod=HmacSHA256,securemode=3|",
            demo_sign(SignMethod::HmacSha256, &format!("clientIdsn-1deviceName{DN}productKey{PK}")),
        ),
    ];
    for (client_id, password) in cases {
        let (client, ack) = Client::tcp(emu.tcp, options(client_id, &user, &password, 60)).await;
        assert!(
            matches!(
                ack,
                Some(Event::Connected {
                    session_present: false
                })
            ),
            "{client_id}: {ack:?}"
        );
        client.disconnect().await;
    }
    emu.running.shutdown().await;
}

#[tokio::test]
async fn refusals_carry_aliyuns_codes_and_are_logged() {
    let emu = start().await;
    let user = format!("{DN}&{PK}");
    let good = demo_sign(
        SignMethod::HmacSha1,
        &format!("clientIdcdeviceName{DN}productKey{PK}"),
    );
    let cases = [
        ("plain-client-id", user.clone(), good.clone(), 60, 2),
        ("c|signmethod=hmacsha1|", user.clone(), good.clone(), 60, 2),
        (
            "c|securemode=3,signmethod=hmacsha512|",
            user.clone(),
            good.clone(),
            60,
            2,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            user.clone(),
            good.clone(),
            29,
            2,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            user.clone(),
            good.clone(),
            1201,
            2,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            user.clone(),
            "BAD".to_string(),
            60,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            format!("nobody-here&{PK}"),
            good.clone(),
            60,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            "console-demo&a1Unknown".into(),
            good.clone(),
            60,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1,timestamp=1|",
            user.clone(),
            good.clone(),
            60,
            4,
        ),
    ];
    for (client_id, username, password, keepalive, code) in &cases {
        let (mut client, ack) =
            Client::tcp(emu.tcp, options(client_id, username, password, *keepalive)).await;
        assert_eq!(
            ack,
            Some(Event::Refused { code: *code }),
            "{client_id} {username} {keepalive}"
        );
        assert!(
            client.closed_within(WAIT).await,
            "the server closes after a refusal"
        );
    }
    let refused = log_kind(emu.http, "connect_refused").await;
    assert_eq!(refused.len(), cases.len());
    assert!(
        refused[3]["detail"].as_str().unwrap().contains("keepalive"),
        "{}",
        refused[3]
    );
    assert_eq!(refused[5]["deviceName"], DN);
    emu.running.shutdown().await;
}

/// CONNECT written by `mqttbytes` into a fresh buffer (the Session API has no will).
fn raw_connect(will: bool) -> Vec<u8> {
    let options = demo_options();
    let mut connect = Connect::new(options.client_id);
    connect.keep_alive = 60;
    connect.set_login(options.username.unwrap(), options.password.unwrap());
    if will {
        connect.last_will = Some(LastWill::new(
            "/a1MqttDemo1/console-demo/user/update",
            "bye",
            WireQoS::AtMostOnce,
            false,
        ));
    }
    let mut buf = BytesMut::new();
    connect.write(&mut buf).unwrap();
    buf.to_vec()
}

#[tokio::test]
async fn will_and_old_protocols_are_refused() {
    let emu = start().await;
    // Sanity: the same hand-made CONNECT without a will is accepted.
    let mut ok = raw_tcp(emu.tcp, &raw_connect(false)).await;
    let mut first = [0u8; 4];
    tokio::io::AsyncReadExt::read_exact(&mut ok, &mut first)
        .await
        .unwrap();
    assert_eq!(first, [0x20, 0x02, 0x00, 0x00]);

    let mut with_will = raw_tcp(emu.tcp, &raw_connect(true)).await;
    assert_eq!(read_all(&mut with_will).await, vec![0x20, 0x02, 0x00, 0x02]);

    for (name, level) in [(&b"MQTT"[..], 5u8), (&b"MQTT"[..], 3), (&b"MQIsdp"[..], 3)] {
        let mut body = vec![0, name.len() as u8];
        body.extend_from_slice(name);
        body.extend_from_slice(&[level, 0x02, 0, 60, 0, 1, b'c']);
        let mut packet = vec![0x10, body.len() as u8];
        packet.extend(body);
        let mut stream = raw_tcp(emu.tcp, &packet).await;
        assert_eq!(
            read_all(&mut stream).await,
            vec![0x20, 0x02, 0x00, 0x01],
            "level {level}"
        );
    }
    let refused = log_kind(emu.http, "connect_refused").await;
    assert!(
        refused[0]["detail"].as_str().unwrap().contains("will"),
        "{}",
        refused[0]
    );
    emu.running.shutdown().await;
}

#[tokio::test]
async fn a_second_login_kicks_the_first() {
    let emu = start().await;
    let mut first =
        Client::connected_tcp(emu.tcp, device_options(DN, DEMO_DEVICE_SECRET, "first")).await;
    let second =
        Client::connected_tcp(emu.tcp, device_options(DN, DEMO_DEVICE_SECRET, "second")).await;
    assert!(
        first.closed_within(WAIT).await,
        "the first connection is closed"
    );
    let kicked = log_kind(emu.http, "kicked").await;
    assert_eq!(kicked.len(), 1);
    assert!(
        kicked[0]["detail"].as_str().unwrap().contains("\"first\""),
        "{}",
        kicked[0]
    );
    let (_, online) = get(emu.http, "/api/devices/online").await;
    let devices = online["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["clientId"], "second");
    assert!(devices[0]["connectedAt"].as_u64().unwrap() > 0);
    second.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn websocket_paths_and_subprotocol() {
    let emu = start().await;
    for path in ["/", "/mqtt"] {
        let (client, ack) = Client::ws(emu.ws, path, demo_options()).await;
        assert!(
            matches!(ack, Some(Event::Connected { .. })),
            "{path}: {ack:?}"
        );
        client.disconnect().await;
    }
    match ws_connect(emu.ws, "/other", true).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 404)
        }
        other => panic!("expected 404, got {:?}", other.map(|_| ())),
    }
    // A client that offers no subprotocol still gets in (and none is claimed).
    assert!(ws_connect(emu.ws, "/mqtt", false).await.is_ok());
    emu.running.shutdown().await;
}
