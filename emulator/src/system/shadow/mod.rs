//! The device shadow, after Aliyun's "device shadow data flow": a JSON document per device with
//! the `reported` state (written by the device), the `desired` state (written by the cloud),
//! a timestamp per attribute and a version. The device publishes requests on
//! `/shadow/update/${pk}/${dn}` and gets every answer on `/shadow/get/${pk}/${dn}`.
//!
//! Pure logic: no clock, no broker. Every function that stamps something takes `now`, in
//! seconds since the Unix epoch (the unit of Aliyun's shadow timestamps).
//!
//! Version rule: a change is accepted only with a version larger than the shadow's, which then
//! becomes the shadow's version. Version -1 from the device clears the whole shadow and resets
//! the version to 0; the rest of that request is not applied (our reading of Aliyun's docs).

mod desired;
#[cfg(test)]
mod tests;

pub use desired::DesiredError;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// Aliyun's limit on reported (and here also desired) attributes.
pub const MAX_ATTRIBUTES: usize = 128;

/// The value that deletes an attribute, or a whole section, in Aliyun's shadow messages.
const NULL: &str = "null";

/// Aliyun's error codes for shadow requests from the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// 400: the request is not a JSON object.
    NotJson,
    /// 401: no `method`.
    NoMethod,
    /// 402: no `state` (or not an object).
    NoState,
    /// 403: `version` missing or not an integer.
    BadVersion,
    /// 404: neither `reported` nor `"desired":"null"`, or `reported` of the wrong type.
    NoReported,
    /// 405: `reported` is an empty object.
    EmptyReported,
    /// 406: `method` is not `update`, `get` or `delete`.
    BadMethod,
    /// 407: the request is empty.
    Empty,
    /// 408: the change would leave more than [`MAX_ATTRIBUTES`] reported attributes.
    TooManyAttributes,
    /// 409: the version is not larger than the shadow's.
    VersionConflict,
    /// 500: Aliyun's "internal error"; the emulator's own logic never needs it.
    Internal,
}

impl ErrorCode {
    /// The number Aliyun sends (as a string) in `errorcode`.
    pub fn code(self) -> u16 {
        match self {
            ErrorCode::NotJson => 400,
            ErrorCode::NoMethod => 401,
            ErrorCode::NoState => 402,
            ErrorCode::BadVersion => 403,
            ErrorCode::NoReported => 404,
            ErrorCode::EmptyReported => 405,
            ErrorCode::BadMethod => 406,
            ErrorCode::Empty => 407,
            ErrorCode::TooManyAttributes => 408,
            ErrorCode::VersionConflict => 409,
            ErrorCode::Internal => 500,
        }
    }
}

/// A refused device request: the code and a plain-language `errormessage`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceError {
    pub code: ErrorCode,
    pub message: String,
}

fn refuse<T>(code: ErrorCode, message: impl Into<String>) -> Result<T, DeviceError> {
    Err(DeviceError {
        code,
        message: message.into(),
    })
}

/// What a device request did, when it was accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// `get`: answer with the document.
    Get,
    /// `update` or `delete`: the shadow is now at this version.
    Changed { version: u64 },
}

/// One side of the document: values and when each was last written.
#[derive(Clone, Debug, Default, PartialEq)]
struct Section {
    values: Map<String, Value>,
    timestamps: BTreeMap<String, u64>,
}

impl Section {
    /// Applies attributes: the string `"null"` deletes one, any other value is written when
    /// `write` is true (update) and ignored otherwise (delete).
    fn apply(&mut self, attributes: &Map<String, Value>, write: bool, now: u64) {
        for (name, value) in attributes {
            if value.as_str() == Some(NULL) {
                self.values.remove(name);
                self.timestamps.remove(name);
            } else if write {
                self.values.insert(name.clone(), value.clone());
                self.timestamps.insert(name.clone(), now);
            }
        }
    }

    fn clear(&mut self) {
        *self = Section::default();
    }

    /// `{"attr":{"timestamp":s},…}`
    fn metadata(&self) -> Value {
        let entries = self
            .timestamps
            .iter()
            .map(|(name, at)| (name.clone(), json!({ "timestamp": at })));
        Value::Object(entries.collect())
    }
}

/// How the device's `reported` is to change.
enum ReportedChange<'r> {
    Untouched,
    Attributes(&'r Map<String, Value>),
    ClearAll,
}

/// The kind of change a device asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Update,
    Delete,
}

/// One device's shadow document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shadow {
    reported: Section,
    desired: Section,
    version: u64,
}

impl Shadow {
    /// The current version (0 for a new or cleared shadow).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// `{"reported":{…},"desired":{…}}`; `desired` is left out when empty and `omit_empty` is set.
    pub fn state(&self, omit_empty: bool) -> Value {
        self.both(omit_empty, |s| Value::Object(s.values.clone()))
    }

    /// `{"reported":{"attr":{"timestamp":s}},"desired":{…}}`, with `desired` left out as in
    /// [`Shadow::state`].
    pub fn metadata(&self, omit_empty: bool) -> Value {
        self.both(omit_empty, Section::metadata)
    }

    fn both(&self, omit_empty: bool, show: impl Fn(&Section) -> Value) -> Value {
        let mut doc = Map::new();
        doc.insert("reported".into(), show(&self.reported));
        if !(omit_empty && self.desired.values.is_empty()) {
            doc.insert("desired".into(), show(&self.desired));
        }
        Value::Object(doc)
    }

    /// Handles a device's message on `/shadow/update/${pk}/${dn}` and returns the reply for
    /// `/shadow/get/${pk}/${dn}`: the document for `get`, the new version for `update` and
    /// `delete`, or Aliyun's error.
    pub fn handle_device(&mut self, request: &[u8], now: u64) -> Vec<u8> {
        let reply = match self.apply_device(request, now) {
            Ok(Accepted::Get) => return self.document_message("reply", now),
            Ok(Accepted::Changed { version }) => json!({
                "method": "reply",
                "payload": { "status": "success", "version": version },
                "timestamp": now,
            }),
            Err(error) => json!({
                "method": "reply",
                "payload": {
                    "status": "error",
                    "content": {
                        "errorcode": error.code.code().to_string(),
                        "errormessage": error.message,
                    },
                },
                "timestamp": now,
            }),
        };
        reply.to_string().into_bytes()
    }

    /// Checks and applies a device's request. A refused request changes nothing.
    pub fn apply_device(&mut self, request: &[u8], now: u64) -> Result<Accepted, DeviceError> {
        if request.iter().all(u8::is_ascii_whitespace) {
            return refuse(ErrorCode::Empty, "the shadow message is empty");
        }
        let doc = match serde_json::from_slice::<Value>(request) {
            Ok(Value::Object(doc)) => doc,
            Ok(_) => {
                return refuse(
                    ErrorCode::NotJson,
                    "the shadow message is not a JSON object",
                )
            }
            Err(e) => {
                return refuse(
                    ErrorCode::NotJson,
                    format!("the shadow message is not JSON: {e}"),
                )
            }
        };
        let change = match doc.get("method") {
            None => return refuse(ErrorCode::NoMethod, "method is missing"),
            Some(Value::String(m)) if m == "get" => return Ok(Accepted::Get),
            Some(Value::String(m)) if m == "update" => Change::Update,
            Some(Value::String(m)) if m == "delete" => Change::Delete,
            Some(other) => {
                return refuse(
                    ErrorCode::BadMethod,
                    format!("method {other} is not update, get or delete"),
                )
            }
        };
        let asked = device_version(doc.get("version"))?;
        if asked == -1 {
            *self = Shadow::default();
            return Ok(Accepted::Changed { version: 0 });
        }
        let state = match doc.get("state") {
            Some(Value::Object(state)) => state,
            Some(_) => return refuse(ErrorCode::NoState, "state must be a JSON object"),
            None => return refuse(ErrorCode::NoState, "state is missing"),
        };
        let clear_desired = state.get("desired").and_then(Value::as_str) == Some(NULL);
        let reported = reported_change(change, state.get("reported"), clear_desired)?;
        let mut next = self.reported.clone();
        match reported {
            ReportedChange::Untouched => {}
            ReportedChange::ClearAll => next.clear(),
            ReportedChange::Attributes(attributes) => {
                next.apply(attributes, change == Change::Update, now)
            }
        }
        if next.values.len() > MAX_ATTRIBUTES {
            return refuse(
                ErrorCode::TooManyAttributes,
                format!(
                    "reported would have {} attributes; the limit is {MAX_ATTRIBUTES}",
                    next.values.len()
                ),
            );
        }
        let version = match u64::try_from(asked) {
            Ok(v) if v > self.version => v,
            _ => {
                return refuse(
                    ErrorCode::VersionConflict,
                    format!(
                        "version {asked} is not larger than the shadow's version {}",
                        self.version
                    ),
                )
            }
        };
        self.reported = next;
        if clear_desired {
            self.desired.clear();
        }
        self.version = version;
        Ok(Accepted::Changed { version })
    }

    /// The whole document as the cloud sends it: `method` is `reply` (answer to `get`) or
    /// `control` (after the cloud changed `desired`). `desired` is left out when empty.
    pub fn document_message(&self, method: &str, now: u64) -> Vec<u8> {
        json!({
            "method": method,
            "payload": {
                "status": "success",
                "state": self.state(true),
                "metadata": self.metadata(true),
            },
            "version": self.version,
            "timestamp": now,
        })
        .to_string()
        .into_bytes()
    }
}

/// The device's `version`: any integer (checked against the shadow later), or 403.
fn device_version(version: Option<&Value>) -> Result<i128, DeviceError> {
    let Some(version) = version else {
        return refuse(ErrorCode::BadVersion, "version is missing");
    };
    let number = version
        .as_i64()
        .map(i128::from)
        .or_else(|| version.as_u64().map(i128::from));
    match number {
        Some(n) => Ok(n),
        None => refuse(
            ErrorCode::BadVersion,
            format!("version {version} is not a whole number"),
        ),
    }
}

/// Reads `state.reported` of an update or delete.
fn reported_change(
    change: Change,
    reported: Option<&Value>,
    clear_desired: bool,
) -> Result<ReportedChange<'_>, DeviceError> {
    match reported {
        None if clear_desired => Ok(ReportedChange::Untouched),
        None => refuse(
            ErrorCode::NoReported,
            "state.reported is missing (and state.desired is not \"null\")",
        ),
        Some(Value::Object(attributes)) if attributes.is_empty() => {
            refuse(ErrorCode::EmptyReported, "state.reported is empty")
        }
        Some(Value::Object(attributes)) => Ok(ReportedChange::Attributes(attributes)),
        Some(Value::String(s)) if s == NULL && change == Change::Delete => {
            Ok(ReportedChange::ClearAll)
        }
        Some(_) if change == Change::Delete => refuse(
            ErrorCode::NoReported,
            "state.reported must be a JSON object or \"null\"",
        ),
        Some(_) => refuse(
            ErrorCode::NoReported,
            "state.reported must be a JSON object",
        ),
    }
}
