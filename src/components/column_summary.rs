//! The table of columns: detected type, range, mean and problem counts.

use fivesigma_engine::data::ColumnSummary;
use leptos::prelude::*;

use crate::format;

/// One row per column of the loaded file.
#[component]
pub fn ColumnSummaryTable(summaries: Vec<ColumnSummary>) -> impl IntoView {
    let number = |v: Option<f64>| {
        v.map(|x| format::significant(x, 4))
            .unwrap_or_else(|| "—".into())
    };
    view! {
        <div class="table-scroll">
            <table class="summary-table" data-testid="column-summary">
                <thead>
                    <tr>
                        <th scope="col">"Column"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col" class="num">"Values"</th>
                        <th scope="col" class="num">"Missing"</th>
                        <th scope="col" class="num">"Min"</th>
                        <th scope="col" class="num">"Max"</th>
                        <th scope="col" class="num">"Mean"</th>
                    </tr>
                </thead>
                <tbody>
                    {summaries.into_iter().map(|s| {
                        let missing = s.missing + s.nan + s.infinite;
                        let missing_title = format!("{} empty or −999, {} NaN, {} infinite", s.missing, s.nan, s.infinite);
                        let kind = match s.levels {
                            Some(1) => format!("{} (1 value)", s.kind.label()),
                            Some(n) => format!("{} ({n} values)", s.kind.label()),
                            None => s.kind.label().to_owned(),
                        };
                        view! {
                            <tr>
                                <th scope="row"><code>{s.name}</code></th>
                                <td data-kind=s.kind.label()>{kind}</td>
                                <td class="num">{format::thousands(s.count)}</td>
                                <td class="num" title=missing_title>{format::thousands(missing)}</td>
                                <td class="num">{number(s.min)}</td>
                                <td class="num">{number(s.max)}</td>
                                <td class="num">{number(s.mean)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
