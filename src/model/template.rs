//! Payload templates: variables in `{{…}}` expanded each time a message is sent.
//!
//! | variable | expands to |
//! |---|---|
//! | `{{timestamp}}`, `{{timestamp(ms)}}` | Unix milliseconds, e.g. `1700000000000` |
//! | `{{timestamp(iso)}}` | ISO 8601 UTC, e.g. `2023-11-14T22:13:20.000Z` |
//! | `{{uuid}}` | a random (version 4) UUID |
//! | `{{counter}}` | 1 for the first send, then 2, 3, … (per publish form or timer) |
//! | `{{random(min,max)}}` | an integer in `min..=max` |
//! | `{{randomFloat(min,max,digits)}}` | a number in `[min, max)` with `digits` decimals (0–15) |
//! | `{{deviceName}}`, `{{productKey}}` | the connected Aliyun device |
//!
//! Spaces inside the braces are allowed (`{{ counter }}`). `{{` always starts a variable; a
//! payload that needs the two characters literally writes `{{"{{"}}`, the only quoted form.
//! Anything else is an error that says where, so a typo is never sent as is.

use super::export::iso8601_utc;

/// The most decimals `randomFloat` writes.
pub const MAX_FLOAT_DIGITS: u8 = 15;

/// One variable of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum Var {
    /// Unix milliseconds.
    TimestampMs,
    /// ISO 8601 UTC with milliseconds.
    TimestampIso,
    /// A random version 4 UUID.
    Uuid,
    /// The send's number, from 1.
    Counter,
    /// A random integer in `min..=max`.
    Random {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// A random number in `[min, max)` written with `digits` decimals.
    RandomFloat {
        /// Smallest value.
        min: f64,
        /// Upper bound (not reached).
        max: f64,
        /// Decimals written.
        digits: u8,
    },
    /// The connected device's DeviceName.
    DeviceName,
    /// The connected device's ProductKey.
    ProductKey,
    /// Literal text written inside braces (`{{"{{"}}`).
    Quoted(String),
}

/// A piece of a parsed template.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Var(Var),
}

/// Why a template cannot be used; `at` is the 1-based character position of the `{{` that
/// starts the bad variable (or of the error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// 1-based character position.
    pub at: usize,
    /// What is wrong.
    pub kind: TemplateErrorKind,
}

/// What is wrong with a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateErrorKind {
    /// `{{` without a closing `}}`.
    Unclosed,
    /// `{{}}`.
    Empty,
    /// A name that is not a variable.
    Unknown(String),
    /// A variable given arguments it does not take, or missing ones.
    Arguments {
        /// The variable.
        name: &'static str,
        /// How it is written.
        expected: &'static str,
    },
    /// An argument that is not a number of the right kind.
    NotANumber {
        /// The variable.
        name: &'static str,
        /// The argument as written.
        found: String,
    },
    /// `min` is larger than `max`.
    Range {
        /// The variable.
        name: &'static str,
    },
    /// `randomFloat`'s digits outside 0–15.
    Digits(String),
    /// `{{deviceName}}`/`{{productKey}}` while no Aliyun device is connected.
    NoDevice(&'static str),
}

/// A parsed template, ready to expand many times.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// What one expansion needs from the outside world.
pub struct Expand<'a> {
    /// Wall-clock Unix milliseconds of the send.
    pub now_ms: u64,
    /// The send's number (1 for the first).
    pub counter: u64,
    /// A source of uniform random numbers in `[0, 1)`.
    pub random: &'a mut dyn FnMut() -> f64,
    /// The connected Aliyun device (ProductKey, DeviceName), if any.
    pub device: Option<(&'a str, &'a str)>,
}

impl Template {
    /// Parses `text`; fails on the first malformed variable.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut pieces = Vec::new();
        let mut rest = text;
        // Characters consumed so far, for positions.
        let mut consumed = 0usize;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_owned()));
            }
            let at = consumed + rest[..open].chars().count() + 1;
            let inner_start = open + 2;
            let close = find_close(&rest[inner_start..]).ok_or(TemplateError {
                at,
                kind: TemplateErrorKind::Unclosed,
            })?;
            let inner = &rest[inner_start..inner_start + close];
            let var = parse_var(inner).map_err(|kind| TemplateError { at, kind })?;
            pieces.push(Piece::Var(var));
            let end = inner_start + close + 2;
            consumed += rest[..end].chars().count();
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        Ok(Template { pieces })
    }

    /// Whether the template has variables (otherwise it is sent exactly as typed).
    pub fn has_vars(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Var(_)))
    }

    /// Whether it uses `{{counter}}`.
    pub fn uses_counter(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Var(Var::Counter)))
    }

    /// The text for one send.
    pub fn expand(&self, ctx: &mut Expand<'_>) -> Result<String, TemplateErrorKind> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v) => write_var(v, ctx, &mut out)?,
            }
        }
        Ok(out)
    }
}

/// Where `}}` closes a variable, skipping a quoted string (which may contain braces).
fn find_close(s: &str) -> Option<usize> {
    let trimmed = s.trim_start();
    if let Some(quoted) = trimmed.strip_prefix('"') {
        let quote = s.len() - trimmed.len();
        let end = quoted.find('"')? + 1;
        let after = quote + end + 1;
        return s[after..].find("}}").map(|c| after + c);
    }
    s.find("}}")
}

fn parse_var(inner: &str) -> Result<Var, TemplateErrorKind> {
    let inner = inner.trim();
    if inner.is_empty() {
        return Err(TemplateErrorKind::Empty);
    }
    if let Some(quoted) = inner.strip_prefix('"') {
        return match quoted.strip_suffix('"') {
            Some(q) if !q.contains('"') => Ok(Var::Quoted(q.to_owned())),
            _ => Err(TemplateErrorKind::Unknown(inner.to_owned())),
        };
    }
    let (name, args) = match inner.find('(') {
        Some(p) => {
            let Some(body) = inner[p + 1..].trim_end().strip_suffix(')') else {
                return Err(TemplateErrorKind::Unknown(inner.to_owned()));
            };
            let args: Vec<&str> = body.split(',').map(str::trim).collect();
            (inner[..p].trim(), Some(args))
        }
        None => (inner, None),
    };
    let no_args = |var: Var, name: &'static str| match &args {
        None => Ok(var),
        Some(_) => Err(TemplateErrorKind::Arguments {
            name,
            expected: name,
        }),
    };
    match name {
        "timestamp" => match args.as_deref() {
            None | Some(["ms"]) => Ok(Var::TimestampMs),
            Some(["iso"]) => Ok(Var::TimestampIso),
            Some(_) => Err(TemplateErrorKind::Arguments {
                name: "timestamp",
                expected: "timestamp, timestamp(ms), timestamp(iso)",
            }),
        },
        "uuid" => no_args(Var::Uuid, "uuid"),
        "counter" => no_args(Var::Counter, "counter"),
        "deviceName" => no_args(Var::DeviceName, "deviceName"),
        "productKey" => no_args(Var::ProductKey, "productKey"),
        "random" => {
            const EXPECTED: &str = "random(min,max)";
            let [min, max] = args.as_deref().unwrap_or_default() else {
                return Err(TemplateErrorKind::Arguments {
                    name: "random",
                    expected: EXPECTED,
                });
            };
            let int = |s: &str| {
                s.parse::<i64>().map_err(|_| TemplateErrorKind::NotANumber {
                    name: "random",
                    found: s.to_owned(),
                })
            };
            let (min, max) = (int(min)?, int(max)?);
            if min > max {
                return Err(TemplateErrorKind::Range { name: "random" });
            }
            Ok(Var::Random { min, max })
        }
        "randomFloat" => {
            let [min, max, digits] = args.as_deref().unwrap_or_default() else {
                return Err(TemplateErrorKind::Arguments {
                    name: "randomFloat",
                    expected: "randomFloat(min,max,digits)",
                });
            };
            let float = |s: &str| {
                parse_decimal(s).ok_or_else(|| TemplateErrorKind::NotANumber {
                    name: "randomFloat",
                    found: s.to_owned(),
                })
            };
            let (min, max) = (float(min)?, float(max)?);
            if min > max {
                return Err(TemplateErrorKind::Range {
                    name: "randomFloat",
                });
            }
            let digits = digits
                .parse::<u8>()
                .ok()
                .filter(|d| *d <= MAX_FLOAT_DIGITS)
                .ok_or_else(|| TemplateErrorKind::Digits((*digits).to_owned()))?;
            Ok(Var::RandomFloat { min, max, digits })
        }
        _ => Err(TemplateErrorKind::Unknown(name.to_owned())),
    }
}

/// The largest |min| and |max| of `randomFloat`.
pub const MAX_FLOAT_ABS: f64 = 1e15;

/// A decimal `[+-]digits[.digits]` within ±[`MAX_FLOAT_ABS`] as f64. Hand-written: the standard
/// float parser's tables would add kilobytes to the first load for this one use.
fn parse_decimal(s: &str) -> Option<f64> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    if int.len() > 16 || frac.len() > usize::from(MAX_FLOAT_DIGITS) {
        return None;
    }
    let mantissa = int
        .bytes()
        .chain(frac.bytes())
        .fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
    let value = mantissa as f64 / 10f64.powi(frac.len() as i32);
    (value <= MAX_FLOAT_ABS).then_some(if negative { -value } else { value })
}

/// `value` with exactly `digits` decimals, rounded half away from zero.
fn write_fixed(out: &mut String, value: f64, digits: u8) {
    use std::fmt::Write;
    let scale = 10u128.pow(u32::from(digits));
    // |value| ≤ 1e15 and scale ≤ 1e15, so the product fits an i128 exactly enough.
    let scaled = (value * scale as f64).round();
    let magnitude = scaled.abs() as u128;
    if scaled < 0.0 && magnitude != 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", magnitude / scale);
    if digits > 0 {
        let _ = write!(
            out,
            ".{:0width$}",
            magnitude % scale,
            width = usize::from(digits)
        );
    }
}

/// A uniform integer in `min..=max` from a `[0, 1)` source, exact for spans up to 2^53.
fn random_int(min: i64, max: i64, random: &mut dyn FnMut() -> f64) -> i64 {
    let span = (max as i128 - min as i128 + 1) as f64;
    let r = random().clamp(0.0, 1.0 - f64::EPSILON);
    let offset = (r * span).floor() as i128;
    (min as i128 + offset).clamp(min as i128, max as i128) as i64
}

/// 32 random bits from a `[0, 1)` source.
fn random_u32(random: &mut dyn FnMut() -> f64) -> u32 {
    (random().clamp(0.0, 1.0 - f64::EPSILON) * 4_294_967_296.0) as u32
}

fn write_var(v: &Var, ctx: &mut Expand<'_>, out: &mut String) -> Result<(), TemplateErrorKind> {
    use std::fmt::Write;
    match v {
        Var::TimestampMs => {
            let _ = write!(out, "{}", ctx.now_ms);
        }
        Var::TimestampIso => out.push_str(&iso8601_utc(ctx.now_ms as f64).unwrap_or_default()),
        Var::Uuid => {
            let mut b = [0u8; 16];
            for chunk in b.chunks_mut(4) {
                chunk.copy_from_slice(&random_u32(ctx.random).to_be_bytes());
            }
            b[6] = (b[6] & 0x0f) | 0x40;
            b[8] = (b[8] & 0x3f) | 0x80;
            for (i, byte) in b.iter().enumerate() {
                if matches!(i, 4 | 6 | 8 | 10) {
                    out.push('-');
                }
                let _ = write!(out, "{byte:02x}");
            }
        }
        Var::Counter => {
            let _ = write!(out, "{}", ctx.counter);
        }
        Var::Random { min, max } => {
            let _ = write!(out, "{}", random_int(*min, *max, ctx.random));
        }
        Var::RandomFloat { min, max, digits } => {
            let value = min + (ctx.random)().clamp(0.0, 1.0) * (max - min);
            write_fixed(out, value, *digits);
        }
        Var::DeviceName => match ctx.device {
            Some((_, dn)) => out.push_str(dn),
            None => return Err(TemplateErrorKind::NoDevice("deviceName")),
        },
        Var::ProductKey => match ctx.device {
            Some((pk, _)) => out.push_str(pk),
            None => return Err(TemplateErrorKind::NoDevice("productKey")),
        },
        Var::Quoted(q) => out.push_str(q),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(text: &str, randoms: &[f64], device: Option<(&str, &str)>) -> String {
        let t = Template::parse(text).unwrap();
        let mut values = randoms.iter().copied().cycle();
        let mut random = move || values.next().unwrap_or(0.0);
        t.expand(&mut Expand {
            now_ms: 1_700_000_000_000,
            counter: 7,
            random: &mut random,
            device,
        })
        .unwrap()
    }

    #[test]
    fn every_variable_expands() {
        assert_eq!(expand("{{timestamp}}", &[0.0], None), "1700000000000");
        assert_eq!(expand("{{ timestamp(ms) }}", &[0.0], None), "1700000000000");
        assert_eq!(
            expand("{{timestamp(iso)}}", &[0.0], None),
            "2023-11-14T22:13:20.000Z"
        );
        assert_eq!(expand("n={{counter}}", &[0.0], None), "n=7");
        assert_eq!(expand("{{random(1,6)}}", &[0.0], None), "1");
        assert_eq!(expand("{{random(1,6)}}", &[0.999_999], None), "6");
        assert_eq!(expand("{{random(-3,-3)}}", &[0.5], None), "-3");
        assert_eq!(
            expand(
                "{{random(-9223372036854775808,9223372036854775807)}}",
                &[0.0],
                None
            ),
            "-9223372036854775808"
        );
        assert_eq!(expand("{{randomFloat(20,30,2)}}", &[0.5], None), "25.00");
        assert_eq!(expand("{{randomFloat(0,1,0)}}", &[0.25], None), "0");
        assert_eq!(
            expand("{{randomFloat(-1.5,-0.5,3)}}", &[0.5], None),
            "-1.000"
        );
        assert_eq!(expand("{{randomFloat(-0.001,0,2)}}", &[0.5], None), "0.00");
        assert_eq!(expand("{{randomFloat(.5,+2.25,1)}}", &[0.0], None), "0.5");
        assert_eq!(
            expand("{{randomFloat(1,1,15)}}", &[0.0], None),
            "1.000000000000000"
        );
        assert_eq!(
            expand(
                "{{productKey}}/{{deviceName}}",
                &[0.0],
                Some(("a1Pk", "dev-1"))
            ),
            "a1Pk/dev-1"
        );
        assert_eq!(expand("{{\"{{\"}}x}}", &[0.0], None), "{{x}}");
        assert_eq!(
            expand("{\"t\":{{timestamp}},\"v\":{{counter}}}", &[0.0], None),
            "{\"t\":1700000000000,\"v\":7}"
        );
    }

    #[test]
    fn a_uuid_is_version_4_and_varies_with_the_random_source() {
        let a = expand("{{uuid}}", &[0.1, 0.2, 0.3, 0.4], None);
        let b = expand("{{uuid}}", &[0.5, 0.6, 0.7, 0.8], None);
        assert_ne!(a, b);
        for u in [&a, &b] {
            assert_eq!(u.len(), 36, "{u}");
            let groups: Vec<&str> = u.split('-').collect();
            assert_eq!(
                groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(groups[2].starts_with('4'), "{u}");
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{u}");
        }
    }

    #[test]
    fn random_values_stay_in_range_over_the_whole_source() {
        for i in 0..=1000 {
            let r = i as f64 / 1000.0;
            let v: i64 = expand("{{random(10,20)}}", &[r], None).parse().unwrap();
            assert!((10..=20).contains(&v), "{r} gave {v}");
            let f: f64 = expand("{{randomFloat(-1.5,1.5,3)}}", &[r], None)
                .parse()
                .unwrap();
            assert!((-1.5..=1.5).contains(&f), "{r} gave {f}");
        }
    }

    #[test]
    fn plain_text_is_kept_and_has_no_vars() {
        let t = Template::parse("{\"a\":{\"b\":1}} } {").unwrap();
        assert!(!t.has_vars());
        assert_eq!(
            expand("{\"a\":{\"b\":1}} } {", &[0.0], None),
            "{\"a\":{\"b\":1}} } {"
        );
        assert!(Template::parse("{{counter}}").unwrap().uses_counter());
        assert!(!Template::parse("{{uuid}}").unwrap().uses_counter());
    }

    #[test]
    fn bad_templates_say_where_and_why() {
        let err = |s: &str| Template::parse(s).unwrap_err();
        assert_eq!(
            err("ab{{counter"),
            TemplateError {
                at: 3,
                kind: TemplateErrorKind::Unclosed
            }
        );
        assert_eq!(err("\u{6e29}\u{5ea6}{{ }}").at, 3);
        assert_eq!(err("{{ }}").kind, TemplateErrorKind::Empty);
        assert_eq!(
            err("x {{counter}} {{countr}}").kind,
            TemplateErrorKind::Unknown("countr".into())
        );
        assert_eq!(err("x {{counter}} {{countr}}").at, 15);
        assert!(matches!(
            err("{{random(1)}}").kind,
            TemplateErrorKind::Arguments { name: "random", .. }
        ));
        assert_eq!(
            err("{{random(1,x)}}").kind,
            TemplateErrorKind::NotANumber {
                name: "random",
                found: "x".into()
            }
        );
        assert_eq!(
            err("{{random(5,1)}}").kind,
            TemplateErrorKind::Range { name: "random" }
        );
        assert_eq!(
            err("{{randomFloat(0,1,16)}}").kind,
            TemplateErrorKind::Digits("16".into())
        );
        for bad in ["NaN", "1e3", "", "1.2.3", "0x10", "2000000000000000", "--1"] {
            assert!(
                matches!(
                    err(&format!("{{{{randomFloat(0,{bad},1)}}}}")).kind,
                    TemplateErrorKind::NotANumber { .. }
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            err("{{uuid(4)}}").kind,
            TemplateErrorKind::Arguments { .. }
        ));
        assert!(matches!(
            err("{{timestamp(s)}}").kind,
            TemplateErrorKind::Arguments { .. }
        ));
        assert!(matches!(
            err("{{random(1,2}}").kind,
            TemplateErrorKind::Unknown(_)
        ));
    }

    #[test]
    fn device_variables_need_a_device() {
        let t = Template::parse("{{deviceName}}").unwrap();
        let mut random = || 0.0;
        let got = t.expand(&mut Expand {
            now_ms: 0,
            counter: 1,
            random: &mut random,
            device: None,
        });
        assert_eq!(got, Err(TemplateErrorKind::NoDevice("deviceName")));
    }
}
