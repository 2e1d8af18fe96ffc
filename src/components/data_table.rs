//! A virtualised table of every row: only the rows in view (plus a margin) are in the DOM, so
//! scrolling through 100 000 rows stays smooth.

use std::sync::Arc;

use fivesigma_engine::data::Table;
use leptos::prelude::*;

/// Row height in CSS pixels; must match `.dt-row` in style.css.
const ROW_PX: f64 = 28.0;
/// Rows visible in the viewport (its height is `VIEW_ROWS × ROW_PX`).
const VIEW_ROWS: usize = 14;
/// Extra rows rendered above and below the viewport so fast scrolling shows no gap.
const OVERSCAN: usize = 8;

/// Which rows to render for a scroll offset: `[first, end)`.
pub fn visible_rows(scroll_top_px: f64, n_rows: usize) -> (usize, usize) {
    let top_row = (scroll_top_px.max(0.0) / ROW_PX) as usize;
    let first = top_row.saturating_sub(OVERSCAN).min(n_rows);
    let end = (top_row + VIEW_ROWS + OVERSCAN).min(n_rows);
    (first, end)
}

/// Every row of `table`, scrollable, with a sticky header.
#[component]
pub fn DataTable(table: Arc<Table>) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0_f64);
    let n_rows = table.n_rows();
    let n_columns = table.columns().len();
    let grid = format!("grid-template-columns: 5rem repeat({n_columns}, minmax(7.5rem, 1fr));");
    let min_width = format!("min-width: calc(5rem + {n_columns} * 7.5rem);");
    let header = table
        .columns()
        .iter()
        .map(|c| view! { <div role="columnheader" class="dt-cell" title=c.kind.label()>{c.name.clone()}</div> })
        .collect_view();
    let rows = {
        let table = table.clone();
        let grid = grid.clone();
        move || {
            let (first, end) = visible_rows(scroll_top.get(), n_rows);
            (first..end)
                .map(|r| {
                    let style = format!("{grid} top: {}px;", r as f64 * ROW_PX);
                    view! {
                        <div role="row" class="dt-row" aria-rowindex=r + 2 style=style>
                            <div role="rowheader" class="dt-cell dt-index">{r + 1}</div>
                            {table.columns().iter().map(|c| {
                                let text = c.cell_text(r);
                                if text.is_empty() {
                                    view! { <div role="cell" class="dt-cell dt-missing" title="missing">"–"</div> }.into_any()
                                } else {
                                    view! { <div role="cell" class="dt-cell">{text}</div> }.into_any()
                                }
                            }).collect_view()}
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div
            class="data-table"
            role="table"
            aria-label="Rows of the loaded file"
            aria-rowcount=n_rows + 1
            tabindex="0"
            style=format!("height: {}px;", (VIEW_ROWS as f64 + 1.0) * ROW_PX + 2.0)
            on:scroll=move |ev| {
                let element: web_sys::HtmlElement = event_target(&ev);
                scroll_top.set(f64::from(element.scroll_top()));
            }
            data-testid="data-table"
        >
            <div role="row" class="dt-row dt-head" aria-rowindex=1 style=format!("{grid}{min_width}")>
                <div role="columnheader" class="dt-cell dt-index">"#"</div>
                {header}
            </div>
            <div class="dt-body" style=format!("height: {}px; {min_width}", n_rows as f64 * ROW_PX)>
                {rows}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_window_around_the_viewport() {
        assert_eq!(visible_rows(0.0, 100_000), (0, VIEW_ROWS + OVERSCAN));
        // Scrolled to row 1000: render from 8 rows above to 8 rows below the view.
        assert_eq!(
            visible_rows(1000.0 * ROW_PX, 100_000),
            (992, 1000 + VIEW_ROWS + OVERSCAN)
        );
        // At the bottom the window is clipped to the table.
        let (first, end) = visible_rows(99_990.0 * ROW_PX, 100_000);
        assert_eq!(end, 100_000);
        assert!(first < 99_990);
        assert_eq!(visible_rows(50.0, 3), (0, 3));
    }
}
