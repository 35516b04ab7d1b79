//! loa: a static site generator for Vietnamese campaign publicity.
//!
//! Data flows one way: [`load`] reads the site folder, [`model`] builds the
//! site model, [`render`] turns it into files through the theme, and
//! [`output`] writes them, all or nothing. [`pipeline`] strings them together.

pub mod campaign;
pub mod collate;
pub mod config;
pub mod date;
pub mod diag;
pub mod fields;
pub mod frontmatter;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod roster;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod timings;
pub mod unit;
pub mod yaml;
