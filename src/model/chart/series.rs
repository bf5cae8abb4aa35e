//! One plotted field's points: a bounded, time-sorted ring.

use std::collections::VecDeque;
use std::ops::Range;

use super::path::FieldPath;

/// Points a series holds; the oldest go first beyond it.
pub const MAX_POINTS_PER_SERIES: usize = 100_000;

/// How far back (in points from the newest) a late point may still be inserted in its place.
/// Inserting there moves at most this many points (16 KB), a few microseconds; a point later
/// than that is left out and counted ([`Series::late`]).
pub const MAX_DISPLACEMENT: usize = 1024;

/// One point: Unix time in ms and the value, both finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Unix time, ms.
    pub t: f64,
    /// The value read from the message.
    pub v: f64,
}

/// What [`Series::push`] did with a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Held, in time order.
    Added,
    /// Time or value NaN or infinite: never stored.
    NotFinite,
    /// Older than the [`MAX_DISPLACEMENT`]-th newest point: left out.
    TooLate,
}

/// A plotted field: its path, label, colour and points, kept sorted by time.
///
/// The points sit in one `VecDeque` of 16-byte [`Point`]s (1.6 MB at the bound, no allocation
/// per point). Appending in time order, the usual case, is O(1); a point slightly out of order
/// (metric timestamps, several publishers) is put in its place by moving the few points after
/// it, so the ring stays sorted and the visible range is found by binary search.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    path: FieldPath,
    label: String,
    color: usize,
    ring: Ring,
}

/// The points and their counters, apart from the path so a message can be read by the one
/// while it is written into the other.
#[derive(Clone, Debug, PartialEq)]
struct Ring {
    points: VecDeque<Point>,
    capacity: usize,
    dropped: u64,
    late: u64,
}

impl Ring {
    fn push(&mut self, t: f64, v: f64) -> Pushed {
        if !t.is_finite() || !v.is_finite() {
            return Pushed::NotFinite;
        }
        let point = Point { t, v };
        let at = match self.points.back() {
            Some(last) if last.t > t => {
                let at = self.points.partition_point(|p| p.t <= t);
                if self.points.len() - at > MAX_DISPLACEMENT {
                    self.late += 1;
                    return Pushed::TooLate;
                }
                at
            }
            _ => self.points.len(),
        };
        let len = self.points.len();
        if len == self.points.capacity() && len < self.capacity {
            // Grow by doubling as usual, but never past the bound (a plain `VecDeque` would
            // take 131,072 slots for 100,000 points).
            self.points
                .reserve_exact(len.max(16).min(self.capacity - len));
        }
        if len >= self.capacity {
            self.dropped += 1;
            if at == 0 {
                // Older than everything held in a full ring: it would be the one to go.
                return Pushed::Added;
            }
            self.points.pop_front();
            self.points.insert(at - 1, point);
        } else {
            self.points.insert(at, point);
        }
        Pushed::Added
    }
}

impl Series {
    /// An empty series holding up to [`MAX_POINTS_PER_SERIES`] points.
    pub fn new(path: FieldPath, label: String, color: usize) -> Series {
        Series::with_capacity(path, label, color, MAX_POINTS_PER_SERIES)
    }

    /// An empty series holding up to `capacity` points (at least one).
    pub fn with_capacity(path: FieldPath, label: String, color: usize, capacity: usize) -> Series {
        Series {
            path,
            label,
            color,
            ring: Ring {
                points: VecDeque::new(),
                capacity: capacity.max(1),
                dropped: 0,
                late: 0,
            },
        }
    }

    /// The field plotted.
    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    /// The legend and CSV column name.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Renames the series.
    pub fn set_label(&mut self, label: String) {
        self.label = label;
    }

    /// The colour slot, 0 to [`super::MAX_SERIES`] − 1; the view maps it to a palette.
    pub fn color(&self) -> usize {
        self.color
    }

    /// Points held.
    pub fn len(&self) -> usize {
        self.ring.points.len()
    }

    /// Whether no point is held.
    pub fn is_empty(&self) -> bool {
        self.ring.points.is_empty()
    }

    /// Oldest points let go to stay within the bound.
    pub fn dropped(&self) -> u64 {
        self.ring.dropped
    }

    /// Points left out for arriving too far out of time order.
    pub fn late(&self) -> u64 {
        self.ring.late
    }

    /// The `i`-th point, oldest first.
    pub fn get(&self, i: usize) -> Option<Point> {
        self.ring.points.get(i).copied()
    }

    /// The points, oldest first.
    pub fn points(&self) -> impl Iterator<Item = Point> + '_ {
        self.ring.points.iter().copied()
    }

    /// The oldest point's time.
    pub fn first_time(&self) -> Option<f64> {
        self.ring.points.front().map(|p| p.t)
    }

    /// The newest point's time.
    pub fn last_time(&self) -> Option<f64> {
        self.ring.points.back().map(|p| p.t)
    }

    /// Forgets every point (counters too).
    pub fn clear(&mut self) {
        self.ring.points = VecDeque::new();
        self.ring.dropped = 0;
        self.ring.late = 0;
    }

    /// Adds a point at its place in time (after points of the same time), letting the oldest
    /// go when full.
    pub fn push(&mut self, t: f64, v: f64) -> Pushed {
        self.ring.push(t, v)
    }

    /// Records the points `payload` carries for this series' path (see
    /// [`FieldPath::samples`]); returns how many were added.
    pub fn offer(&mut self, payload: &serde_json::Value, arrival_ms: f64) -> usize {
        let mut added = 0;
        for (t, v) in self.path.samples(payload, arrival_ms) {
            if self.ring.push(t, v) == Pushed::Added {
                added += 1;
            }
        }
        added
    }

    /// The indices of the points with `start <= t <= end`, by binary search.
    pub fn range(&self, start: f64, end: f64) -> Range<usize> {
        let lo = self.ring.points.partition_point(|p| p.t < start);
        let hi = self.ring.points.partition_point(|p| p.t <= end);
        lo..hi.max(lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(capacity: usize) -> Series {
        Series::with_capacity(FieldPath::Json(vec![]), "s".into(), 0, capacity)
    }

    fn times(s: &Series) -> Vec<f64> {
        s.points().map(|p| p.t).collect()
    }

    #[test]
    fn the_ring_holds_100_000_and_counts_what_it_drops() {
        let mut s = Series::new(FieldPath::Json(vec![]), "s".into(), 0);
        for i in 0..MAX_POINTS_PER_SERIES + 7 {
            assert_eq!(s.push(i as f64, 1.0), Pushed::Added);
        }
        assert_eq!(s.len(), MAX_POINTS_PER_SERIES);
        assert_eq!(s.dropped(), 7);
        assert_eq!(s.first_time(), Some(7.0));
        assert_eq!(s.last_time(), Some((MAX_POINTS_PER_SERIES + 6) as f64));
        // The memory stays at the bound: 16 bytes a point.
        assert_eq!(s.ring.points.capacity(), MAX_POINTS_PER_SERIES);
    }

    #[test]
    fn non_finite_points_are_never_stored() {
        let mut s = series(10);
        assert_eq!(s.push(f64::NAN, 1.0), Pushed::NotFinite);
        assert_eq!(s.push(1.0, f64::INFINITY), Pushed::NotFinite);
        assert_eq!(s.push(1.0, f64::NEG_INFINITY), Pushed::NotFinite);
        assert!(s.is_empty());
    }

    #[test]
    fn late_points_go_in_their_place_and_very_late_ones_are_counted() {
        let mut s = series(10);
        for t in [1.0, 3.0, 5.0, 2.0, 5.0, 4.0, 0.5] {
            assert_eq!(s.push(t, t), Pushed::Added);
        }
        assert_eq!(times(&s), vec![0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 5.0]);
        // Full: the oldest goes, the new one lands in place.
        for t in [6.0, 7.0, 8.0, 4.5] {
            s.push(t, t);
        }
        assert_eq!(
            times(&s),
            vec![1.0, 2.0, 3.0, 4.0, 4.5, 5.0, 5.0, 6.0, 7.0, 8.0]
        );
        assert_eq!(s.dropped(), 1);
        // Older than all of a full ring: dropped at once.
        s.push(0.0, 0.0);
        assert_eq!(s.dropped(), 2);
        assert_eq!(s.first_time(), Some(1.0));

        let mut big = series(5000);
        for i in 0..3000 {
            big.push(f64::from(i), 0.0);
        }
        // Within reach of the tail (1000 points after it): inserted.
        assert_eq!(big.push(1999.5, 1.0), Pushed::Added);
        assert_eq!(big.get(2000).map(|p| p.t), Some(1999.5));
        // Beyond it: left out.
        assert_eq!(big.push(10.5, 1.0), Pushed::TooLate);
        assert_eq!(big.late(), 1);
        assert_eq!(big.len(), 3001);
        let t = times(&big);
        assert!(t.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn visible_range_is_exact_at_the_edges() {
        let mut s = series(100);
        for t in [10.0, 20.0, 20.0, 30.0, 40.0] {
            s.push(t, 0.0);
        }
        assert_eq!(s.range(20.0, 30.0), 1..4);
        assert_eq!(s.range(19.9, 30.1), 1..4);
        assert_eq!(s.range(20.1, 29.9), 3..3);
        assert_eq!(s.range(0.0, 9.9), 0..0);
        assert_eq!(s.range(40.1, 99.0), 5..5);
        assert_eq!(s.range(0.0, 100.0), 0..5);
        assert_eq!(s.range(40.0, 40.0), 4..5);
        assert_eq!(s.range(30.0, 20.0), 3..3);
        assert_eq!(series(1).range(0.0, 1.0), 0..0);
    }
}
