//! The documents page, and the documents other pages list.

use super::tera_values::tera_value;
use super::tera_values::Put;
use super::Rendered;
use crate::i18n;
use crate::site::{DocumentOf, PlannedPage, Site};
use serde_json::{json, Value};

impl<'a> Site<'a> {
    pub(super) fn documents_page(&self, page: &PlannedPage) -> Rendered {
        let mut c = self.top_level(page, self.word("documents"), "documents");
        let editions: Vec<Value> = self
            .editions_newest_first()
            .map(|(e, ed)| json!({ "year": ed.year, "title": ed.title, "documents": self.documents_of(e), "draft": self.is_draft(e) }))
            .collect();
        c.put_list("editions", &editions);
        let reports: Vec<Value> = self
            .dataset
            .reports
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, report)| !report.documents.is_empty())
            .map(|(r, report)| json!({ "period": super::reports::period_label(&report.period, self.lang), "title": report.title, "documents": self.report_documents(r) }))
            .collect();
        c.put_list("reports", &reports);
        Rendered {
            template: "documents.html",
            context: c,
            files: Vec::new(),
        }
    }
    /// A document's kind as readers say it: the documented codes
    /// (`decision`, `report`) in words, anything else as the data gives it.
    fn document_kind<'k>(&self, kind: &'k str) -> &'k str {
        match kind {
            "decision" => self.word("document_decision"),
            "report" => self.word("document_report"),
            other => other,
        }
    }

    /// The documents of edition `e`.
    pub(super) fn documents_of(&self, e: usize) -> tera::Value {
        self.documents_where(|edition| edition == e)
    }

    /// The documents of the editions `keep` accepts.
    pub(super) fn documents_where(&self, keep: impl Fn(usize) -> bool) -> tera::Value {
        self.documents_of_kind(|of| matches!(of, DocumentOf::Edition(e) if keep(e)))
    }

    /// The documents of editions `keep_edition` and periodic reports
    /// `keep_report` accepts: what a unit's page lists of the decisions
    /// that scored it and the reports it reported in.
    pub(super) fn documents_scoring_or_reported(
        &self,
        keep_edition: impl Fn(usize) -> bool,
        keep_report: impl Fn(usize) -> bool,
    ) -> tera::Value {
        self.documents_of_kind(|of| match of {
            DocumentOf::Edition(e) => keep_edition(e),
            DocumentOf::Report(r) => keep_report(r),
        })
    }

    /// The documents of periodic report `r`.
    pub(super) fn report_documents(&self, r: usize) -> tera::Value {
        self.documents_of_kind(|of| of == DocumentOf::Report(r))
    }

    fn documents_of_kind(&self, keep: impl Fn(DocumentOf) -> bool) -> tera::Value {
        let views = self.document_views.get_or_init(|| {
            self.documents
                .iter()
                .map(|d| {
                    tera_value(&json!({
                        "year": match d.of {
                            DocumentOf::Edition(e) => Some(self.edition(e).year),
                            DocumentOf::Report(_) => None,
                        },
                        "period": match d.of {
                            DocumentOf::Edition(_) => None,
                            DocumentOf::Report(r) => Some(super::reports::period_label(&self.report(r).period, self.lang)),
                        },
                        "kind": self.document_kind(&d.document.kind),
                        "title": d.document.title,
                        "number": d.document.number,
                        "date": d.document.date.as_ref().map(|x| i18n::date(x, self.lang)),
                        "signer": d.document.signer,
                        "url": d.path,
                        "size": i18n::file_size(d.size, self.lang),
                        "sha256": d.sha256,
                        "format": d.path.rsplit('.').next().unwrap_or("").to_ascii_uppercase(),
                    }))
                })
                .collect()
        });
        self.documents
            .iter()
            .zip(views)
            .filter(|(d, _)| keep(d.of))
            .map(|(_, view)| view.clone())
            .collect::<Vec<_>>()
            .into()
    }
}
