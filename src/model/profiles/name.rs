//! Profile names: what makes one valid, and how a colliding one is made unique.

/// Longest profile name, in characters: long enough for "ProductKey / DeviceName (staging)",
/// short enough for the picker.
pub const MAX_NAME_CHARS: usize = 64;

/// Why a profile name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Empty after trimming spaces.
    Empty,
    /// Longer than [`MAX_NAME_CHARS`].
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// Contains a line break, tab or other control character, which the picker cannot show.
    ControlChar,
}

/// The name as stored: trimmed, non-empty, at most [`MAX_NAME_CHARS`] characters.
pub fn normalize_name(name: &str) -> Result<String, NameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().any(char::is_control) {
        return Err(NameError::ControlChar);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(NameError::TooLong { chars });
    }
    Ok(name.to_owned())
}

/// Makes any text usable as a name for an imported profile: control characters become spaces,
/// the result is trimmed and cut to [`MAX_NAME_CHARS`]; None when nothing is left.
pub fn coerce_name(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cut: String = cleaned.trim().chars().take(MAX_NAME_CHARS).collect();
    let cut = cut.trim_end();
    (!cut.is_empty()).then(|| cut.to_owned())
}

/// `wanted` if free, else the first free `wanted (2)`, `wanted (3)`, …; the base is shortened
/// when needed so the result still fits [`MAX_NAME_CHARS`].
pub fn unique_name(wanted: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(wanted) {
        return wanted.to_owned();
    }
    // Each `taken` name blocks at most one candidate, so a free one turns up; the range only
    // gives the loop an end.
    for n in 2u64..=u64::from(u32::MAX) {
        let suffix = format!(" ({n})");
        let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
        let base: String = wanted.chars().take(room).collect();
        let candidate = format!("{}{suffix}", base.trim_end());
        if !taken(&candidate) {
            return candidate;
        }
    }
    wanted.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(normalize_name("  Local  ").as_deref(), Ok("Local"));
        assert_eq!(normalize_name(" \t "), Err(NameError::Empty));
        assert_eq!(normalize_name("a\nb"), Err(NameError::ControlChar));
        assert_eq!(
            normalize_name(&"\u{540d}".repeat(64)).map(|n| n.chars().count()),
            Ok(64)
        );
        assert_eq!(
            normalize_name(&"x".repeat(65)),
            Err(NameError::TooLong { chars: 65 })
        );
    }

    #[test]
    fn coerced_names_always_normalize() {
        assert_eq!(coerce_name(" a\r\nb "), Some("a  b".into()));
        assert_eq!(coerce_name("\n\t"), None);
        let long = coerce_name(&"y".repeat(500)).unwrap();
        assert_eq!(normalize_name(&long), Ok(long.clone()));
    }

    #[test]
    fn collisions_get_numbered_and_still_fit() {
        let taken = ["A", "A (2)"];
        assert_eq!(unique_name("A", |n| taken.contains(&n)), "A (3)");
        assert_eq!(unique_name("B", |n| taken.contains(&n)), "B");
        let long = "z".repeat(64);
        let renamed = unique_name(&long, |n| n == long);
        assert_eq!(renamed.chars().count(), 64);
        assert!(renamed.ends_with(" (2)"));
    }
}
