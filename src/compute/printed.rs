//! The cross-check of the printed figures and ranks against the computed
//! ones, and a group known only from its printed table. A new check of a
//! printed figure goes in `check_printed` or `check_ranks`.

use super::*;

pub(super) fn printed_figures(row: &PublishedRow) -> Figures {
    Figures {
        achieved: row.achieved,
        max: row.max,
        index: row.index,
        rank: row.rank,
        band: row.band.clone(),
    }
}

/// A group known only from its printed table: the printed figures are
/// taken as given.
pub(super) fn printed_units(edition: &Edition, published: &Published) -> Vec<Working> {
    let mut seen = std::collections::HashSet::new();
    let mut units = Vec::new();
    for row in &published.rows {
        if !seen.insert(row.unit.as_str()) {
            continue;
        }
        let exact = match (row.index, row.achieved, row.max) {
            (Some(i), _, _) => ExactIndex::given(i),
            (None, Some(a), Some(m)) => match ExactIndex::new(a, m, edition.scale) {
                Some(e) => e,
                None => continue,
            },
            _ => continue,
        };
        units.push(Working {
            result: UnitResult {
                unit: row.unit.clone(),
                index: exact.value(),
                shown: Decimal::ZERO,
                achieved: row.achieved,
                max: row.max,
                rank: row.rank.unwrap_or(0),
                band: row.band.clone(),
                computed: None,
                printed: Some(printed_figures(row)),
                discrepancy: None,
                nodes: Vec::new(),
                self_achieved: None,
                change: None,
            },
            exact,
            parts: 1,
        });
    }
    units
}

fn format_figure(value: Decimal) -> String {
    value.normalize().to_string()
}

#[allow(clippy::too_many_arguments)]
pub(super) fn check_printed(
    dataset: &Dataset,
    edition: &Edition,
    group: &Group,
    published: &Published,
    row: &PublishedRow,
    unit: &mut Working,
    h: Decimal,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let computed = unit.result.computed.clone().unwrap_or_default();
    let n = Decimal::from(unit.parts as u64);
    let sum_tolerance = (n + Decimal::ONE) * h;
    let (Some(achieved), Some(max)) = (computed.achieved, computed.max) else {
        return;
    };
    // The printed index is the printed parts' sum carried through the
    // division, plus its own rounding.
    let index_tolerance = h + sum_tolerance * edition.scale / max;
    let mut differences = Vec::new();
    let mut compare =
        |name: &str, printed: Option<Decimal>, computed: Decimal, tolerance: Decimal| {
            if let Some(p) = printed {
                if (p - computed).abs() > tolerance {
                    differences.push((
                        name.to_string(),
                        format_figure(p),
                        format_figure(round_half_up(computed, edition.decimals)),
                    ));
                }
            }
        };
    compare("achieved", row.achieved, achieved, sum_tolerance);
    compare("max", row.max, max, sum_tolerance);
    compare("index", row.index, unit.exact.value(), index_tolerance);
    if let Some(printed_band) = &row.band {
        let by_computed = edition
            .band_for(unit.exact.value())
            .map(|b| b.name.as_str());
        let by_printed = row
            .index
            .filter(|_| differences.iter().all(|d| d.0 != "index"))
            .and_then(|i| edition.band_for(i))
            .map(|b| b.name.as_str());
        if by_computed != Some(printed_band.as_str()) && by_printed != Some(printed_band.as_str()) {
            differences.push((
                "band".to_string(),
                printed_band.clone(),
                by_computed.unwrap_or("(no band)").to_string(),
            ));
        }
    }
    unit.result.printed = Some(printed_figures(row));
    if differences.is_empty() {
        // A note on agreeing figures may still excuse a printed rank:
        // decided once ranks are known.
        return;
    }
    let name = dataset
        .unit(&row.unit)
        .map_or(row.unit.as_str(), |u| u.name.as_str());
    let found = differences
        .iter()
        .map(|(f, p, _)| format!("{f} {p}"))
        .collect::<Vec<_>>()
        .join(", ");
    let expected = differences
        .iter()
        .map(|(f, _, c)| format!("{f} {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The same in Vietnamese, the figures named as on the site and the
    // numbers with their decimal comma (a band is a name).
    let number_vi = |f: &str, v: &str| {
        if f == "band" {
            v.to_string()
        } else {
            crate::diag::num(v).vi.into_owned()
        }
    };
    let figure_vi = |f: &str| match f {
        "achieved" => "điểm đạt".to_string(),
        "max" => "điểm tối đa".to_string(),
        "index" => "chỉ số".to_string(),
        "band" => "xếp loại".to_string(),
        other => other.to_string(),
    };
    let found_vi = differences
        .iter()
        .map(|(f, p, _)| format!("{} {}", figure_vi(f), number_vi(f, p)))
        .collect::<Vec<_>>()
        .join(", ");
    let expected_vi = differences
        .iter()
        .map(|(f, _, c)| {
            let c = if c == "(no band)" {
                "(không có xếp loại)".to_string()
            } else {
                number_vi(f, c)
            };
            format!("{} {c}", figure_vi(f))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let scores_file = group
        .scores
        .as_ref()
        .and_then(|s| {
            s.location
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    // At the first figure that differs: its column has the figure's name.
    let location = published.cell(row.line, &differences[0].0);
    match &row.discrepancy_note {
        Some(note) => {
            diagnostics.push(
                Diagnostic::warning(
                    "published-anyway",
                    location,
                    tr!(
                        "{name} ({}): the signed figures differ from the scores and are published anyway, as stated",
                        "{name} ({}): số liệu trong quyết định công bố khác với bảng điểm và vẫn được công bố theo ghi chú chênh lệch",
                        row.unit
                    ),
                )
                .found(tr!("printed {found}", "công bố {found_vi}"))
                .expected(tr!(
                    "from the scores in {scores_file}: {expected}",
                    "tính từ bảng điểm {scores_file}: {expected_vi}"
                )),
            );
            unit.result.discrepancy = Some(Discrepancy {
                note: note.clone(),
                differences,
            });
            // The signed figures become the official ones.
            if let Some(i) = row.index {
                unit.exact = ExactIndex::given(i);
            } else if let (Some(a), Some(m)) =
                (row.achieved.or(Some(achieved)), row.max.or(Some(max)))
            {
                if let Some(e) = ExactIndex::new(a, m, edition.scale) {
                    unit.exact = e;
                }
            }
            unit.result.index = unit.exact.value();
            unit.result.achieved = row.achieved.or(Some(achieved));
            unit.result.max = row.max.or(Some(max));
            unit.result.band = row.band.clone();
        }
        None => diagnostics.push(
            Diagnostic::error(
                "published-differs",
                location,
                tr!(
                    "{name} ({}) in edition {}: the printed figures differ from the scores",
                    "{name} ({}) năm {}: số liệu công bố khác với kết quả tính từ bảng điểm",
                    row.unit,
                    edition.year
                ),
            )
            .found(tr!("printed {found}", "công bố {found_vi}"))
            .expected(tr!(
                "from the scores in {scores_file}: {expected} (rounding tolerance {points} for points, {index} for the index)",
                "tính từ bảng điểm {scores_file}: {expected_vi} (sai số làm tròn cho phép {points} với điểm, {index} với chỉ số)";
                points = crate::diag::num(format_figure(sum_tolerance)),
                index = crate::diag::num(format_figure(round_half_up(index_tolerance, 4)))
            ))
            .hint(tr!(
                "correct the scores or the printed figure; to publish the signed figure anyway, \
                 give the reason in a discrepancy_note column of this row",
                "hãy sửa bảng điểm hoặc số liệu công bố; nếu vẫn công bố số liệu đã ký, \
                 hãy ghi lý do vào cột discrepancy_note của dòng này"
            )),
        ),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn check_ranks(
    dataset: &Dataset,
    edition: &Edition,
    _group: &Group,
    published: &Published,
    printed: &FxHashMap<&str, &PublishedRow>,
    units: &mut [Working],
    h: Decimal,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let tolerance = |u: &Working| {
        let n = Decimal::from(u.parts as u64);
        let max = u.result.max.unwrap_or(Decimal::ONE);
        if max > Decimal::ZERO {
            h + (n + Decimal::ONE) * h * edition.scale / max
        } else {
            h
        }
    };
    let snapshot: Vec<(Decimal, Decimal, u32)> = units
        .iter()
        .map(|u| (u.result.index, tolerance(u), u.result.rank))
        .collect();
    for (i, unit) in units.iter_mut().enumerate() {
        let Some(row) = printed.get(unit.result.unit.as_str()) else {
            continue;
        };
        let Some(printed_rank) = row.rank else {
            continue;
        };
        if printed_rank == unit.result.rank {
            continue;
        }
        let (index, tol, _) = snapshot[i];
        // Ranks held by units whose index cannot be told apart from this
        // one's at the printed precision.
        let cluster: Vec<u32> = snapshot
            .iter()
            .filter(|(other, other_tol, _)| (*other - index).abs() <= tol + *other_tol)
            .map(|(_, _, r)| *r)
            .collect();
        let lo = cluster.iter().copied().min().unwrap_or(unit.result.rank);
        let within = printed_rank >= lo && printed_rank < lo + cluster.len() as u32;
        if within || unit.result.discrepancy.is_some() {
            unit.result.rank = printed_rank;
            continue;
        }
        let location = published.cell(row.line, "rank");
        if let Some(note) = &row.discrepancy_note {
            diagnostics.push(
                Diagnostic::warning(
                    "published-anyway",
                    location,
                    tr!(
                        "{} ({}): the signed rank differs from the order of the indices and is published anyway, as stated",
                        "{} ({}): thứ hạng trong quyết định công bố khác với thứ tự theo chỉ số và vẫn được công bố theo ghi chú chênh lệch",
                        dataset
                            .unit(&unit.result.unit)
                            .map_or(unit.result.unit.as_str(), |u| u.name.as_str()),
                        unit.result.unit
                    ),
                )
                .found(tr!(
                    "printed rank {printed_rank}",
                    "thứ hạng công bố {printed_rank}"
                ))
                .expected(tr!(
                    "rank {} by the indices",
                    "hạng {} theo chỉ số",
                    unit.result.rank
                )),
            );
            unit.result.discrepancy = Some(Discrepancy {
                note: note.clone(),
                differences: vec![(
                    "rank".into(),
                    printed_rank.to_string(),
                    unit.result.rank.to_string(),
                )],
            });
            unit.result.rank = printed_rank;
            continue;
        }
        let name = dataset
            .unit(&unit.result.unit)
            .map_or(unit.result.unit.as_str(), |u| u.name.as_str());
        diagnostics.push(
            Diagnostic::error(
                "published-rank-differs",
                location,
                tr!(
                    "{name} ({}): the printed rank disagrees with the order of the indices",
                    "{name} ({}): thứ hạng công bố không khớp với thứ tự theo chỉ số",
                    unit.result.unit
                ),
            )
            .found(tr!(
                "printed rank {printed_rank}",
                "thứ hạng công bố {printed_rank}"
            ))
            .expected(tr!(
                "rank {} (index {} computed from the scores)",
                "hạng {} (chỉ số {} tính từ bảng điểm)",
                unit.result.rank,
                format_figure(round_half_up(index, edition.decimals))
            ))
            .hint(tr!(
                "ranks follow the unrounded index; to publish the signed rank anyway, give the reason in a discrepancy_note column",
                "thứ hạng xếp theo chỉ số chưa làm tròn; nếu vẫn công bố thứ hạng đã ký, hãy ghi lý do vào cột discrepancy_note"
            )),
        );
    }
}
