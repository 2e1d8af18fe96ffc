//! Drawing. Plot functions draw into any plotters `DrawingArea`, so the app renders to a canvas
//! and native tests render the same code to SVG.

pub mod canvas;
pub mod frame;
pub mod histogram;
pub mod pairs;
pub mod scan;
pub mod stack;
pub mod theme;
