//! One entry of a JSON list of profiles, as every reader of such a list first sees it.
//!
//! The export file, an MQTTX export and the stored profiles are all lists of JSON objects, read
//! one entry at a time so that one bad entry costs only itself. Each reader then applies its own
//! rules (limits, names, secrets); what an entry is and how a skipped one is reported is here.

use serde_json::{Map, Value};

use super::report::{SkipReason, Skipped};

/// An entry of a JSON profile list.
pub(super) struct Entry<'a> {
    /// Its place in the list, from 1.
    pub(super) position: usize,
    /// Its `name`, when that is a string.
    pub(super) raw_name: Option<&'a str>,
    /// Its fields; `None` when the entry is not an object.
    pub(super) fields: Option<&'a Map<String, Value>>,
    /// How a skipped entry's name is shown.
    shown_name: fn(&str) -> Option<String>,
}

impl Entry<'_> {
    /// The report that this entry was left out, and why.
    pub(super) fn skip(&self, reason: SkipReason) -> Skipped {
        Skipped {
            position: self.position,
            name: self.raw_name.and_then(self.shown_name),
            reason,
        }
    }
}

/// The entries of `list`, in order; `shown_name` says how a skipped entry's name is reported
/// (imports echo it clipped, the store load as it would be coerced).
pub(super) fn entries(
    list: &[Value],
    shown_name: fn(&str) -> Option<String>,
) -> impl Iterator<Item = Entry<'_>> {
    list.iter().enumerate().map(move |(i, entry)| Entry {
        position: i + 1,
        raw_name: entry.get("name").and_then(Value::as_str),
        fields: entry.as_object(),
        shown_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_count_from_one_and_name_skips_their_way() {
        let list: Vec<Value> =
            serde_json::from_str(r#"[{"name":"  a  "}, 7, {"name":5}, ["x"]]"#).unwrap();
        let skipped: Vec<Skipped> = entries(&list, |n| Some(n.trim().to_owned()))
            .map(|e| {
                let reason = match e.fields {
                    Some(_) => SkipReason::TooMany,
                    None => SkipReason::NotAnObject,
                };
                e.skip(reason)
            })
            .collect();
        let seen: Vec<(usize, Option<&str>, &SkipReason)> = skipped
            .iter()
            .map(|s| (s.position, s.name.as_deref(), &s.reason))
            .collect();
        assert_eq!(
            seen,
            [
                (1, Some("a"), &SkipReason::TooMany),
                (2, None, &SkipReason::NotAnObject),
                (3, None, &SkipReason::TooMany),
                (4, None, &SkipReason::NotAnObject),
            ]
        );
    }
}
