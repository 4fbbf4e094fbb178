//! A chart as the screen shows it: the picture, and its figures as a
//! table under "Số liệu của biểu đồ", so a screen reader hears what the
//! picture shows and anyone can read the exact numbers.

use domain::reporting::chart::Chart;
use leptos::prelude::*;

/// The chart and its figures.
#[component]
pub fn ChartView(chart: Chart) -> impl IntoView {
    let rows = chart
        .figures
        .into_iter()
        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart">
            <div inner_html=chart.svg></div>
            <details class="chart-figures">
                <summary>"Số liệu của biểu đồ"</summary>
                <table class="years-table">
                    <caption>{chart.title}</caption>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
