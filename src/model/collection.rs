//! Publish collections: named messages (topic, payload template, format, QoS, retain, MQTT 5
//! properties) saved for one profile or for all, sent again with one click, and carried in the
//! profile file.
//!
//! Stored as one JSON document:
//! `{"format":"mqtt-console-collections","version":1,"global":[item…],"profiles":{"name":[item…]}}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::payload::PayloadFormat;
use super::publish_props::{PayloadFormatChoice, PublishPropsForm};

/// The `format` value of the stored document.
pub const COLLECTIONS_FORMAT: &str = "mqtt-console-collections";
/// The version written and read.
pub const COLLECTIONS_VERSION: u64 = 1;
/// The most items one scope (a profile, or all profiles) holds.
pub const MAX_ITEMS: usize = 200;
/// The most characters of an item's name.
pub const MAX_NAME_CHARS: usize = 64;
/// The most bytes the whole document may take (browser storage is about 5 MB per site).
pub const MAX_COLLECTIONS_BYTES: usize = 2 * 1024 * 1024;

/// MQTT 5 properties of an item, as the publish form holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedProps {
    /// User properties in order.
    pub user_properties: Vec<(String, String)>,
    /// Content type, empty = none.
    pub content_type: String,
    /// Response topic, empty = none.
    pub response_topic: String,
    /// Correlation data as typed.
    pub correlation: String,
    /// Correlation data is hex.
    pub correlation_hex: bool,
    /// Message expiry in seconds as typed.
    pub message_expiry: String,
    /// The payload format indicator: `""`, `utf8` or `bytes`.
    pub payload_format: String,
}

impl SavedProps {
    /// What the form holds.
    pub fn of(form: &PublishPropsForm) -> SavedProps {
        SavedProps {
            user_properties: form
                .rows
                .iter()
                .map(|r| (r.key.clone(), r.value.clone()))
                .collect(),
            content_type: form.content_type.clone(),
            response_topic: form.response_topic.clone(),
            correlation: form.correlation.clone(),
            correlation_hex: form.correlation_hex,
            message_expiry: form.message_expiry.clone(),
            payload_format: form.payload_format.as_str().to_owned(),
        }
    }

    /// The form these properties fill.
    pub fn form(&self) -> PublishPropsForm {
        let mut form = PublishPropsForm::default();
        form.content_type = self.content_type.clone();
        form.response_topic = self.response_topic.clone();
        form.correlation = self.correlation.clone();
        form.correlation_hex = self.correlation_hex;
        form.message_expiry = self.message_expiry.clone();
        form.payload_format = PayloadFormatChoice::parse(&self.payload_format);
        for (k, v) in &self.user_properties {
            let id = form.add_row();
            form.set_key(id, k.clone());
            form.set_value(id, v.clone());
        }
        form
    }

    fn is_empty(&self) -> bool {
        *self == SavedProps::default() || self.form() == PublishPropsForm::default()
    }
}

/// One saved message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishItem {
    /// Its name, unique within its scope.
    pub name: String,
    /// The topic as typed (placeholders such as `${deviceName}` filled at send time).
    pub topic: String,
    /// The payload template.
    pub payload: String,
    /// `text`, `json`, `hex` or `base64`.
    pub format: String,
    /// 0, 1 or 2.
    pub qos: u8,
    /// Retain flag.
    #[serde(default)]
    pub retain: bool,
    /// MQTT 5 properties, when any were set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<SavedProps>,
}

impl PublishItem {
    /// An item of the publish form's values; empty properties are not kept.
    pub fn new(
        name: &str,
        topic: String,
        payload: String,
        format: PayloadFormat,
        qos: u8,
        retain: bool,
        props: Option<&PublishPropsForm>,
    ) -> PublishItem {
        PublishItem {
            name: name.trim().to_owned(),
            topic,
            payload,
            format: format.as_str().to_owned(),
            qos: qos.min(2),
            retain,
            properties: props.map(SavedProps::of).filter(|p| !p.is_empty()),
        }
    }

    /// Its payload format (unknown names read as text).
    pub fn payload_format(&self) -> PayloadFormat {
        PayloadFormat::parse(&self.format).unwrap_or_default()
    }
}

/// Where an item is saved.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// For every profile.
    Global,
    /// For the profile of this name.
    Profile(String),
}

/// Why an item was not saved, or a document not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CollectionError {
    /// The name is empty.
    NoName,
    /// The name is longer than [`MAX_NAME_CHARS`].
    LongName(usize),
    /// The scope already holds [`MAX_ITEMS`].
    Full,
    /// Saving would make the document larger than [`MAX_COLLECTIONS_BYTES`].
    TooLarge(usize),
    /// The stored or imported document is not a collections document (serde's words).
    Unreadable(String),
    /// Written by a newer console.
    Version(u64),
}

/// What saving did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// A new item.
    Added,
    /// An item of the same name in the same scope was replaced.
    Replaced,
}

/// Every saved item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collections {
    /// For every profile.
    #[serde(default)]
    pub global: Vec<PublishItem>,
    /// Per profile name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Vec<PublishItem>>,
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    collections: &'a Collections,
}

impl Collections {
    fn list(&self, scope: &Scope) -> &[PublishItem] {
        match scope {
            Scope::Global => &self.global,
            Scope::Profile(p) => self.profiles.get(p).map_or(&[], Vec::as_slice),
        }
    }

    fn list_mut(&mut self, scope: &Scope) -> &mut Vec<PublishItem> {
        match scope {
            Scope::Global => &mut self.global,
            Scope::Profile(p) => self.profiles.entry(p.clone()).or_default(),
        }
    }

    /// The items a connection with profile `profile` offers: the profile's own first, then the
    /// global ones, each by name.
    pub fn offered(&self, profile: Option<&str>) -> Vec<(Scope, PublishItem)> {
        let mut out: Vec<(Scope, PublishItem)> = Vec::new();
        if let Some(p) = profile {
            let scope = Scope::Profile(p.to_owned());
            let mut own = self.list(&scope).to_vec();
            own.sort_by(|a, b| a.name.cmp(&b.name));
            out.extend(own.into_iter().map(|i| (scope.clone(), i)));
        }
        let mut global = self.global.clone();
        global.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(global.into_iter().map(|i| (Scope::Global, i)));
        out
    }

    /// Saves `item` in `scope`, replacing one of the same name there.
    pub fn save(&mut self, scope: &Scope, item: PublishItem) -> Result<Saved, CollectionError> {
        let chars = item.name.chars().count();
        if chars == 0 {
            return Err(CollectionError::NoName);
        }
        if chars > MAX_NAME_CHARS {
            return Err(CollectionError::LongName(chars));
        }
        let mut next = self.clone();
        let list = next.list_mut(scope);
        let saved = match list.iter().position(|i| i.name == item.name) {
            Some(at) => {
                list[at] = item;
                Saved::Replaced
            }
            None if list.len() >= MAX_ITEMS => return Err(CollectionError::Full),
            None => {
                list.push(item);
                Saved::Added
            }
        };
        let bytes = next.to_json().len();
        if bytes > MAX_COLLECTIONS_BYTES {
            return Err(CollectionError::TooLarge(bytes));
        }
        *self = next;
        Ok(saved)
    }

    /// Removes the item `name` of `scope`; whether there was one.
    pub fn remove(&mut self, scope: &Scope, name: &str) -> bool {
        let list = self.list_mut(scope);
        let before = list.len();
        list.retain(|i| i.name != name);
        let removed = list.len() != before;
        if let Scope::Profile(p) = scope {
            if self.profiles.get(p).is_some_and(Vec::is_empty) {
                self.profiles.remove(p);
            }
        }
        removed
    }

    /// The part of the collections that goes with `profiles` into a profile file: the global
    /// items and those of the named profiles.
    pub fn for_profiles<'a>(&self, profiles: impl IntoIterator<Item = &'a str>) -> Collections {
        let mut out = Collections {
            global: self.global.clone(),
            profiles: BTreeMap::new(),
        };
        for p in profiles {
            if let Some(items) = self.profiles.get(p) {
                out.profiles.insert(p.to_owned(), items.clone());
            }
        }
        out
    }

    /// Adds `other`'s items (an imported profile file); an item of the same name in the same
    /// scope is replaced. Returns how many items were taken; stops at a full scope.
    pub fn merge(&mut self, other: Collections) -> usize {
        let mut taken = 0;
        let scoped = other.global.into_iter().map(|i| (Scope::Global, i)).chain(
            other.profiles.into_iter().flat_map(|(p, items)| {
                items
                    .into_iter()
                    .map(move |i| (Scope::Profile(p.clone()), i))
            }),
        );
        for (scope, item) in scoped {
            if self.save(&scope, item).is_ok() {
                taken += 1;
            }
        }
        taken
    }

    /// Whether nothing is saved.
    pub fn is_empty(&self) -> bool {
        self.global.is_empty() && self.profiles.values().all(Vec::is_empty)
    }

    fn document(&self) -> Document<'_> {
        Document {
            format: COLLECTIONS_FORMAT,
            version: COLLECTIONS_VERSION,
            collections: self,
        }
    }

    /// The stored document.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.document()).unwrap_or_default()
    }

    /// The stored document as a JSON value (a profile file's `collections` member).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self.document()).unwrap_or_default()
    }

    /// Reads a stored document, or the `collections` value of a profile file.
    pub fn from_json(text: &str) -> Result<Collections, CollectionError> {
        if text.len() > MAX_COLLECTIONS_BYTES {
            return Err(CollectionError::TooLarge(text.len()));
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| CollectionError::Unreadable(e.to_string()))?;
        Collections::from_value(value)
    }

    /// [`Collections::from_json`] of an already parsed value.
    pub fn from_value(value: serde_json::Value) -> Result<Collections, CollectionError> {
        if let Some(v) = value.get("version").and_then(serde_json::Value::as_u64) {
            if v > COLLECTIONS_VERSION {
                return Err(CollectionError::Version(v));
            }
        }
        let mut c: Collections = serde_json::from_value(value)
            .map_err(|e| CollectionError::Unreadable(e.to_string()))?;
        // A hand-edited file may break the limits the editor keeps: keep what fits.
        for list in std::iter::once(&mut c.global).chain(c.profiles.values_mut()) {
            list.retain(|i| {
                let n = i.name.trim().chars().count();
                n > 0 && n <= MAX_NAME_CHARS && i.qos <= 2
            });
            list.truncate(MAX_ITEMS);
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str) -> PublishItem {
        PublishItem::new(
            name,
            "/${productKey}/${deviceName}/user/update".into(),
            "{\"n\":{{counter}}}".into(),
            PayloadFormat::Json,
            1,
            false,
            None,
        )
    }

    #[test]
    fn saved_items_come_back_from_storage_with_their_properties() {
        let mut props = PublishPropsForm::default();
        props.content_type = "application/json".into();
        props.message_expiry = "60".into();
        props.payload_format = PayloadFormatChoice::parse("utf8");
        let id = props.add_row();
        props.set_key(id, "k".into());
        props.set_value(id, "v1".into());
        let id = props.add_row();
        props.set_key(id, "k".into());
        props.set_value(id, "v2".into());
        let mut c = Collections::default();
        let with_props = PublishItem::new(
            " report ",
            "t".into(),
            "x".into(),
            PayloadFormat::Text,
            2,
            true,
            Some(&props),
        );
        assert_eq!(with_props.name, "report");
        assert_eq!(c.save(&Scope::Global, with_props.clone()), Ok(Saved::Added));
        assert_eq!(
            c.save(&Scope::Profile("dev A".into()), item("report")),
            Ok(Saved::Added)
        );
        let back = Collections::from_json(&c.to_json()).unwrap();
        assert_eq!(back, c);
        let form = back.global[0].properties.as_ref().unwrap().form();
        assert_eq!(
            form.rows
                .iter()
                .map(|r| (r.key.as_str(), r.value.as_str()))
                .collect::<Vec<_>>(),
            [("k", "v1"), ("k", "v2")]
        );
        assert_eq!(form.content_type, "application/json");
        assert_eq!(form.message_expiry, "60");
        // Empty properties are not stored.
        let empty = PublishPropsForm::default();
        let plain = PublishItem::new(
            "p",
            "t".into(),
            "".into(),
            PayloadFormat::Text,
            0,
            false,
            Some(&empty),
        );
        assert_eq!(plain.properties, None);
    }

    #[test]
    fn a_profile_offers_its_own_items_first_then_the_global_ones() {
        let mut c = Collections::default();
        c.save(&Scope::Global, item("b-global")).unwrap();
        c.save(&Scope::Global, item("a-global")).unwrap();
        c.save(&Scope::Profile("dev A".into()), item("z-own"))
            .unwrap();
        c.save(&Scope::Profile("dev B".into()), item("other"))
            .unwrap();
        let names = |p| {
            c.offered(p)
                .into_iter()
                .map(|(_, i)| i.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Some("dev A")), ["z-own", "a-global", "b-global"]);
        assert_eq!(names(None), ["a-global", "b-global"]);
    }

    #[test]
    fn names_are_checked_and_a_same_name_replaces() {
        let mut c = Collections::default();
        assert_eq!(
            c.save(&Scope::Global, item("  ")),
            Err(CollectionError::NoName)
        );
        assert_eq!(
            c.save(&Scope::Global, item(&"x".repeat(65))),
            Err(CollectionError::LongName(65))
        );
        c.save(&Scope::Global, item("a")).unwrap();
        let mut changed = item("a");
        changed.payload = "new".into();
        assert_eq!(c.save(&Scope::Global, changed), Ok(Saved::Replaced));
        assert_eq!(c.global.len(), 1);
        assert_eq!(c.global[0].payload, "new");
        for i in 1..MAX_ITEMS {
            c.save(&Scope::Global, item(&format!("n{i}"))).unwrap();
        }
        assert_eq!(
            c.save(&Scope::Global, item("one more")),
            Err(CollectionError::Full)
        );
        // A full scope does not stop another.
        assert!(c
            .save(&Scope::Profile("p".into()), item("one more"))
            .is_ok());
    }

    #[test]
    fn the_document_size_is_bounded() {
        let mut c = Collections::default();
        let mut big = item("big");
        big.payload = "x".repeat(MAX_COLLECTIONS_BYTES);
        assert!(matches!(
            c.save(&Scope::Global, big),
            Err(CollectionError::TooLarge(_))
        ));
        assert!(c.is_empty());
    }

    #[test]
    fn removing_and_the_profile_file_share() {
        let mut c = Collections::default();
        c.save(&Scope::Global, item("g")).unwrap();
        c.save(&Scope::Profile("A".into()), item("a")).unwrap();
        c.save(&Scope::Profile("B".into()), item("b")).unwrap();
        let shared = c.for_profiles(["A"]);
        assert_eq!(shared.global.len(), 1);
        assert_eq!(shared.profiles.keys().collect::<Vec<_>>(), ["A"]);
        let mut other = Collections::default();
        other.save(&Scope::Global, item("g")).unwrap();
        assert_eq!(other.merge(shared), 2);
        assert_eq!(other.global.len(), 1, "same name replaced");
        assert!(c.remove(&Scope::Profile("B".into()), "b"));
        assert!(!c.profiles.contains_key("B"));
        assert!(!c.remove(&Scope::Global, "nope"));
    }

    #[test]
    fn bad_documents_are_refused_with_a_reason() {
        assert!(matches!(
            Collections::from_json("{\"global\":[{\"name\":1}]}"),
            Err(CollectionError::Unreadable(_))
        ));
        assert_eq!(
            Collections::from_json("{\"version\":9,\"global\":[]}"),
            Err(CollectionError::Version(9))
        );
        assert!(matches!(
            Collections::from_json("nope"),
            Err(CollectionError::Unreadable(_))
        ));
        // Items breaking the editor's limits are dropped, the rest kept.
        let c = Collections::from_json(
            "{\"global\":[{\"name\":\"\",\"topic\":\"t\",\"payload\":\"\",\"format\":\"text\",\"qos\":0},\
             {\"name\":\"ok\",\"topic\":\"t\",\"payload\":\"\",\"format\":\"text\",\"qos\":5},\
             {\"name\":\"fine\",\"topic\":\"t\",\"payload\":\"\",\"format\":\"text\",\"qos\":1}]}",
        )
        .unwrap();
        assert_eq!(c.global.len(), 1);
        assert_eq!(c.global[0].name, "fine");
    }
}
