use serde_json::json;

use super::*;

fn path(text: &str) -> FieldPath {
    FieldPath::parse(text).unwrap_or(FieldPath::Metric(format!("unparsable {text}")))
}

/// A chart of `$.t` on `s/#` with points at 0, 1000, … ms of value 0, 1, ….
fn chart_with(seconds: u32) -> Chart {
    let mut chart = Chart::new("s/#").unwrap_or_else(|_| unreachable!());
    assert_eq!(chart.add_series(path("$.t"), None), Ok(0));
    for i in 0..seconds {
        chart.offer("s/1", &json!({ "t": i }), f64::from(i) * 1000.0);
    }
    chart
}

#[test]
fn offer_records_matching_topics_only_and_counts() {
    let mut chart = chart_with(0);
    assert_eq!(chart.add_series(path("$.h"), Some("hum".into())), Ok(1));
    assert_eq!(chart.offer("s/a/b", &json!({"t": 1, "h": "40"}), 5.0), 2);
    assert_eq!(chart.offer("other", &json!({"t": 1, "h": 2}), 6.0), 0);
    assert_eq!(chart.offer("s/a", &json!({"t": "x"}), 7.0), 0);
    assert_eq!(chart.offer("s/a", &json!({"t": 2}), 8.0), 1);
    assert_eq!(chart.points(), 3);
    assert_eq!(chart.held(), 3);
    assert_eq!(chart.series()[0].len(), 2);
    assert_eq!(chart.series()[1].len(), 1);
    assert_eq!(chart.series()[1].label(), "hum");
    assert_eq!(chart.series()[0].label(), "$.t");
    chart.clear();
    assert_eq!((chart.points(), chart.held()), (0, 0));
    assert_eq!(chart.series().len(), 2);
}

#[test]
fn series_are_bounded_unique_and_keep_their_colours() {
    assert_eq!(Chart::new("a/#/b"), Err(ChartError::BadFilter));
    let mut chart = chart_with(0);
    assert_eq!(
        chart.add_series(path("$.t"), None),
        Err(ChartError::DuplicateField)
    );
    for i in 1..MAX_SERIES {
        assert_eq!(chart.add_series(path(&format!("m{i}")), None), Ok(i));
    }
    assert_eq!(
        chart.add_series(path("more"), None),
        Err(ChartError::TooManySeries)
    );
    assert_eq!(chart.remove_series(2).map(|s| s.color()), Ok(2));
    assert_eq!(
        chart.remove_series(9).map(|s| s.color()),
        Err(ChartError::NoSuchSeries)
    );
    assert_eq!(chart.add_series(path("new"), Some(" ".into())), Ok(7));
    assert_eq!(chart.series()[7].color(), 2);
    assert_eq!(chart.series()[7].label(), "new");
    assert_eq!(chart.set_label(7, "N".into()), Ok(()));
    assert_eq!(chart.series()[7].label(), "N");
    assert_eq!(
        chart.set_label(8, "N".into()),
        Err(ChartError::NoSuchSeries)
    );
}

#[test]
fn the_live_view_follows_the_newest_point_within_the_window() {
    let mut chart = chart_with(0);
    assert_eq!(chart.view(), None);
    assert_eq!(chart.plot(300).time, None);
    chart.offer("s/1", &json!({"t": 1}), 5000.0);
    assert_eq!(chart.view(), Some((-55_000.0, 5000.0)));
    chart.set_window(TimeWindow::All);
    assert_eq!(chart.view(), Some((4500.0, 5500.0)));
    let mut chart = chart_with(120);
    assert_eq!(chart.view(), Some((59_000.0, 119_000.0)));
    chart.set_window(TimeWindow::Seconds10);
    assert_eq!(chart.view(), Some((109_000.0, 119_000.0)));
    chart.offer("s/1", &json!({"t": 1}), 130_000.0);
    assert_eq!(chart.view(), Some((120_000.0, 130_000.0)));
    chart.set_window(TimeWindow::All);
    assert_eq!(chart.view(), Some((0.0, 130_000.0)));
    let spans: Vec<_> = TimeWindow::CHOICES.iter().map(|w| w.span_ms()).collect();
    assert_eq!(
        spans,
        vec![
            Some(10_000.0),
            Some(60_000.0),
            Some(300_000.0),
            Some(900_000.0),
            Some(3_600_000.0),
            None
        ]
    );
}

#[test]
fn pause_zoom_pan_and_live() {
    let mut chart = chart_with(120);
    chart.set_window(TimeWindow::Seconds10);
    chart.pause();
    assert_eq!(chart.follow(), Follow::Paused);
    chart.offer("s/1", &json!({"t": 1}), 200_000.0);
    // Recorded, but the view stays.
    assert_eq!(chart.view(), Some((109_000.0, 119_000.0)));
    assert_eq!(chart.series()[0].len(), 121);
    // Zooming while paused stays paused.
    chart.zoom(2.0, 0.5);
    assert_eq!(chart.view(), Some((111_500.0, 116_500.0)));
    assert_eq!(chart.follow(), Follow::Paused);
    chart.live();
    assert_eq!(chart.follow(), Follow::Live);
    assert_eq!(chart.view(), Some((190_000.0, 200_000.0)));
    // Zoom around the left edge keeps the left edge.
    chart.zoom(0.5, 0.0);
    assert_eq!(chart.follow(), Follow::Moved);
    assert_eq!(chart.view(), Some((190_000.0, 210_000.0)));
    chart.pan(-0.25);
    assert_eq!(chart.view(), Some((185_000.0, 205_000.0)));
    chart.offer("s/1", &json!({"t": 1}), 300_000.0);
    assert_eq!(chart.view(), Some((185_000.0, 205_000.0)));
    // Nonsense leaves the view alone; the span stays within bounds.
    chart.zoom(f64::NAN, 0.5);
    chart.zoom(0.0, 0.5);
    chart.pan(f64::INFINITY);
    assert_eq!(chart.view(), Some((185_000.0, 205_000.0)));
    chart.zoom(1e9, 2.0);
    assert_eq!(chart.view(), Some((205_000.0 - MIN_SPAN_MS, 205_000.0)));
    // Pause from a moved view keeps it; the window re-spans a frozen view at its end.
    chart.pause();
    assert_eq!(chart.follow(), Follow::Paused);
    chart.set_window(TimeWindow::Minute1);
    assert_eq!(chart.view(), Some((145_000.0, 205_000.0)));
    chart.live();
    assert_eq!(chart.view(), Some((240_000.0, 300_000.0)));
    // Paused before any point: nothing shows until live.
    let mut empty = chart_with(0);
    empty.pause();
    empty.zoom(2.0, 0.5);
    empty.offer("s/1", &json!({"t": 1}), 1000.0);
    assert_eq!((empty.follow(), empty.view()), (Follow::Paused, None));
    empty.live();
    assert_eq!(empty.view(), Some((-59_000.0, 1000.0)));
}

#[test]
fn plot_fits_the_visible_values_and_decimates() {
    let mut chart = chart_with(0);
    chart.set_window(TimeWindow::All);
    for i in 0..10_000u32 {
        let v = if i == 5000 { 100.0 } else { f64::from(i % 7) };
        chart.offer("s/x", &json!({ "t": v }), f64::from(i));
    }
    let plot = chart.plot(100);
    assert_eq!(plot.time, Some((0.0, 9999.0)));
    assert_eq!(plot.y, (-5.0, 105.0));
    let line = &plot.lines[0];
    assert_eq!((line.series, line.color, line.visible), (0, 0, 10_000));
    assert!(line.points.len() <= 400, "{}", line.points.len());
    assert!(line.points.iter().any(|p| p.y == 5.0 / 110.0));
    assert!(line.points.iter().all(|p| (0.0..=1.0).contains(&p.x)));
    assert_eq!(line.points.first().map(|p| p.x), Some(0.0));
    assert_eq!(line.points.last().map(|p| p.x), Some(1.0));
    let values: Vec<f64> = plot.y_ticks.ticks.iter().map(|t| t.value).collect();
    assert_eq!(values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(plot.time_ticks.step, 5000.0);
    // Zoomed in past the spike: the range fits what is left.
    chart.zoom(10.0, 0.0);
    let plot = chart.plot(100);
    assert_eq!(plot.time, Some((0.0, 999.9)));
    assert_eq!(plot.y, (-6.0 * 0.05, 6.0 + 6.0 * 0.05));
    assert_eq!(plot.lines[0].visible, 1000);
    assert_eq!(plot.follow, Follow::Moved);
    // All values equal, and nothing in view.
    let mut flat = chart_with(0);
    flat.offer("s/1", &json!({"t": 20}), 0.0);
    flat.offer("s/1", &json!({"t": 20}), 10.0);
    assert_eq!(flat.plot(10).y, (18.0, 22.0));
    flat.pan(5.0);
    let plot = flat.plot(10);
    assert_eq!((plot.y, plot.lines[0].visible), ((0.0, 1.0), 0));
}

#[test]
fn csv_merges_series_by_time() {
    let mut chart = Chart::new("dev/+").unwrap_or_else(|_| unreachable!());
    assert_eq!(
        chart.add_series(path("$.t"), Some("temp, °C".into())),
        Ok(0)
    );
    assert_eq!(
        chart.add_series(path("$.h"), Some("say \"hi\"".into())),
        Ok(1)
    );
    assert_eq!(chart.add_series(path("$.p"), None), Ok(2));
    chart.offer("dev/1", &json!({"t": 21.5}), 0.0);
    chart.offer("dev/1", &json!({"t": 0.1, "h": 40}), 1_709_164_800_123.0);
    chart.offer("dev/1", &json!({"h": -3e-7}), 1_709_164_801_000.0);
    chart.offer("dev/1", &json!({"h": "1e21"}), 1_709_164_800_123.0);
    assert_eq!(
        chart.csv(),
        "time_iso,time_ms,\"temp, °C\",\"say \"\"hi\"\"\",$.p\r\n\
         1970-01-01T00:00:00.000Z,0,21.5,,\r\n\
         2024-02-29T00:00:00.123Z,1709164800123,0.1,40,\r\n\
         2024-02-29T00:00:00.123Z,1709164800123,,1000000000000000000000,\r\n\
         2024-02-29T00:00:01.000Z,1709164801000,,-0.0000003,\r\n"
    );
    assert_eq!(chart_with(0).csv(), "time_iso,time_ms,$.t\r\n");
}
