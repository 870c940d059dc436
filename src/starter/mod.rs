//! `chiso new DIR`: the folder an official starts from. `DIR/data` is a
//! data folder that `chiso check` passes and `chiso build` builds: the site's
//! settings, a registry of example units (a province's departments, wards,
//! communes and a special zone, as the map has been since 1 July 2025), one
//! edition whose frameworks take the fields of the real examples, and the
//! workbook `diem.xlsx` the edition reads its scores from, laid out as the
//! annex of a decision (`workbook`). `DIR/content` holds the about and
//! methodology pages, and `DIR/HUONG-DAN.md` says, in Vietnamese, what to
//! replace and in what order.
//!
//! Everything in it is an example to replace: the site says so (`sample:
//! true`) until the official sets `sample` to false.

mod texts;
mod workbook;

use std::fs;
use std::io;
use std::path::Path;

use texts::{FIELDS, GROUPS, UNITS};

/// What `write_starter` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterSummary {
    pub files: usize,
    pub year: i32,
}

/// Writes the starter folder into `dir`, which must not exist or be empty
/// (io::ErrorKind::AlreadyExists otherwise). `year` is the year assessed.
pub fn write_starter(dir: &Path, year: i32) -> io::Result<StarterSummary> {
    if !(1990..=2100).contains(&year) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("năm {year} nằm ngoài khoảng 1990-2100 / year {year} is outside 1990-2100"),
        ));
    }
    refuse_non_empty(dir)?;
    let mut files = Files {
        root: dir,
        count: 0,
    };
    let edition = format!("data/editions/{year}");
    files.write("data/site.json", texts::site_json().as_bytes())?;
    files.write("data/units.csv", units_csv().as_bytes())?;
    for group in GROUPS {
        files.write(
            &format!("{edition}/framework-{}.csv", group.id),
            framework_csv().as_bytes(),
        )?;
    }
    files.write(
        &format!("{edition}/edition.json"),
        texts::edition_json(year).as_bytes(),
    )?;
    files.write(
        &format!("{edition}/{}", workbook::FILE),
        &workbook::template(year).map_err(io::Error::other)?,
    )?;
    files.write("content/gioi-thieu.md", texts::ABOUT.as_bytes())?;
    files.write("content/phuong-phap.md", texts::METHOD.as_bytes())?;
    files.write("HUONG-DAN.md", texts::guide(year).as_bytes())?;
    Ok(StarterSummary {
        files: files.count,
        year,
    })
}

fn refuse_non_empty(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            if fs::read_dir(dir)?.next().is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{}: thư mục không trống; chiso new chỉ ghi vào thư mục mới hoặc trống / the folder is not empty",
                        dir.display()
                    ),
                ));
            }
            Ok(())
        }
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{}: đã có và không phải thư mục / exists and is not a folder",
                dir.display()
            ),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir),
        Err(e) => Err(e),
    }
}

struct Files<'a> {
    root: &'a Path,
    count: usize,
}

impl Files<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
        self.count += 1;
        Ok(())
    }
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn units_csv() -> String {
    let mut rows = vec![["id", "name", "short_name", "kind", "parent", "valid_from"]
        .map(String::from)
        .to_vec()];
    for unit in UNITS {
        rows.push(vec![
            unit.id.to_string(),
            unit.name.to_string(),
            unit.short_name.to_string(),
            unit.kind.to_string(),
            unit.parent.to_string(),
            unit.valid_from.to_string(),
        ]);
    }
    csv_text(&rows)
}

fn framework_csv() -> String {
    let mut rows = vec![["code", "parent", "name", "max"].map(String::from).to_vec()];
    for field in FIELDS {
        rows.push(vec![
            field.code.to_string(),
            String::new(),
            field.name.to_string(),
            field.max.to_string(),
        ]);
    }
    csv_text(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_make_100_points() {
        assert_eq!(FIELDS.iter().map(|f| f.max).sum::<u32>(), 100);
    }

    #[test]
    fn every_group_has_units_and_every_unit_a_group_or_the_province() {
        for group in GROUPS {
            assert!(UNITS.iter().any(|u| group.admits(u)), "{}", group.id);
        }
        for unit in UNITS {
            let grouped = GROUPS.iter().filter(|g| g.admits(&unit)).count();
            assert_eq!(grouped, usize::from(unit.kind != "province"), "{}", unit.id);
        }
    }
}
