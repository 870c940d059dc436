//! An edition's chart alone, for an `<iframe>` on another site: its
//! drawing, title, edition, source and data table, a link back to the
//! page that shows it, and none of the site's navigation. Its address is
//! pinned to the edition's year (`urls::embed`), so that an embedded
//! chart keeps the figures it was embedded with when a later edition is
//! published.
//!
//! Which charts have one is decided once, by [`Site::embed_exists`], for
//! the plan and for the pages that link to them alike: no embed page is
//! left unlinked and no link leads nowhere. A unit page's charts have
//! none: a national site would have twelve thousand pages more.

use super::chart::{chart_path, link_only, ChartView, Share};
use super::Rendered;
use crate::i18n;
use crate::site::{escape_xml, has_own_page, urls, Embed, PageKind, PlannedPage, Site};

/// A drawing bigger than this is shown as its file, an image, so that the
/// embed page stays light (a large group's heatmap).
const INLINE_MAX: usize = 48 * 1024;

impl Embed {
    fn edition_group(self) -> (usize, usize) {
        match self {
            Embed::Ranking(e, g)
            | Embed::Fields(e, g)
            | Embed::Trend(e, g)
            | Embed::Map(e, g)
            | Embed::Distribution(e, g, _)
            | Embed::History(e, g, _) => (e, g),
        }
    }
}

impl<'a> Site<'a> {
    /// Every embed page, in a stable order.
    pub(in crate::site) fn embed_pages(&self) -> Vec<PlannedPage> {
        let mut embeds = Vec::new();
        for (e, edition) in self.dataset.editions.iter().enumerate() {
            for (g, group) in edition.groups.iter().enumerate() {
                embeds.extend([Embed::Map(e, g), Embed::Ranking(e, g), Embed::Fields(e, g)]);
                if let Some(framework) = &group.framework {
                    for n in 0..framework.nodes.len() {
                        embeds.push(Embed::Distribution(e, g, n));
                        embeds.push(Embed::History(e, g, n));
                    }
                }
            }
        }
        for (id, _) in self.trend_groups() {
            if let Some((e, g)) = self.latest_of_group(id) {
                embeds.push(Embed::Trend(e, g));
            }
        }
        embeds
            .into_iter()
            .filter(|&embed| self.embed_exists(embed))
            .map(|embed| PlannedPage {
                kind: PageKind::Embed(embed),
                path: self.embed_path(embed),
            })
            .collect()
    }

    /// Whether the chart is drawn, on a page of its edition, as a file.
    fn embed_exists(&self, embed: Embed) -> bool {
        let (e, g) = embed.edition_group();
        let (group, result) = self.group(e, g);
        let has_criterion_page = |n: usize| {
            group.framework.as_ref().is_some_and(|fw| {
                let node = &fw.nodes[n];
                has_own_page(node) && result.units.iter().any(|u| u.node(&node.code).is_some())
            })
        };
        match embed {
            Embed::Ranking(..) => result.stats.is_some(),
            Embed::Fields(..) => {
                group.framework.is_some() && result.from_scores && !result.units.is_empty()
            }
            Embed::Distribution(_, _, n) => {
                has_criterion_page(n) && !Self::node_percents(result, n).is_empty()
            }
            Embed::History(_, _, n) => {
                has_criterion_page(n)
                    && self.years_drawn(&group.id)
                    && group
                        .framework
                        .as_ref()
                        .is_some_and(|fw| self.history_owner(e, g, &fw.nodes[n]) == (e, g))
            }
            Embed::Trend(..) => {
                self.years_drawn(&group.id) && self.latest_of_group(&group.id) == Some((e, g))
            }
            Embed::Map(..) => self.group_map(e, g).is_some(),
        }
    }

    /// Whether a group's charts over the years are drawn: it was ranked
    /// in two years or more (`chart::trend_svg`).
    fn years_drawn(&self, group: &str) -> bool {
        let mut years = self
            .dataset
            .editions
            .iter()
            .filter(|ed| ed.groups.iter().any(|x| x.id == group))
            .map(|ed| ed.year);
        let first = years.next();
        years.any(|y| Some(y) != first)
    }

    /// The latest edition with group `id`, and the group's index there.
    fn latest_of_group(&self, id: &str) -> Option<(usize, usize)> {
        self.dataset
            .editions
            .iter()
            .enumerate()
            .rev()
            .find_map(|(e, ed)| ed.groups.iter().position(|x| x.id == id).map(|g| (e, g)))
    }

    fn embed_node(&self, e: usize, g: usize, n: usize) -> Option<&'a crate::model::Node> {
        self.edition(e).groups[g]
            .framework
            .as_ref()
            .and_then(|fw| fw.nodes.get(n))
    }

    fn embed_path(&self, embed: Embed) -> String {
        let (e, g) = embed.edition_group();
        let edition = self.edition(e);
        let group = &edition.groups[g].id;
        let code = |n| {
            self.embed_node(e, g, n)
                .map_or_else(|| "x".to_string(), |node| urls::code_slug(&node.code))
        };
        let name = match embed {
            Embed::Ranking(..) => "xep-hang".to_string(),
            Embed::Fields(..) => "linh-vuc".to_string(),
            Embed::Distribution(_, _, n) => format!("tieu-chi-{}-phan-bo", code(n)),
            Embed::History(_, _, n) => format!("tieu-chi-{}-qua-cac-nam", code(n)),
            Embed::Trend(..) => "xu-huong".to_string(),
            Embed::Map(..) => "ban-do".to_string(),
        };
        urls::embed(edition.year, group, &name)
    }

    /// The page that shows the chart, and the chart's id there.
    fn embed_home(&self, embed: Embed) -> (String, String) {
        let (e, g) = embed.edition_group();
        let edition = self.edition(e);
        let group = &edition.groups[g].id;
        let criterion = |n| {
            let code = self
                .embed_node(e, g, n)
                .map_or("", |node| node.code.as_str());
            urls::criterion(edition.year, group, code)
        };
        match embed {
            Embed::Ranking(..) => (urls::group(edition.year, group), "bieu-do-xep-hang".into()),
            Embed::Fields(..) => (urls::fields(edition.year, group), "bieu-do-linh-vuc".into()),
            Embed::Distribution(_, _, n) => (criterion(n), "bieu-do-phan-bo".into()),
            Embed::History(_, _, n) => (criterion(n), "bieu-do-qua-cac-nam".into()),
            Embed::Trend(..) => {
                let at = self
                    .trend_groups()
                    .iter()
                    .position(|(id, _)| id == group)
                    .unwrap_or(0);
                (
                    urls::trends_part(at / crate::site::TRENDS_PER_PAGE),
                    format!("xu-huong-{group}"),
                )
            }
            Embed::Map(..) => (urls::group(edition.year, group), "ban-do".into()),
        }
    }

    fn embed_title(&self, embed: Embed) -> String {
        let (e, g) = embed.edition_group();
        let edition = self.edition(e);
        let group = &edition.groups[g];
        let node = |n| {
            self.embed_node(e, g, n)
                .map_or_else(String::new, |node| format!("{} {}", node.code, node.name))
        };
        let what = match embed {
            Embed::Ranking(..) => self.word("ranking_chart").to_string(),
            Embed::Fields(..) => self.word("heatmap").to_string(),
            Embed::Distribution(_, _, n) => format!("{}: {}", self.word("distribution"), node(n)),
            Embed::History(_, _, n) => format!("{}: {}", self.word("field_mean_history"), node(n)),
            Embed::Trend(..) => self.word("group_means").to_string(),
            Embed::Map(..) => self.word("map").to_string(),
        };
        format!("{what} – {} {}", group.name, edition.year)
    }

    /// A chart's permalink and embed page, where it has one.
    pub(super) fn share(&self, embed: Embed) -> Option<Share> {
        if !self.embed_exists(embed) {
            return None;
        }
        let url = self.embed_path(embed);
        let (_, id) = self.embed_home(embed);
        let absolute = self.base_url.is_some();
        let src = self.absolute(&url).unwrap_or_else(|| url.clone());
        let code = format!(
            "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>",
            escape_xml(&src),
            escape_xml(&self.embed_title(embed))
        );
        Some(Share {
            id,
            url,
            code,
            absolute,
        })
    }

    /// The history chart's embed of a node's page whose chart `owner`
    /// writes (`criterion::history_owner`).
    pub(super) fn history_share(&self, owner: (usize, usize), code: &str) -> Option<Share> {
        let (e, g) = owner;
        let n = self.edition(e).groups[g].framework.as_ref()?.node(code)?;
        self.share(Embed::History(e, g, n))
    }

    pub(super) fn embed_page(&self, page: &PlannedPage, embed: Embed) -> Rendered {
        let (e, g) = embed.edition_group();
        let edition = self.edition(e);
        let (group, result) = self.group(e, g);
        let title = self.embed_title(embed);
        let mut c = self.base(page, &title, "", Vec::new(), self.is_draft(e));
        let ranking = || {
            result
                .stats
                .as_ref()
                .map(|s| self.ranking_chart(edition, group, result, s.mean))
        };
        // The chart, with the page that writes its files and their name.
        let drawn: Option<(ChartView, String, &str)> = match embed {
            Embed::Ranking(..) => {
                ranking().map(|ch| (ch, urls::group(edition.year, &group.id), "xep-hang"))
            }
            Embed::Fields(..) => group.framework.as_ref().map(|fw| {
                (
                    self.heatmap(fw, result),
                    urls::fields(edition.year, &group.id),
                    "linh-vuc",
                )
            }),
            Embed::Distribution(_, _, n) => self.embed_node(e, g, n).map(|node| {
                let chart = self.distribution(
                    &self.criterion_title(e, g, node),
                    &Self::node_percents(result, n),
                );
                (
                    chart,
                    urls::criterion(edition.year, &group.id, &node.code),
                    "phan-bo",
                )
            }),
            Embed::History(_, _, n) => self.embed_node(e, g, n).map(|node| {
                let chart = self.history_chart((e, g), node);
                (
                    chart,
                    urls::criterion(edition.year, &group.id, &node.code),
                    "qua-cac-nam",
                )
            }),
            Embed::Trend(..) => {
                let (chart, _) = self.group_trend(&group.id, &group.name);
                let (trends, _) = self.embed_home(embed);
                // The trends page names a group's files by its id.
                Some((chart, trends, group.id.as_str()))
            }
            Embed::Map(..) => {
                c.insert("map", &self.subject_map(&page.path, e, g, None, None, None));
                if let Some(chart) = ranking() {
                    c.insert("table_chart", &chart.without_drawing());
                }
                None
            }
        };
        if let Some((chart, owner, name)) = drawn {
            let chart = chart.with_table();
            let chart = if chart.svg_len() > INLINE_MAX {
                chart.drawn_as_image(&format!(
                    "{}{}",
                    urls::root_of(&page.path),
                    chart_path(&owner, name, "svg")
                ))
            } else {
                chart
            };
            c.insert("chart", &link_only(&owner, name, chart));
        }
        let (home, id) = self.embed_home(embed);
        c.insert("back", &format!("{home}#{id}"));
        c.insert("year", &edition.year);
        c.insert("group", &group.name);
        // The decision that published the edition, else the day it was.
        let decision = edition
            .documents
            .iter()
            .find(|d| d.kind == "decision")
            .or_else(|| edition.documents.iter().find(|d| d.number.is_some()));
        let published = match decision {
            Some(d) => {
                let kind = if d.kind == "decision" {
                    self.word("document_decision")
                } else {
                    d.kind.as_str()
                };
                let mut text = kind.to_string();
                if let Some(number) = &d.number {
                    text.push_str(&format!(" {} {number}", self.word("number_short")));
                }
                if let Some(date) = &d.date {
                    text.push_str(&format!(
                        " {} {}",
                        self.word("dated"),
                        i18n::date(date, self.lang)
                    ));
                }
                Some(text)
            }
            None => edition.published_on.as_ref().map(|date| {
                format!(
                    "{} {}",
                    self.word("published_on"),
                    i18n::date(date, self.lang)
                )
            }),
        };
        c.insert("published", &published);
        Rendered {
            template: "embed.html",
            context: c,
            files: Vec::new(),
        }
    }
}
