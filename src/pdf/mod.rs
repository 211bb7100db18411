//! PDF output for printed forms: PDF/A-2b written with krilla, one embedded CJK font subset
//! to the glyphs each document uses, text measured with ttf-parser.
//!
//! `font` maps characters to glyphs, `text` breaks lines, `layout` and `table` fill pages
//! with drawing operations, `qr` encodes QR codes, and `render` draws the operations and the
//! page frame into a PDF.

pub mod font;
pub mod layout;
pub mod qr;
pub mod render;
pub mod table;
pub mod text;

pub use layout::{Align, Flow, Op, PageSpec, Signer, MM};
pub use render::{render, Frame};
pub use table::{Cell, Column, Table};
