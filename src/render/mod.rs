//! Rendering: Tera templates (built in, overridable from a `templates/`
//! directory), Markdown content (`markdown.rs`) and SVG charts
//! (`charts/`) and maps (`map/`). It knows nothing of the data: pages hand it contexts
//! whose numbers are already formatted, charts get their labels formatted
//! too. A new template is a file in `templates/` listed in [`TEMPLATES`];
//! a new chart is a file of its own in `charts/`. Of the disk, it only
//! reads template overrides.

pub mod charts;
pub mod map;
pub mod markdown;

use std::path::Path;

/// The built-in templates, compiled into the binary. A file of the same
/// name in the user's templates directory replaces one.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("embed.html", include_str!("../../templates/embed.html")),
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
    (
        "reorganisation.html",
        include_str!("../../templates/reorganisation.html"),
    ),
    ("content.html", include_str!("../../templates/content.html")),
    ("reports.html", include_str!("../../templates/reports.html")),
    (
        "report_group.html",
        include_str!("../../templates/report_group.html"),
    ),
    (
        "indicator.html",
        include_str!("../../templates/indicator.html"),
    ),
    (
        "partials/documents.html",
        include_str!("../../templates/partials/documents.html"),
    ),
    (
        "partials/unit_reports.html",
        include_str!("../../templates/partials/unit_reports.html"),
    ),
    ("compare.html", include_str!("../../templates/compare.html")),
    (
        "compare_parent.html",
        include_str!("../../templates/compare_parent.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    (
        "partials/share.html",
        include_str!("../../templates/partials/share.html"),
    ),
    (
        "partials/change.html",
        include_str!("../../templates/partials/change.html"),
    ),
    (
        "partials/groups.html",
        include_str!("../../templates/partials/groups.html"),
    ),
    (
        "partials/search.html",
        include_str!("../../templates/partials/search.html"),
    ),
    (
        "partials/map.html",
        include_str!("../../templates/partials/map.html"),
    ),
    (
        "partials/history-row.html",
        include_str!("../../templates/partials/history-row.html"),
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

/// Minifies a template's HTML once, keeping the Tera syntax, so that the
/// pages it renders come out compact without minifying every page (which
/// cost more than rendering them). Tera tags count as text, so a closing
/// tag is left out only where the markup right after it is literal; a
/// partial keeps its closing tags, since what follows it is not known.
pub fn minify_template(name: &str, source: &str) -> String {
    let mut cfg = minify_html::Cfg::new();
    cfg.preserve_brace_template_syntax = true;
    cfg.keep_closing_tags = name.starts_with("partials/");
    cfg.keep_html_and_head_opening_tags = true;
    let bytes = minify_html::minify(source.as_bytes(), &cfg);
    String::from_utf8(bytes).unwrap_or_else(|_| source.to_string())
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
            let custom = overrides
                .map(|dir| (dir, dir.join(name)))
                .filter(|(_, p)| p.exists());
            let text = match custom {
                // Only from the folder: a link to a file elsewhere would
                // publish it.
                Some((dir, path)) => crate::output::read_inside(dir, &path)
                    .and_then(|bytes| String::from_utf8(bytes).map_err(std::io::Error::other))
                    .map_err(|e| TemplateError(format!("{}: {e}", path.display())))?,
                None => builtin.to_string(),
            };
            // The user's own templates stay as written, so that an error
            // names the line they wrote; a copy of a built-in one (the
            // project's own templates/ folder) is the built-in one.
            let text = if text == *builtin {
                minify_template(name, &text)
            } else {
                text
            };
            sources.push((*name, text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
            .map_err(|e| TemplateError(describe(&e)))?;
        tera.global_context().extend(globals.clone());
        Ok(Renderer { tera })
    }

    /// Renders into `out` (cleared first). The page goes to a file as
    /// bytes, so it is never checked again as a `String`; and a buffer kept
    /// by the caller stops growing after the first large page.
    pub fn render(
        &self,
        template: &str,
        context: &tera::Context,
        out: &mut Vec<u8>,
    ) -> Result<(), TemplateError> {
        out.clear();
        self.tera
            .render_to(template, context, &mut *out)
            .map_err(|e| TemplateError(describe(&e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_templates_keep_tera_syntax_and_quote_template_attributes() {
        let mut tera = tera::Tera::new();
        let minified: Vec<(&str, String)> = TEMPLATES
            .iter()
            .map(|(name, text)| (*name, minify_template(name, text)))
            .collect();
        for ((name, text), (_, small)) in TEMPLATES.iter().zip(&minified) {
            assert!(small.len() < text.len(), "{name} did not shrink");
            // An unquoted attribute value filled in by Tera would break on
            // the first space of a name.
            assert!(!small.contains("={{") && !small.contains("={%"), "{name}");
            // Tera's fast escaping leaves `'` alone, which is safe only
            // inside double-quoted attributes.
            assert!(
                !small.contains("='"),
                "{name} has a single-quoted attribute"
            );
        }
        tera.add_raw_templates(minified.iter().map(|(n, t)| (*n, t.as_str())))
            .expect("minified templates parse");
        let page = minify_template(
            "x.html",
            "<p class=\"a {{ c }}\">\n  {{ name }}  {% if x %}\n  <b>{{ y }}</b>\n{% endif %}\n</p>\n",
        );
        assert_eq!(
            page,
            "<p class=\"a {{ c }}\">{{ name }} {% if x %} <b>{{ y }}</b> {% endif %}"
        );
    }
}
