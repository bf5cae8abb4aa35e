//! Small most-recently-used lists the console remembers: published topics and payload snippets.

use serde::{Deserialize, Serialize};

/// Newest first, no duplicates, at most `limit` entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recent {
    items: Vec<String>,
    limit: usize,
}

impl Recent {
    /// An empty list keeping at most `limit` entries (at least one).
    pub fn new(limit: usize) -> Recent {
        Recent {
            items: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Moves `item` to the front (adding it if new) and drops the oldest beyond the limit.
    /// Empty items are not remembered.
    pub fn touch(&mut self, item: &str) {
        if item.is_empty() {
            return;
        }
        self.items.retain(|i| i != item);
        self.items.insert(0, item.to_owned());
        self.items.truncate(self.limit);
    }

    /// Whether `item` is already the newest entry, so that touching it would change nothing.
    pub fn is_newest(&self, item: &str) -> bool {
        self.items.first().is_some_and(|first| first == item)
    }

    /// Forgets `item`.
    pub fn remove(&mut self, item: &str) {
        self.items.retain(|i| i != item);
    }

    /// Newest first.
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Reads a list saved by [`Recent::to_json`]; anything unreadable gives an empty list,
    /// since a lost history is a nuisance, not a reason to stop the console.
    pub fn from_json(json: &str, limit: usize) -> Recent {
        let items: Vec<String> = serde_json::from_str(json).unwrap_or_default();
        let mut recent = Recent::new(limit);
        for item in items.iter().rev() {
            recent.touch(item);
        }
        recent
    }

    /// The list as a JSON array, newest first.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.items).unwrap_or_else(|_| "[]".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Recent;

    #[test]
    fn newest_first_without_duplicates_within_the_limit() {
        let mut r = Recent::new(3);
        for t in ["a", "b", "c", "a", "d", ""] {
            r.touch(t);
        }
        assert_eq!(r.items(), ["d", "a", "c"]);
        assert!(r.is_newest("d"));
        assert!(!r.is_newest("a"));
        assert!(!Recent::new(3).is_newest(""));
        r.remove("a");
        assert_eq!(r.items(), ["d", "c"]);
    }

    #[test]
    fn json_round_trip_and_garbage() {
        let mut r = Recent::new(5);
        r.touch("x/1");
        r.touch("x/2");
        let back = Recent::from_json(&r.to_json(), 5);
        assert_eq!(back, r);
        assert!(Recent::from_json("{not json", 5).items().is_empty());
        assert_eq!(
            Recent::from_json("[\"a\",\"b\",\"c\"]", 2).items(),
            ["a", "b"]
        );
    }
}
