//! Rendering: Tera templates (built in, overridable from a `templates/`
//! directory), Markdown content and SVG charts.

pub mod charts;
pub mod markdown;

use std::path::Path;

/// The built-in templates, compiled into the binary. A file of the same
/// name in the user's templates directory replaces one.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("edition.html", include_str!("../../templates/edition.html")),
    ("group.html", include_str!("../../templates/group.html")),
    ("fields.html", include_str!("../../templates/fields.html")),
    (
        "criterion.html",
        include_str!("../../templates/criterion.html"),
    ),
    ("unit.html", include_str!("../../templates/unit.html")),
    ("units.html", include_str!("../../templates/units.html")),
    ("trends.html", include_str!("../../templates/trends.html")),
    (
        "documents.html",
        include_str!("../../templates/documents.html"),
    ),
    ("data.html", include_str!("../../templates/data.html")),
    (
        "dictionary.html",
        include_str!("../../templates/dictionary.html"),
    ),
    ("content.html", include_str!("../../templates/content.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    (
        "partials/change.html",
        include_str!("../../templates/partials/change.html"),
    ),
    (
        "partials/search.html",
        include_str!("../../templates/partials/search.html"),
    ),
];

pub struct Renderer {
    tera: tera::Tera,
}

/// A template problem, naming the template and where in it.
#[derive(Debug)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

fn describe(error: &tera::Error) -> String {
    // Tera's own message carries the template name and line:column; the
    // chain adds what was wrong inside an include or a filter.
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}

impl Renderer {
    /// Loads the built-in templates, each replaced by the file of the same
    /// name under `overrides` when there is one.
    pub fn new(
        overrides: Option<&Path>,
        globals: &tera::Context,
    ) -> Result<Renderer, TemplateError> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut sources = Vec::new();
        for (name, builtin) in TEMPLATES {
            let custom = overrides.map(|dir| dir.join(name)).filter(|p| p.is_file());
            let text = match custom {
                Some(path) => std::fs::read_to_string(&path)
                    .map_err(|e| TemplateError(format!("{}: {e}", path.display())))?,
                None => builtin.to_string(),
            };
            sources.push((*name, text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
            .map_err(|e| TemplateError(describe(&e)))?;
        tera.global_context().extend(globals.clone());
        Ok(Renderer { tera })
    }

    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, TemplateError> {
        self.tera
            .render(template, context)
            .map_err(|e| TemplateError(describe(&e)))
    }
}
