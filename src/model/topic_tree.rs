//! Every topic seen, as a tree of levels with message counts and the last payload.
//!
//! Levels are split on `/` exactly as MQTT does, empty levels included: `/pk/dn` starts with a
//! level named `""` (the UI shows it as "/"), and `a//b` has an empty middle level. Paths are
//! given as slices of levels rather than topic strings, because the top of the tree and the
//! empty first level would otherwise both be spelled `""`.
//!
//! The tree is bounded: a broker can publish on millions of distinct topics (`$SYS`, telemetry
//! per device id), and one node per level would grow without limit. Once `max_nodes` nodes
//! exist, a message that would need a new node is not stored but counted in
//! [`TopicTree::overflow`]; messages on topics already in the tree keep being counted.

use std::collections::BTreeMap;

use bytes::Bytes;

/// Default bound on the number of nodes (topic levels) the tree keeps.
pub const DEFAULT_MAX_NODES: usize = 100_000;

/// One topic level.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicNode {
    name: String,
    // Children by level name; BTreeMap keeps them sorted for display without sorting per call.
    children: BTreeMap<String, usize>,
    own_count: u64,
    total_count: u64,
    last: Option<(Bytes, f64)>,
}

impl TopicNode {
    fn new(name: String) -> Self {
        TopicNode {
            name,
            children: BTreeMap::new(),
            own_count: 0,
            total_count: 0,
            last: None,
        }
    }

    /// The level's name; `""` for an empty level (shown by the UI as "/").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Messages published exactly on the topic ending at this level.
    pub fn own_count(&self) -> u64 {
        self.own_count
    }

    /// Messages on this topic and every topic below it.
    pub fn total_count(&self) -> u64 {
        self.total_count
    }

    /// The last payload published exactly on this topic.
    pub fn last_payload(&self) -> Option<&Bytes> {
        self.last.as_ref().map(|(p, _)| p)
    }

    /// When the last message exactly on this topic arrived (Unix ms).
    pub fn last_time_ms(&self) -> Option<f64> {
        self.last.as_ref().map(|(_, t)| *t)
    }

    /// How many levels sit directly below this one.
    pub fn child_count(&self) -> usize {
        self.children.len()
    }
}

/// The tree of topics seen; see the module docs for the bound.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicTree {
    // Arena: index 0 is the root (no level of its own); children point into it.
    nodes: Vec<TopicNode>,
    max_nodes: usize,
    overflow: u64,
}

impl Default for TopicTree {
    fn default() -> Self {
        TopicTree::with_max_nodes(DEFAULT_MAX_NODES)
    }
}

impl TopicTree {
    /// An empty tree holding at most `max_nodes` levels (the root is not counted).
    pub fn with_max_nodes(max_nodes: usize) -> Self {
        TopicTree {
            nodes: vec![TopicNode::new(String::new())],
            max_nodes,
            overflow: 0,
        }
    }

    /// Records a message. Returns false when the topic would need new nodes beyond the bound;
    /// the message is then only counted in [`TopicTree::overflow`] and no node changes, so the
    /// counts in the tree always add up.
    pub fn insert(&mut self, topic: &str, payload: Bytes, time_ms: f64) -> bool {
        let levels: Vec<&str> = topic.split('/').collect();
        // Walk the part that exists first, so a topic that does not fit changes nothing.
        let mut known = 0;
        let mut at = 0;
        for level in &levels {
            match self.nodes[at].children.get(*level) {
                Some(&child) => {
                    at = child;
                    known += 1;
                }
                None => break,
            }
        }
        let missing = levels.len() - known;
        if self.len().saturating_add(missing) > self.max_nodes {
            self.overflow += 1;
            return false;
        }
        for level in &levels[known..] {
            let index = self.nodes.len();
            self.nodes.push(TopicNode::new((*level).to_owned()));
            self.nodes[at].children.insert((*level).to_owned(), index);
            at = index;
        }

        let mut at = 0;
        self.nodes[0].total_count += 1;
        for level in &levels {
            // Every level exists now; `unwrap_or` keeps a logic slip from panicking.
            at = self.nodes[at].children.get(*level).copied().unwrap_or(at);
            self.nodes[at].total_count += 1;
        }
        let node = &mut self.nodes[at];
        node.own_count += 1;
        node.last = Some((payload, time_ms));
        true
    }

    fn index_of<S: AsRef<str>>(&self, path: &[S]) -> Option<usize> {
        let mut at = 0;
        for level in path {
            at = *self.nodes[at].children.get(level.as_ref())?;
        }
        Some(at)
    }

    /// The node at `path` (levels from the top; `&[]` is the root, whose total counts every
    /// stored message).
    pub fn node<S: AsRef<str>>(&self, path: &[S]) -> Option<&TopicNode> {
        self.index_of(path).map(|i| &self.nodes[i])
    }

    /// The node for a topic string, split on `/`.
    pub fn node_for_topic(&self, topic: &str) -> Option<&TopicNode> {
        let levels: Vec<&str> = topic.split('/').collect();
        self.node(&levels)
    }

    /// The levels directly below `path`, sorted by name (byte order); empty for an unknown path.
    pub fn children<S: AsRef<str>>(&self, path: &[S]) -> Vec<&TopicNode> {
        match self.index_of(path) {
            Some(i) => self.nodes[i]
                .children
                .values()
                .map(|&c| &self.nodes[c])
                .collect(),
            None => Vec::new(),
        }
    }

    /// Number of levels stored (the root not counted).
    pub fn len(&self) -> usize {
        self.nodes.len() - 1
    }

    /// Whether nothing has been stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Messages stored in the tree.
    pub fn total(&self) -> u64 {
        self.nodes[0].total_count
    }

    /// Messages not stored because their topic would have grown the tree past its bound; the UI
    /// should show "N messages on topics not shown (tree full)" when this is not zero.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }

    /// The bound on stored levels.
    pub fn max_nodes(&self) -> usize {
        self.max_nodes
    }

    /// Forgets everything, including the overflow count.
    pub fn clear(&mut self) {
        *self = TopicTree::with_max_nodes(self.max_nodes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(tree: &mut TopicTree, topic: &str, payload: &'static str, t: f64) -> bool {
        tree.insert(topic, Bytes::from_static(payload.as_bytes()), t)
    }

    fn names(nodes: Vec<&TopicNode>) -> Vec<&str> {
        nodes.into_iter().map(TopicNode::name).collect()
    }

    #[test]
    fn counts_own_and_total_and_keeps_last_payload() {
        let mut tree = TopicTree::default();
        add(&mut tree, "a/b", "1", 1.0);
        add(&mut tree, "a/b", "2", 2.0);
        add(&mut tree, "a", "3", 3.0);
        add(&mut tree, "a/c/d", "4", 4.0);
        let a = tree.node(&["a"]).unwrap();
        assert_eq!((a.own_count(), a.total_count()), (1, 4));
        let b = tree.node(&["a", "b"]).unwrap();
        assert_eq!((b.own_count(), b.total_count()), (2, 2));
        assert_eq!(b.last_payload().map(|p| &p[..]), Some(&b"2"[..]));
        assert_eq!(b.last_time_ms(), Some(2.0));
        let c = tree.node_for_topic("a/c").unwrap();
        assert_eq!(
            (c.own_count(), c.total_count(), c.last_payload()),
            (0, 1, None)
        );
        assert_eq!(tree.total(), 4);
        assert_eq!(tree.len(), 4);
        assert_eq!(tree.node::<&str>(&[]).map(TopicNode::total_count), Some(4));
    }

    #[test]
    fn children_are_sorted_and_empty_levels_kept() {
        let mut tree = TopicTree::default();
        for t in ["/pk/dn/user/get", "zeta", "alpha", "a//b", "/pk/dn/update"] {
            add(&mut tree, t, "", 0.0);
        }
        assert_eq!(
            names(tree.children::<&str>(&[])),
            ["", "a", "alpha", "zeta"]
        );
        assert_eq!(names(tree.children(&["", "pk", "dn"])), ["update", "user"]);
        assert_eq!(names(tree.children(&["a"])), [""]);
        assert_eq!(names(tree.children(&["a", ""])), ["b"]);
        assert!(tree.children(&["nope"]).is_empty());
        assert!(tree.node(&["", "pk", "x"]).is_none());
        assert_eq!(
            tree.node_for_topic("/pk").map(TopicNode::child_count),
            Some(1)
        );
        // The empty topic is one empty level.
        add(&mut tree, "", "e", 0.0);
        assert_eq!(tree.node(&[""]).map(TopicNode::own_count), Some(1));
    }

    #[test]
    fn full_tree_counts_new_topics_as_overflow_but_keeps_counting_known_ones() {
        let mut tree = TopicTree::with_max_nodes(3);
        assert!(add(&mut tree, "a/b", "", 0.0));
        assert!(!add(&mut tree, "c/d", "", 0.0), "needs 2 nodes, 1 left");
        assert!(
            tree.node(&["c"]).is_none(),
            "a rejected topic leaves no partial path"
        );
        assert!(add(&mut tree, "a/b", "", 0.0));
        assert!(add(&mut tree, "a/e", "", 0.0));
        assert!(!add(&mut tree, "a/f", "", 0.0));
        assert_eq!((tree.len(), tree.overflow(), tree.total()), (3, 2, 3));
        assert_eq!(tree.node(&["a"]).map(TopicNode::total_count), Some(3));
        tree.clear();
        assert!(tree.is_empty());
        assert_eq!((tree.overflow(), tree.max_nodes()), (0, 3));
    }

    #[test]
    fn a_topic_of_many_levels_cannot_blow_the_bound() {
        let mut tree = TopicTree::with_max_nodes(100);
        let deep = "/".repeat(10_000);
        assert!(!tree.insert(&deep, Bytes::new(), 0.0));
        assert_eq!((tree.len(), tree.overflow()), (0, 1));
    }
}
