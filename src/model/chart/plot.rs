//! What the canvas draws: per series a polyline decimated to the pixel columns (M4), the y
//! range, and the axis ticks, all as fractions of the plot area.

use super::series::{Point, Series};
use super::view::Follow;

/// A polyline vertex as fractions of the plot area: `x` 0 at the left edge to 1 at the right,
/// `y` 0 at the top to 1 at the bottom (the canvas's own direction). The points just outside
/// the view that let the line reach the edges lie beyond 0–1; the canvas clips them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotPoint {
    /// 0 left … 1 right.
    pub x: f64,
    /// 0 top … 1 bottom.
    pub y: f64,
}

/// One series' line.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotLine {
    /// Index of the series in [`super::Chart::series`].
    pub series: usize,
    /// Its colour slot.
    pub color: usize,
    /// Points in the view (before decimation).
    pub visible: usize,
    /// The vertices to join in order: at most four per pixel column, plus one on each side.
    pub points: Vec<PlotPoint>,
}

/// An axis tick: where (fraction along the axis, same direction as [`PlotPoint`]) and what it
/// stands for (a value, or Unix ms on the time axis).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    /// 0–1 along the axis.
    pub at: f64,
    /// The value or time (ms) there.
    pub value: f64,
}

/// The ticks of an axis and the step between them, which tells the view how to write them:
/// `decimals` fraction digits for values; for times, milliseconds shown when the step is below
/// a second, the date when it is a day or more.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ticks {
    /// Distance between ticks (value units, or ms).
    pub step: f64,
    /// Fraction digits that write every tick exactly (values only; 0 for times).
    pub decimals: u32,
    /// The ticks, lowest first.
    pub ticks: Vec<Tick>,
}

/// Everything the canvas needs for one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// The visible time range (Unix ms); None while no series has a point.
    pub time: Option<(f64, f64)>,
    /// The visible value range, bottom to top.
    pub y: (f64, f64),
    /// One line per series, in series order (also for series with no visible point).
    pub lines: Vec<PlotLine>,
    /// Ticks along the time axis.
    pub time_ticks: Ticks,
    /// Ticks along the value axis (`at` from the top).
    pub y_ticks: Ticks,
    /// Whether the view follows the newest points.
    pub follow: Follow,
}

/// Roughly how many value ticks an axis gets.
pub const Y_TICK_TARGET: usize = 5;

/// Pixels per time tick the axis aims at (labels like `12:34:56` need about this much).
pub const TIME_TICK_PX: u32 = 120;

/// Nice time steps (ms), from 1 ms to a week; beyond, 1/2/5 × 10^k days.
const TIME_STEPS_MS: [f64; 29] = [
    1.0,
    2.0,
    5.0,
    10.0,
    20.0,
    50.0,
    100.0,
    200.0,
    500.0,
    1_000.0,
    2_000.0,
    5_000.0,
    10_000.0,
    15_000.0,
    30_000.0,
    60_000.0,
    120_000.0,
    300_000.0,
    600_000.0,
    900_000.0,
    1_800_000.0,
    3_600_000.0,
    7_200_000.0,
    10_800_000.0,
    21_600_000.0,
    43_200_000.0,
    86_400_000.0,
    172_800_000.0,
    604_800_000.0,
];

const DAY_MS: f64 = 86_400_000.0;

/// A series' points in `start..=end` reduced by M4 aggregation: per pixel column (of `width`
/// across the range) its first, lowest, highest and last point, in time order without repeats,
/// plus the nearest point on each side of the range so the line runs to the edges. Returns
/// the points, how many were visible, and the lowest and highest visible value.
pub fn m4(
    series: &Series,
    start: f64,
    end: f64,
    width: u32,
) -> (Vec<Point>, usize, Option<(f64, f64)>) {
    let range = series.range(start, end);
    let visible = range.len();
    let mut out = Vec::new();
    if width == 0 || end <= start {
        return (out, visible, None);
    }
    if let Some(before) = range.start.checked_sub(1).and_then(|i| series.get(i)) {
        out.push(before);
    }
    let scale = f64::from(width) / (end - start);
    let last_column = i64::from(width) - 1;
    let column_of = |t: f64| (((t - start) * scale).floor() as i64).clamp(0, last_column);
    let mut extent: Option<(f64, f64)> = None;
    // The current column and the indices of its first, lowest, highest and last point.
    let mut current: Option<(i64, [usize; 4])> = None;
    for i in range.clone() {
        let Some(p) = series.get(i) else { break };
        extent = Some(match extent {
            Some((lo, hi)) => (lo.min(p.v), hi.max(p.v)),
            None => (p.v, p.v),
        });
        let column = column_of(p.t);
        match &mut current {
            Some((c, idx)) if *c == column => {
                let low = series.get(idx[1]).map_or(p.v, |q| q.v);
                let high = series.get(idx[2]).map_or(p.v, |q| q.v);
                if p.v < low {
                    idx[1] = i;
                }
                if p.v > high {
                    idx[2] = i;
                }
                idx[3] = i;
            }
            _ => {
                if let Some((_, idx)) = current {
                    flush(series, idx, &mut out);
                }
                current = Some((column, [i; 4]));
            }
        }
    }
    if let Some((_, idx)) = current {
        flush(series, idx, &mut out);
    }
    if let Some(after) = series.get(range.end) {
        out.push(after);
    }
    (out, visible, extent)
}

/// Appends a column's points in index (time) order, each once.
fn flush(series: &Series, mut idx: [usize; 4], out: &mut Vec<Point>) {
    idx.sort_unstable();
    let mut previous = None;
    for i in idx {
        if previous != Some(i) {
            out.extend(series.get(i));
            previous = Some(i);
        }
    }
}

/// The value range shown for visible values spanning `extent`: 5 % padding above and below;
/// ±10 % (±1 around zero) when all are equal; 0–1 when there are none.
pub fn y_range(extent: Option<(f64, f64)>) -> (f64, f64) {
    match extent {
        None => (0.0, 1.0),
        Some((lo, hi)) if hi > lo => {
            let pad = (hi - lo) * 0.05;
            if pad.is_finite() && (lo - pad).is_finite() && (hi + pad).is_finite() {
                (lo - pad, hi + pad)
            } else {
                (lo, hi)
            }
        }
        Some((v, _)) => {
            let pad = if v == 0.0 { 1.0 } else { v.abs() * 0.1 };
            (v - pad, v + pad)
        }
    }
}

/// Value ticks for `lo..=hi`: about `target` steps apart, at multiples of a 1, 2 or 5 × 10^k
/// step, `at` measured from the top (`hi`). None when the range is empty or too narrow for
/// its magnitude to tell ticks apart.
pub fn value_ticks(lo: f64, hi: f64, target: usize) -> Ticks {
    let raw = (hi - lo) / target.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return Ticks::default();
    }
    let mut exp = raw.log10().floor() as i32;
    let norm = raw / 10f64.powi(exp);
    // The nice number nearest the raw step (Heckbert's rounding), so the count stays near
    // the target: 4 to 9 ticks for a target of 5.
    let mantissa = if norm < 1.5 {
        1
    } else if norm < 3.0 {
        2
    } else if norm < 7.0 {
        5
    } else {
        exp += 1;
        1
    };
    let value_of = |k: i64| {
        let units = (k * mantissa) as f64;
        if exp >= 0 {
            units * 10f64.powi(exp)
        } else {
            // Dividing by an exact power of ten rounds once: 3 × 0.1 gives 0.3, not 0.300…04.
            units / 10f64.powi(-exp)
        }
    };
    let step = value_of(1);
    // A hair of slack so a tick on an edge (0.3 / 0.05 = 5.999…) is not lost to rounding.
    let (first, last) = ((lo / step - 1e-9).ceil(), (hi / step + 1e-9).floor());
    if first.abs() > 1e15 || last.abs() > 1e15 || last - first > 1000.0 {
        return Ticks::default();
    }
    let ticks = (first as i64..=last as i64)
        .map(|k| {
            let value = value_of(k);
            Tick {
                at: ((hi - value) / (hi - lo)).clamp(0.0, 1.0),
                value,
            }
        })
        .collect();
    Ticks {
        step,
        decimals: u32::try_from(-exp).unwrap_or(0),
        ticks,
    }
}

/// Time ticks for `start..=end` (Unix ms) across `width` pixels: the smallest nice step
/// (1 ms … 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min … 1 h … 1 day, 2 days, a week, then
/// 1/2/5 × 10^k days) giving at most one tick per [`TIME_TICK_PX`], at UTC multiples of it.
pub fn time_ticks(start: f64, end: f64, width: u32) -> Ticks {
    let span = end - start;
    if !(span.is_finite() && span > 0.0) {
        return Ticks::default();
    }
    let count = f64::from((width / TIME_TICK_PX).max(2));
    let raw = span / count;
    let step = match TIME_STEPS_MS.into_iter().find(|s| *s >= raw) {
        Some(s) => s,
        None => {
            // A nice number of days at least `raw` (so at least 10 past the week).
            value_ticks(0.0, raw / DAY_MS * 5.0, 5).step * DAY_MS
        }
    };
    let (first, last) = ((start / step).ceil(), (end / step).floor());
    if last - first > 1000.0 {
        return Ticks::default();
    }
    let ticks = (first as i64..=last as i64)
        .map(|k| {
            let value = k as f64 * step;
            Tick {
                at: (value - start) / span,
                value,
            }
        })
        .collect();
    Ticks {
        step,
        decimals: 0,
        ticks,
    }
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::path::FieldPath;
    use super::*;
    use proptest::prelude::*;

    fn series_of(points: &[(f64, f64)]) -> Series {
        let mut s = Series::new(FieldPath::Json(vec![]), "s".into(), 0);
        for (t, v) in points {
            s.push(*t, *v);
        }
        s
    }

    #[test]
    fn m4_keeps_first_low_high_last_per_column_and_the_neighbours() {
        // Two columns over 0..=10: [0, 5) and [5, 10].
        let s = series_of(&[
            (-1.0, 100.0),
            (0.0, 3.0),
            (1.0, 9.0),
            (2.0, 1.0),
            (3.0, 4.0),
            (4.0, 2.0),
            (6.0, 5.0),
            (10.0, 6.0),
            (11.0, -100.0),
        ]);
        let (points, visible, extent) = m4(&s, 0.0, 10.0, 2);
        let times: Vec<f64> = points.iter().map(|p| p.t).collect();
        assert_eq!(times, vec![-1.0, 0.0, 1.0, 2.0, 4.0, 6.0, 10.0, 11.0]);
        assert_eq!(visible, 7);
        assert_eq!(extent, Some((1.0, 9.0)));
        let (none, visible, extent) = m4(&s, 20.0, 30.0, 100);
        assert_eq!((none.len(), visible, extent), (1, 0, None));
        assert_eq!(m4(&s, 0.0, 10.0, 0).0, vec![]);
    }

    proptest! {
        #[test]
        fn m4_keeps_every_columns_extremes(
            raw in prop::collection::vec((0.0f64..1000.0, -50.0f64..50.0), 1..400),
            width in 1u32..60,
            (a, b) in (0.0f64..1000.0, 0.0f64..1000.0),
        ) {
            let s = series_of(&raw);
            let (start, end) = (a.min(b), a.max(b) + 1.0);
            let (points, visible, _) = m4(&s, start, end, width);
            prop_assert!(points.len() <= 4 * width as usize + 2);
            prop_assert!(points.windows(2).all(|w| w[0].t <= w[1].t));
            let column = |t: f64| {
                (((t - start) * f64::from(width) / (end - start)).floor() as i64)
                    .clamp(0, i64::from(width) - 1)
            };
            let inside: Vec<Point> = s.points().filter(|p| p.t >= start && p.t <= end).collect();
            prop_assert_eq!(inside.len(), visible);
            for c in 0..i64::from(width) {
                let all: Vec<f64> = inside.iter().filter(|p| column(p.t) == c).map(|p| p.v).collect();
                let kept: Vec<f64> = points
                    .iter()
                    .filter(|p| p.t >= start && p.t <= end && column(p.t) == c)
                    .map(|p| p.v)
                    .collect();
                if all.is_empty() {
                    prop_assert!(kept.is_empty());
                    continue;
                }
                let min = all.iter().copied().fold(f64::INFINITY, f64::min);
                let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(kept.contains(&min) && kept.contains(&max));
                prop_assert_eq!(kept.first(), all.first());
                prop_assert_eq!(kept.last(), all.last());
            }
        }
    }

    #[test]
    fn y_range_pads_and_stays_sane() {
        assert_eq!(y_range(None), (0.0, 1.0));
        assert_eq!(y_range(Some((0.0, 10.0))), (-0.5, 10.5));
        assert_eq!(y_range(Some((0.0, 0.0))), (-1.0, 1.0));
        assert_eq!(y_range(Some((20.0, 20.0))), (18.0, 22.0));
        assert_eq!(y_range(Some((-5.0, -5.0))), (-5.5, -4.5));
        assert_eq!(y_range(Some((-f64::MAX, f64::MAX))), (-f64::MAX, f64::MAX));
    }

    #[test]
    fn value_ticks_are_nice() {
        let t = value_ticks(-0.5, 10.5, 5);
        assert_eq!(t.step, 2.0);
        let values: Vec<f64> = t.ticks.iter().map(|t| t.value).collect();
        assert_eq!(values, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(t.ticks[0].at, 10.5 / 11.0);
        let t = value_ticks(0.0, 1.0, 5);
        assert_eq!((t.step, t.decimals), (0.2, 1));
        let values: Vec<f64> = t.ticks.iter().map(|t| t.value).collect();
        assert_eq!(values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = value_ticks(0.25, 0.75, 5);
        let values: Vec<f64> = t.ticks.iter().map(|t| t.value).collect();
        assert_eq!((t.step, t.decimals), (0.1, 1));
        assert_eq!(values, vec![0.3, 0.4, 0.5, 0.6, 0.7]);
        let t = value_ticks(0.0, 0.3, 5);
        assert_eq!((t.step, t.decimals), (0.05, 2));
        assert_eq!(t.ticks.get(3).map(|t| t.value), Some(0.15));
        assert_eq!(t.ticks.last().map(|t| (t.value, t.at)), Some((0.3, 0.0)));
        let t = value_ticks(18.0, 22.0, 5);
        assert_eq!(t.step, 1.0);
        assert_eq!(t.ticks.len(), 5);
        assert_eq!(value_ticks(0.0, 2000.0, 5).step, 500.0);
        assert_eq!(value_ticks(1.0, 1.0, 5), Ticks::default());
        assert_eq!(value_ticks(1e20, 1e20 + 1e5, 5), Ticks::default());
        for (lo, hi) in [(0.0, 7.3), (-3e-7, 9e-6), (123.0, 98765.0), (-1e9, 1e9)] {
            let t = value_ticks(lo, hi, 5);
            let norm = t.step / 10f64.powf(t.step.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|m| (norm - m).abs() < 1e-9),
                "{lo}..{hi}: {}",
                t.step
            );
            assert!((2..=11).contains(&t.ticks.len()), "{lo}..{hi}");
            assert!(t.ticks.iter().all(|k| (0.0..=1.0).contains(&k.at)));
        }
    }

    #[test]
    fn time_ticks_use_nice_steps() {
        let base = 1_700_000_000_000.0;
        let t = time_ticks(base, base + 60_000.0, 600);
        assert_eq!(t.step, 15_000.0);
        assert!(t.ticks.iter().all(|k| k.value % 15_000.0 == 0.0));
        assert_eq!(t.ticks.len(), 4);
        assert_eq!(time_ticks(base, base + 10_000.0, 1200).step, 1_000.0);
        assert_eq!(time_ticks(base, base + 3_600_000.0, 600).step, 900_000.0);
        assert_eq!(time_ticks(base, base + 3_600_000.0, 100).step, 1_800_000.0);
        assert_eq!(time_ticks(base, base + 30.0, 600).step, 10.0);
        assert_eq!(
            time_ticks(base, base + 100.0 * DAY_MS, 600).step,
            20.0 * DAY_MS
        );
        let t = time_ticks(0.0, 2000.0, 240);
        let values: Vec<f64> = t.ticks.iter().map(|t| t.value).collect();
        let at: Vec<f64> = t.ticks.iter().map(|t| t.at).collect();
        assert_eq!(
            (t.step, values, at),
            (1000.0, vec![0.0, 1000.0, 2000.0], vec![0.0, 0.5, 1.0])
        );
        assert_eq!(time_ticks(5.0, 5.0, 600), Ticks::default());
    }
}
