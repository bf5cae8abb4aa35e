//! The MQTT 5 properties of a logged message as the log shows them: one item per property for
//! the detail pane, the optional columns of the list, and the text the log's search looks in.

use super::payload::to_hex;
use crate::mqtt::PublishProperties;

/// A property's name as the UI contract writes it (`data-name` of `message-property`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyName {
    ContentType,
    ResponseTopic,
    CorrelationData,
    MessageExpiry,
    PayloadFormat,
    SubscriptionIdentifier,
    UserProperty,
}

impl PropertyName {
    /// The `data-name` value, e.g. `content-type`.
    pub fn as_str(self) -> &'static str {
        match self {
            PropertyName::ContentType => "content-type",
            PropertyName::ResponseTopic => "response-topic",
            PropertyName::CorrelationData => "correlation-data",
            PropertyName::MessageExpiry => "message-expiry",
            PropertyName::PayloadFormat => "payload-format",
            PropertyName::SubscriptionIdentifier => "subscription-identifier",
            PropertyName::UserProperty => "user-property",
        }
    }
}

/// One property of a message, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyItem {
    /// Which property.
    pub name: PropertyName,
    /// The user property's name (`data-key`); `None` for the others.
    pub key: Option<String>,
    /// The value as text: numbers in decimal, the payload format as `bytes`/`utf8`, correlation
    /// data as text when it is UTF-8, else as hex.
    pub value: String,
}

/// Correlation data as text when it is UTF-8, else as hex.
pub fn correlation_text(data: &[u8]) -> String {
    match std::str::from_utf8(data) {
        Ok(text) => text.to_owned(),
        Err(_) => to_hex(data),
    }
}

/// The payload format indicator as the select writes it.
fn payload_format_text(utf8: bool) -> &'static str {
    if utf8 {
        "utf8"
    } else {
        "bytes"
    }
}

/// Every property of `p`, in the order of the UI contract's list, user properties last in
/// their own order.
pub fn items(p: &PublishProperties) -> Vec<PropertyItem> {
    let item = |name, value: String| PropertyItem {
        name,
        key: None,
        value,
    };
    let mut out = Vec::new();
    if let Some(v) = &p.content_type {
        out.push(item(PropertyName::ContentType, v.clone()));
    }
    if let Some(v) = &p.response_topic {
        out.push(item(PropertyName::ResponseTopic, v.clone()));
    }
    if let Some(v) = &p.correlation_data {
        out.push(item(PropertyName::CorrelationData, correlation_text(v)));
    }
    if let Some(v) = p.message_expiry_secs {
        out.push(item(PropertyName::MessageExpiry, v.to_string()));
    }
    if let Some(v) = p.payload_utf8 {
        out.push(item(
            PropertyName::PayloadFormat,
            payload_format_text(v).to_owned(),
        ));
    }
    for id in &p.subscription_identifiers {
        out.push(item(PropertyName::SubscriptionIdentifier, id.to_string()));
    }
    for u in &p.user_properties {
        out.push(PropertyItem {
            name: PropertyName::UserProperty,
            key: Some(u.key.clone()),
            value: u.value.clone(),
        });
    }
    out
}

/// An optional column of the log list. Off by default: a 3.1.1 log looks as before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogColumn {
    ContentType,
    ResponseTopic,
    CorrelationData,
    UserProperties,
    MessageExpiry,
    PayloadFormat,
    SubscriptionIdentifiers,
}

impl LogColumn {
    /// Every column, in the order they are shown.
    pub const ALL: [LogColumn; 7] = [
        LogColumn::ContentType,
        LogColumn::UserProperties,
        LogColumn::CorrelationData,
        LogColumn::ResponseTopic,
        LogColumn::MessageExpiry,
        LogColumn::PayloadFormat,
        LogColumn::SubscriptionIdentifiers,
    ];

    /// A stable name, for test ids and saved settings.
    pub fn as_str(self) -> &'static str {
        match self {
            LogColumn::ContentType => "content-type",
            LogColumn::ResponseTopic => "response-topic",
            LogColumn::CorrelationData => "correlation-data",
            LogColumn::UserProperties => "user-properties",
            LogColumn::MessageExpiry => "message-expiry",
            LogColumn::PayloadFormat => "payload-format",
            LogColumn::SubscriptionIdentifiers => "subscription-identifiers",
        }
    }

    /// The cell of this column for a message with properties `p` (empty when it has none).
    pub fn cell(self, p: Option<&PublishProperties>) -> String {
        let Some(p) = p else {
            return String::new();
        };
        match self {
            LogColumn::ContentType => p.content_type.clone().unwrap_or_default(),
            LogColumn::ResponseTopic => p.response_topic.clone().unwrap_or_default(),
            LogColumn::CorrelationData => p
                .correlation_data
                .as_deref()
                .map(correlation_text)
                .unwrap_or_default(),
            LogColumn::UserProperties => p
                .user_properties
                .iter()
                .map(|u| format!("{}={}", u.key, u.value))
                .collect::<Vec<_>>()
                .join(" "),
            LogColumn::MessageExpiry => p
                .message_expiry_secs
                .map(|s| format!("{s} s"))
                .unwrap_or_default(),
            LogColumn::PayloadFormat => p
                .payload_utf8
                .map(|u| payload_format_text(u).to_owned())
                .unwrap_or_default(),
            LogColumn::SubscriptionIdentifiers => p
                .subscription_identifiers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// Which optional columns the user turned on, in [`LogColumn::ALL`] order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogColumns {
    on: Vec<LogColumn>,
}

impl LogColumns {
    /// Turns `column` on or off.
    pub fn set(&mut self, column: LogColumn, on: bool) {
        self.on.retain(|c| *c != column);
        if on {
            self.on.push(column);
            self.on
                .sort_by_key(|c| LogColumn::ALL.iter().position(|a| a == c));
        }
    }

    /// Whether `column` is shown.
    pub fn is_on(&self, column: LogColumn) -> bool {
        self.on.contains(&column)
    }

    /// The shown columns, in order.
    pub fn shown(&self) -> &[LogColumn] {
        &self.on
    }

    /// The cells of the shown columns for a message with properties `p`.
    pub fn cells(&self, p: Option<&PublishProperties>) -> Vec<String> {
        self.on.iter().map(|c| c.cell(p)).collect()
    }
}

/// Whether any property value of `p` (or a user property's name) contains `needle_lower`, a
/// needle already in lower case: the log's text search looks here after topic and payload.
pub fn contains_lowercase(p: &PublishProperties, needle_lower: &str) -> bool {
    items(p).iter().any(|i| {
        i.value.to_lowercase().contains(needle_lower)
            || i.key
                .as_deref()
                .is_some_and(|k| k.to_lowercase().contains(needle_lower))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::UserProperty;

    fn sample() -> PublishProperties {
        PublishProperties {
            payload_utf8: Some(true),
            message_expiry_secs: Some(30),
            content_type: Some("application/json".into()),
            response_topic: Some("reply/1".into()),
            correlation_data: Some(vec![0xff, 0x00]),
            user_properties: vec![UserProperty::new("a", "1"), UserProperty::new("a", "2")],
            subscription_identifiers: vec![5, 9],
        }
    }

    #[test]
    fn every_property_becomes_an_item() {
        let got = items(&sample());
        let got: Vec<(&str, Option<&str>, &str)> = got
            .iter()
            .map(|i| (i.name.as_str(), i.key.as_deref(), i.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("content-type", None, "application/json"),
                ("response-topic", None, "reply/1"),
                ("correlation-data", None, "ff 00"),
                ("message-expiry", None, "30"),
                ("payload-format", None, "utf8"),
                ("subscription-identifier", None, "5"),
                ("subscription-identifier", None, "9"),
                ("user-property", Some("a"), "1"),
                ("user-property", Some("a"), "2"),
            ]
        );
        assert!(items(&PublishProperties::default()).is_empty());
    }

    #[test]
    fn correlation_data_is_text_when_it_can_be() {
        assert_eq!(correlation_text(b"req-7"), "req-7");
        assert_eq!(correlation_text(&[0xff, 0x01]), "ff 01");
    }

    #[test]
    fn columns_are_off_by_default_and_keep_their_order() {
        let mut cols = LogColumns::default();
        assert!(cols.shown().is_empty());
        cols.set(LogColumn::CorrelationData, true);
        cols.set(LogColumn::ContentType, true);
        cols.set(LogColumn::ContentType, true);
        assert_eq!(
            cols.shown(),
            [LogColumn::ContentType, LogColumn::CorrelationData]
        );
        let p = sample();
        assert_eq!(cols.cells(Some(&p)), ["application/json", "ff 00"]);
        assert_eq!(cols.cells(None), ["", ""]);
        cols.set(LogColumn::ContentType, false);
        assert!(!cols.is_on(LogColumn::ContentType));
        assert_eq!(LogColumn::UserProperties.cell(Some(&p)), "a=1 a=2");
        assert_eq!(LogColumn::SubscriptionIdentifiers.cell(Some(&p)), "5,9");
    }

    #[test]
    fn search_looks_at_values_and_user_property_names() {
        let p = sample();
        assert!(contains_lowercase(&p, "json"));
        assert!(contains_lowercase(&p, "reply/"));
        assert!(contains_lowercase(&p, "a"));
        assert!(!contains_lowercase(&p, "absent"));
    }
}
