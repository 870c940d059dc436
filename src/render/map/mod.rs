//! Maps drawn at build time: a map file's shapes projected
//! (`project.rs`), cut into shared arcs, simplified and quantised once
//! per file (`topology.rs`), then drawn as SVG for each group, field or
//! unit that uses the file (`svg.rs`). No script: the SVG is in the page
//! (or, too big for it, the page embeds its file), its units are links.

pub mod project;
pub mod svg;
pub mod topology;

pub use svg::{class_colour, hatch_id, Drawing, Fill, Region};
pub use topology::Topology;
