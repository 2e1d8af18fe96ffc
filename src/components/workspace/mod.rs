//! The explore panels: a dataset's samples and their tables, the stacked histogram (with its S/B
//! panel and cuts drawn by dragging), the cut builder with its cut-flow, the significance scan
//! and the pair plot. Every panel reads an [`Analysis`](crate::components::Analysis) (the shared
//! view, which is also the URL, and the parsed cuts); the engine does the numbers. The Lab page
//! puts them together; lesson widgets show them one at a time.

mod cut_builder;
mod pairs_panel;
mod s_over_b;
mod samples;
mod scan_panel;
mod stack_panel;

pub use cut_builder::CutBuilder;
pub use pairs_panel::PairsPanel;
pub use samples::SamplesPanel;
pub use scan_panel::ScanPanel;
pub use stack_panel::StackPanel;
