use super::*;

const T0: u64 = 1_700_000_000;
const T1: u64 = 1_700_000_100;

fn reply(shadow: &mut Shadow, request: Value, now: u64) -> Value {
    let bytes = shadow.handle_device(request.to_string().as_bytes(), now);
    serde_json::from_slice(&bytes).unwrap()
}

fn error_code(shadow: &mut Shadow, request: &[u8]) -> ErrorCode {
    let before = shadow.clone();
    let code = shadow.apply_device(request, T1).unwrap_err().code;
    assert_eq!(*shadow, before, "a refused request changes nothing");
    code
}

/// A shadow at version 3 with reported {a:1,b:2} (at T0) and desired {a:5} (at T0).
fn sample() -> Shadow {
    let mut shadow = Shadow::default();
    let update = json!({"method": "update", "state": {"reported": {"a": 1, "b": 2}}, "version": 2});
    shadow
        .apply_device(update.to_string().as_bytes(), T0)
        .unwrap();
    let desired = json!({"method": "update", "state": {"desired": {"a": 5}}, "version": 3});
    shadow.update_desired(&desired, T0).unwrap();
    shadow
}

#[test]
fn update_merges_reported_and_stamps_it() {
    let mut shadow = Shadow::default();
    let answer = reply(
        &mut shadow,
        json!({"method": "update", "state": {"reported": {"color": "red", "n": 1}}, "version": 1}),
        T0,
    );
    assert_eq!(
        answer,
        json!({"method": "reply", "payload": {"status": "success", "version": 1}, "timestamp": T0})
    );
    reply(
        &mut shadow,
        json!({"method": "update", "state": {"reported": {"n": 2, "on": true}}, "version": 5}),
        T1,
    );
    assert_eq!(shadow.version(), 5);
    assert_eq!(
        shadow.state(true),
        json!({"reported": {"color": "red", "n": 2, "on": true}})
    );
    assert_eq!(
        shadow.metadata(false),
        json!({"reported": {"color": {"timestamp": T0}, "n": {"timestamp": T1}, "on": {"timestamp": T1}}, "desired": {}})
    );
}

#[test]
fn update_with_null_deletes_attributes_and_can_clear_desired() {
    let mut shadow = sample();
    let request = json!({"method": "update", "state": {"reported": {"a": "null", "c": 3}, "desired": "null"}, "version": 4});
    shadow
        .apply_device(request.to_string().as_bytes(), T1)
        .unwrap();
    assert_eq!(
        shadow.state(false),
        json!({"reported": {"b": 2, "c": 3}, "desired": {}})
    );
    assert_eq!(
        shadow.metadata(true),
        json!({"reported": {"b": {"timestamp": T0}, "c": {"timestamp": T1}}})
    );
    // desired "null" alone needs no reported.
    let mut shadow = sample();
    let clear = json!({"method": "update", "state": {"desired": "null"}, "version": 9});
    assert_eq!(
        shadow.apply_device(clear.to_string().as_bytes(), T1),
        Ok(Accepted::Changed { version: 9 })
    );
    assert_eq!(
        shadow.state(false),
        json!({"reported": {"a": 1, "b": 2}, "desired": {}})
    );
}

#[test]
fn get_answers_with_the_document() {
    let mut shadow = sample();
    let answer = reply(&mut shadow, json!({"method": "get"}), T1);
    assert_eq!(
        answer,
        json!({
            "method": "reply",
            "payload": {
                "status": "success",
                "state": {"reported": {"a": 1, "b": 2}, "desired": {"a": 5}},
                "metadata": {
                    "reported": {"a": {"timestamp": T0}, "b": {"timestamp": T0}},
                    "desired": {"a": {"timestamp": T0}},
                },
            },
            "version": 3,
            "timestamp": T1,
        })
    );
    // An empty desired is left out.
    let mut empty = Shadow::default();
    let answer = reply(&mut empty, json!({"method": "get"}), T1);
    assert_eq!(
        answer["payload"],
        json!({"status": "success", "state": {"reported": {}}, "metadata": {"reported": {}}})
    );
    assert_eq!(answer["version"], 0);
}

#[test]
fn delete_named_attributes_or_all_reported() {
    let mut shadow = sample();
    let request =
        json!({"method": "delete", "state": {"reported": {"a": "null", "b": 7}}, "version": 4});
    assert_eq!(
        shadow.apply_device(request.to_string().as_bytes(), T1),
        Ok(Accepted::Changed { version: 4 })
    );
    // Only "null" deletes; delete never writes a value.
    assert_eq!(shadow.state(true)["reported"], json!({"b": 2}));
    let all = json!({"method": "delete", "state": {"reported": "null"}, "version": 5});
    let answer = reply(&mut shadow, all, T1);
    assert_eq!(
        answer["payload"],
        json!({"status": "success", "version": 5})
    );
    assert_eq!(
        shadow.state(true),
        json!({"reported": {}, "desired": {"a": 5}})
    );
    assert_eq!(shadow.metadata(true)["reported"], json!({}));
}

#[test]
fn version_must_grow_and_minus_one_clears_everything() {
    let mut shadow = sample();
    for version in [3, 2, 0, -5] {
        let request =
            json!({"method": "update", "state": {"reported": {"a": 2}}, "version": version});
        assert_eq!(
            error_code(&mut shadow, request.to_string().as_bytes()),
            ErrorCode::VersionConflict,
            "{version}"
        );
    }
    let answer = reply(
        &mut shadow,
        json!({"method": "update", "state": {"reported": {"x": 1}}, "version": -1}),
        T1,
    );
    assert_eq!(
        answer["payload"],
        json!({"status": "success", "version": 0})
    );
    assert_eq!(
        shadow,
        Shadow::default(),
        "the request's state is not applied"
    );
    // A delete with -1 clears too, and needs no state.
    let mut shadow = sample();
    let clear = json!({"method": "delete", "version": -1});
    assert_eq!(
        shadow.apply_device(clear.to_string().as_bytes(), T1),
        Ok(Accepted::Changed { version: 0 })
    );
    assert_eq!(shadow, Shadow::default());
    // SDK-style millisecond versions work.
    let big = json!({"method": "update", "state": {"reported": {"a": 1}}, "version": 1_764_170_000_000_u64});
    assert!(shadow.apply_device(big.to_string().as_bytes(), T1).is_ok());
    assert_eq!(shadow.version(), 1_764_170_000_000);
}

#[test]
fn every_error_code() {
    let mut shadow = sample();
    let too_many: Map<String, Value> = (0..=MAX_ATTRIBUTES)
        .map(|i| (format!("p{i}"), json!(i)))
        .collect();
    let cases: Vec<(Vec<u8>, ErrorCode)> = vec![
        (b"{oops".to_vec(), ErrorCode::NotJson),
        (b"[1,2]".to_vec(), ErrorCode::NotJson),
        (b"".to_vec(), ErrorCode::Empty),
        (b" \n".to_vec(), ErrorCode::Empty),
        (br#"{"state":{}}"#.to_vec(), ErrorCode::NoMethod),
        (br#"{"method":"put"}"#.to_vec(), ErrorCode::BadMethod),
        (br#"{"method":7}"#.to_vec(), ErrorCode::BadMethod),
        (
            br#"{"method":"update","version":9}"#.to_vec(),
            ErrorCode::NoState,
        ),
        (
            br#"{"method":"update","state":1,"version":9}"#.to_vec(),
            ErrorCode::NoState,
        ),
        (
            br#"{"method":"update","state":{"reported":{"a":1}}}"#.to_vec(),
            ErrorCode::BadVersion,
        ),
        (
            br#"{"method":"update","state":{"reported":{"a":1}},"version":"9"}"#.to_vec(),
            ErrorCode::BadVersion,
        ),
        (
            br#"{"method":"update","state":{"reported":{"a":1}},"version":9.5}"#.to_vec(),
            ErrorCode::BadVersion,
        ),
        (
            br#"{"method":"update","state":{},"version":9}"#.to_vec(),
            ErrorCode::NoReported,
        ),
        (
            br#"{"method":"update","state":{"desired":{"a":1}},"version":9}"#.to_vec(),
            ErrorCode::NoReported,
        ),
        (
            br#"{"method":"update","state":{"reported":"null"},"version":9}"#.to_vec(),
            ErrorCode::NoReported,
        ),
        (
            br#"{"method":"delete","state":{"reported":[1]},"version":9}"#.to_vec(),
            ErrorCode::NoReported,
        ),
        (
            br#"{"method":"update","state":{"reported":{}},"version":9}"#.to_vec(),
            ErrorCode::EmptyReported,
        ),
        (
            br#"{"method":"delete","state":{"reported":{}},"version":9}"#.to_vec(),
            ErrorCode::EmptyReported,
        ),
        (
            json!({"method": "update", "state": {"reported": too_many}, "version": 9})
                .to_string()
                .into_bytes(),
            ErrorCode::TooManyAttributes,
        ),
        (
            br#"{"method":"delete","state":{"reported":{"a":"null"}},"version":3}"#.to_vec(),
            ErrorCode::VersionConflict,
        ),
    ];
    for (request, expected) in cases {
        let text = String::from_utf8_lossy(&request).into_owned();
        assert_eq!(error_code(&mut shadow, &request), expected, "{text}");
    }
    assert_eq!(ErrorCode::Internal.code(), 500);
}

#[test]
fn error_replies_carry_code_and_message() {
    let mut shadow = sample();
    let bytes = shadow.handle_device(
        br#"{"method":"update","state":{"reported":{"a":1}},"version":1}"#,
        T1,
    );
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["method"], "reply");
    assert_eq!(answer["timestamp"], T1);
    assert_eq!(answer["payload"]["status"], "error");
    assert_eq!(answer["payload"]["content"]["errorcode"], "409");
    let message = answer["payload"]["content"]["errormessage"]
        .as_str()
        .unwrap();
    assert!(message.contains("version 3"), "{message}");
    for (code, number) in [
        (ErrorCode::NotJson, 400),
        (ErrorCode::NoMethod, 401),
        (ErrorCode::NoState, 402),
        (ErrorCode::BadVersion, 403),
        (ErrorCode::NoReported, 404),
        (ErrorCode::EmptyReported, 405),
        (ErrorCode::BadMethod, 406),
        (ErrorCode::Empty, 407),
        (ErrorCode::TooManyAttributes, 408),
        (ErrorCode::VersionConflict, 409),
    ] {
        assert_eq!(code.code(), number);
    }
}

#[test]
fn the_limit_counts_the_resulting_document() {
    let mut shadow = Shadow::default();
    let full: Map<String, Value> = (0..MAX_ATTRIBUTES)
        .map(|i| (format!("p{i}"), json!(i)))
        .collect();
    let request = json!({"method": "update", "state": {"reported": full}, "version": 1});
    assert!(shadow
        .apply_device(request.to_string().as_bytes(), T0)
        .is_ok());
    let one_more = br#"{"method":"update","state":{"reported":{"extra":1}},"version":2}"#;
    assert_eq!(
        error_code(&mut shadow, one_more),
        ErrorCode::TooManyAttributes
    );
    let swap = br#"{"method":"update","state":{"reported":{"extra":1,"p0":"null"}},"version":2}"#;
    assert!(shadow.apply_device(swap, T0).is_ok());
}

#[test]
fn cloud_sets_desired_with_or_without_a_version_check() {
    let mut shadow = sample();
    let with = |version: Value| json!({"method": "update", "state": {"desired": {"b": 1}}, "version": version});
    assert_eq!(shadow.update_desired(&with(json!(0)), T1), Ok(4));
    assert_eq!(shadow.update_desired(&with(json!(10)), T1), Ok(10));
    assert!(matches!(
        shadow.update_desired(&with(json!(10)), T1),
        Err(DesiredError::Conflict(m)) if m.starts_with("version conflict")
    ));
    assert_eq!(
        shadow.state(true),
        json!({"reported": {"a": 1, "b": 2}, "desired": {"a": 5, "b": 1}})
    );
    assert_eq!(
        shadow.metadata(true)["desired"],
        json!({"a": {"timestamp": T0}, "b": {"timestamp": T1}})
    );
    let remove = json!({"method": "update", "state": {"desired": {"a": "null"}}, "version": 0});
    assert_eq!(shadow.update_desired(&remove, T1), Ok(11));
    assert_eq!(shadow.state(true)["desired"], json!({"b": 1}));
}

#[test]
fn malformed_cloud_messages_say_why() {
    let mut shadow = sample();
    for (message, reason) in [
        (json!("text"), "JSON object"),
        (
            json!({"state": {"desired": {"a": 1}}, "version": 0}),
            "method",
        ),
        (
            json!({"method": "get", "state": {"desired": {"a": 1}}, "version": 0}),
            "\"get\"",
        ),
        (json!({"method": "update", "version": 0}), "state"),
        (
            json!({"method": "update", "state": {"desired": {}}, "version": 0}),
            "empty",
        ),
        (
            json!({"method": "update", "state": {"desired": "null"}, "version": 0}),
            "desired must be",
        ),
        (
            json!({"method": "update", "state": {"reported": {"a": 1}}, "version": 0}),
            "reported",
        ),
        (
            json!({"method": "update", "state": {"desired": {"a": 1}}}),
            "version is missing",
        ),
        (
            json!({"method": "update", "state": {"desired": {"a": 1}}, "version": -1}),
            "whole number",
        ),
    ] {
        match shadow.update_desired(&message, T1) {
            Err(DesiredError::Invalid(m)) => assert!(m.contains(reason), "{message}: {m}"),
            other => panic!("{message}: {other:?}"),
        }
    }
    assert_eq!(shadow, sample());
}

#[test]
fn control_message_shape() {
    let shadow = sample();
    let doc: Value = serde_json::from_slice(&shadow.document_message("control", T1)).unwrap();
    assert_eq!(doc["method"], "control");
    assert_eq!(doc["version"], 3);
    assert_eq!(doc["timestamp"], T1);
    assert_eq!(
        doc["payload"]["state"],
        json!({"reported": {"a": 1, "b": 2}, "desired": {"a": 5}})
    );
    assert_eq!(doc["payload"]["status"], "success");
}
