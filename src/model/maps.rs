//! Boundary files (`maps/*.geojson`) as read: features and what they stand for.

use super::*;

/// A boundary file, `maps/<name>.geojson`: GeoJSON features in WGS84
/// longitude and latitude, each linked to a unit or drawn as context.
#[derive(Debug, Clone)]
pub struct MapFile {
    /// The file name, e.g. `xa-2025.geojson`.
    pub name: String,
    pub path: PathBuf,
    /// The top-level `_source` and `_licence`, shown under its maps.
    pub source: Option<String>,
    pub licence: Option<String>,
    /// In file order; a feature that could not be read is left out.
    pub features: Vec<MapFeature>,
}

/// One feature of a map file.
#[derive(Debug, Clone)]
pub struct MapFeature {
    /// Its position in the file's `features` (from 0), for messages.
    pub index: usize,
    pub link: MapLink,
    /// Polygons, each its rings (outer first) as longitude, latitude
    /// pairs; rings are open (the closing position is left out).
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
    /// Points and lines of a context feature (a marker for an island).
    pub points: Vec<[f64; 2]>,
    pub lines: Vec<Vec<[f64; 2]>>,
    /// The feature's opening brace in the file.
    pub location: Location,
}

/// What a feature stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MapLink {
    /// `properties.unit`: a unit id.
    Unit(String),
    /// `properties.code`: an official code, of the unit that held it on
    /// the edition's day.
    Code(String),
    /// Neither: islands, neighbours, the sea, drawn grey.
    Context,
}
