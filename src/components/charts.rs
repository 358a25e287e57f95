//! Small hand-written inline SVG charts for the report: horizontal bars and lines. Each chart
//! has a `<title>` and an `aria-label`, writes every value as text beside its mark, and tells
//! series apart by marker shape and dash as well as colour, so it reads in print and without
//! colour. Labels are passed in already translated.

use leptos::prelude::*;

/// One bar: its label, its value and the value as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

const WIDTH: f64 = 640.0;
const LABEL_W: f64 = 190.0;
const VALUE_W: f64 = 70.0;
const ROW_H: f64 = 26.0;

/// Label text cut to fit the label column (CJK characters are about twice a Latin letter).
fn fit(label: &str, room: f64) -> String {
    let mut used = 0.0;
    let mut out = String::new();
    for c in label.chars() {
        used += if c.is_ascii() { 7.0 } else { 13.0 };
        if used > room {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

#[component]
pub fn BarChart(
    title: String,
    bars: Vec<Bar>,
    #[prop(optional)] id: &'static str,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let height = (bars.len().max(1) as f64) * ROW_H + 8.0;
    let span = WIDTH - LABEL_W - VALUE_W;
    view! {
        <svg class="chart bar-chart" id=id viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title.clone()
            preserveAspectRatio="xMinYMin meet">
            <title>{title.clone()}</title>
            {bars.into_iter().enumerate().map(|(i, b)| {
                let y = 4.0 + i as f64 * ROW_H;
                let w = (b.value / max * span).max(if b.value > 0.0 { 2.0 } else { 0.0 });
                view! {
                    <g class="bar-row">
                        <title>{format!("{}: {}", b.label, b.shown)}</title>
                        <text x=LABEL_W - 8.0 y=y + 17.0 text-anchor="end" class="chart-label">{fit(&b.label, LABEL_W - 12.0)}</text>
                        <rect x=LABEL_W y=y + 4.0 width=w height=ROW_H - 8.0 rx="3" class="bar"/>
                        <text x=LABEL_W + w + 6.0 y=y + 17.0 class="chart-value">{b.shown}</text>
                    </g>
                }
            }).collect_view()}
            <line x1=LABEL_W y1="0" x2=LABEL_W y2=height class="axis"/>
        </svg>
    }
}

/// One line: its name and one value per x label (`None`: no figure that month).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

const LINE_H: f64 = 250.0;
const PAD_L: f64 = 44.0;
const PAD_R: f64 = 40.0;
const PAD_T: f64 = 34.0;
const PAD_B: f64 = 48.0;

#[component]
pub fn LineChart(
    title: String,
    x_labels: Vec<String>,
    series: Vec<Series>,
    #[prop(optional)] id: &'static str,
) -> impl IntoView {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .fold(0.0, f64::max)
        .max(1.0)
        .ceil();
    let n = x_labels.len().max(2);
    let x = move |i: usize| PAD_L + (WIDTH - PAD_L - PAD_R) * i as f64 / (n - 1) as f64;
    let y = move |v: f64| PAD_T + (LINE_H - PAD_T - PAD_B) * (1.0 - v / max);
    let classes = ["series-a", "series-b", "series-c"];
    let markers = ["●", "■", "▲"];
    view! {
        <svg class="chart line-chart" id=id viewBox=format!("0 0 {WIDTH} {LINE_H}") role="img" aria-label=title.clone()>
            <title>{title.clone()}</title>
            // Legend: marker shape and name, so the lines are told apart without colour.
            {series.iter().enumerate().map(|(k, s)| view! {
                <text x=PAD_L + k as f64 * 170.0 y="16" class=format!("legend {}", classes[k % 3])>{format!("{} {}", markers[k % 3], s.name)}</text>
            }).collect_view()}
            <line x1=PAD_L y1=y(0.0) x2=WIDTH - PAD_R y2=y(0.0) class="axis"/>
            <line x1=PAD_L y1=y(max) x2=WIDTH - PAD_R y2=y(max) class="grid"/>
            <text x=PAD_L - 6.0 y=y(0.0) + 4.0 text-anchor="end" class="chart-label">"0"</text>
            <text x=PAD_L - 6.0 y=y(max) + 4.0 text-anchor="end" class="chart-label">{max.to_string()}</text>
            {x_labels.iter().enumerate().map(|(i, l)| view! {
                <text x=x(i) y=LINE_H - 8.0 text-anchor="middle" class="chart-label">{l.clone()}</text>
            }).collect_view()}
            {series.into_iter().enumerate().map(|(k, s)| {
                let points: Vec<(f64, f64, f64)> = s.values.iter().enumerate()
                    .filter_map(|(i, v)| v.map(|v| (x(i), y(v), v)))
                    .collect();
                let path = points.iter().map(|(px, py, _)| format!("{px:.1},{py:.1}")).collect::<Vec<_>>().join(" ");
                let class = classes[k % 3];
                view! {
                    <g class=format!("series {class}")>
                        <title>{s.name.clone()}</title>
                        <polyline points=path class="line"/>
                        {points.into_iter().map(|(px, py, v)| view! {
                            <text x=px y=py + 5.0 text-anchor="middle" class="marker">{markers[k % 3]}</text>
                            <text x=px y=if k % 2 == 0 { py - 9.0 } else { py + 20.0 } text-anchor="middle" class="chart-value">{format_value(v)}</text>
                        }).collect_view()}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}
