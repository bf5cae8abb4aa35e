//! What the device tools decide, on plain values.

use super::*;
use crate::aliyun::{AlinkError, DeviceIdentity, ReplyRule};

const DEV: DeviceIdentity<'static> = DeviceIdentity {
    product_key: "pk",
    device_name: "dn",
};

fn publish_of(sends: &[ToolSend]) -> (&str, String) {
    match sends.last() {
        Some(ToolSend::Publish { topic, payload }) => (
            topic.as_str(),
            String::from_utf8_lossy(payload).into_owned(),
        ),
        other => panic!("expected a publish, got {other:?}"),
    }
}

#[test]
fn ntp_subscribes_first_then_asks_and_reads_the_offset() {
    let mut tools = DeviceTools::default();
    let sends = tools.ntp.sync(Some(DEV), 1_000).unwrap();
    assert_eq!(
        sends[0],
        ToolSend::subscribe("/ext/ntp/pk/dn/response".into())
    );
    let (topic, payload) = publish_of(&sends);
    assert_eq!(topic, "/ext/ntp/pk/dn/request");
    assert_eq!(payload, "{\"deviceSendTime\":\"1000\"}");
    // Sent at 1000, server got it at 1500 and answered at 1500, back at 1200 device time:
    // the server is 1500 - (1000 + 1200) / 2 = 400 ms ahead.
    let reply = br#"{"deviceSendTime":"1000","serverRecvTime":"1500","serverSendTime":"1500"}"#;
    let answers = tools.observe(DEV, "/ext/ntp/pk/dn/response", reply, 1_200);
    assert!(answers.is_empty());
    assert_eq!(tools.ntp.offset, Some(400));
    assert_eq!(tools.ntp.error, None);

    tools.observe(DEV, "/ext/ntp/pk/dn/response", b"nope", 1_300);
    assert!(matches!(tools.ntp.error, Some(ToolError::Ntp(_))));
    assert_eq!(
        tools.ntp.offset,
        Some(400),
        "a bad reply keeps the last offset"
    );
}

#[test]
fn ntp_at_connect_only_when_asked_and_with_a_device() {
    let mut tools = DeviceTools::default();
    assert!(tools.on_connected(Some(DEV), 5).is_empty());
    tools.ntp.on_connect = true;
    assert!(tools.on_connected(None, 5).is_empty());
    let sends = tools.on_connected(Some(DEV), 5);
    assert_eq!(sends.len(), 2);
    assert_eq!(publish_of(&sends).0, "/ext/ntp/pk/dn/request");
}

#[test]
fn every_action_needs_a_connected_device() {
    let mut tools = DeviceTools::default();
    assert_eq!(tools.ntp.sync(None, 0), Err(ToolError::NoDevice));
    assert_eq!(tools.rrpc.listen(None), Err(ToolError::NoDevice));
    assert_eq!(tools.rrpc.reply(None, "1"), Err(ToolError::NoDevice));
    assert_eq!(tools.calls.listen(None), Err(ToolError::NoDevice));
    assert_eq!(tools.calls.answer(None, "1", 200), Err(ToolError::NoDevice));
    assert_eq!(tools.shadow.get(None), Err(ToolError::NoDevice));
    assert_eq!(
        tools.posts.property_post(None, "{}"),
        Err(ToolError::NoDevice)
    );
}

#[test]
fn rrpc_requests_wait_for_a_reply_by_hand_answered_once() {
    let mut tools = DeviceTools::default();
    assert_eq!(
        tools.rrpc.listen(Some(DEV)).unwrap(),
        vec![ToolSend::subscribe("/sys/pk/dn/rrpc/request/+".into())]
    );
    let sends = tools.observe(DEV, "/sys/pk/dn/rrpc/request/42", b"ping", 7);
    assert!(sends.is_empty());
    assert_eq!(
        tools.rrpc.requests,
        vec![RrpcRequest {
            message_id: "42".into(),
            payload: "ping".into(),
            received_ms: 7,
            state: RrpcState::Pending,
        }]
    );
    tools.rrpc.reply = "pong".into();
    let sends = tools.rrpc.reply(Some(DEV), "42").unwrap();
    assert_eq!(
        publish_of(&sends),
        ("/sys/pk/dn/rrpc/response/42", "pong".to_owned())
    );
    assert_eq!(tools.rrpc.requests[0].state, RrpcState::Replied);
    assert!(tools.rrpc.reply(Some(DEV), "42").unwrap().is_empty());
    assert!(tools.rrpc.reply(Some(DEV), "unknown").unwrap().is_empty());
}

#[test]
fn rrpc_requests_are_answered_at_once_when_automatic() {
    let mut tools = DeviceTools::default();
    tools.rrpc.auto = true;
    let sends = tools.observe(DEV, "/sys/pk/dn/rrpc/request/9", b"{}", 1);
    assert_eq!(
        publish_of(&sends),
        (
            "/sys/pk/dn/rrpc/response/9",
            "{\"result\":\"ok\"}".to_owned()
        )
    );
    assert_eq!(tools.rrpc.requests[0].state, RrpcState::Replied);
    assert!(tools.rrpc.reply(Some(DEV), "9").unwrap().is_empty());
}

#[test]
fn rows_are_bounded() {
    let mut tools = DeviceTools::default();
    for i in 0..MAX_ROWS + 5 {
        tools.observe(DEV, &format!("/sys/pk/dn/rrpc/request/{i}"), b"", 0);
    }
    assert_eq!(tools.rrpc.requests.len(), MAX_ROWS);
    assert_eq!(tools.rrpc.requests[0].message_id, "5");
}

#[test]
fn posts_take_ids_in_turn_and_replies_match_by_id() {
    let mut tools = DeviceTools::default();
    let plan = tools
        .posts
        .property_post(Some(DEV), "{\"Temperature\":21.5}")
        .unwrap();
    assert_eq!(
        plan.sends[0],
        ToolSend::subscribe("/sys/pk/dn/thing/event/+/post_reply".into())
    );
    let (topic, payload) = publish_of(&plan.sends);
    assert_eq!(topic, "/sys/pk/dn/thing/event/property/post");
    assert!(
        payload.contains("\"id\":\"1\"") && payload.contains("\"ack\":1"),
        "{payload}"
    );
    assert_eq!(plan.post.id, "1");
    assert_eq!(plan.post.what, "property");
    tools.posts.posted(plan.post);

    let plan = tools
        .posts
        .event_post(Some(DEV), "Error", "{\"ErrorCode\":0}", 99)
        .unwrap();
    assert_eq!(
        publish_of(&plan.sends).0,
        "/sys/pk/dn/thing/event/Error/post"
    );
    assert_eq!(plan.post.id, "2");
    assert_eq!(plan.post.what, "Error");
    tools.posts.posted(plan.post);

    let reply = br#"{"id":"2","code":6106,"message":"too many"}"#;
    assert!(tools
        .observe(DEV, "/sys/pk/dn/thing/event/Error/post_reply", reply, 0)
        .is_empty());
    tools.observe(
        DEV,
        "/sys/pk/dn/thing/event/property/post_reply",
        br#"{"id":1,"code":200}"#,
        0,
    );
    assert_eq!(tools.posts.list[0].reply, Some((200, String::new())));
    assert_eq!(tools.posts.list[1].reply, Some((6106, "too many".into())));
}

#[test]
fn a_post_not_sent_uses_no_id_and_bad_params_are_typed() {
    let tools = DeviceTools::default();
    let plan = tools.posts.property_post(Some(DEV), "{}").unwrap();
    // Not passed to `posted`: the send failed.
    drop(plan);
    let plan = tools.posts.property_post(Some(DEV), "{}").unwrap();
    assert_eq!(plan.post.id, "1");
    assert!(tools.posts.list.is_empty());
    assert!(matches!(
        tools.posts.property_post(Some(DEV), "{"),
        Err(ToolError::Alink(AlinkError::ParamsNotJson { .. }))
    ));
    assert!(matches!(
        tools.posts.event_post(Some(DEV), "bad id", "{}", 0),
        Err(ToolError::Alink(AlinkError::BadIdentifier(_)))
    ));
}

#[test]
fn sys_ack_off_asks_for_no_reply() {
    let mut tools = DeviceTools::default();
    tools.posts.ack = false;
    let plan = tools.posts.property_post(Some(DEV), "{}").unwrap();
    assert!(publish_of(&plan.sends).1.contains("\"ack\":0"));
}

const SET: &str = "/sys/pk/dn/thing/service/property/set";

#[test]
fn calls_wait_for_an_answer_by_hand_answered_once() {
    let mut tools = DeviceTools::default();
    assert_eq!(
        tools.calls.listen(Some(DEV)).unwrap(),
        vec![ToolSend::subscribe("/sys/pk/dn/thing/service/#".into())]
    );
    let call = br#"{"id":"5","method":"thing.service.property.set","params":{"on":1}}"#;
    assert!(tools.observe(DEV, SET, call, 0).is_empty());
    assert_eq!(tools.calls.rows[0].id, "5");
    assert_eq!(tools.calls.rows[0].identifier, "property/set");
    assert_eq!(tools.calls.rows[0].answered, None);

    tools.calls.data = "{\"ok\":true}".into();
    let sends = tools.calls.answer(Some(DEV), "5", 460).unwrap();
    let (topic, payload) = publish_of(&sends);
    assert_eq!(topic, "/sys/pk/dn/thing/service/property/set_reply");
    assert!(
        payload.contains("\"code\":460") && payload.contains("\"ok\":true"),
        "{payload}"
    );
    assert_eq!(tools.calls.rows[0].answered, Some(460));
    assert!(tools.calls.answer(Some(DEV), "5", 200).unwrap().is_empty());
}

#[test]
fn calls_are_answered_by_rule() {
    let mut tools = DeviceTools::default();
    tools.calls.rule = ReplyRule::Echo;
    let call = br#"{"id":"6","params":{"on":1}}"#;
    let sends = tools.observe(DEV, SET, call, 0);
    let (_, payload) = publish_of(&sends);
    assert!(payload.contains("\"data\":{\"on\":1}"), "{payload}");
    assert_eq!(tools.calls.rows[0].answered, Some(200));

    tools.calls.rule = ReplyRule::Fixed;
    tools.calls.data = "{\"fixed\":2}".into();
    let sends = tools.observe(DEV, "/sys/pk/dn/thing/service/Reboot", br#"{"id":"7"}"#, 0);
    assert!(publish_of(&sends).1.contains("\"fixed\":2"));
    assert_eq!(tools.calls.rows[1].identifier, "Reboot");

    tools.calls.data = "{oops".into();
    assert!(tools.observe(DEV, SET, br#"{"id":"8"}"#, 0).is_empty());
    assert!(matches!(
        tools.calls.error,
        Some(ToolError::Alink(AlinkError::ReplyNotJson { .. }))
    ));
    assert_eq!(tools.calls.rows[2].answered, None);
    assert!(matches!(
        tools.calls.answer(Some(DEV), "8", 200),
        Err(ToolError::Alink(AlinkError::ReplyNotJson { .. }))
    ));
}

#[test]
fn an_unreadable_call_is_an_error_not_a_row() {
    let mut tools = DeviceTools::default();
    assert!(tools.observe(DEV, SET, b"not json", 0).is_empty());
    assert!(tools.calls.rows.is_empty());
    assert!(matches!(tools.calls.error, Some(ToolError::Alink(_))));
}

#[test]
fn reply_codes_must_be_whole_numbers() {
    assert_eq!(parse_reply_code(" 200 "), Ok(200));
    assert_eq!(
        parse_reply_code("2x"),
        Err(ToolError::BadReplyCode("2x".into()))
    );
}

const SHADOW: &str = "/shadow/get/pk/dn";

fn shadow_doc(version: u64, desired: &str) -> Vec<u8> {
    format!(
        r#"{{"method":"reply","payload":{{"status":"success","state":{{"reported":{{"color":"red"}},"desired":{desired}}}}},"version":{version}}}"#
    )
    .into_bytes()
}

#[test]
fn shadow_get_and_report_go_to_the_update_topic_listening_on_get() {
    let tools = DeviceTools::default();
    let sends = tools.shadow.get(Some(DEV)).unwrap();
    assert_eq!(sends[0], ToolSend::subscribe(SHADOW.into()));
    let (topic, payload) = publish_of(&sends);
    assert_eq!(topic, "/shadow/update/pk/dn");
    assert!(payload.contains("\"method\":\"get\""), "{payload}");
    let sends = tools
        .shadow
        .update(Some(DEV), "{\"color\":\"blue\"}", 3, false)
        .unwrap();
    let (_, payload) = publish_of(&sends);
    assert!(
        payload.contains("\"version\":3") && payload.contains("blue"),
        "{payload}"
    );
    assert!(matches!(
        tools.shadow.update(Some(DEV), "[", 3, false),
        Err(ToolError::Alink(_))
    ));
}

#[test]
fn shadow_answers_track_the_version() {
    let mut tools = DeviceTools::default();
    assert_eq!(tools.shadow.next_version(), 1);
    tools.observe(DEV, SHADOW, &shadow_doc(4, "{}"), 0);
    assert_eq!(tools.shadow.version, Some(4));
    assert_eq!(
        tools.shadow.last,
        Some(ShadowOutcome::Document { version: 4 })
    );
    assert_eq!(tools.shadow.next_version(), 5);
    assert!(!tools.shadow.has_desired());

    let accepted = br#"{"method":"reply","payload":{"status":"success","version":5},"version":5}"#;
    tools.observe(DEV, SHADOW, accepted, 0);
    assert_eq!(
        tools.shadow.last,
        Some(ShadowOutcome::Accepted { version: 5 })
    );
    assert_eq!(tools.shadow.state.as_ref().map(|s| s.version), Some(5));

    let conflict = br#"{"method":"reply","payload":{"status":"error","content":{"errorcode":"409","errormessage":"version conflict"}},"version":5}"#;
    tools.observe(DEV, SHADOW, conflict, 0);
    let last = tools.shadow.last.clone().unwrap();
    assert_eq!(
        last,
        ShadowOutcome::Refused {
            code: 409,
            message: "version conflict".into()
        }
    );
    assert!(!last.ok());
    assert_eq!(tools.shadow.version, Some(5), "a refusal keeps the version");

    tools.observe(DEV, SHADOW, b"garbage", 0);
    assert!(matches!(
        tools.shadow.last,
        Some(ShadowOutcome::Unreadable(_))
    ));
}

#[test]
fn a_desired_state_pushed_is_taken_on() {
    let mut tools = DeviceTools::default();
    assert_eq!(
        tools.shadow.update(Some(DEV), "", 1, true),
        Err(ToolError::NoDesiredState)
    );
    let control = br#"{"method":"control","payload":{"status":"success","state":{"reported":{},"desired":{"color":"green"}}},"version":7}"#;
    tools.observe(DEV, SHADOW, control, 0);
    assert_eq!(
        tools.shadow.last,
        Some(ShadowOutcome::Control { version: 7 })
    );
    assert!(tools.shadow.has_desired());
    let sends = tools.shadow.update(Some(DEV), "ignored", 8, true).unwrap();
    let (_, payload) = publish_of(&sends);
    assert!(
        payload.contains("green") && payload.contains("\"version\":8"),
        "{payload}"
    );
    assert!(!payload.contains("ignored"));
}

#[test]
fn shadow_versions_typed_are_read() {
    let shadow = ShadowView {
        version: Some(9),
        ..ShadowView::default()
    };
    assert_eq!(shadow.parse_version("  "), Ok(10));
    assert_eq!(shadow.parse_version(" 3 "), Ok(3));
    assert_eq!(
        shadow.parse_version("v3"),
        Err(ToolError::BadVersion("v3".into()))
    );
}

#[test]
fn messages_outside_the_tools_topics_change_nothing() {
    let mut tools = DeviceTools::default();
    tools.rrpc.auto = true;
    tools.calls.rule = ReplyRule::Echo;
    let before = tools.clone();
    for topic in [
        "/pk/dn/user/get",
        "/sys/other/dn/rrpc/request/1",
        "/sys/pk/other/thing/service/property/set",
        "/sys/pk/dn/thing/service/property/set_reply",
        "/ext/ntp/pk/other/response",
        "/shadow/get/pk/other",
    ] {
        assert!(!tools.handles(DEV, topic), "{topic}");
        assert!(
            tools.observe(DEV, topic, br#"{"id":"1"}"#, 0).is_empty(),
            "{topic}"
        );
    }
    assert_eq!(tools, before);
    for topic in [
        "/ext/ntp/pk/dn/response",
        "/sys/pk/dn/thing/event/property/post_reply",
        "/shadow/get/pk/dn",
        SET,
        "/sys/pk/dn/rrpc/request/1",
    ] {
        assert!(tools.handles(DEV, topic), "{topic}");
    }
}
