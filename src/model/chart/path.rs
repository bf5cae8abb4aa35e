//! Which number of a message a series plots: a JSON path into the decoded payload, or the name
//! of a Sparkplug metric, and how a number is read from either.

use std::fmt;

use serde_json::Value;

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An object member: `.name` or `['name']`.
    Key(String),
    /// An array element: `[3]`.
    Index(usize),
}

/// The field a series plots, as the user typed it.
///
/// Text starting with `$` is a JSON path (`$`, `$.a.b`, `$.sensors[0].temp`, `$['x.y'].z`);
/// any other non-empty text is a Sparkplug metric name, taken verbatim (`Node Control/Rebirth`).
/// A metric whose name starts with `$` therefore cannot be named; Sparkplug names do not in
/// practice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldPath {
    /// Steps from the root of the decoded payload; none is the root itself.
    Json(Vec<Step>),
    /// A Sparkplug metric, looked up by name among the payload's `metrics`.
    Metric(String),
}

/// What is wrong with a typed path, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathErrorKind {
    /// Nothing typed (or only spaces).
    Empty,
    /// After `.` comes no name (`$.`, `$..a`, `$.[0]`).
    ExpectedName,
    /// After `[` comes neither a digit nor a quote (`$[`, `$[a]`).
    ExpectedIndexOrQuote,
    /// A quoted name never closes (`$['a`).
    UnclosedQuote,
    /// An index that is not a plain non-negative integer, or too large (`$[1x]`, `$[-1]`).
    BadIndex,
    /// A quoted name or an index not followed by `]` (`$['a'x]`, `$[1`).
    ExpectedCloseBracket,
    /// A character where only `.` or `[` may come (`$a`, `$.a]`).
    UnexpectedChar,
}

/// A path that does not parse: what and the byte offset into the typed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathError {
    /// What went wrong.
    pub kind: PathErrorKind,
    /// Byte offset into the text as typed.
    pub at: usize,
}

fn error(kind: PathErrorKind, at: usize) -> PathError {
    PathError { kind, at }
}

/// Whether a name can be written after `.` and read back the same: no delimiter, quote,
/// backslash or whitespace.
fn is_plain_name_char(c: char) -> bool {
    !matches!(c, '.' | '[' | ']' | '\'' | '"' | '\\') && !c.is_whitespace()
}

impl FieldPath {
    /// Parses what the user typed. Surrounding spaces are ignored (offsets still count them).
    pub fn parse(text: &str) -> Result<FieldPath, PathError> {
        let lead = text.len() - text.trim_start().len();
        let body = text.trim();
        if body.is_empty() {
            return Err(error(PathErrorKind::Empty, 0));
        }
        match body.strip_prefix('$') {
            Some(rest) => parse_steps(rest, lead + 1).map(FieldPath::Json),
            None => Ok(FieldPath::Metric(body.to_string())),
        }
    }

    /// The number this path reads from a decoded payload (see [`number_of`] for what counts as
    /// a number); for a metric, the first metric of that name.
    pub fn number_in(&self, payload: &Value) -> Option<f64> {
        self.samples(payload, 0.0).next().map(|(_, v)| v)
    }

    /// Every (time ms, value) this path reads from one message: at most one for a JSON path,
    /// at its arrival time; for a metric, one per metric of that name with a number (Sparkplug
    /// lets a payload carry a metric several times, e.g. buffered history), each at the
    /// metric's own `timestamp` when it has one, else the arrival time.
    ///
    /// Metrics are read from `metrics` either as an array of `{"name", "timestamp", "value"}`
    /// objects or as an object from name to value (the shape of the Sparkplug decoder's JSON,
    /// which has no per-metric time).
    pub fn samples<'a>(
        &'a self,
        payload: &'a Value,
        arrival_ms: f64,
    ) -> impl Iterator<Item = (f64, f64)> + 'a {
        let (single, list): (Option<(f64, f64)>, &[Value]) = match self {
            FieldPath::Json(steps) => (
                walk(payload, steps)
                    .and_then(number_of)
                    .map(|v| (arrival_ms, v)),
                &[],
            ),
            FieldPath::Metric(name) => match payload.get("metrics") {
                Some(Value::Array(list)) => (None, list.as_slice()),
                Some(Value::Object(map)) => (
                    map.get(name).and_then(number_of).map(|v| (arrival_ms, v)),
                    &[],
                ),
                _ => (None, &[]),
            },
        };
        let name = match self {
            FieldPath::Metric(name) => name.as_str(),
            FieldPath::Json(_) => "",
        };
        single.into_iter().chain(list.iter().filter_map(move |m| {
            if m.get("name").and_then(Value::as_str) != Some(name) {
                return None;
            }
            let value = m.get("value").and_then(number_of)?;
            let time = m.get("timestamp").and_then(time_of).unwrap_or(arrival_ms);
            Some((time, value))
        }))
    }
}

/// The value at `steps` under `root`.
fn walk<'a>(root: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(root, |at, step| match step {
        Step::Key(key) => at.as_object()?.get(key),
        Step::Index(i) => at.as_array()?.get(*i),
    })
}

/// A value read as a plottable number: a finite JSON number, a bool as 0 or 1, or a string
/// that parses as a finite number once trimmed (devices often send `"23.5"`). Anything else,
/// and NaN or infinities however written, is None.
pub fn number_of(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Number(n) => n.as_f64()?,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A metric's `timestamp` (ms): a number, or the decimal string the decoder writes for
/// integers beyond 2^53.
fn time_of(value: &Value) -> Option<f64> {
    let t = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.parse::<f64>().ok()?,
        _ => return None,
    };
    t.is_finite().then_some(t)
}

/// Parses the steps after `$`; `base` is the byte offset of `rest` in the typed text.
fn parse_steps(rest: &str, base: usize) -> Result<Vec<Step>, PathError> {
    let bytes = rest.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' => {
                let start = i + 1;
                let len = rest[start..]
                    .find(|c: char| !is_plain_name_char(c))
                    .unwrap_or(rest.len() - start);
                if len == 0 {
                    return Err(error(PathErrorKind::ExpectedName, base + start));
                }
                steps.push(Step::Key(rest[start..start + len].to_string()));
                i = start + len;
            }
            b'[' => {
                let (step, next) = parse_bracket(rest, i + 1, base)?;
                steps.push(step);
                i = next;
            }
            _ => return Err(error(PathErrorKind::UnexpectedChar, base + i)),
        }
    }
    Ok(steps)
}

/// Parses what follows a `[` at `start`; returns the step and the offset after its `]`.
fn parse_bracket(rest: &str, start: usize, base: usize) -> Result<(Step, usize), PathError> {
    let bytes = rest.as_bytes();
    let close = |at: usize| match bytes.get(at) {
        Some(b']') => Ok(at + 1),
        _ => Err(error(PathErrorKind::ExpectedCloseBracket, base + at)),
    };
    match bytes.get(start) {
        Some(&quote @ (b'\'' | b'"')) => {
            let mut name = String::new();
            let mut chars = rest[start + 1..].char_indices();
            while let Some((off, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, escaped)) => name.push(escaped),
                        None => break,
                    },
                    c if c as u32 == u32::from(quote) => {
                        let end = start + 1 + off + 1;
                        return Ok((Step::Key(name), close(end)?));
                    }
                    c => name.push(c),
                }
            }
            Err(error(PathErrorKind::UnclosedQuote, base + start))
        }
        Some(b'0'..=b'9' | b'-' | b'+') => {
            let len = rest[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '+'))
                .unwrap_or(rest.len() - start);
            let digits = &rest[start..start + len];
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(PathErrorKind::BadIndex, base + start));
            }
            let index = digits
                .parse::<usize>()
                .map_err(|_| error(PathErrorKind::BadIndex, base + start))?;
            Ok((Step::Index(index), close(start + len)?))
        }
        _ => Err(error(PathErrorKind::ExpectedIndexOrQuote, base + start)),
    }
}

/// The canonical text: `$` then `.name` for plain names, `['name']` (with `\'` and `\\`
/// escaped) for others, `[3]` for indices; a metric name as is. Parses back to the same path.
impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Metric(name) => f.write_str(name),
            FieldPath::Json(steps) => {
                f.write_str("$")?;
                for step in steps {
                    match step {
                        Step::Index(i) => write!(f, "[{i}]")?,
                        Step::Key(k) if !k.is_empty() && k.chars().all(is_plain_name_char) => {
                            write!(f, ".{k}")?
                        }
                        Step::Key(k) => {
                            f.write_str("['")?;
                            for c in k.chars() {
                                if c == '\'' || c == '\\' {
                                    f.write_str("\\")?;
                                }
                                write!(f, "{c}")?;
                            }
                            f.write_str("']")?;
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn good_paths_parse_and_print_canonically() {
        let cases: &[(&str, FieldPath, &str)] = &[
            ("$", FieldPath::Json(vec![]), "$"),
            ("$.a.b", FieldPath::Json(vec![key("a"), key("b")]), "$.a.b"),
            (
                "$.sensors[0].temp",
                FieldPath::Json(vec![key("sensors"), Step::Index(0), key("temp")]),
                "$.sensors[0].temp",
            ),
            (
                "$['x.y'].z",
                FieldPath::Json(vec![key("x.y"), key("z")]),
                "$['x.y'].z",
            ),
            (
                "$[\"a b\"][12]",
                FieldPath::Json(vec![key("a b"), Step::Index(12)]),
                "$['a b'][12]",
            ),
            ("$['plain']", FieldPath::Json(vec![key("plain")]), "$.plain"),
            (
                r"$['it\'s\\']",
                FieldPath::Json(vec![key(r"it's\")]),
                r"$['it\'s\\']",
            ),
            ("$['']", FieldPath::Json(vec![key("")]), "$['']"),
            ("  $.t  ", FieldPath::Json(vec![key("t")]), "$.t"),
            (
                "Node Control/Rebirth",
                FieldPath::Metric("Node Control/Rebirth".into()),
                "Node Control/Rebirth",
            ),
            (
                "temperature",
                FieldPath::Metric("temperature".into()),
                "temperature",
            ),
        ];
        for (text, path, canonical) in cases {
            let parsed = FieldPath::parse(text);
            assert_eq!(parsed.as_ref(), Ok(path), "{text}");
            assert_eq!(path.to_string(), *canonical, "{text}");
            assert_eq!(
                FieldPath::parse(canonical).as_ref(),
                Ok(path),
                "{canonical}"
            );
        }
    }

    #[test]
    fn bad_paths_say_what_and_where() {
        use PathErrorKind::*;
        let cases: &[(&str, PathErrorKind, usize)] = &[
            ("", Empty, 0),
            ("   ", Empty, 0),
            ("$.", ExpectedName, 2),
            ("$..a", ExpectedName, 2),
            ("$.a.[0]", ExpectedName, 4),
            ("$[", ExpectedIndexOrQuote, 2),
            ("$[a]", ExpectedIndexOrQuote, 2),
            ("$['a", UnclosedQuote, 2),
            ("$.x[\"a\\\"]", UnclosedQuote, 4),
            ("$[1x]", BadIndex, 2),
            ("$[-1]", BadIndex, 2),
            ("$[99999999999999999999999]", BadIndex, 2),
            ("$[1", ExpectedCloseBracket, 3),
            ("$['a'x]", ExpectedCloseBracket, 5),
            ("$a", UnexpectedChar, 1),
            ("$.a]", UnexpectedChar, 3),
            ("  $x", UnexpectedChar, 3),
            ("$.a b", UnexpectedChar, 3),
        ];
        for (text, kind, at) in cases {
            assert_eq!(
                FieldPath::parse(text),
                Err(PathError {
                    kind: *kind,
                    at: *at
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_come_from_nested_objects_arrays_strings_and_bools() {
        let payload = json!({
            "a": {"b": 1.5},
            "sensors": [{"temp": "23.5"}, {"temp": " -4e1 "}],
            "on": true, "off": false,
            "x.y": {"z": 7},
            "bad": "warm", "nan": "NaN", "inf": "inf", "null": null, "obj": {}, "big": "1e999"
        });
        let at = |p: &str| FieldPath::parse(p).ok().and_then(|p| p.number_in(&payload));
        assert_eq!(at("$.a.b"), Some(1.5));
        assert_eq!(at("$.sensors[0].temp"), Some(23.5));
        assert_eq!(at("$.sensors[1].temp"), Some(-40.0));
        assert_eq!(at("$.sensors[2].temp"), None);
        assert_eq!(at("$.on"), Some(1.0));
        assert_eq!(at("$.off"), Some(0.0));
        assert_eq!(at("$['x.y'].z"), Some(7.0));
        for p in [
            "$.bad", "$.nan", "$.inf", "$.null", "$.obj", "$.big", "$", "$.a.b.c", "$[0]",
        ] {
            assert_eq!(at(p), None, "{p}");
        }
        let bare = json!(21.5);
        assert_eq!(FieldPath::Json(vec![]).number_in(&bare), Some(21.5));
    }

    #[test]
    fn sparkplug_metrics_are_found_by_name_with_their_own_time() {
        let payload = json!({
            "timestamp": 1000, "seq": 4,
            "metrics": [
                {"name": "temperature", "alias": 3, "timestamp": 1700000000123u64,
                 "datatype": "Float", "value": 21.5},
                {"name": "Node Control/Rebirth", "datatype": "Boolean", "value": false},
                {"name": "label", "value": "n/a"},
                {"name": "temperature", "timestamp": "1700000000456", "value": 22}
            ]
        });
        let path = FieldPath::parse("temperature").unwrap_or(FieldPath::Metric(String::new()));
        let got: Vec<_> = path.samples(&payload, 5.0).collect();
        assert_eq!(got, vec![(1700000000123.0, 21.5), (1700000000456.0, 22.0)]);
        assert_eq!(path.number_in(&payload), Some(21.5));
        let rebirth = FieldPath::Metric("Node Control/Rebirth".into());
        assert_eq!(
            rebirth.samples(&payload, 5.0).collect::<Vec<_>>(),
            vec![(5.0, 0.0)]
        );
        assert_eq!(FieldPath::Metric("label".into()).number_in(&payload), None);
        assert_eq!(
            FieldPath::Metric("missing".into()).number_in(&payload),
            None
        );
        // The decoder's own shape: metrics as an object from name to value.
        let decoded = json!({"timestamp": 1, "metrics": {"temperature": 19.25, "alias 5": 3}});
        assert_eq!(
            path.samples(&decoded, 9.0).collect::<Vec<_>>(),
            vec![(9.0, 19.25)]
        );
        let alias = FieldPath::Metric("alias 5".into());
        assert_eq!(alias.number_in(&decoded), Some(3.0));
        // A JSON path reads Sparkplug JSON like any other, at the arrival time.
        let json_path = FieldPath::parse("$.metrics[0].value");
        assert_eq!(
            json_path.map(|p| p.samples(&payload, 5.0).collect::<Vec<_>>()),
            Ok(vec![(5.0, 21.5)])
        );
        assert_eq!(path.number_in(&json!(3)), None);
    }
}
