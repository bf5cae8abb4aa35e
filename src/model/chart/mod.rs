//! Live charts: numeric fields of the messages on a topic filter, plotted over time.
//!
//! A [`Chart`] has a topic filter and up to [`MAX_SERIES`] [`Series`], each reading one
//! [`FieldPath`] (a JSON path into the decoded payload, or a Sparkplug metric name) from every
//! matching message. The model decides everything the canvas shows; the view only draws a
//! [`Plot`] and writes the tick values it is given.
//!
//! Design choices, for 100,000 points per series while 1,000 messages a second arrive:
//!
//! - **Storage.** A series is one `VecDeque` of 16-byte points (time ms, value as `f64`), no
//!   allocation per point: 1.6 MB per full series. Beyond [`MAX_POINTS_PER_SERIES`] the oldest
//!   go first and are counted. NaN and infinities are refused at the door, so every later step
//!   (ranges, CSV) may assume finite numbers.
//! - **Order.** Points are kept sorted by time, so the visible range is two binary searches.
//!   Messages arrive in order almost always (O(1) append); a metric's own timestamp may be a
//!   little behind, and such a point is inserted in its place, moving at most
//!   [`MAX_DISPLACEMENT`] points. A point later than that (a replay of old history) is left
//!   out and counted rather than moving up to 100,000 points per message.
//! - **Drawing.** [`Chart::plot`] walks the visible points once per series and keeps per pixel
//!   column the first, lowest, highest and last point (M4 aggregation): at most four vertices
//!   per column whatever the zoom, and the line looks exactly as if every point were drawn.
//!   Its cost is one pass over the visible points (≤ 100,000 per series, a few ms in all),
//!   which the view spends once per animation frame at most, not per message.
//! - **View.** Live, the view ends at the newest point (not the wall clock, so a quiet topic
//!   does not scroll away) and spans the [`TimeWindow`]. Pausing, zooming or panning freezes
//!   the view at a fixed time range while points keep being recorded; [`Chart::live`] returns
//!   to following. The value range is the visible points' extent with 5 % padding.
//! - **Time.** Every time is Unix ms as `f64` (exact for integers far beyond any date).

mod path;
mod plot;
mod series;
mod view;

use serde_json::Value;

pub use path::{number_of, FieldPath, PathError, PathErrorKind, Step};
pub use plot::{
    m4, time_ticks, value_ticks, y_range, Plot, PlotLine, PlotPoint, Tick, Ticks, TIME_TICK_PX,
    Y_TICK_TARGET,
};
pub use series::{Point, Pushed, Series, MAX_DISPLACEMENT, MAX_POINTS_PER_SERIES};
pub use view::{Follow, TimeWindow};

use super::export::iso8601_utc;
use crate::mqtt::{check_filter, topic_matches};

/// Series a chart holds at most (also the number of colour slots).
pub const MAX_SERIES: usize = 8;

/// The narrowest view zoom reaches (ms).
pub const MIN_SPAN_MS: f64 = 10.0;

/// The widest view zoom reaches (ms): about a hundred years.
pub const MAX_SPAN_MS: f64 = 3.2e12;

/// The span given to a view whose points all share one time (ms).
const SINGLE_TIME_SPAN_MS: f64 = 1000.0;

/// Why a chart refused a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartError {
    /// The topic filter is not a valid MQTT filter.
    BadFilter,
    /// The chart already has [`MAX_SERIES`] series.
    TooManySeries,
    /// A series already plots this field.
    DuplicateField,
    /// No series has this index.
    NoSuchSeries,
}

/// A live chart: a topic filter, its series and the view.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    filter: String,
    series: Vec<Series>,
    window: TimeWindow,
    follow: Follow,
    /// The frozen view (start, end) while not [`Follow::Live`]; None when paused before any
    /// point arrived.
    frozen: Option<(f64, f64)>,
    points: u64,
}

impl Chart {
    /// An empty chart of the messages matching `filter`.
    pub fn new(filter: &str) -> Result<Chart, ChartError> {
        check_filter(filter).map_err(|_| ChartError::BadFilter)?;
        Ok(Chart {
            filter: filter.to_string(),
            series: Vec::new(),
            window: TimeWindow::default(),
            follow: Follow::Live,
            frozen: None,
            points: 0,
        })
    }

    /// The topic filter.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The series, in the order added.
    pub fn series(&self) -> &[Series] {
        &self.series
    }

    /// Adds a series plotting `path`, labelled `label` (the path's text when None or blank), in
    /// the first free colour slot; returns its index.
    pub fn add_series(
        &mut self,
        path: FieldPath,
        label: Option<String>,
    ) -> Result<usize, ChartError> {
        if self.series.len() >= MAX_SERIES {
            return Err(ChartError::TooManySeries);
        }
        if self.series.iter().any(|s| *s.path() == path) {
            return Err(ChartError::DuplicateField);
        }
        let label = match label {
            Some(l) if !l.trim().is_empty() => l,
            _ => path.to_string(),
        };
        let color = (0..MAX_SERIES)
            .find(|c| self.series.iter().all(|s| s.color() != *c))
            .unwrap_or(0);
        self.series.push(Series::new(path, label, color));
        Ok(self.series.len() - 1)
    }

    /// Removes the series at `index` (later ones move down by one).
    pub fn remove_series(&mut self, index: usize) -> Result<Series, ChartError> {
        if index >= self.series.len() {
            return Err(ChartError::NoSuchSeries);
        }
        Ok(self.series.remove(index))
    }

    /// Renames the series at `index`.
    pub fn set_label(&mut self, index: usize, label: String) -> Result<(), ChartError> {
        let series = self.series.get_mut(index).ok_or(ChartError::NoSuchSeries)?;
        series.set_label(label);
        Ok(())
    }

    /// Records what a message carries for each series; returns the points added. A topic the
    /// filter does not match costs one filter match.
    pub fn offer(&mut self, topic: &str, payload: &Value, arrival_ms: f64) -> usize {
        if self.series.is_empty() || !topic_matches(&self.filter, topic) {
            return 0;
        }
        let added: usize = self
            .series
            .iter_mut()
            .map(|s| s.offer(payload, arrival_ms))
            .sum();
        self.points += added as u64;
        added
    }

    /// Points recorded since the chart was made (or cleared), counting those since let go.
    pub fn points(&self) -> u64 {
        self.points
    }

    /// Points held now, over all series.
    pub fn held(&self) -> usize {
        self.series.iter().map(Series::len).sum()
    }

    /// Forgets every point; the series, window and view mode stay.
    pub fn clear(&mut self) {
        for series in &mut self.series {
            series.clear();
        }
        self.points = 0;
    }

    /// The live time window.
    pub fn window(&self) -> TimeWindow {
        self.window
    }

    /// Chooses the time window. A frozen view takes the new span, keeping its end.
    pub fn set_window(&mut self, window: TimeWindow) {
        self.window = window;
        if self.follow != Follow::Live {
            self.frozen = match (window.span_ms(), self.frozen) {
                (Some(span), Some((_, end))) => Some((end - span, end)),
                (None, _) => self.extent().map(widen),
                (Some(_), None) => None,
            };
        }
    }

    /// Whether the view follows the newest points.
    pub fn follow(&self) -> Follow {
        self.follow
    }

    /// Freezes the view where it is; points are still recorded. Paused before any point, the
    /// chart shows nothing until [`Chart::live`].
    pub fn pause(&mut self) {
        if self.follow != Follow::Paused {
            self.frozen = self.view();
            self.follow = Follow::Paused;
        }
    }

    /// Follows the newest points again (resume after pause, or back from zoom and pan).
    pub fn live(&mut self) {
        self.follow = Follow::Live;
    }

    /// Zooms by `factor` (2 shows half the time) around the point `anchor` of the width
    /// (0 left, 1 right) which stays in place; the span stays within [`MIN_SPAN_MS`] and
    /// [`MAX_SPAN_MS`]. Stops following the newest points.
    pub fn zoom(&mut self, factor: f64, anchor: f64) {
        let Some((start, end)) = self.view() else {
            return;
        };
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let anchor = if anchor.is_finite() {
            anchor.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let span = end - start;
        let new_span = (span / factor).clamp(MIN_SPAN_MS, MAX_SPAN_MS);
        let at = start + anchor * span;
        let new_start = at - anchor * new_span;
        self.freeze((new_start, new_start + new_span));
    }

    /// Moves the view by `fraction` of its width (positive: later). Stops following.
    pub fn pan(&mut self, fraction: f64) {
        let Some((start, end)) = self.view() else {
            return;
        };
        if !fraction.is_finite() {
            return;
        }
        let shift = (end - start) * fraction;
        let moved = (start + shift, end + shift);
        if moved.0.is_finite() && moved.1.is_finite() {
            self.freeze(moved);
        }
    }

    fn freeze(&mut self, view: (f64, f64)) {
        self.frozen = Some(view);
        if self.follow == Follow::Live {
            self.follow = Follow::Moved;
        }
    }

    /// The oldest and newest time held over all series.
    fn extent(&self) -> Option<(f64, f64)> {
        let first = self
            .series
            .iter()
            .filter_map(Series::first_time)
            .reduce(f64::min)?;
        let last = self
            .series
            .iter()
            .filter_map(Series::last_time)
            .reduce(f64::max)?;
        Some((first, last))
    }

    /// The visible time range (Unix ms): frozen, or live ending at the newest point; None for a
    /// live chart without points.
    pub fn view(&self) -> Option<(f64, f64)> {
        if self.follow != Follow::Live {
            return self.frozen;
        }
        let (first, last) = self.extent()?;
        Some(match self.window.span_ms() {
            Some(span) => (last - span, last),
            None => widen((first, last)),
        })
    }

    /// The frame to draw across `width_px` pixel columns: each series decimated (M4), the
    /// value range fitted to the visible points, and the ticks.
    pub fn plot(&self, width_px: u32) -> Plot {
        let Some((start, end)) = self.view() else {
            return Plot {
                time: None,
                y: y_range(None),
                lines: Vec::new(),
                time_ticks: Ticks::default(),
                y_ticks: value_ticks(0.0, 1.0, Y_TICK_TARGET),
                follow: self.follow,
            };
        };
        let mut extent: Option<(f64, f64)> = None;
        let decimated: Vec<_> = self
            .series
            .iter()
            .map(|s| {
                let (points, visible, e) = m4(s, start, end, width_px);
                if let Some((lo, hi)) = e {
                    extent = Some(extent.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
                }
                (points, visible)
            })
            .collect();
        let (y0, y1) = y_range(extent);
        let (span, height) = (end - start, y1 - y0);
        let lines = decimated
            .into_iter()
            .zip(&self.series)
            .enumerate()
            .map(|(index, ((points, visible), s))| PlotLine {
                series: index,
                color: s.color(),
                visible,
                points: points
                    .iter()
                    .map(|p| PlotPoint {
                        x: (p.t - start) / span,
                        y: (y1 - p.v) / height,
                    })
                    .collect(),
            })
            .collect();
        Plot {
            time: Some((start, end)),
            y: (y0, y1),
            lines,
            time_ticks: time_ticks(start, end, width_px),
            y_ticks: value_ticks(y0, y1, Y_TICK_TARGET),
            follow: self.follow,
        }
    }

    /// Every point held as RFC 4180 CSV (CRLF line ends): `time_iso,time_ms,<label>…`, one row
    /// per time, the series merged by time and a cell left empty where a series has no point
    /// at that time. A series with two points at one time gives two rows of that time.
    pub fn csv(&self) -> String {
        let mut out = String::from("time_iso,time_ms");
        for s in &self.series {
            out.push(',');
            // A label is the user's own text, defused like text off the wire all the same.
            crate::model::export::csv_text(&mut out, s.label());
        }
        out.push_str("\r\n");
        let mut next = vec![0usize; self.series.len()];
        loop {
            let time = self
                .series
                .iter()
                .zip(&next)
                .filter_map(|(s, i)| s.get(*i).map(|p| p.t))
                .reduce(f64::min);
            let Some(time) = time else { break };
            out.push_str(&iso8601_utc(time).unwrap_or_default());
            out.push(',');
            out.push_str(&time.to_string());
            for (s, i) in self.series.iter().zip(next.iter_mut()) {
                out.push(',');
                if let Some(p) = s.get(*i).filter(|p| p.t == time) {
                    out.push_str(&p.v.to_string());
                    *i += 1;
                }
            }
            out.push_str("\r\n");
        }
        out
    }
}

/// A range at least [`SINGLE_TIME_SPAN_MS`] wide around one time.
fn widen((first, last): (f64, f64)) -> (f64, f64) {
    if last > first {
        (first, last)
    } else {
        let half = SINGLE_TIME_SPAN_MS / 2.0;
        (first - half, last + half)
    }
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
