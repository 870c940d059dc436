//! Scores and the reasons for them: each unit's character across editions
//! (a lasting effect, a trend, sometimes a shock), its quality in an
//! edition, and from it every sub-criterion's score, self-assessment, the
//! note on why points were lost and the body held responsible. Criteria
//! and fields are the exact sums of their children.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::criteria::{Era, Level, Office, SubDef};
use super::frameworks::Node;
use super::places::{Kind, Tier, Unit};
use super::points::{Pts, Ratio};
use super::{Edition, Generator};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum GroupKind {
    Departments,
    Districts,
    Communes,
    /// The wards (phường) of the map after 2025.
    Wards,
    /// The communes and special zones (xã, đặc khu) of the map after 2025.
    CommunesAndZones,
}

pub(super) const GROUP_KINDS: [GroupKind; 3] = [
    GroupKind::Departments,
    GroupKind::Districts,
    GroupKind::Communes,
];

impl GroupKind {
    pub(super) fn id(self) -> &'static str {
        match self {
            GroupKind::Departments => "so-nganh",
            GroupKind::Districts => "huyen",
            GroupKind::Communes => "xa",
            GroupKind::Wards => "phuong",
            GroupKind::CommunesAndZones => "xa-dac-khu",
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            GroupKind::Departments => "Các sở, ban, ngành",
            GroupKind::Districts => "Các huyện, thị xã, thành phố",
            GroupKind::Communes => "Các xã, phường, thị trấn",
            GroupKind::Wards => "Các phường",
            GroupKind::CommunesAndZones => "Các xã, đặc khu",
        }
    }

    /// Its name on English pages.
    pub(super) fn name_en(self) -> &'static str {
        match self {
            GroupKind::Departments => "Departments, boards and agencies",
            GroupKind::Districts => "Districts, towns and cities",
            GroupKind::Communes => "Communes, wards and townships",
            GroupKind::Wards => "Wards",
            GroupKind::CommunesAndZones => "Communes and special zones",
        }
    }

    /// How the decision counts them: "20 sở, ban, ngành".
    pub(super) fn counted(self) -> &'static str {
        match self {
            GroupKind::Departments => "sở, ban, ngành",
            GroupKind::Districts => "huyện, thị xã, thành phố",
            GroupKind::Communes => "xã, phường, thị trấn",
            GroupKind::Wards => "phường",
            GroupKind::CommunesAndZones => "xã, đặc khu",
        }
    }

    pub(super) fn unit_kind(self) -> Kind {
        match self {
            GroupKind::Departments => Kind::Department,
            GroupKind::Districts => Kind::District,
            GroupKind::Communes | GroupKind::Wards | GroupKind::CommunesAndZones => Kind::Commune,
        }
    }

    /// Whether a unit of the group's kind belongs to it: the communes of
    /// the old map and of the new one are ranked apart.
    pub(super) fn admits(self, unit: &Unit) -> bool {
        match self {
            GroupKind::Departments | GroupKind::Districts => true,
            GroupKind::Communes => unit.tier.is_none(),
            GroupKind::Wards => unit.tier == Some(Tier::Ward),
            GroupKind::CommunesAndZones => {
                matches!(unit.tier, Some(Tier::Commune | Tier::SpecialZone))
            }
        }
    }

    pub(super) fn level(self) -> Level {
        match self {
            GroupKind::Communes | GroupKind::Wards | GroupKind::CommunesAndZones => Level::Commune,
            GroupKind::Departments | GroupKind::Districts => Level::Provincial,
        }
    }

    /// Typical share of points achieved; departments do best, communes,
    /// with the fewest staff, least well.
    fn base_quality(self) -> f64 {
        match self {
            GroupKind::Departments => 0.855,
            GroupKind::Districts => 0.84,
            GroupKind::Communes | GroupKind::CommunesAndZones => 0.815,
            GroupKind::Wards => 0.83,
        }
    }
}

/// A unit's persistent character across editions.
#[derive(Clone, Copy, Debug)]
pub(super) struct Profile {
    effect: f64,
    slope: f64,
    /// From this edition on, a lasting jump (a new leader, a scandal).
    shock: Option<(usize, f64)>,
    survey: f64,
}

/// Bell-shaped noise with unit spread. A sum of uniforms avoids libm
/// functions whose last bits may differ between platforms, which would break
/// byte-identical output.
fn bell(rng: &mut ChaCha8Rng) -> f64 {
    (rng.random::<f64>() + rng.random::<f64>() + rng.random::<f64>() - 1.5) * 2.0
}

pub(super) fn draw_profile(rng: &mut ChaCha8Rng, editions: usize) -> Profile {
    let mut effect = 0.04 * bell(rng);
    let roll = rng.random::<f64>();
    if roll < 0.05 {
        effect -= 0.12;
    } else if roll < 0.09 {
        effect += 0.05;
    }
    let slope = rng.random_range(-0.01..0.02);
    let shock = if editions > 1 && rng.random_bool(0.2) {
        let at = rng.random_range(1..editions);
        let size = rng.random_range(0.05..0.1);
        Some((at, if rng.random_bool(0.5) { size } else { -size }))
    } else {
        None
    };
    let survey = 0.5 * effect + 0.015 * bell(rng);
    Profile {
        effect,
        slope,
        shock,
        survey,
    }
}

/// One score row before formatting. `score` is `None` where the node does
/// not apply to the unit.
#[derive(Clone, Debug, Default)]
pub(super) struct Row {
    pub(super) score: Option<Pts>,
    pub(super) self_score: Option<Pts>,
    pub(super) note: String,
    pub(super) responsible: String,
}

struct UnitScores {
    rows: Vec<Row>,
    ratio: Ratio,
}

/// What a note's placeholders are filled with.
struct NoteContext<'a> {
    year: i32,
    bc: &'a str,
}

fn responsible_body(office: Office, unit: &Unit) -> String {
    let w = unit.local_word;
    match unit.kind {
        Kind::Department | Kind::Province => match office {
            Office::Leadership => format!("Lãnh đạo {}", unit.name),
            Office::HomeAffairs | Office::Secretariat | Office::Communication => {
                "Văn phòng".to_string()
            }
            Office::Justice => "Phòng Pháp chế".to_string(),
            Office::Finance => "Phòng Kế hoạch - Tài chính".to_string(),
            Office::OneStop => "Bộ phận Tiếp nhận và Trả kết quả".to_string(),
            Office::It => "Văn phòng (bộ phận công nghệ thông tin)".to_string(),
            Office::Personnel => "Phòng Tổ chức - Cán bộ".to_string(),
        },
        Kind::District => {
            match office {
                Office::Leadership => format!("Thường trực UBND {w}"),
                Office::HomeAffairs | Office::Personnel => format!("Phòng Nội vụ {w}"),
                Office::Justice => format!("Phòng Tư pháp {w}"),
                Office::Secretariat => format!("Văn phòng HĐND và UBND {w}"),
                Office::Finance => format!("Phòng Tài chính - Kế hoạch {w}"),
                Office::OneStop => format!("Bộ phận Một cửa {w}"),
                Office::It => format!("Phòng Văn hóa và Thông tin {w}"),
                Office::Communication => {
                    format!("Phòng Văn hóa và Thông tin; Trung tâm Văn hóa - Thể thao và Truyền thông {w}")
                }
            }
        }
        Kind::Commune => match office {
            Office::Leadership | Office::Personnel => format!("Chủ tịch UBND {w}"),
            Office::HomeAffairs | Office::Secretariat | Office::It => {
                "Công chức Văn phòng - Thống kê".to_string()
            }
            Office::Justice => "Công chức Tư pháp - Hộ tịch".to_string(),
            Office::Finance => "Công chức Tài chính - Kế toán".to_string(),
            Office::OneStop => format!("Bộ phận Tiếp nhận và Trả kết quả {w}"),
            Office::Communication => "Công chức Văn hóa - Xã hội".to_string(),
        },
    }
}

fn fill_note(
    template: &str,
    ctx: &NoteContext,
    score: Pts,
    max: Pts,
    rng: &mut ChaCha8Rng,
) -> String {
    let mut note = template
        .replace("{year}", &ctx.year.to_string())
        .replace("{prev}", &(ctx.year - 1).to_string())
        .replace("{bc}", ctx.bc);
    if note.contains("{n}") {
        // Official reports write small counts with a leading zero ("05 hồ sơ").
        note = note.replace("{n}", &format!("{:02}", rng.random_range(1..=15)));
    }
    if note.contains("{num}") {
        note = note.replace("{num}", &rng.random_range(12..=640).to_string());
    }
    if note.contains("{pct}") {
        // Tenths of a percent, written with the Vietnamese decimal comma.
        let tenths = (score.0 * 2000 + max.0) / (2 * max.0);
        note = note.replace("{pct}", &format!("{},{}", tenths / 10, tenths % 10));
    }
    note
}

/// Scores one unit bottom-up: sub-criteria are drawn, criteria and fields
/// are the exact sums of their children.
fn score_unit(
    fw: &[Node],
    unit: &Unit,
    quality: f64,
    survey_quality: f64,
    ctx: &NoteContext,
    rng: &mut ChaCha8Rng,
) -> UnitScores {
    let surveyed = unit.surveyed_in(ctx.year);
    let mut rows = vec![Row::default(); fw.len()];
    // The self-assessment of every subtree, including criteria, whose totals
    // the published form leaves blank (units only fill in fields and
    // sub-criteria) but which the fields add up.
    let mut own = vec![None; fw.len()];
    // Pre-order reversed visits every child before its parent.
    for i in (0..fw.len()).rev() {
        let node = &fw[i];
        if node.survey && !surveyed {
            continue;
        }
        if let Some(def) = node.leaf {
            rows[i] = score_leaf(node, def, unit, quality, survey_quality, ctx, rng);
            own[i] = rows[i].self_score;
        } else {
            let score: Pts = node.children.iter().filter_map(|&c| rows[c].score).sum();
            own[i] = (!node.survey).then(|| node.children.iter().filter_map(|&c| own[c]).sum());
            rows[i] = Row {
                score: Some(score),
                self_score: if node.parent.is_none() { own[i] } else { None },
                ..Row::default()
            };
        }
    }
    let (mut achieved, mut max) = (Pts::default(), Pts::default());
    for (node, row) in fw.iter().zip(&rows) {
        if let (None, Some(score)) = (node.parent, row.score) {
            achieved += score;
            max += node.max;
        }
    }
    UnitScores {
        rows,
        ratio: Ratio { achieved, max },
    }
}

fn score_leaf(
    node: &Node,
    def: &SubDef,
    unit: &Unit,
    quality: f64,
    survey_quality: f64,
    ctx: &NoteContext,
    rng: &mut ChaCha8Rng,
) -> Row {
    let max = node.max;
    let step = if def.fine { 1 } else { Pts::QUARTER.0 };
    let score = if node.survey {
        // Satisfaction is a share of respondents: always a little short of full.
        let share = (survey_quality + 0.015 * bell(rng)).clamp(0.5, 1.0);
        Pts((max.0 as f64 * share).round() as i64)
    } else {
        // Frequent small losses rather than rare large ones: real appraisals
        // dock a little here and there, which also keeps a unit's index from
        // swinging wildly between years.
        let loss_chance = ((1.0 - quality) * 2.6).clamp(0.0, 0.95);
        if rng.random_bool(loss_chance) {
            let lost_share = rng.random_range(0.1..0.7);
            let lost_steps = (max.0 as f64 * lost_share / step as f64).round() as i64;
            let lost = (lost_steps * step).clamp(step, max.0);
            Pts(max.0 - lost)
        } else {
            max
        }
    };
    let (note, responsible) = if score < max {
        let template = def.reasons[rng.random_range(0..def.reasons.len())];
        (
            fill_note(template, ctx, score, max, rng),
            responsible_body(def.office, unit),
        )
    } else {
        (String::new(), String::new())
    };
    // The survey is run by the province, so units do not score it themselves.
    let self_score = (!node.survey).then(|| self_assess(score, max, step, rng));
    Row {
        score: Some(score),
        self_score,
        note,
        responsible,
    }
}

/// Units mostly claim the points the appraisal later takes away; a few
/// under-claim.
fn self_assess(score: Pts, max: Pts, step: i64, rng: &mut ChaCha8Rng) -> Pts {
    let roll = rng.random::<f64>();
    if score == max {
        if roll < 0.03 {
            Pts((max.0 - step).max(0))
        } else {
            max
        }
    } else if roll < 0.65 {
        max
    } else if roll < 0.9 {
        let lost_steps = (max.0 - score.0) / step;
        Pts(score.0 + step * rng.random_range(0..=lost_steps))
    } else {
        score
    }
}

/// One ranking group of one edition, kept for the edition's documents.
pub(super) struct GroupResult {
    pub(super) kind: GroupKind,
    pub(super) province: usize,
    pub(super) entries: Vec<(usize, Ratio)>,
}

/// A group scored: every member's rows, in the order of the framework, and
/// its result.
pub(super) struct ScoredGroup {
    pub(super) rows: Vec<(usize, Vec<Row>)>,
    pub(super) result: GroupResult,
}

impl Generator<'_> {
    /// Who is assessed in a group in an edition: the units of its kind in
    /// the province that exist that year and are not left out of it.
    fn members(&self, kind: GroupKind, province: usize, edition: &Edition) -> Vec<usize> {
        (0..self.registry.units.len())
            .filter(|&i| {
                let u = &self.registry.units[i];
                u.kind == kind.unit_kind()
                    && u.province == province
                    && kind.admits(u)
                    && u.exists_at_end_of(edition.year)
                    && !self.absent(i, edition.t)
            })
            .collect()
    }

    /// Scores the members of a group in turn, each drawing from the
    /// edition's stream.
    pub(super) fn score_group(
        &self,
        fw: &[Node],
        kind: GroupKind,
        province: usize,
        edition: &Edition,
        rng: &mut ChaCha8Rng,
    ) -> ScoredGroup {
        let mut rows = Vec::new();
        let mut entries = Vec::new();
        for i in self.members(kind, province, edition) {
            let unit = &self.registry.units[i];
            let (q, sq) = self.quality(i, kind, edition, rng);
            let bc = if unit.kind == Kind::Department {
                format!("BC-{}", unit.abbr)
            } else {
                "BC-UBND".to_string()
            };
            let ctx = NoteContext {
                year: edition.year,
                bc: &bc,
            };
            let scored = score_unit(fw, unit, q, sq, &ctx, rng);
            rows.push((i, scored.rows));
            entries.push((i, scored.ratio));
        }
        ScoredGroup {
            rows,
            result: GroupResult {
                kind,
                province,
                entries,
            },
        }
    }

    /// A unit's share of points in an edition, and of satisfaction in the
    /// survey: its character, the year's drift and a little noise.
    fn quality(
        &self,
        unit: usize,
        kind: GroupKind,
        edition: &Edition,
        rng: &mut ChaCha8Rng,
    ) -> (f64, f64) {
        let t = edition.t;
        let p = &self.profiles[unit];
        let shock = match p.shock {
            Some((at, size)) if t >= at => size,
            _ => 0.0,
        };
        // A stricter new methodology costs everyone a little at first.
        let strictness = if edition.era == Era::New { 0.015 } else { 0.0 };
        let q = kind.base_quality() + 0.008 * t as f64 + p.effect + p.slope * t as f64 + shock
            - strictness
            + 0.012 * bell(rng);
        let survey = 0.87 + 0.006 * t as f64 + p.survey + 0.02 * bell(rng);
        (q.clamp(0.3, 0.995), survey.clamp(0.55, 0.99))
    }
}
