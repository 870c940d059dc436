//! The open-data page and the data dictionary.

use super::tera_values::Put;
use super::Rendered;
use crate::i18n;
use crate::site::{urls, PlannedPage, Site};
use serde_json::{json, Value};

impl<'a> Site<'a> {
    pub(super) fn data_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("data_title"), "data");
        let en = self.lang == crate::model::Language::En;
        let file = |f: &crate::site::DataFile| {
            json!({
                "url": f.path,
                "name": f.path.rsplit('/').next().unwrap_or(&f.path),
                "title": if en { &f.title_en } else { &f.title_vi },
                "format": f.format,
                "size": i18n::file_size(f.size, self.lang),
                "rows": i18n::count(f.rows, self.lang),
                "has_rows": f.rows > 0,
                "split": f.format == "XLSX" && self.data_files().iter().any(|o| o.year == f.year && o.format == "CSV" && o.rows > crate::export::XLSX_MAX_ROWS),
            })
        };
        let mut scopes: Vec<Option<i32>> = vec![None];
        scopes.extend(self.dataset.editions.iter().rev().map(|e| Some(e.year)));
        let groups: Vec<Value> = scopes
            .into_iter()
            .map(|year| {
                let files: Vec<Value> = self.data_files().iter().filter(|f| f.year == year && f.path.matches('/').count() == 2).map(file).collect();
                json!({ "title": year.map_or_else(|| self.word("all_editions").to_string(), |y| format!("{} {y}", self.word("edition"))), "files": files })
            })
            .collect();
        c.put_list("scopes", &groups);
        let bundle = |f: &&crate::site::DataFile| f.path == crate::export::BUNDLE_PATH;
        let special: Vec<Value> = self
            .data_files()
            .iter()
            .filter(|f| f.path.matches('/').count() == 1 && !bundle(f))
            .map(file)
            .collect();
        c.put_list("special", &special);
        if let Some(zip) = self.data_files().iter().find(bundle) {
            c.insert("bundle", &file(zip));
        }
        let site = &self.dataset.site;
        let latest = self.dataset.editions.last().map(|e| e.year);
        let address = self.absolute(&urls::data()).unwrap_or_else(urls::data);
        c.insert(
            "citation",
            &format!(
                "{} ({}). {} [{}]. {}: {}. {}",
                site.publisher,
                latest.map_or_else(String::new, |y| y.to_string()),
                site.title,
                self.word("data").to_lowercase(),
                self.word("licence"),
                site.licence.as_deref().unwrap_or("–"),
                address
            ),
        );
        Rendered {
            template: "data.html",
            context: c,
            files: Vec::new(),
        }
    }

    pub(super) fn dictionary_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.base(
            page,
            self.word("dictionary"),
            "data",
            vec![
                (self.word("home").into(), "index.html".into()),
                (self.word("data_title").into(), urls::data()),
            ],
            false,
        );
        let tables: Vec<Value> = crate::export::schemas(self.dataset, self.results)
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "title_vi": t.title_vi,
                    "title_en": t.title_en,
                    "id": format!("bang-{}", t.name),
                    "columns": t.columns.iter().map(|col| json!({
                        "name": col.name, "vi": col.vi, "en": col.en, "type": col.kind.frictionless(),
                        "about_vi": col.about_vi, "about_en": col.about_en,
                    })).collect::<Vec<_>>(),
                    "primary_key": t.primary_key.join(", "),
                })
            })
            .collect();
        c.put_list("tables", &tables);
        Rendered {
            template: "dictionary.html",
            context: c,
            files: Vec::new(),
        }
    }
}
