//! Reusable panels. Each wires signals to engine calls and draws with `crate::plots`.

pub mod analysis;
mod backend_badge;
pub mod choice;
mod column_summary;
mod csv_loader;
mod data_table;
pub mod dice;
pub mod fit_widget;
mod histogram_panel;
pub mod lesson;
mod mapping_step;
mod offline_badge;
pub mod playground;
mod plot_canvas;
pub mod python_code;
pub mod training;
mod trouble;
pub mod workspace;

pub use analysis::{Analysis, Controls};
pub use backend_badge::BackendBadge;
pub use column_summary::ColumnSummaryTable;
pub use csv_loader::CsvLoader;
pub use data_table::DataTable;
pub use histogram_panel::HistogramPanel;
pub use mapping_step::{MappingStep, UserFile};
pub use offline_badge::OfflineBadge;
pub use plot_canvas::{CanvasArea, PlotCanvas};
pub use python_code::{Companion, LabScript, PythonCode};
pub use trouble::TroubleBox;
