//! Structural diff of a message against the previous one on the same topic.
//!
//! Both messages arrive here as `serde_json::Value`s: the decoders turn CBOR, MessagePack,
//! Protobuf and Sparkplug payloads into JSON values, and a text payload that is not JSON is
//! compared as a single string value ([`text_value`]). So one diff serves every payload format.
//!
//! Design choices:
//!
//! - **Paths** are lists of [`Segment`]s (an object key or an array index) with a canonical text
//!   form in the JSONPath style the codecs already use for their errors: `$.a.b[2]`, and a key
//!   that is not a plain identifier quoted as `$['x.y']` ([`path_text`]).
//! - **Objects** are compared by key, so the order of keys never makes a difference. Changes come
//!   in the document order of the new value; a removed key is reported where it stood in the old
//!   value (just before the first key that follows it in both values). `serde_json` keeps object
//!   keys sorted here (no `preserve_order`), so in practice this is key order.
//! - **Arrays** are compared index by index: element `i` of the old array against element `i`
//!   of the new one, extra new elements are added, missing ones removed. This is predictable and
//!   linear, and matches how telemetry arrays (fixed slots, sample windows) usually change; an
//!   element inserted at the front shows as every later element changed, which is the price.
//! - **Type changes** (a number that became an object, `null` that became a string) are one
//!   [`ChangeKind::Changed`] at that path carrying both whole values; the walk does not descend.
//! - **Bounds**: at most `max_changes` changes are reported ([`DEFAULT_MAX_CHANGES`]); the walk
//!   stops at the first change past the limit and sets [`Diff::truncated`]. The counts are those
//!   of the reported changes. Recursion stops at [`MAX_DEPTH`] levels (the decoders already stop
//!   at 128): two subtrees below it are compared whole and reported as one change if they differ.
//!
//! For the view, [`render`] lays out the new value as the lines of its pretty JSON (exactly the
//! lines of `serde_json::to_string_pretty`), each marked added, changed or unchanged, with the
//! removed members' lines interleaved where they stood, so the UI only colours lines.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Changes reported at most by [`diff`]; past it the diff is [`Diff::truncated`].
pub const DEFAULT_MAX_CHANGES: usize = 1_000;

/// Lines laid out at most by [`render`]; past it the rendering is [`Rendered::truncated`].
pub const DEFAULT_MAX_LINES: usize = 20_000;

/// Nesting depth below which subtrees are compared whole instead of walked (the decoders stop at
/// 128 levels, so real payloads never reach it).
pub const MAX_DEPTH: usize = 160;

/// One step of a path into a JSON value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A member of an object, by key.
    Key(String),
    /// An element of an array, by index.
    Index(usize),
}

/// What happened at one path.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeKind {
    /// Present only in the new value (the new subtree, whole).
    Added(Value),
    /// Present only in the old value (the old subtree, whole).
    Removed(Value),
    /// Present in both with a different scalar value, or with a different type.
    Changed {
        /// The old value at this path.
        old: Value,
        /// The new value at this path.
        new: Value,
    },
}

/// One difference between the old and the new value.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Where, from the root; empty for the root itself.
    pub path: Vec<Segment>,
    /// What.
    pub kind: ChangeKind,
}

impl Change {
    /// The canonical text of [`Change::path`], e.g. `$.a.b[2]` or `$['x.y']`.
    pub fn path_text(&self) -> String {
        path_text(&self.path)
    }
}

/// The changes from an old value to a new one, in document order, with their counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    /// The changes, in the document order of the new value (removed members where they stood).
    pub changes: Vec<Change>,
    /// How many of `changes` are [`ChangeKind::Added`].
    pub added: usize,
    /// How many of `changes` are [`ChangeKind::Removed`].
    pub removed: usize,
    /// How many of `changes` are [`ChangeKind::Changed`].
    pub changed: usize,
    /// Whether more changes exist than were reported (the limit was reached).
    pub truncated: bool,
}

impl Diff {
    /// Whether the two values are equal (nothing reported and nothing left out).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && !self.truncated
    }
}

/// The canonical text of a path: `$` for the root, `.key` for identifier keys
/// (`[A-Za-z_][A-Za-z0-9_]*`), `['key']` for any other key (`\` and `'` escaped with a
/// backslash), `[i]` for array indices.
pub fn path_text(path: &[Segment]) -> String {
    let mut out = String::from("$");
    for segment in path {
        match segment {
            Segment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Key(key) if is_identifier(key) => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Key(key) => {
                out.push_str("['");
                for c in key.chars() {
                    if c == '\'' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push_str("']");
            }
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The value a text payload is compared as: its JSON value if the (trimmed) text is JSON, else
/// the whole text as one string value.
pub fn text_value(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// The changes from `old` to `new`, at most [`DEFAULT_MAX_CHANGES`] of them.
pub fn diff(old: &Value, new: &Value) -> Diff {
    diff_with_limit(old, new, DEFAULT_MAX_CHANGES)
}

/// The changes from `old` to `new`, at most `max_changes` of them.
pub fn diff_with_limit(old: &Value, new: &Value, max_changes: usize) -> Diff {
    let mut walker = Walker {
        diff: Diff::default(),
        max: max_changes,
        path: Vec::new(),
    };
    walker.compare(old, new);
    walker.diff
}

struct Walker {
    diff: Diff,
    max: usize,
    path: Vec<Segment>,
}

impl Walker {
    /// Records a change at the current path; false once the limit is reached (the walk stops).
    fn report(&mut self, kind: ChangeKind) -> bool {
        if self.diff.truncated {
            return false;
        }
        if self.diff.changes.len() >= self.max {
            self.diff.truncated = true;
            return false;
        }
        match kind {
            ChangeKind::Added(_) => self.diff.added += 1,
            ChangeKind::Removed(_) => self.diff.removed += 1,
            ChangeKind::Changed { .. } => self.diff.changed += 1,
        }
        self.diff.changes.push(Change {
            path: self.path.clone(),
            kind,
        });
        true
    }

    fn at<F: FnOnce(&mut Self)>(&mut self, segment: Segment, f: F) {
        self.path.push(segment);
        f(self);
        self.path.pop();
    }

    fn compare(&mut self, old: &Value, new: &Value) {
        if self.diff.truncated {
            return;
        }
        match (old, new) {
            (Value::Object(o), Value::Object(n)) if self.path.len() < MAX_DEPTH => {
                self.compare_objects(o, n)
            }
            (Value::Array(o), Value::Array(n)) if self.path.len() < MAX_DEPTH => {
                self.compare_arrays(o, n)
            }
            _ if old == new => {}
            _ => {
                self.report(ChangeKind::Changed {
                    old: old.clone(),
                    new: new.clone(),
                });
            }
        }
    }

    fn compare_objects(&mut self, old: &Map<String, Value>, new: &Map<String, Value>) {
        let layout = member_layout(old, new);
        for step in layout.steps {
            if self.diff.truncated {
                return;
            }
            match step {
                Step::Removed(key, value) => {
                    self.at(Segment::Key(key.clone()), |w| {
                        w.report(ChangeKind::Removed(value.clone()));
                    });
                }
                Step::Present(key, new_value) => match old.get(key) {
                    Some(old_value) => self.at(Segment::Key(key.clone()), |w| {
                        w.compare(old_value, new_value)
                    }),
                    None => self.at(Segment::Key(key.clone()), |w| {
                        w.report(ChangeKind::Added(new_value.clone()));
                    }),
                },
            }
        }
    }

    fn compare_arrays(&mut self, old: &[Value], new: &[Value]) {
        for (i, new_value) in new.iter().enumerate() {
            if self.diff.truncated {
                return;
            }
            match old.get(i) {
                Some(old_value) => self.at(Segment::Index(i), |w| w.compare(old_value, new_value)),
                None => self.at(Segment::Index(i), |w| {
                    w.report(ChangeKind::Added(new_value.clone()));
                }),
            }
        }
        for (i, old_value) in old.iter().enumerate().skip(new.len()) {
            if self.diff.truncated {
                return;
            }
            self.at(Segment::Index(i), |w| {
                w.report(ChangeKind::Removed(old_value.clone()));
            });
        }
    }
}

/// One member in the merged order of two objects.
enum Step<'a> {
    /// A key of the new object (added or present in both).
    Present(&'a String, &'a Value),
    /// A key only the old object has, with its old value.
    Removed(&'a String, &'a Value),
}

struct Layout<'a> {
    steps: Vec<Step<'a>>,
}

/// The members of `new` in order, each key only `old` has placed just before the first key
/// that follows it in `old` and is still in `new` (or at the end).
fn member_layout<'a>(old: &'a Map<String, Value>, new: &'a Map<String, Value>) -> Layout<'a> {
    let mut before: HashMap<&'a str, Vec<(&'a String, &'a Value)>> = HashMap::new();
    let mut pending = Vec::new();
    for (key, value) in old {
        if new.contains_key(key) {
            if !pending.is_empty() {
                before.insert(key.as_str(), std::mem::take(&mut pending));
            }
        } else {
            pending.push((key, value));
        }
    }
    let mut steps = Vec::with_capacity(new.len() + pending.len());
    for (key, value) in new {
        if let Some(removed) = before.remove(key.as_str()) {
            steps.extend(removed.into_iter().map(|(k, v)| Step::Removed(k, v)));
        }
        steps.push(Step::Present(key, value));
    }
    steps.extend(pending.into_iter().map(|(k, v)| Step::Removed(k, v)));
    Layout { steps }
}

/// How a rendered line relates to the old value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineMark {
    /// The same in both values (also the brackets of a container present in both).
    Unchanged,
    /// Only in the new value.
    Added,
    /// A scalar whose value differs from the old one ([`DiffLine::was`] holds the old one).
    Changed,
    /// Only in the old value; not part of the new value's text.
    Removed,
}

/// One line of the rendered new value.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffLine {
    /// Nesting level; the plain text indents by two spaces per level ([`DiffLine::indented`]).
    pub depth: usize,
    /// The line without its indentation, e.g. `"temp": 21.5,` or `},`.
    pub text: String,
    /// How it relates to the old value.
    pub mark: LineMark,
    /// For a [`LineMark::Changed`] line, the old value as compact JSON.
    pub was: Option<String>,
}

impl DiffLine {
    /// The line as it stands in pretty JSON: two spaces per level, then the text.
    pub fn indented(&self) -> String {
        let mut out = "  ".repeat(self.depth);
        out.push_str(&self.text);
        out
    }
}

/// The lines of [`render`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// The lines, top to bottom.
    pub lines: Vec<DiffLine>,
    /// Whether lines were left out at the end (the limit was reached).
    pub truncated: bool,
}

/// The new value as pretty JSON lines marked against the old one, at most
/// [`DEFAULT_MAX_LINES`] lines.
///
/// Leaving out the [`LineMark::Removed`] lines, the lines' [`DiffLine::indented`] texts are
/// exactly those of `serde_json::to_string_pretty(new)`. Removed members are rendered at their
/// place in the old value, as their own pretty JSON without a trailing comma. A scalar that
/// changed is one [`LineMark::Changed`] line with the old value in [`DiffLine::was`]; a value
/// whose type changed (or a container replaced by a scalar) is its old lines as removed, then
/// its new lines as added. An object or array present in both keeps unchanged bracket lines.
pub fn render(old: &Value, new: &Value) -> Rendered {
    render_with_limit(old, new, DEFAULT_MAX_LINES)
}

/// [`render`] with a limit of `max_lines` lines.
pub fn render_with_limit(old: &Value, new: &Value, max_lines: usize) -> Rendered {
    let mut r = Renderer {
        out: Rendered::default(),
        max: max_lines,
    };
    r.pair("", old, new, 0, false);
    r.out
}

struct Renderer {
    out: Rendered,
    max: usize,
}

fn json(value: &Value) -> String {
    // Serialising a `Value` cannot fail (its keys are strings).
    serde_json::to_string(value).unwrap_or_default()
}

fn key_prefix(key: &str) -> String {
    let mut out = json(&Value::String(key.to_owned()));
    out.push_str(": ");
    out
}

fn comma(yes: bool) -> &'static str {
    if yes {
        ","
    } else {
        ""
    }
}

impl Renderer {
    fn line(&mut self, depth: usize, text: String, mark: LineMark, was: Option<String>) -> bool {
        if self.out.truncated {
            return false;
        }
        if self.out.lines.len() >= self.max {
            self.out.truncated = true;
            return false;
        }
        self.out.lines.push(DiffLine {
            depth,
            text,
            mark,
            was,
        });
        true
    }

    /// `value` laid out whole with one mark; `prefix` is `"key": ` or empty.
    fn plain(&mut self, prefix: &str, value: &Value, depth: usize, trailing: bool, mark: LineMark) {
        if self.out.truncated {
            return;
        }
        let (open, close, empty) = match value {
            Value::Object(m) => ('{', '}', m.is_empty()),
            Value::Array(a) => ('[', ']', a.is_empty()),
            _ => {
                self.line(
                    depth,
                    format!("{prefix}{}{}", json(value), comma(trailing)),
                    mark,
                    None,
                );
                return;
            }
        };
        if empty || depth >= MAX_DEPTH {
            self.line(
                depth,
                format!("{prefix}{}{}", json(value), comma(trailing)),
                mark,
                None,
            );
            return;
        }
        self.line(depth, format!("{prefix}{open}"), mark, None);
        match value {
            Value::Object(m) => {
                let last = m.len().saturating_sub(1);
                for (i, (k, v)) in m.iter().enumerate() {
                    self.plain(&key_prefix(k), v, depth + 1, i < last, mark);
                }
            }
            Value::Array(a) => {
                let last = a.len().saturating_sub(1);
                for (i, v) in a.iter().enumerate() {
                    self.plain("", v, depth + 1, i < last, mark);
                }
            }
            _ => {}
        }
        self.line(depth, format!("{close}{}", comma(trailing)), mark, None);
    }

    /// `new` laid out against `old`, both at the same place.
    fn pair(&mut self, prefix: &str, old: &Value, new: &Value, depth: usize, trailing: bool) {
        if self.out.truncated {
            return;
        }
        match (old, new) {
            (Value::Object(o), Value::Object(n)) if depth < MAX_DEPTH => {
                let steps = member_layout(o, n).steps;
                if n.is_empty() {
                    self.line(
                        depth,
                        format!("{prefix}{{}}{}", comma(trailing)),
                        LineMark::Unchanged,
                        None,
                    );
                } else {
                    self.line(depth, format!("{prefix}{{"), LineMark::Unchanged, None);
                }
                let last = n.len().saturating_sub(1);
                let mut index = 0;
                for step in steps {
                    match step {
                        Step::Removed(k, v) => {
                            self.plain(&key_prefix(k), v, depth + 1, false, LineMark::Removed)
                        }
                        Step::Present(k, v) => {
                            let more = index < last;
                            index += 1;
                            match o.get(k) {
                                Some(ov) => self.pair(&key_prefix(k), ov, v, depth + 1, more),
                                None => {
                                    self.plain(&key_prefix(k), v, depth + 1, more, LineMark::Added)
                                }
                            }
                        }
                    }
                }
                if !n.is_empty() {
                    self.line(
                        depth,
                        format!("}}{}", comma(trailing)),
                        LineMark::Unchanged,
                        None,
                    );
                }
            }
            (Value::Array(o), Value::Array(n)) if depth < MAX_DEPTH => {
                if n.is_empty() {
                    self.line(
                        depth,
                        format!("{prefix}[]{}", comma(trailing)),
                        LineMark::Unchanged,
                        None,
                    );
                } else {
                    self.line(depth, format!("{prefix}["), LineMark::Unchanged, None);
                }
                let last = n.len().saturating_sub(1);
                for (i, v) in n.iter().enumerate() {
                    match o.get(i) {
                        Some(ov) => self.pair("", ov, v, depth + 1, i < last),
                        None => self.plain("", v, depth + 1, i < last, LineMark::Added),
                    }
                }
                for ov in o.iter().skip(n.len()) {
                    self.plain("", ov, depth + 1, false, LineMark::Removed);
                }
                if !n.is_empty() {
                    self.line(
                        depth,
                        format!("]{}", comma(trailing)),
                        LineMark::Unchanged,
                        None,
                    );
                }
            }
            _ if old == new => self.plain(prefix, new, depth, trailing, LineMark::Unchanged),
            (Value::Object(_) | Value::Array(_), _) | (_, Value::Object(_) | Value::Array(_)) => {
                self.plain(prefix, old, depth, false, LineMark::Removed);
                self.plain(prefix, new, depth, trailing, LineMark::Added);
            }
            _ => {
                self.line(
                    depth,
                    format!("{prefix}{}{}", json(new), comma(trailing)),
                    LineMark::Changed,
                    Some(json(old)),
                );
            }
        }
    }
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn key(k: &str) -> Segment {
        Segment::Key(k.to_owned())
    }

    /// The changes as `(path text, kind letter, old, new)` for compact expectations.
    fn summary(d: &Diff) -> Vec<(String, char, Value, Value)> {
        d.changes
            .iter()
            .map(|c| match &c.kind {
                ChangeKind::Added(v) => (c.path_text(), '+', Value::Null, v.clone()),
                ChangeKind::Removed(v) => (c.path_text(), '-', v.clone(), Value::Null),
                ChangeKind::Changed { old, new } => (c.path_text(), '~', old.clone(), new.clone()),
            })
            .collect()
    }

    fn s(path: &str, k: char, old: Value, new: Value) -> (String, char, Value, Value) {
        (path.to_owned(), k, old, new)
    }

    #[test]
    fn identical_values_have_no_changes() {
        let v = json!({"a": [1, {"b": null}], "c": "x"});
        let d = diff(&v, &v.clone());
        assert!(d.is_empty());
        assert_eq!((d.added, d.removed, d.changed), (0, 0, 0));
    }

    #[test]
    fn nested_objects() {
        let old = json!({"dev": {"temp": 21.5, "hum": 40, "fw": "1.0"}, "id": 7});
        let new = json!({"dev": {"temp": 22.0, "hum": 40, "bat": 99}, "id": 7});
        let d = diff(&old, &new);
        assert_eq!(
            summary(&d),
            vec![
                s("$.dev.bat", '+', Value::Null, json!(99)),
                s("$.dev.fw", '-', json!("1.0"), Value::Null),
                s("$.dev.temp", '~', json!(21.5), json!(22.0)),
            ]
        );
        assert_eq!((d.added, d.removed, d.changed), (1, 1, 1));
        assert!(!d.truncated);
        assert_eq!(d.changes[0].path, vec![key("dev"), key("bat")]);
    }

    #[test]
    fn removed_keys_stand_where_they_were() {
        // Keys are sorted (no preserve_order): b was between a and c.
        let old = json!({"a": 1, "b": 2, "c": 3, "z": 0});
        let new = json!({"a": 1, "c": 4, "d": 5});
        assert_eq!(
            summary(&diff(&old, &new)),
            vec![
                s("$.b", '-', json!(2), Value::Null),
                s("$.c", '~', json!(3), json!(4)),
                s("$.d", '+', Value::Null, json!(5)),
                s("$.z", '-', json!(0), Value::Null),
            ]
        );
    }

    #[test]
    fn arrays_compare_index_by_index() {
        let old = json!({"v": [1, 2, 3, [4, 5]]});
        let new = json!({"v": [1, 9, 3]});
        assert_eq!(
            summary(&diff(&old, &new)),
            vec![
                s("$.v[1]", '~', json!(2), json!(9)),
                s("$.v[3]", '-', json!([4, 5]), Value::Null),
            ]
        );
        let grown = diff(&json!([[1]]), &json!([[1, 2], "x"]));
        assert_eq!(
            summary(&grown),
            vec![
                s("$[0][1]", '+', Value::Null, json!(2)),
                s("$[1]", '+', Value::Null, json!("x")),
            ]
        );
    }

    #[test]
    fn type_changes_are_one_change_with_both_values() {
        let old = json!({"a": 1, "b": {"x": 1}, "c": null, "d": [1]});
        let new = json!({"a": "1", "b": [1], "c": false, "d": {"0": 1}});
        let d = diff(&old, &new);
        assert_eq!(
            summary(&d),
            vec![
                s("$.a", '~', json!(1), json!("1")),
                s("$.b", '~', json!({"x": 1}), json!([1])),
                s("$.c", '~', Value::Null, json!(false)),
                s("$.d", '~', json!([1]), json!({"0": 1})),
            ]
        );
        assert_eq!(d.changed, 4);
        // The root itself changing type, e.g. a text payload that became JSON.
        assert_eq!(
            summary(&diff(&json!("on"), &json!({"on": true}))),
            vec![s("$", '~', json!("on"), json!({"on": true}))]
        );
    }

    #[test]
    fn integer_and_float_with_the_same_value_differ_only_if_json_does() {
        // serde_json compares 1 and 1.0 as different numbers; so does the diff.
        assert_eq!(diff(&json!(1), &json!(1.0)).changed, 1);
        assert!(diff(&json!(1.5), &json!(1.5)).is_empty());
    }

    #[test]
    fn key_order_does_not_matter() {
        let a: Value = serde_json::from_str(r#"{"a":1,"b":{"x":1,"y":2}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b":{"y":2,"x":1},"a":1}"#).unwrap();
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn limit_truncates_and_counts_only_what_is_reported() {
        let old = json!((0..10).collect::<Vec<_>>());
        let new = json!((100..110).collect::<Vec<_>>());
        let d = diff_with_limit(&old, &new, 3);
        assert_eq!(d.changes.len(), 3);
        assert!(d.truncated);
        assert!(!d.is_empty());
        assert_eq!((d.added, d.removed, d.changed), (0, 0, 3));
        assert_eq!(d.changes[2].path_text(), "$[2]");
        // Exactly at the limit: not truncated.
        let d = diff_with_limit(&json!([1, 2]), &json!([3, 4]), 2);
        assert_eq!((d.changes.len(), d.truncated), (2, false));
        // The default.
        let big_old = json!((0..1500).collect::<Vec<_>>());
        let big_new = json!((1..1501).collect::<Vec<_>>());
        let d = diff(&big_old, &big_new);
        assert_eq!((d.changes.len(), d.truncated), (DEFAULT_MAX_CHANGES, true));
    }

    #[test]
    fn path_quoting() {
        let path = vec![
            key("a"),
            key("x.y"),
            Segment::Index(2),
            key("it's"),
            key("back\\slash"),
            key(""),
            key("_ok9"),
            key("9no"),
            key("temp\u{b0}"),
        ];
        assert_eq!(
            path_text(&path),
            r"$.a['x.y'][2]['it\'s']['back\\slash']['']._ok9['9no']['temp°']"
        );
        assert_eq!(path_text(&[]), "$");
        let d = diff(&json!({"a.b": {"c d": 1}}), &json!({"a.b": {"c d": 2}}));
        assert_eq!(d.changes[0].path_text(), "$['a.b']['c d']");
    }

    #[test]
    fn text_payloads_compare_as_strings() {
        assert_eq!(text_value("hello"), json!("hello"));
        assert_eq!(text_value(" {\"a\":1} "), json!({"a": 1}));
        assert_eq!(text_value("21.5"), json!(21.5));
        assert_eq!(
            summary(&diff(&text_value("on"), &text_value("off"))),
            vec![s("$", '~', json!("on"), json!("off"))]
        );
    }

    #[test]
    fn deep_values_are_bounded() {
        fn nest(depth: usize, leaf: Value) -> Value {
            let mut v = leaf;
            for _ in 0..depth {
                v = json!({ "a": v });
            }
            v
        }
        let d = diff(&nest(200, json!(1)), &nest(200, json!(2)));
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].path.len(), MAX_DEPTH);
        let r = render(&nest(200, json!(1)), &nest(200, json!(2)));
        assert!(!r.truncated);
        assert_eq!(
            r.lines
                .iter()
                .filter(|l| l.mark == LineMark::Removed)
                .count(),
            1
        );
        assert_eq!(
            r.lines.iter().filter(|l| l.mark == LineMark::Added).count(),
            1
        );
    }

    fn marks(r: &Rendered) -> Vec<(LineMark, String)> {
        r.lines.iter().map(|l| (l.mark, l.indented())).collect()
    }

    #[test]
    fn render_marks_lines() {
        use LineMark::*;
        let old = json!({"a": 1, "b": {"x": true}, "gone": [1, 2], "list": [1, 2, 3]});
        let new = json!({"a": 2, "b": {"x": true}, "list": [1, 5], "new": {"k": null}});
        let r = render(&old, &new);
        let expected: Vec<(LineMark, String)> = vec![
            (Unchanged, "{"),
            (Changed, "  \"a\": 2,"),
            (Unchanged, "  \"b\": {"),
            (Unchanged, "    \"x\": true"),
            (Unchanged, "  },"),
            (Removed, "  \"gone\": ["),
            (Removed, "    1,"),
            (Removed, "    2"),
            (Removed, "  ]"),
            (Unchanged, "  \"list\": ["),
            (Unchanged, "    1,"),
            (Changed, "    5"),
            (Removed, "    3"),
            (Unchanged, "  ],"),
            (Added, "  \"new\": {"),
            (Added, "    \"k\": null"),
            (Added, "  }"),
            (Unchanged, "}"),
        ]
        .into_iter()
        .map(|(m, t)| (m, t.to_owned()))
        .collect();
        assert_eq!(marks(&r), expected);
        assert_eq!(r.lines[1].was.as_deref(), Some("1"));
        assert_eq!(r.lines[11].was.as_deref(), Some("2"));
        assert_eq!(r.lines[0].was, None);
        assert!(!r.truncated);
    }

    #[test]
    fn render_type_change_and_emptied_containers() {
        use LineMark::*;
        let r = render(&json!({"a": {"x": 1}, "e": [1]}), &json!({"a": 3, "e": []}));
        let expected: Vec<(LineMark, String)> = vec![
            (Unchanged, "{"),
            (Removed, "  \"a\": {"),
            (Removed, "    \"x\": 1"),
            (Removed, "  }"),
            (Added, "  \"a\": 3,"),
            (Unchanged, "  \"e\": []"),
            (Removed, "    1"),
            (Unchanged, "}"),
        ]
        .into_iter()
        .map(|(m, t)| (m, t.to_owned()))
        .collect();
        assert_eq!(marks(&r), expected);
    }

    #[test]
    fn render_limit() {
        let v = json!((0..100).collect::<Vec<_>>());
        let r = render_with_limit(&v, &v, 10);
        assert_eq!(r.lines.len(), 10);
        assert!(r.truncated);
        assert!(r.lines.iter().all(|l| l.mark == LineMark::Unchanged));
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-5i64..5).prop_map(|n| json!(n)),
            (-2.0f64..2.0).prop_map(|f| json!((f * 4.0).round() / 4.0)),
            "[a-c.' ]{0,3}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-d.]{0,2}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Applies a diff to `old` (Changed and Added set the new value, Removed deletes) and
    /// returns the result; only valid for untruncated diffs.
    fn apply(old: &Value, d: &Diff) -> Value {
        let mut v = old.clone();
        // Array removals must go from the highest index down; they are already last per array
        // and in increasing order, so apply removals in reverse.
        for c in &d.changes {
            if let ChangeKind::Added(n) | ChangeKind::Changed { new: n, .. } = &c.kind {
                set(&mut v, &c.path, n.clone());
            }
        }
        for c in d.changes.iter().rev() {
            if let ChangeKind::Removed(_) = c.kind {
                remove(&mut v, &c.path);
            }
        }
        v
    }

    fn set(v: &mut Value, path: &[Segment], n: Value) {
        match path.split_first() {
            None => *v = n,
            Some((Segment::Key(k), rest)) => {
                if let Value::Object(m) = v {
                    let slot = m.entry(k.clone()).or_insert(Value::Null);
                    set(slot, rest, n);
                }
            }
            Some((Segment::Index(i), rest)) => {
                if let Value::Array(a) = v {
                    if *i == a.len() {
                        a.push(Value::Null);
                    }
                    if let Some(slot) = a.get_mut(*i) {
                        set(slot, rest, n);
                    }
                }
            }
        }
    }

    fn remove(v: &mut Value, path: &[Segment]) {
        match path.split_first() {
            None => {}
            Some((seg, [])) => match (v, seg) {
                (Value::Object(m), Segment::Key(k)) => {
                    m.remove(k);
                }
                (Value::Array(a), Segment::Index(i)) if *i < a.len() => {
                    a.remove(*i);
                }
                _ => {}
            },
            Some((Segment::Key(k), rest)) => {
                if let Some(inner) = v.as_object_mut().and_then(|m| m.get_mut(k)) {
                    remove(inner, rest);
                }
            }
            Some((Segment::Index(i), rest)) => {
                if let Some(inner) = v.as_array_mut().and_then(|a| a.get_mut(*i)) {
                    remove(inner, rest);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn diff_of_a_value_with_itself_is_empty(a in arb_json()) {
            prop_assert!(diff(&a, &a).is_empty());
            prop_assert!(render(&a, &a).lines.iter().all(|l| l.mark == LineMark::Unchanged));
        }

        #[test]
        fn counts_match_kinds_and_applying_gives_new(a in arb_json(), b in arb_json()) {
            let d = diff(&a, &b);
            let added = d.changes.iter().filter(|c| matches!(c.kind, ChangeKind::Added(_))).count();
            let removed = d.changes.iter().filter(|c| matches!(c.kind, ChangeKind::Removed(_))).count();
            prop_assert_eq!((d.added, d.removed, d.changed), (added, removed, d.changes.len() - added - removed));
            prop_assert!(!d.truncated);
            prop_assert_eq!(d.is_empty(), a == b);
            prop_assert_eq!(apply(&a, &d), b.clone());
            // Swapping sides swaps added and removed.
            let back = diff(&b, &a);
            prop_assert_eq!((back.added, back.removed, back.changed), (d.removed, d.added, d.changed));
        }

        #[test]
        fn rendering_without_removed_lines_is_the_pretty_json(a in arb_json(), b in arb_json()) {
            let r = render(&a, &b);
            let text: Vec<String> = r
                .lines
                .iter()
                .filter(|l| l.mark != LineMark::Removed)
                .map(DiffLine::indented)
                .collect();
            prop_assert_eq!(text.join("\n"), serde_json::to_string_pretty(&b).unwrap());
            let changes = diff(&a, &b);
            prop_assert_eq!(
                r.lines.iter().all(|l| l.mark == LineMark::Unchanged),
                changes.is_empty()
            );
        }

        #[test]
        fn a_truncated_diff_is_a_prefix_of_the_full_one(a in arb_json(), b in arb_json(), limit in 0usize..6) {
            let full = diff(&a, &b);
            let cut = diff_with_limit(&a, &b, limit);
            prop_assert_eq!(cut.truncated, full.changes.len() > limit);
            prop_assert_eq!(&cut.changes[..], &full.changes[..cut.changes.len()]);
        }
    }
}
