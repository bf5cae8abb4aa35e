//! Live charts (a chunk, fetched when the charts panel is first opened): numeric fields of the
//! messages on a topic filter, drawn on a canvas from the model's [`Plot`].

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::shell::{Shell, Theme};
use super::words::tr;
use crate::i18n::chart::window_label;
use crate::i18n::{Describe, Text};
use crate::model::chart::{Chart, FieldPath, Follow, Plot, TimeWindow};
use crate::mqtt::topic_matches;
use crate::platform::media::SchemeWatch;
use crate::platform::resize::SizeWatch;
use crate::store::decoding::{Decoding, SharedSink, Sink};

/// The colours of the series slots, as the subscriptions' swatches.
const COLORS: [&str; 8] = [
    "#1570ef", "#dd2590", "#12a150", "#f79009", "#7a5af8", "#06aed4", "#d92d20", "#667085",
];
/// The canvas's height in CSS pixels.
const HEIGHT: f64 = 180.0;
/// Room for the value axis's labels on the left, and the time axis's below.
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 20.0;

/// The charts of one connection: what the store feeds.
#[derive(Default)]
struct ChartSet {
    charts: Vec<(u32, Chart)>,
    next_id: u32,
}

impl Sink for ChartSet {
    fn wants(&self, topic: &str) -> bool {
        self.charts
            .iter()
            .any(|(_, c)| topic_matches(c.filter(), topic))
    }

    fn offer(&mut self, topic: &str, value: &serde_json::Value, time_ms: f64) -> usize {
        self.charts
            .iter_mut()
            .map(|(_, c)| c.offer(topic, value, time_ms))
            .sum()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// The connection's charts, registered with its decoders the first time.
fn chart_set(decoding: Decoding) -> SharedSink {
    if let Some(sink) = decoding.sink() {
        return sink;
    }
    let sink: SharedSink = Rc::new(RefCell::new(ChartSet::default()));
    decoding.set_sink(Rc::clone(&sink));
    sink
}

fn with_set<R>(sink: &SharedSink, f: impl FnOnce(&mut ChartSet) -> R) -> Option<R> {
    let mut borrowed = sink.borrow_mut();
    borrowed.as_any_mut().downcast_mut::<ChartSet>().map(f)
}

fn with_chart<R>(sink: &SharedSink, id: u32, f: impl FnOnce(&mut Chart) -> R) -> Option<R> {
    with_set(sink, |set| {
        set.charts
            .iter_mut()
            .find(|(i, _)| *i == id)
            .map(|(_, c)| f(c))
    })
    .flatten()
}

/// The charts panel: what to plot, and one chart per topic filter.
#[component]
pub fn ChartsPanel() -> impl IntoView {
    let shell = Shell::get();
    let Shell { lang, slot, .. } = shell;
    let decoding = slot.decoding;
    let sink = StoredValue::new_local(chart_set(decoding));
    let topic = shell.keep("chart.topic", String::new);
    let path = shell.keep("chart.path", String::new);
    let error = RwSignal::new(None::<Text>);
    // The ids of the charts, in order; changes when one is added or removed.
    let ids = RwSignal::new(
        sink.with_value(|s| with_set(s, |set| set.charts.iter().map(|(i, _)| *i).collect()))
            .unwrap_or_default(),
    );
    let add = move || {
        let filter = shell.expand_topic(topic.get_untracked().trim());
        let field = match FieldPath::parse(&path.get_untracked()) {
            Ok(f) => f,
            Err(e) => return error.set(Some(e.describe())),
        };
        let result = sink.with_value(|s| {
            with_set(s, |set| {
                let found = set.charts.iter_mut().find(|(_, c)| c.filter() == filter);
                let added = match found {
                    Some((_, chart)) => chart.add_series(field, None).map(|_| ()),
                    None => Chart::new(&filter).and_then(|mut chart| {
                        chart.add_series(field, None)?;
                        set.next_id += 1;
                        set.charts.push((set.next_id, chart));
                        Ok(())
                    }),
                };
                added.map(|()| set.charts.iter().map(|(i, _)| *i).collect::<Vec<_>>())
            })
        });
        match result {
            Some(Ok(list)) => {
                error.set(None);
                ids.set(list);
            }
            Some(Err(e)) => error.set(Some(e.describe())),
            None => {}
        }
    };
    view! {
        <div class="charts" data-testid="charts">
            <form class="row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input
                    data-testid="chart-topic"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.chart_topic)
                    prop:value=move || topic.get()
                    on:input=move |ev| topic.set(event_target_value(&ev))
                />
                <input
                    data-testid="chart-path"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.chart_path)
                    prop:value=move || path.get()
                    on:input=move |ev| path.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="chart-add" title=tr(lang, |t| t.chart_add_title)>{tr(lang, |t| t.chart_add)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error small" data-testid="chart-error">{e.get(lang.get()).to_owned()}</p> })}
            <For each=move || ids.get() key=|id| *id let:id>
                <ChartView id sink decoding ids/>
            </For>
        </div>
    }
}

/// One chart: its toolbar, its canvas, and the number of points plotted so far.
#[component]
fn ChartView(
    id: u32,
    sink: StoredValue<SharedSink, LocalStorage>,
    decoding: Decoding,
    ids: RwSignal<Vec<u32>>,
) -> impl IntoView {
    let lang = Shell::get().lang;
    let canvas = NodeRef::<Canvas>::new();
    // Bumped by the user's changes (pause, zoom, window); new points bump the store's.
    let touched = RwSignal::new(0u64);
    let chart = move |f: &dyn Fn(&mut Chart)| {
        sink.with_value(|s| with_chart(s, id, |c| f(c)));
        touched.update(|t| *t += 1);
    };
    let read = move |f: &dyn Fn(&Chart) -> String| -> String {
        sink.with_value(|s| with_chart(s, id, |c| f(c)))
            .unwrap_or_default()
    };
    let points = move || {
        decoding.sink_version.track();
        read(&|c| c.points().to_string())
    };
    let follow = move || {
        decoding.sink_version.track();
        touched.track();
        sink.with_value(|s| with_chart(s, id, |c| c.follow()))
            .unwrap_or(Follow::Live)
    };
    let legend = move || {
        touched.track();
        // A series added to this chart re-sets the list of charts.
        ids.track();
        sink.with_value(|s| {
            with_chart(s, id, |c| {
                c.series()
                    .iter()
                    .map(|s| (s.label().to_owned(), s.color()))
                    .collect::<Vec<_>>()
            })
        })
        .unwrap_or_default()
    };
    // The canvas's width in CSS pixels (0 until measured) and the theme's colours, both read
    // when they change, never while drawing: a draw comes right after the log's rows changed,
    // and reading a size or a computed style then would make the browser lay out the page in
    // the middle of the stream's frame.
    let width = RwSignal::new(0.0_f64);
    let colors = StoredValue::new_local(None::<Colors>);
    let watch = StoredValue::new_local(None::<SizeWatch>);
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        let target = el.clone();
        let measure = move || {
            let w = f64::from(target.client_width());
            // Hidden (another pane is shown): keep the last size until it is back.
            if w > 0.0 && w != width.get_untracked() {
                colors.set_value(Some(Colors::of(&target)));
                width.set(w);
            }
        };
        // With a ResizeObserver, it calls back at once; without, the size is read once (a
        // canvas hidden then gets a usual width).
        let watching = SizeWatch::new(&el, measure.clone());
        if watching.is_none() {
            measure();
            if width.get_untracked() <= 0.0 {
                width.set(600.0);
            }
        }
        watch.set_value(watching);
    });
    // A theme chosen, or the system's scheme changed (which the "auto" theme follows): the
    // colours are read again at the next draw. The theme's effect runs after the one that set
    // the page's theme, so the draw that follows sees the new colours.
    let recolor = move || {
        colors.set_value(None);
        touched.update(|t| *t += 1);
    };
    if let Some(Theme(theme)) = use_context::<Theme>() {
        Effect::new(move |first: Option<()>| {
            theme.track();
            if first.is_some() {
                recolor();
            }
        });
    }
    let _scheme = StoredValue::new_local(SchemeWatch::new(recolor));
    // Draw when points came or the view changed: at most once per log refresh.
    Effect::new(move |_| {
        decoding.sink_version.track();
        touched.track();
        lang.track();
        let measured = width.get();
        let Some(el) = canvas.get() else { return };
        if measured <= 0.0 {
            // Not measured yet (not shown): nothing to draw on.
            return;
        }
        let width = measured.max(120.0);
        let plot =
            sink.with_value(|s| with_chart(s, id, |c| c.plot((width - LEFT).max(10.0) as u32)));
        let Some(plot) = plot else { return };
        if colors.with_value(Option::is_none) {
            colors.set_value(Some(Colors::of(&el)));
        }
        colors.with_value(|c| {
            if let Some(c) = c {
                draw(&el, width, c, &plot);
            }
        });
    });
    // Wheel zooms around the pointer; a drag pans.
    let drag_from = StoredValue::new(None::<f64>);
    let plot_width = move || (width.get_untracked() - LEFT).max(1.0);
    let plot_fraction = move |x: f64| ((x - LEFT) / plot_width()).clamp(0.0, 1.0);
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let anchor = plot_fraction(f64::from(ev.offset_x()));
        let factor = if ev.delta_y() < 0.0 { 0.8 } else { 1.25 };
        chart(&|c| c.zoom(factor, anchor));
    };
    let on_down =
        move |ev: leptos::ev::MouseEvent| drag_from.set_value(Some(f64::from(ev.offset_x())));
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(from) = drag_from.get_value() else {
            return;
        };
        let x = f64::from(ev.offset_x());
        if (x - from).abs() >= 2.0 {
            drag_from.set_value(Some(x));
            chart(&|c| c.pan((from - x) / plot_width()));
        }
    };
    let on_up = move |_| drag_from.set_value(None);
    let csv = move |_| {
        let text = read(&|c| c.csv());
        crate::platform::download::download("mqtt-chart.csv", "text/csv", &text);
    };
    let png = move |_| {
        if let Some(url) = canvas.get_untracked().and_then(|el| el.to_data_url().ok()) {
            crate::platform::download::download_url("mqtt-chart.png", &url);
        }
    };
    let remove = move |_| {
        let list = sink.with_value(|s| {
            with_set(s, |set| {
                set.charts.retain(|(i, _)| *i != id);
                set.charts.iter().map(|(i, _)| *i).collect::<Vec<_>>()
            })
        });
        if let Some(list) = list {
            ids.set(list);
        }
    };
    let filter = read(&|c| c.filter().to_owned());
    let filter_attr = filter.clone();
    view! {
        <div class="chart" data-testid="chart" data-topic=filter_attr data-points=points>
            <div class="row chart-head">
                <code class="topic">{filter}</code>
                {move || legend().into_iter().map(|(label, color)| view! {
                    <span class="legend" style:color=COLORS[color % COLORS.len()]>"● " {label}</span>
                }).collect_view()}
                <span class="muted small grow">{points} " " {tr(lang, |t| t.chart_points)}</span>
                <select
                    data-testid="chart-window"
                    title=tr(lang, |t| t.chart_window)
                    on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(1);
                        let w = TimeWindow::CHOICES.get(i).copied().unwrap_or_default();
                        chart(&|c| c.set_window(w));
                    }
                >
                    {TimeWindow::CHOICES.into_iter().enumerate().map(|(i, w)| view! {
                        <option value=i.to_string() selected=w == TimeWindow::default()>{move || window_label(w, lang.get())}</option>
                    }).collect_view()}
                </select>
                <button
                    data-testid="chart-pause"
                    aria-pressed=move || (follow() != Follow::Live).to_string()
                    on:click=move |_| chart(&|c| if c.follow() == Follow::Live { c.pause() } else { c.live() })
                >
                    {move || if follow() == Follow::Live { lang.get().t().pause } else { lang.get().t().chart_live }}
                </button>
                <button data-testid="chart-csv" on:click=csv>"CSV"</button>
                <button data-testid="chart-png" on:click=png>"PNG"</button>
                <button class="icon" data-testid="chart-remove" title=tr(lang, |t| t.chart_remove) on:click=remove>"×"</button>
            </div>
            <canvas
                node_ref=canvas
                class="chart-canvas"
                title=tr(lang, |t| t.chart_hint)
                on:wheel=on_wheel
                on:mousedown=on_down
                on:mousemove=on_move
                on:mouseup=on_up
                on:mouseleave=on_up
            ></canvas>
        </div>
    }
}

/// The theme's colours for the axes, as the page's style sheet sets them.
struct Colors {
    text: String,
    line: String,
}

impl Colors {
    /// Reads them from the canvas's computed style (this makes the browser compute styles now:
    /// done only when the canvas is measured or the theme changes).
    fn of(el: &web_sys::HtmlCanvasElement) -> Colors {
        let computed = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten());
        let style = |name: &str, fallback: &str| {
            computed
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_owned())
        };
        Colors {
            text: style("--text", "#222"),
            line: style("--line", "#ddd"),
        }
    }
}

/// Draws `plot` on the canvas, `width` CSS pixels wide, sharp on high-density screens. The
/// canvas's pixels are sized again only when that changes (sizing reallocates them).
fn draw(el: &web_sys::HtmlCanvasElement, width: f64, colors: &Colors, plot: &Plot) {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (pixels_w, pixels_h) = ((width * ratio) as u32, (HEIGHT * ratio) as u32);
    if el.width() != pixels_w || el.height() != pixels_h {
        el.set_width(pixels_w);
        el.set_height(pixels_h);
    }
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, HEIGHT);
    let (text, line) = (&colors.text, &colors.line);
    let (w, h) = (width - LEFT, HEIGHT - BOTTOM);
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_line_width(1.0);
    // Value ticks: grid lines and labels.
    ctx.set_stroke_style_str(line);
    ctx.set_fill_style_str(text);
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for tick in &plot.y_ticks.ticks {
        let y = (tick.at * h).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(LEFT, y);
        ctx.line_to(width, y);
        ctx.stroke();
        let label = format!("{:.*}", plot.y_ticks.decimals as usize, tick.value);
        let _ = ctx.fill_text(&label, LEFT - 4.0, y);
    }
    // Time ticks along the bottom.
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for tick in &plot.time_ticks.ticks {
        let x = LEFT + (tick.at * w).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(x, 0.0);
        ctx.line_to(x, h);
        ctx.stroke();
        let _ = ctx.fill_text(&time_label(tick.value, plot.time_ticks.step), x, h + 4.0);
    }
    // The lines, clipped to the plot area.
    ctx.save();
    ctx.begin_path();
    ctx.rect(LEFT, 0.0, w, h);
    ctx.clip();
    ctx.set_line_width(1.5);
    for l in &plot.lines {
        ctx.set_stroke_style_str(COLORS[l.color % COLORS.len()]);
        ctx.begin_path();
        for (i, p) in l.points.iter().enumerate() {
            let (x, y) = (LEFT + p.x * w, p.y * h);
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
    }
    ctx.restore();
}

/// A time tick's label in local time: `12:34:56`, with milliseconds when ticks are closer than
/// a second, the date when they are a day or more apart.
fn time_label(ms: f64, step: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    if step >= 86_400_000.0 {
        return format!(
            "{}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        );
    }
    let hms = format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    );
    if step < 1_000.0 {
        format!("{hms}.{:03}", d.get_milliseconds())
    } else {
        hms
    }
}
