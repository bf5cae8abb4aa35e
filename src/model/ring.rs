//! A double-ended queue in fixed-size chunks, for the message log.
//!
//! A `VecDeque` of a million entries grows by doubling: the push that finds it full copies every
//! entry into a buffer twice the size, tens of megabytes in one task, while messages keep
//! arriving. Here a push allocates at most one chunk of [`CHUNK`] entries and never moves an
//! entry, and a pop frees a chunk once its last entry is gone, so the memory held follows the
//! entries held, a chunk at most apart.

use std::collections::VecDeque;

/// Entries per chunk: small enough that allocating one is instant, large enough that the chunk
/// list stays short (a million entries are 245 chunks).
pub const CHUNK: usize = 4096;

/// The chunks, oldest first. Every chunk but the first and the last holds exactly [`CHUNK`]
/// entries; the first loses entries at its front, the last gains them at its back.
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkedRing<T> {
    chunks: VecDeque<VecDeque<T>>,
    len: usize,
}

impl<T> Default for ChunkedRing<T> {
    fn default() -> Self {
        ChunkedRing {
            chunks: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T> ChunkedRing<T> {
    /// Entries held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends at the back.
    pub fn push_back(&mut self, value: T) {
        match self.chunks.back_mut() {
            Some(last) if last.len() < CHUNK => last.push_back(value),
            _ => {
                let mut chunk = VecDeque::with_capacity(CHUNK);
                chunk.push_back(value);
                self.chunks.push_back(chunk);
            }
        }
        self.len += 1;
    }

    /// Removes the oldest entry.
    pub fn pop_front(&mut self) -> Option<T> {
        let first = self.chunks.front_mut()?;
        let value = first.pop_front();
        if first.is_empty() {
            self.chunks.pop_front();
        }
        if value.is_some() {
            self.len -= 1;
        }
        value
    }

    /// The oldest entry.
    pub fn front(&self) -> Option<&T> {
        self.chunks.front().and_then(VecDeque::front)
    }

    /// The `index`-th entry from the front.
    pub fn get(&self, index: usize) -> Option<&T> {
        let (chunk, at) = self.locate(index)?;
        self.chunks.get(chunk)?.get(at)
    }

    /// The chunk and the position in it of the `index`-th entry, if held.
    fn locate(&self, index: usize) -> Option<(usize, usize)> {
        if index >= self.len {
            return None;
        }
        let first = self.chunks.front()?.len();
        if index < first {
            return Some((0, index));
        }
        let rest = index - first;
        Some((1 + rest / CHUNK, rest % CHUNK))
    }

    /// Entries from the `index`-th on, oldest first.
    pub fn iter_from(&self, index: usize) -> impl Iterator<Item = &T> {
        let (chunk, at) = self.locate(index).unwrap_or((self.chunks.len(), 0));
        self.chunks
            .range(chunk..)
            .enumerate()
            .flat_map(move |(i, c)| c.range(if i == 0 { at } else { 0 }..))
    }

    /// Every entry, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.iter_from(0)
    }

    /// Forgets every entry and frees every chunk.
    pub fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ring against a `VecDeque` through pushes and pops across chunk boundaries.
    #[test]
    fn behaves_like_a_deque_across_chunks() {
        let mut ring = ChunkedRing::default();
        let mut model = VecDeque::new();
        let mut next = 0u32;
        // Grow past three chunks, shrink into the second, grow again, empty, reuse.
        for (pushes, pops) in [
            (3 * CHUNK + 17, 0),
            (0, CHUNK + 5),
            (2 * CHUNK, 0),
            (0, 9 * CHUNK),
            (10, 3),
        ] {
            for _ in 0..pushes {
                ring.push_back(next);
                model.push_back(next);
                next += 1;
            }
            for _ in 0..pops {
                assert_eq!(ring.pop_front(), model.pop_front());
            }
            assert_eq!(ring.len(), model.len());
            assert_eq!(ring.is_empty(), model.is_empty());
            assert_eq!(ring.front(), model.front());
            for i in [
                0,
                1,
                CHUNK - 1,
                CHUNK,
                CHUNK + 1,
                model.len().saturating_sub(1),
                model.len(),
            ] {
                assert_eq!(ring.get(i), model.get(i), "get({i})");
                assert!(ring.iter_from(i).eq(model.iter().skip(i)), "iter_from({i})");
            }
            assert!(ring.iter().eq(model.iter()));
            // Memory follows what is held: one chunk more than the entries need at most.
            assert!(ring.chunks.len() <= model.len().div_ceil(CHUNK) + 1);
        }
        ring.clear();
        assert!(ring.is_empty());
        assert_eq!(ring.get(0), None);
        assert_eq!(ring.iter_from(5).count(), 0);
    }
}
