//! Overhead's core: everything that computes, nothing that touches a browser.
//!
//! Data flows one way: a [`model::Decision`] (the document) is resolved against a
//! [`catalog::Catalog`] into component graphs ([`graph`]), analysed against the baseline
//! ([`analysis`]) and laid out for drawing ([`layout`]). The UI crate renders the results.

pub mod analysis;
pub mod catalog;
pub mod decimal;
pub mod edit;
pub mod error;
pub mod evaluate;
pub mod explain;
pub mod export;
pub mod format;
pub mod graph;
mod id_index;
pub mod import;
pub mod layout;
pub mod layout_wire;
pub mod link;
pub mod markup_diff;
pub mod model;
pub mod order;
pub mod palette;
pub mod ranges;
pub mod render;
pub mod sample;
pub mod scenario;
pub mod sweep;
pub mod text;
pub mod uncertainty;
pub mod upgrade;
pub mod verdict;
pub mod walkthrough;

/// The largest char boundary of `text` at or before byte `at` (clamped to its length): what
/// `str::floor_char_boundary` gives from Rust 1.91, above this crate's MSRV.
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
