//! From longitude and latitude to the map's plane: an equirectangular
//! projection whose longitudes are scaled by the cosine of the map's mean
//! latitude (true enough for a country as narrow as Vietnam), with y
//! going down as in SVG, scaled so that the longer side of the map is
//! [`GRID`] units.

/// The longer side of every map, in the integer units its SVG uses.
pub const GRID: f64 = 1000.0;

#[derive(Debug, Clone, Copy)]
pub struct Projection {
    west: f64,
    north: f64,
    /// cos of the mean latitude.
    shrink: f64,
    scale: f64,
    /// The map's size in grid units.
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// The projection fitting every point of `points` (longitude,
    /// latitude) into the grid.
    pub fn fit<'p>(points: impl Iterator<Item = &'p [f64; 2]>) -> Projection {
        let (mut west, mut east, mut south, mut north) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points {
            west = west.min(p[0]);
            east = east.max(p[0]);
            south = south.min(p[1]);
            north = north.max(p[1]);
        }
        if west > east {
            (west, east, south, north) = (0.0, 1.0, 0.0, 1.0);
        }
        let shrink = ((south + north) / 2.0).to_radians().cos().max(0.01);
        let wide = ((east - west) * shrink).max(1e-9);
        let tall = (north - south).max(1e-9);
        let scale = GRID / wide.max(tall);
        Projection {
            west,
            north,
            shrink,
            scale,
            width: (wide * scale).ceil().max(1.0),
            height: (tall * scale).ceil().max(1.0),
        }
    }

    /// A point on the plane, in grid units.
    pub fn project(&self, p: &[f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.west) * self.shrink * self.scale,
            (self.north - p[1]) * self.scale,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longitudes_shrink_with_the_cosine_of_the_mean_latitude() {
        let points = [[108.0, 59.0], [110.0, 61.0]];
        let p = Projection::fit(points.iter());
        // At 60 degrees a degree of longitude is half a degree of latitude.
        assert!((p.width - 500.0).abs() <= 1.0, "{}", p.width);
        assert_eq!(p.height, 1000.0);
        assert_eq!(p.project(&[108.0, 61.0]), [0.0, 0.0]);
        let [x, y] = p.project(&[110.0, 59.0]);
        assert!((x - 500.0).abs() < 1.0 && (y - 1000.0).abs() < 1e-9);
    }
}
