//! Deterministic generator of an illustrative PAR Index dataset.
//!
//! The data describes a fictional province (Minh Sơn; the Province preset)
//! or 63 fictional provinces on a lighter criteria tree (the National
//! preset, a benchmark input for `bench/run`) in the chiso data format:
//! `site.json`, `units.csv` and one folder per edition with frameworks,
//! appraised scores, published figures and documents. It exists
//! so that the site, the checker and the tests have realistic data of a
//! realistic size without borrowing any real publisher's figures.
//!
//! Every figure is built from integer hundredths of a point, bottom-up, so
//! that a parent's score is exactly the sum of its children's and every
//! published index is exactly what a checker recomputes. Only the seeded
//! ChaCha streams introduce variation: the same preset and seed always give
//! byte-identical files.

use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// Which illustrative dataset to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// One province with its departments, districts and communes.
    Province,
    /// 63 provinces of the same shape, over ten editions.
    National,
}

/// How detailed the criteria tree of every group is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Fields, criteria and sub-criteria: about 90 nodes per unit.
    Full,
    /// Fields and up to four sub-criteria each, directly below them: about
    /// 40 nodes per unit, for datasets of thousands of units.
    Light,
}

/// Size parameters: one province (the Province preset) or many (the
/// National preset: 63 provinces x 19 departments, 11 districts and ~170
/// communes, 10 editions) come from the same code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSize {
    pub provinces: usize,
    pub departments: usize,
    pub districts: usize,
    pub communes_per_district: usize,
    pub editions: usize,
    pub first_year: i32,
    pub detail: Detail,
    /// Per thousand unit-years, how often an existing unit is left out of an
    /// edition (not assessed that year: reorganised, results annulled...).
    pub absent_per_mille: u32,
}

impl Preset {
    pub fn size(&self) -> SampleSize {
        match self {
            Preset::Province => SampleSize {
                provinces: 1,
                departments: 20,
                districts: 8,
                communes_per_district: 10,
                editions: 5,
                first_year: 2020,
                detail: Detail::Full,
                absent_per_mille: 0,
            },
            Preset::National => SampleSize {
                provinces: 63,
                departments: 19,
                districts: 11,
                communes_per_district: 15,
                editions: 10,
                first_year: 2015,
                detail: Detail::Light,
                absent_per_mille: 4,
            },
        }
    }
}

/// What `write_sample` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSummary {
    /// Rows of `units.csv`.
    pub units: usize,
    pub editions: usize,
    /// Rows of all `scores-*.csv` files together.
    pub score_rows: usize,
    pub files: usize,
}

/// Writes the dataset into `out`, which must not exist or be empty (return
/// io::ErrorKind::AlreadyExists otherwise).
pub fn write_sample(preset: Preset, seed: u64, out: &Path) -> io::Result<SampleSummary> {
    write_sized(&preset.size(), seed, out)
}

/// The generator behind `write_sample`, for any size.
pub fn write_sized(size: &SampleSize, seed: u64, out: &Path) -> io::Result<SampleSummary> {
    validate_size(size)?;
    prepare_output(out)?;
    let registry = Registry::build(size);
    let mut sink = Sink::new(out);
    Generator::new(size, seed, &registry).write_all(&mut sink)?;
    Ok(SampleSummary {
        units: registry.units.len(),
        editions: size.editions,
        score_rows: sink.score_rows,
        files: sink.files,
    })
}

fn validate_size(size: &SampleSize) -> io::Result<()> {
    let invalid = |what: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            what.to_string(),
        ))
    };
    if size.provinces == 0 || size.provinces > province_name_capacity() {
        return invalid("provinces must be between 1 and the number of fictional province names");
    }
    if size.departments == 0 || size.departments > DEPARTMENTS.len() {
        return invalid("departments must be between 1 and the number of department names");
    }
    if size.districts == 0 || size.districts > DISTRICTS.len() {
        return invalid("districts must be between 1 and the number of district names");
    }
    if size.communes_per_district < 3 {
        return invalid("communes_per_district must be at least 3");
    }
    if size.editions == 0 || !(1900..=9000).contains(&size.first_year) {
        return invalid("editions must be at least 1 and first_year a plausible year");
    }
    if size.absent_per_mille > 100 {
        return invalid("absent_per_mille must be at most 100");
    }
    Ok(())
}

/// Refuses to mix the sample with anything already in `out`: a generator
/// that overwrote a publisher's real data would be a disaster.
fn prepare_output(out: &Path) -> io::Result<()> {
    match fs::metadata(out) {
        Ok(meta) if meta.is_dir() => {
            if fs::read_dir(out)?.next().is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is not empty", out.display()),
                ));
            }
            Ok(())
        }
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a directory", out.display()),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(out),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------
// Name lists
// ---------------------------------------------------------------------------

/// The sample is branded as illustrative everywhere; these tag its texts.
const SAMPLE_TAG: &str = "dữ liệu minh hoạ";

/// Province names are built from these syllables; none of the combinations is
/// a real province. The first pair gives the Province preset's "Minh Sơn".
const PROVINCE_FIRST: [&str; 10] = [
    "Minh", "Vân", "Lạc", "Đông", "Kim", "Bảo", "Tân", "Hưng", "Thịnh", "Triệu",
];
const PROVINCE_SECOND: [&str; 8] = ["Sơn", "Hà", "Phong", "Lâm", "Xuyên", "Điền", "Châu", "Khê"];

struct DepartmentDef {
    id: &'static str,
    name: &'static str,
    short_name: &'static str,
    name_en: &'static str,
    /// Used in document numbers ("12/BC-SNV").
    abbr: &'static str,
    /// Bodies without public-facing procedures are not surveyed.
    surveyed: bool,
}

const fn dept(
    id: &'static str,
    name: &'static str,
    short_name: &'static str,
    name_en: &'static str,
    abbr: &'static str,
    surveyed: bool,
) -> DepartmentDef {
    DepartmentDef {
        id,
        name,
        short_name,
        name_en,
        abbr,
        surveyed,
    }
}

const DEPARTMENTS: [DepartmentDef; 20] = [
    dept(
        "so-noi-vu",
        "Sở Nội vụ",
        "Nội vụ",
        "Department of Home Affairs",
        "SNV",
        true,
    ),
    dept(
        "so-tu-phap",
        "Sở Tư pháp",
        "Tư pháp",
        "Department of Justice",
        "STP",
        true,
    ),
    dept(
        "so-ke-hoach-dau-tu",
        "Sở Kế hoạch và Đầu tư",
        "Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        "SKHĐT",
        true,
    ),
    dept(
        "so-tai-chinh",
        "Sở Tài chính",
        "Tài chính",
        "Department of Finance",
        "STC",
        true,
    ),
    dept(
        "so-cong-thuong",
        "Sở Công Thương",
        "Công Thương",
        "Department of Industry and Trade",
        "SCT",
        true,
    ),
    dept(
        "so-nong-nghiep-ptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Nông nghiệp và PTNT",
        "Department of Agriculture and Rural Development",
        "SNN",
        true,
    ),
    dept(
        "so-giao-thong-van-tai",
        "Sở Giao thông vận tải",
        "Giao thông vận tải",
        "Department of Transport",
        "SGTVT",
        true,
    ),
    dept(
        "so-xay-dung",
        "Sở Xây dựng",
        "Xây dựng",
        "Department of Construction",
        "SXD",
        true,
    ),
    dept(
        "so-tai-nguyen-moi-truong",
        "Sở Tài nguyên và Môi trường",
        "Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "STNMT",
        true,
    ),
    dept(
        "so-thong-tin-truyen-thong",
        "Sở Thông tin và Truyền thông",
        "Thông tin và Truyền thông",
        "Department of Information and Communications",
        "STTTT",
        true,
    ),
    dept(
        "so-lao-dong-tbxh",
        "Sở Lao động - Thương binh và Xã hội",
        "Lao động - TB&XH",
        "Department of Labour, Invalids and Social Affairs",
        "SLĐTBXH",
        true,
    ),
    dept(
        "so-van-hoa-the-thao-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "SVHTTDL",
        true,
    ),
    dept(
        "so-khoa-hoc-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "Khoa học và Công nghệ",
        "Department of Science and Technology",
        "SKHCN",
        true,
    ),
    dept(
        "so-giao-duc-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "Giáo dục và Đào tạo",
        "Department of Education and Training",
        "SGDĐT",
        true,
    ),
    dept(
        "so-y-te",
        "Sở Y tế",
        "Y tế",
        "Department of Health",
        "SYT",
        true,
    ),
    dept(
        "so-ngoai-vu",
        "Sở Ngoại vụ",
        "Ngoại vụ",
        "Department of Foreign Affairs",
        "SNgV",
        true,
    ),
    dept(
        "thanh-tra-tinh",
        "Thanh tra tỉnh",
        "Thanh tra",
        "Provincial Inspectorate",
        "TTr",
        false,
    ),
    dept(
        "van-phong-ubnd-tinh",
        "Văn phòng UBND tỉnh",
        "VP UBND tỉnh",
        "Office of the Provincial People's Committee",
        "VP",
        false,
    ),
    dept(
        "ban-dan-toc",
        "Ban Dân tộc",
        "Dân tộc",
        "Ethnic Minorities Committee",
        "BDT",
        false,
    ),
    // Renamed during the sample's years (see RENAMED_DEPARTMENT).
    dept(
        "ban-quan-ly-cac-kcn",
        "Ban Quản lý các khu công nghiệp",
        "BQL các KCN",
        "Industrial Zones Authority",
        "BQLKCN",
        true,
    ),
];

/// The last department becomes this body, with a new id, part-way through.
const RENAMED_DEPARTMENT: DepartmentDef = dept(
    "ban-quan-ly-khu-kinh-te",
    "Ban Quản lý Khu kinh tế",
    "BQL Khu kinh tế",
    "Economic Zone Authority",
    "BQLKKT",
    true,
);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DistrictType {
    City,
    Town,
    Rural,
}

impl DistrictType {
    fn prefix(self) -> &'static str {
        match self {
            DistrictType::City => "Thành phố",
            DistrictType::Town => "Thị xã",
            DistrictType::Rural => "Huyện",
        }
    }

    /// How the unit calls itself inside a sentence ("Phòng Nội vụ huyện").
    fn word(self) -> &'static str {
        match self {
            DistrictType::City => "thành phố",
            DistrictType::Town => "thị xã",
            DistrictType::Rural => "huyện",
        }
    }

    fn english(self) -> &'static str {
        match self {
            DistrictType::City => "City",
            DistrictType::Town => "Town",
            DistrictType::Rural => "District",
        }
    }

    /// Share of an urban district's communes that are wards, in tenths.
    fn ward_tenths(self) -> usize {
        match self {
            DistrictType::City => 6,
            DistrictType::Town => 5,
            DistrictType::Rural => 0,
        }
    }
}

struct DistrictDef {
    kind: DistrictType,
    name: &'static str,
    /// Communes typical of this district, used before the generic pool.
    communes: &'static [&'static str],
}

/// Fictional districts. The first eight have their own communes (with the
/// Đắk/Đăk spellings of the Central Highlands in two of them); the rest, only
/// needed by larger sizes, draw on GENERIC_COMMUNES.
const DISTRICTS: [DistrictDef; 12] = [
    DistrictDef {
        kind: DistrictType::City,
        name: "Minh Châu",
        communes: &[
            "Quang Trung",
            "Trần Hưng Đạo",
            "Lê Lợi",
            "Nguyễn Trãi",
            "Đống Đa",
            "Tân Phú",
            "Hòa Bình",
            "Minh Đức",
            "Thắng Lợi",
            "Đồng Tâm",
            "Phú Sơn",
            "Ngọc Trạo",
        ],
    },
    DistrictDef {
        kind: DistrictType::Town,
        name: "Vân Phong",
        communes: &[
            "Phong Châu",
            "Bắc Hà",
            "Nam Hà",
            "Đông Hải",
            "Vân Du",
            "Xuân Đài",
            "Tân Phú",
            "Hải Yến",
            "Gành Đỏ",
            "Long Thủy",
            "Đồi Cát",
            "Bãi Ngang",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Lạc Hà",
        communes: &[
            "Lạc Thủy",
            "Yên Lạc",
            "Tân Lập",
            "Đức Thắng",
            "Quảng Lợi",
            "Phú Thịnh",
            "Hà Lâm",
            "An Khánh",
            "Đồng Xuân",
            "Tiên Phong",
            "Liên Hiệp",
            "Bình Minh",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Yên Khê",
        communes: &[
            "Yên Ninh",
            "Khê Thượng",
            "Khê Hạ",
            "Đông Hưng",
            "Hưng Đạo",
            "Tân Phú",
            "Nghĩa Trung",
            "Thanh Xuân",
            "Đại Đồng",
            "Kỳ Sơn",
            "Hồng Quang",
            "Ngũ Phúc",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Đắk Mây",
        communes: &[
            "Đắk Hà",
            "Đắk Ơ",
            "Đăk Rơ Nga",
            "Đắk Tơ Kan",
            "Đăk Pxi",
            "Đắk Long",
            "Măng Cành",
            "Ngọk Réo",
            "Kon Chiêng",
            "Hiếu",
            "Pờ Ê",
            "Ia Mơ",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Thạch Lũy",
        communes: &[
            "Thạch Bình",
            "Thạch Đồng",
            "Thạch Đài",
            "Thạch Hương",
            "Thạch Hội",
            "Đỉnh Sơn",
            "Trà Lũy",
            "Hòa Bình",
            "Đức Thịnh",
            "Vĩnh Lợi",
            "Bình Minh",
            "Cẩm Lộc",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Hướng Dương",
        communes: &[
            "Hướng Phùng",
            "Hướng Lập",
            "Hướng Tân",
            "A Vao",
            "Ba Nang",
            "Tà Long",
            "Đakrông",
            "Thuận Đức",
            "Húc Nghì",
            "Pa Nang",
            "Tân Hợp",
            "Lìa",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Sông Cầm",
        communes: &[
            "Cầm Giang",
            "Đăk Long",
            "Đăk Na",
            "Đắk Sao",
            "Tân Phú",
            "Hòa Bình",
            "Phước Lộc",
            "Ngọc Tụ",
            "Văn Lem",
            "Đăk Trăm",
            "Sơn Long",
            "Trà Dơn",
        ],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Tam Giao",
        communes: &[],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Long Thạnh",
        communes: &[],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Phú Lương Đông",
        communes: &[],
    },
    DistrictDef {
        kind: DistrictType::Rural,
        name: "Ea Kmăng",
        communes: &[],
    },
];

/// Common commune names, for districts whose own list runs out.
const GENERIC_COMMUNES: [&str; 40] = [
    "Tân Hòa",
    "Tân Thành",
    "Tân Tiến",
    "Tân An",
    "Phú Hòa",
    "Phú Lộc",
    "Phú Mỹ",
    "An Bình",
    "An Phú",
    "An Thạnh",
    "Bình Hòa",
    "Bình Thạnh",
    "Hòa Thuận",
    "Hòa Lợi",
    "Long Hưng",
    "Long Phước",
    "Mỹ Lộc",
    "Mỹ Thuận",
    "Vĩnh Hòa",
    "Vĩnh Thạnh",
    "Đông Thạnh",
    "Đông Phú",
    "Tây Sơn",
    "Nam Phong",
    "Bắc Lý",
    "Trung Hòa",
    "Xuân Phú",
    "Xuân Sơn",
    "Hưng Thịnh",
    "Thịnh Đức",
    "Quảng Phú",
    "Quảng Thành",
    "Đại Nghĩa",
    "Nghĩa Hưng",
    "Đức Hòa",
    "Hiệp Phước",
    "Thạnh Lộc",
    "Lộc Ninh",
    "Ea Tih",
    "Ea Drông",
];

/// Merged communes are typically given names like these; none of them is in
/// any district's own list, so a merger never duplicates a name.
const MERGED_COMMUNES: [&str; 4] = ["Thống Nhất", "Đoàn Kết", "Hợp Thành", "Đồng Tiến"];

/// How far each district's commune count departs from the nominal size, so
/// that districts differ as real ones do while the total stays nominal.
const COMMUNE_COUNT_VARIATION: [isize; 8] = [2, 0, -1, 1, 0, 1, -2, -1];

/// Vice-chairs who sign the decisions, one per term of a few years.
const SIGNERS: [&str; 4] = [
    "Nguyễn Văn Hòa",
    "Trần Thị Thu Hà",
    "Phạm Quốc Khánh",
    "Lê Minh Đức",
];
const REPORT_SIGNERS: [&str; 3] = ["Đỗ Thị Lan", "Vũ Đình Phúc", "Hoàng Văn Sơn"];

/// Classification thresholds, highest first, in whole index points.
const BANDS: [(&str, i64); 5] = [
    ("Xuất sắc", 90),
    ("Tốt", 80),
    ("Khá", 70),
    ("Trung bình", 50),
    ("Yếu", 0),
];

// ---------------------------------------------------------------------------
// Framework definition
// ---------------------------------------------------------------------------

/// The assessment methodology in force: the sample has one break, as the
/// real index had when the framework was overhauled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Era {
    Old,
    New,
}

/// Departments and districts are assessed on one framework, communes on a
/// lighter one without the criteria that only apply to bodies with
/// subordinate units.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Provincial,
    Commune,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Span {
    Both,
    OldOnly,
    NewOnly,
}

/// Who is held responsible when a sub-criterion loses points; each unit kind
/// names the matching body of its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Office {
    Leadership,
    HomeAffairs,
    Justice,
    Secretariat,
    Finance,
    OneStop,
    It,
    Personnel,
    Communication,
}

type Label = (&'static str, &'static str);

struct FieldDef {
    old: Label,
    new: Label,
    survey: bool,
    criteria: &'static [CritDef],
}

struct CritDef {
    name: Label,
    /// Renamed in the new framework.
    new_name: Option<Label>,
    span: Span,
    /// Whether communes are assessed on it.
    communes: bool,
    weight: i64,
    subs: &'static [SubDef],
}

impl CritDef {
    fn active(&self, level: Level, era: Era) -> bool {
        let in_era = match self.span {
            Span::Both => true,
            Span::OldOnly => era == Era::Old,
            Span::NewOnly => era == Era::New,
        };
        in_era && (level == Level::Provincial || self.communes)
    }

    fn label(&self, era: Era) -> Label {
        match (era, self.new_name) {
            (Era::New, Some(renamed)) => renamed,
            _ => self.name,
        }
    }
}

struct SubDef {
    name: Label,
    weight: i64,
    /// Scored in hundredths (a ratio) rather than in quarter points.
    fine: bool,
    office: Office,
    /// Why points were lost. Placeholders: {year}, {prev}, {n}, {num}, {bc}, {pct}.
    reasons: &'static [&'static str],
}

const fn crit(
    vi: &'static str,
    en: &'static str,
    new_name: Option<Label>,
    span: Span,
    communes: bool,
    weight: i64,
    subs: &'static [SubDef],
) -> CritDef {
    CritDef {
        name: (vi, en),
        new_name,
        span,
        communes,
        weight,
        subs,
    }
}

const fn sub(
    vi: &'static str,
    en: &'static str,
    weight: i64,
    fine: bool,
    office: Office,
    reasons: &'static [&'static str],
) -> SubDef {
    SubDef {
        name: (vi, en),
        weight,
        fine,
        office,
        reasons,
    }
}

/// Field maxima per level and era; each row adds up to the scale (100).
const FIELD_MAXIMA_PROVINCIAL_OLD: [i64; 8] = [13, 9, 14, 8, 12, 7, 12, 25];
const FIELD_MAXIMA_PROVINCIAL_NEW: [i64; 8] = [10, 9, 14, 8, 13, 8, 18, 20];
const FIELD_MAXIMA_COMMUNE_OLD: [i64; 8] = [14, 8, 18, 6, 12, 6, 11, 25];
const FIELD_MAXIMA_COMMUNE_NEW: [i64; 8] = [12, 8, 20, 6, 12, 6, 16, 20];

fn field_maxima(level: Level, era: Era) -> &'static [i64; 8] {
    match (level, era) {
        (Level::Provincial, Era::Old) => &FIELD_MAXIMA_PROVINCIAL_OLD,
        (Level::Provincial, Era::New) => &FIELD_MAXIMA_PROVINCIAL_NEW,
        (Level::Commune, Era::Old) => &FIELD_MAXIMA_COMMUNE_OLD,
        (Level::Commune, Era::New) => &FIELD_MAXIMA_COMMUNE_NEW,
    }
}

const SURVEY_NOTE_WAIT: &str =
    "Mức độ hài lòng đạt {pct}%; người dân phản ánh thời gian chờ tại Bộ phận Một cửa còn dài.";

const FIELDS: [FieldDef; 8] = [
    FieldDef {
        old: (
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Direction and management of administrative reform",
        ),
        new: (
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Direction and management of administrative reform",
        ),
        survey: false,
        criteria: &[
            crit("Kế hoạch cải cách hành chính", "Administrative reform plan", None, Span::Both, true, 3, &[
                sub(
                    "Ban hành kế hoạch cải cách hành chính năm đúng thời hạn",
                    "Annual reform plan issued on time",
                    1,
                    false,
                    Office::HomeAffairs,
                    &[
                        "Kế hoạch cải cách hành chính năm {year} ban hành chậm so với quy định.",
                        "Kế hoạch chưa xác định rõ sản phẩm, thời hạn hoàn thành của từng nhiệm vụ.",
                    ],
                ),
                sub(
                    "Mức độ hoàn thành kế hoạch cải cách hành chính",
                    "Completion of the reform plan",
                    2,
                    true,
                    Office::Leadership,
                    &[
                        "{n} nhiệm vụ trong kế hoạch cải cách hành chính năm {year} chưa hoàn thành.",
                        "{n} nhiệm vụ hoàn thành nhưng chậm so với kế hoạch.",
                    ],
                ),
            ]),
            crit("Báo cáo cải cách hành chính", "Administrative reform reporting", None, Span::Both, true, 2, &[
                sub(
                    "Báo cáo cải cách hành chính định kỳ quý, 6 tháng, năm",
                    "Quarterly, half-year and annual reform reports",
                    1,
                    false,
                    Office::HomeAffairs,
                    &[
                        "Báo cáo quý III trễ hạn.",
                        "Báo cáo 6 tháng số {num}/{bc} gửi chậm so với quy định.",
                        "Báo cáo năm {year} chưa đúng đề cương hướng dẫn.",
                    ],
                ),
                sub(
                    "Báo cáo tự đánh giá, chấm điểm Chỉ số cải cách hành chính",
                    "Self-assessment report for the PAR Index",
                    1,
                    false,
                    Office::HomeAffairs,
                    &[
                        "Báo cáo tự chấm điểm số {num}/{bc} gửi chậm so với thời hạn.",
                        "Tài liệu kiểm chứng kèm báo cáo tự chấm điểm chưa đầy đủ.",
                    ],
                ),
            ]),
            crit("Kiểm tra cải cách hành chính", "Administrative reform inspections", None, Span::Both, false, 2, &[
                sub(
                    "Tỷ lệ cơ quan, đơn vị trực thuộc được kiểm tra trong năm",
                    "Share of subordinate bodies inspected during the year",
                    1,
                    true,
                    Office::HomeAffairs,
                    &["Chỉ kiểm tra được {n} đơn vị, chưa đạt kế hoạch đề ra."],
                ),
                sub(
                    "Xử lý vấn đề phát hiện qua kiểm tra",
                    "Follow-up on inspection findings",
                    1,
                    false,
                    Office::Leadership,
                    &["Một số tồn tại phát hiện qua kiểm tra chưa được khắc phục dứt điểm."],
                ),
            ]),
            crit(
                "Công tác tuyên truyền cải cách hành chính",
                "Communication on administrative reform",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Mức độ hoàn thành kế hoạch tuyên truyền",
                        "Completion of the communication plan",
                        1,
                        false,
                        Office::Communication,
                        &["Chưa hoàn thành {n} nội dung trong kế hoạch tuyên truyền năm {year}."],
                    ),
                    sub(
                        "Mức độ đa dạng trong tuyên truyền cải cách hành chính",
                        "Variety of communication channels",
                        1,
                        false,
                        Office::Communication,
                        &[
                            "Chưa tuyên truyền dưới các hình thức thi, tọa đàm, sân khấu hóa.",
                            "Chuyên mục cải cách hành chính trên trang thông tin điện tử ít được cập nhật.",
                        ],
                    ),
                ],
            ),
            crit(
                "Sáng kiến trong cải cách hành chính",
                "Administrative reform initiatives",
                None,
                Span::NewOnly,
                false,
                1,
                &[sub(
                    "Sáng kiến, giải pháp mới được công nhận",
                    "Recognised new initiatives and solutions",
                    1,
                    false,
                    Office::Leadership,
                    &["Không có sáng kiến cải cách hành chính được cấp có thẩm quyền công nhận."],
                )],
            ),
            crit(
                "Thực hiện nhiệm vụ được cấp trên giao",
                "Tasks assigned by higher authorities",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
                        "Share of tasks completed on time",
                        2,
                        true,
                        Office::Leadership,
                        &["{n} nhiệm vụ hoàn thành quá hạn."],
                    ),
                    sub(
                        "Chất lượng thực hiện nhiệm vụ được giao",
                        "Quality of assigned tasks",
                        1,
                        false,
                        Office::Leadership,
                        &["{n} nhiệm vụ chưa hoàn thành, chưa đánh giá được kết quả."],
                    ),
                ],
            ),
        ],
    },
    FieldDef {
        old: (
            "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
            "Drafting and implementing legal documents",
        ),
        new: ("Cải cách thể chế", "Institutional reform"),
        survey: false,
        criteria: &[
            crit(
                "Xây dựng, ban hành văn bản quy phạm pháp luật",
                "Drafting and issuing legal documents",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Thực hiện kế hoạch xây dựng văn bản quy phạm pháp luật",
                        "Implementation of the legislative plan",
                        1,
                        false,
                        Office::Justice,
                        &["{n} văn bản trong kế hoạch chưa được ban hành đúng thời hạn."],
                    ),
                    sub(
                        "Tuân thủ trình tự, thủ tục xây dựng văn bản",
                        "Compliance with drafting procedures",
                        1,
                        false,
                        Office::Justice,
                        &["{n} dự thảo văn bản chưa lấy ý kiến đối tượng chịu tác động theo quy định."],
                    ),
                ],
            ),
            crit(
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                "Review and systematisation of legal documents",
                Some(("Rà soát, kiểm tra văn bản quy phạm pháp luật", "Review and inspection of legal documents")),
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Ban hành kế hoạch rà soát văn bản",
                        "Review plan issued",
                        1,
                        false,
                        Office::Justice,
                        &["Kế hoạch rà soát văn bản năm {year} ban hành chậm."],
                    ),
                    sub(
                        "Xử lý kết quả rà soát văn bản",
                        "Follow-up on review results",
                        1,
                        false,
                        Office::Justice,
                        &["{n} văn bản hết hiệu lực hoặc cần sửa đổi chưa được xử lý kịp thời."],
                    ),
                ],
            ),
            crit("Theo dõi thi hành pháp luật", "Monitoring of law enforcement", None, Span::Both, false, 1, &[
                sub(
                    "Ban hành kế hoạch theo dõi thi hành pháp luật",
                    "Monitoring plan issued",
                    1,
                    false,
                    Office::Justice,
                    &["Chưa ban hành kế hoạch theo dõi thi hành pháp luật năm {year}."],
                ),
                sub(
                    "Báo cáo kết quả theo dõi thi hành pháp luật",
                    "Monitoring report",
                    1,
                    false,
                    Office::Justice,
                    &["Báo cáo theo dõi thi hành pháp luật số {num}/{bc} gửi chậm so với quy định."],
                ),
            ]),
            crit("Phổ biến, giáo dục pháp luật", "Legal education and dissemination", None, Span::NewOnly, true, 1, &[
                sub(
                    "Mức độ hoàn thành kế hoạch phổ biến, giáo dục pháp luật",
                    "Completion of the legal education plan",
                    1,
                    true,
                    Office::Justice,
                    &["{n} nội dung phổ biến, giáo dục pháp luật chưa thực hiện theo kế hoạch."],
                ),
            ]),
        ],
    },
    FieldDef {
        old: ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
        new: ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
        survey: false,
        criteria: &[
            crit(
                "Công khai thủ tục hành chính",
                "Publication of administrative procedures",
                None,
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Công khai thủ tục hành chính trên Cổng dịch vụ công",
                        "Procedures published on the public service portal",
                        1,
                        false,
                        Office::OneStop,
                        &["{n} thủ tục hành chính công khai chưa đầy đủ, chưa đúng quy định."],
                    ),
                    sub(
                        "Niêm yết thủ tục hành chính tại Bộ phận Một cửa",
                        "Procedures posted at the one-stop office",
                        1,
                        false,
                        Office::OneStop,
                        &["Niêm yết thủ tục hành chính tại Bộ phận Một cửa chưa cập nhật kịp thời."],
                    ),
                ],
            ),
            crit(
                "Thực hiện cơ chế một cửa, một cửa liên thông",
                "One-stop and inter-agency one-stop mechanism",
                Some((
                    "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
                    "One-stop mechanism in handling administrative procedures",
                )),
                Span::Both,
                true,
                3,
                &[
                    sub(
                        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
                        "Share of applications resolved on time",
                        2,
                        true,
                        Office::OneStop,
                        &[
                            "{n} hồ sơ giải quyết quá hạn.",
                            "Tỷ lệ hồ sơ giải quyết đúng hạn chưa đạt 100%.",
                        ],
                    ),
                    sub(
                        "Thực hiện xin lỗi người dân, tổ chức khi giải quyết hồ sơ quá hạn",
                        "Apologies for overdue applications",
                        1,
                        false,
                        Office::OneStop,
                        &["Chưa gửi thư xin lỗi đối với {n} hồ sơ quá hạn."],
                    ),
                    sub(
                        "Kết thúc hồ sơ trên Hệ thống thông tin một cửa điện tử",
                        "Closing applications in the electronic one-stop system",
                        1,
                        false,
                        Office::OneStop,
                        &["Hồ sơ đã trả kết quả nhưng chưa kết thúc kịp thời trên hệ thống một cửa điện tử."],
                    ),
                ],
            ),
            crit(
                "Tiếp nhận, xử lý phản ánh, kiến nghị",
                "Handling feedback on procedures",
                None,
                Span::Both,
                true,
                1,
                &[
                    sub(
                        "Xử lý phản ánh, kiến nghị đúng thời hạn",
                        "Feedback handled on time",
                        1,
                        true,
                        Office::Secretariat,
                        &["{n} phản ánh, kiến nghị xử lý chậm so với quy định."],
                    ),
                    sub(
                        "Công khai kết quả xử lý phản ánh, kiến nghị",
                        "Publication of feedback outcomes",
                        1,
                        false,
                        Office::Secretariat,
                        &["Chưa công khai kết quả xử lý phản ánh, kiến nghị trên trang thông tin điện tử."],
                    ),
                ],
            ),
            crit(
                "Rà soát, đơn giản hóa thủ tục hành chính",
                "Review and simplification of procedures",
                None,
                Span::Both,
                false,
                1,
                &[
                    sub(
                        "Ban hành kế hoạch rà soát thủ tục hành chính",
                        "Procedure review plan issued",
                        1,
                        false,
                        Office::Secretariat,
                        &["Kế hoạch rà soát, đánh giá thủ tục hành chính năm {year} ban hành chậm."],
                    ),
                    sub(
                        "Phương án đơn giản hóa được phê duyệt",
                        "Approved simplification proposals",
                        1,
                        false,
                        Office::Secretariat,
                        &["Chưa có phương án đơn giản hóa thủ tục hành chính được phê duyệt."],
                    ),
                ],
            ),
        ],
    },
    FieldDef {
        old: (
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            "Reform of the state administrative apparatus",
        ),
        new: (
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            "Reform of the state administrative apparatus",
        ),
        survey: false,
        criteria: &[
            crit("Sắp xếp, tổ chức bộ máy", "Organisational structure", None, Span::Both, true, 2, &[
                sub(
                    "Thực hiện quy định về cơ cấu tổ chức",
                    "Compliance with organisational rules",
                    1,
                    false,
                    Office::Personnel,
                    &[
                        "Chưa kiện toàn tổ chức theo quy định.",
                        "Quy chế làm việc chưa được sửa đổi, bổ sung kịp thời.",
                    ],
                ),
                sub(
                    "Thực hiện quy định về số lượng cấp phó",
                    "Compliance with rules on deputy positions",
                    1,
                    false,
                    Office::Personnel,
                    &["Số lượng cấp phó vượt quy định."],
                ),
            ]),
            crit("Quản lý, sử dụng biên chế", "Management of staffing quotas", None, Span::Both, true, 2, &[
                sub(
                    "Sử dụng biên chế được giao",
                    "Use of the assigned staffing quota",
                    1,
                    false,
                    Office::Personnel,
                    &["Chưa thực hiện đúng số lượng biên chế được giao."],
                ),
                sub(
                    "Thực hiện tinh giản biên chế",
                    "Staff streamlining",
                    1,
                    true,
                    Office::Personnel,
                    &["Chưa đạt tỷ lệ tinh giản biên chế theo lộ trình."],
                ),
            ]),
            crit("Thực hiện phân cấp quản lý", "Decentralisation", None, Span::Both, false, 1, &[
                sub(
                    "Thực hiện nhiệm vụ được phân cấp",
                    "Decentralised tasks carried out",
                    1,
                    false,
                    Office::Leadership,
                    &["{n} nhiệm vụ được phân cấp thực hiện chưa đúng thời hạn."],
                ),
                sub(
                    "Kiểm tra việc thực hiện phân cấp",
                    "Inspection of decentralised tasks",
                    1,
                    false,
                    Office::Leadership,
                    &["Chưa kiểm tra việc thực hiện các nhiệm vụ đã phân cấp."],
                ),
            ]),
        ],
    },
    FieldDef {
        old: (
            "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
            "Building the capacity of officials and civil servants",
        ),
        new: ("Cải cách chế độ công vụ", "Civil service reform"),
        survey: false,
        criteria: &[
            crit("Vị trí việc làm", "Job positions", None, Span::Both, true, 2, &[
                sub(
                    "Bố trí công chức theo vị trí việc làm",
                    "Staff assigned according to job positions",
                    1,
                    false,
                    Office::Personnel,
                    &["{n} công chức bố trí chưa đúng vị trí việc làm được phê duyệt."],
                ),
                sub(
                    "Cập nhật bản mô tả công việc và khung năng lực",
                    "Job descriptions and competency frameworks updated",
                    1,
                    false,
                    Office::Personnel,
                    &["Bản mô tả công việc chưa được cập nhật sau khi kiện toàn tổ chức."],
                ),
            ]),
            crit("Tuyển dụng, đánh giá công chức", "Recruitment and appraisal", None, Span::Both, true, 2, &[
                sub(
                    "Thực hiện quy định về tuyển dụng",
                    "Compliance with recruitment rules",
                    1,
                    false,
                    Office::Personnel,
                    &["Thông báo tuyển dụng đăng tải chậm, chưa đúng quy trình."],
                ),
                sub(
                    "Đánh giá, xếp loại công chức",
                    "Staff appraisal",
                    1,
                    false,
                    Office::Personnel,
                    &["Đánh giá, xếp loại chất lượng công chức còn hình thức."],
                ),
            ]),
            crit("Đào tạo, bồi dưỡng", "Training", None, Span::Both, true, 2, &[
                sub(
                    "Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng",
                    "Completion of the training plan",
                    1,
                    true,
                    Office::Personnel,
                    &["{n} lượt công chức chưa được cử tham gia bồi dưỡng theo kế hoạch."],
                ),
                sub(
                    "Tỷ lệ cán bộ, công chức đạt chuẩn",
                    "Share of staff meeting the standards",
                    1,
                    true,
                    Office::Personnel,
                    &["{n} cán bộ, công chức chưa đạt chuẩn về trình độ chuyên môn."],
                ),
            ]),
            crit(
                "Chấp hành kỷ luật, kỷ cương hành chính",
                "Administrative discipline",
                Some((
                    "Chấp hành kỷ luật, kỷ cương hành chính và văn hóa công vụ",
                    "Administrative discipline and public service culture",
                )),
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Cán bộ, công chức bị xử lý kỷ luật",
                        "Staff subject to disciplinary action",
                        1,
                        false,
                        Office::Leadership,
                        &["Có {n} công chức bị xử lý kỷ luật trong năm {year}."],
                    ),
                    sub(
                        "Thực hiện quy tắc ứng xử, văn hóa công sở",
                        "Code of conduct and office culture",
                        1,
                        false,
                        Office::Secretariat,
                        &["Còn trường hợp vi phạm giờ giấc làm việc, bị phản ánh qua đường dây nóng."],
                    ),
                ],
            ),
        ],
    },
    FieldDef {
        old: ("Cải cách tài chính công", "Public finance reform"),
        new: ("Cải cách tài chính công", "Public finance reform"),
        survey: false,
        criteria: &[
            crit(
                "Quản lý, sử dụng ngân sách nhà nước",
                "Management of the state budget",
                None,
                Span::Both,
                true,
                3,
                &[
                    sub(
                        "Thực hiện quy định về sử dụng kinh phí ngân sách",
                        "Compliance with budget spending rules",
                        1,
                        false,
                        Office::Finance,
                        &["Thanh tra, kiểm toán phát hiện {n} khoản chi chưa đúng chế độ."],
                    ),
                    sub(
                        "Thực hiện kiến nghị sau thanh tra, kiểm toán",
                        "Follow-up on audit recommendations",
                        1,
                        false,
                        Office::Finance,
                        &["Chưa thực hiện xong kiến nghị của Kiểm toán nhà nước năm {prev}."],
                    ),
                    sub(
                        "Tỷ lệ giải ngân vốn đầu tư công",
                        "Disbursement of public investment",
                        1,
                        true,
                        Office::Finance,
                        &["Tỷ lệ giải ngân vốn đầu tư công chưa đạt kế hoạch."],
                    ),
                ],
            ),
            crit("Thực hiện cơ chế tự chủ tài chính", "Financial autonomy", None, Span::Both, true, 2, &[
                sub(
                    "Quy chế chi tiêu nội bộ",
                    "Internal spending regulations",
                    1,
                    false,
                    Office::Finance,
                    &["Quy chế chi tiêu nội bộ chưa được sửa đổi, bổ sung kịp thời."],
                ),
                sub(
                    "Quản lý, sử dụng tài sản công",
                    "Management of public assets",
                    1,
                    false,
                    Office::Finance,
                    &["Chưa ban hành quy chế quản lý, sử dụng tài sản công."],
                ),
            ]),
            crit(
                "Tự chủ của đơn vị sự nghiệp công lập",
                "Autonomy of public service units",
                None,
                Span::Both,
                false,
                1,
                &[sub(
                    "Tỷ lệ đơn vị sự nghiệp tự bảo đảm chi thường xuyên",
                    "Share of public service units covering their recurrent costs",
                    1,
                    true,
                    Office::Finance,
                    &["Chưa đạt chỉ tiêu về số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên."],
                )],
            ),
        ],
    },
    FieldDef {
        old: ("Hiện đại hóa hành chính", "Modernisation of public administration"),
        new: (
            "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
            "E-government and digital government",
        ),
        survey: false,
        criteria: &[
            crit(
                "Ứng dụng công nghệ thông tin",
                "Use of information technology",
                Some(("Hạ tầng và ứng dụng công nghệ thông tin", "IT infrastructure and applications")),
                Span::Both,
                true,
                2,
                &[
                    sub(
                        "Mức độ hoàn thành kế hoạch ứng dụng công nghệ thông tin",
                        "Completion of the IT plan",
                        1,
                        true,
                        Office::It,
                        &["{n} nội dung trong kế hoạch ứng dụng công nghệ thông tin chưa hoàn thành."],
                    ),
                    sub(
                        "Sử dụng văn bản điện tử, chữ ký số",
                        "Electronic documents and digital signatures",
                        1,
                        true,
                        Office::Secretariat,
                        &["Tỷ lệ văn bản điện tử có ký số chưa đạt yêu cầu."],
                    ),
                ],
            ),
            crit("Cung cấp dịch vụ công trực tuyến", "Online public services", None, Span::Both, true, 3, &[
                sub(
                    "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
                    "Share of applications received online",
                    1,
                    true,
                    Office::OneStop,
                    &["Tỷ lệ hồ sơ nộp trực tuyến còn thấp."],
                ),
                sub(
                    "Tỷ lệ thanh toán trực tuyến",
                    "Share of fees paid online",
                    1,
                    true,
                    Office::OneStop,
                    &["Tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến chưa đạt chỉ tiêu."],
                ),
            ]),
            crit(
                "Áp dụng hệ thống quản lý chất lượng ISO 9001",
                "ISO 9001 quality management",
                None,
                Span::OldOnly,
                true,
                1,
                &[sub(
                    "Duy trì, cải tiến hệ thống quản lý chất lượng",
                    "Maintaining the quality management system",
                    1,
                    false,
                    Office::Secretariat,
                    &["Chưa công bố lại hệ thống quản lý chất lượng sau khi thay đổi thủ tục hành chính."],
                )],
            ),
            crit("Chuyển đổi số", "Digital transformation", None, Span::NewOnly, true, 3, &[
                sub(
                    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                    "Digitisation of applications and results",
                    1,
                    true,
                    Office::OneStop,
                    &["Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính chưa đạt chỉ tiêu."],
                ),
                sub(
                    "Kết nối, chia sẻ dữ liệu",
                    "Data connection and sharing",
                    1,
                    false,
                    Office::It,
                    &["Chưa kết nối, chia sẻ dữ liệu với cơ sở dữ liệu dùng chung của tỉnh."],
                ),
                sub(
                    "Bảo đảm an toàn thông tin mạng",
                    "Cyber security",
                    1,
                    false,
                    Office::It,
                    &["Chưa phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin."],
                ),
            ]),
        ],
    },
    FieldDef {
        old: (
            "Đo lường sự hài lòng của người dân, tổ chức",
            "Measuring citizen and organisation satisfaction",
        ),
        new: (
            "Khảo sát sự hài lòng của người dân, tổ chức",
            "Citizen and organisation satisfaction survey",
        ),
        survey: true,
        criteria: &[
            crit(
                "Sự hài lòng về sự phục vụ hành chính",
                "Satisfaction with administrative services",
                None,
                Span::Both,
                true,
                3,
                &[
                    sub("Tiếp cận dịch vụ", "Access to services", 1, true, Office::OneStop, &[SURVEY_NOTE_WAIT]),
                    sub(
                        "Thủ tục hành chính",
                        "Administrative procedures",
                        1,
                        true,
                        Office::Secretariat,
                        &["Mức độ hài lòng đạt {pct}%; thành phần hồ sơ một số thủ tục còn phức tạp."],
                    ),
                    sub(
                        "Sự phục vụ của công chức",
                        "Civil servants' conduct",
                        1,
                        true,
                        Office::OneStop,
                        &["Mức độ hài lòng đạt {pct}%; có ý kiến chưa hài lòng về thái độ hướng dẫn của công chức."],
                    ),
                    sub(
                        "Kết quả giải quyết công việc",
                        "Service outcomes",
                        1,
                        true,
                        Office::OneStop,
                        &["Mức độ hài lòng đạt {pct}%; còn hồ sơ trả kết quả chậm so với giấy hẹn."],
                    ),
                ],
            ),
            crit(
                "Đánh giá của cán bộ, công chức, lãnh đạo",
                "Assessment by officials and leaders",
                None,
                Span::OldOnly,
                true,
                1,
                &[sub(
                    "Đánh giá về chất lượng công tác cải cách hành chính",
                    "Assessment of reform quality",
                    1,
                    true,
                    Office::Leadership,
                    &["Mức độ đánh giá tích cực đạt {pct}%."],
                )],
            ),
            crit(
                "Sự hài lòng về tiếp nhận, xử lý góp ý, phản ánh",
                "Satisfaction with feedback handling",
                None,
                Span::NewOnly,
                true,
                1,
                &[sub(
                    "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                    "Receiving and handling feedback",
                    1,
                    true,
                    Office::Secretariat,
                    &["Mức độ hài lòng đạt {pct}%; việc phản hồi kiến nghị của người dân còn chậm."],
                )],
            ),
        ],
    },
];

// ---------------------------------------------------------------------------
// Exact points
// ---------------------------------------------------------------------------

/// Points in hundredths. Every figure has at most two decimals, so integer
/// hundredths make "parent = sum of children" exact by construction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Pts(i64);

impl Pts {
    const QUARTER: Pts = Pts(25);

    const fn whole(points: i64) -> Pts {
        Pts(points * 100)
    }

    /// Shortest decimal form: `97`, `83.8`, `85.74` (or with a decimal comma).
    fn render(self, decimal_comma: bool) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (int, frac) = (self.0.abs() / 100, self.0.abs() % 100);
        let sep = if decimal_comma { ',' } else { '.' };
        if frac == 0 {
            format!("{sign}{int}")
        } else if frac % 10 == 0 {
            format!("{sign}{int}{sep}{}", frac / 10)
        } else {
            format!("{sign}{int}{sep}{frac:02}")
        }
    }
}

impl Add for Pts {
    type Output = Pts;
    fn add(self, rhs: Pts) -> Pts {
        Pts(self.0 + rhs.0)
    }
}

impl AddAssign for Pts {
    fn add_assign(&mut self, rhs: Pts) {
        self.0 += rhs.0;
    }
}

impl Sub for Pts {
    type Output = Pts;
    fn sub(self, rhs: Pts) -> Pts {
        Pts(self.0 - rhs.0)
    }
}

impl Sum for Pts {
    fn sum<I: Iterator<Item = Pts>>(iter: I) -> Pts {
        iter.fold(Pts::default(), Add::add)
    }
}

/// A unit's result: achieved points out of the applicable maximum. Compared
/// by cross-multiplication, so ranks follow the exact, unrounded index.
#[derive(Clone, Copy, Debug)]
struct Ratio {
    achieved: Pts,
    max: Pts,
}

impl Ratio {
    /// The index in hundredths, rounded half-up as the decision prints it.
    fn index_rounded(self) -> Pts {
        let (a, m) = (i128::from(self.achieved.0), i128::from(self.max.0));
        // index = a / m * 100, i.e. a * 10000 / m hundredths; adding m / 2
        // before the floor division rounds halves up (values are never negative).
        let hundredths = (2 * a * 10_000 + m) / (2 * m);
        Pts(hundredths as i64)
    }

    /// The unrounded index, for averages over units.
    fn index_exact(self) -> Decimal {
        Decimal::from(self.achieved.0) / Decimal::from(self.max.0) * Decimal::from(100)
    }

    fn cmp_index(self, other: Ratio) -> Ordering {
        let lhs = i128::from(self.achieved.0) * i128::from(other.max.0);
        let rhs = i128::from(other.achieved.0) * i128::from(self.max.0);
        lhs.cmp(&rhs)
    }
}

fn band_of(index: Pts) -> &'static str {
    BANDS
        .iter()
        .find(|(_, min)| index >= Pts::whole(*min))
        .map_or("", |(name, _)| name)
}

// ---------------------------------------------------------------------------
// Names and identifiers
// ---------------------------------------------------------------------------

/// Vietnamese letters with their base letter, so ids and English names can
/// drop diacritics (đ -> d) without a Unicode table dependency.
const FOLDS: [(&str, char); 14] = [
    ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
    ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
    ("èéẻẽẹêềếểễệ", 'e'),
    ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
    ("ìíỉĩị", 'i'),
    ("ÌÍỈĨỊ", 'I'),
    ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
    ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
    ("ùúủũụưừứửữự", 'u'),
    ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
    ("ỳýỷỹỵ", 'y'),
    ("ỲÝỶỸỴ", 'Y'),
    ("đ", 'd'),
    ("Đ", 'D'),
];

fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            FOLDS
                .iter()
                .find(|(set, _)| set.contains(c))
                .map_or(c, |(_, base)| *base)
        })
        .collect()
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn province_name_capacity() -> usize {
    PROVINCE_FIRST.len() * PROVINCE_SECOND.len()
}

fn province_name(index: usize) -> String {
    let first = PROVINCE_FIRST[index % PROVINCE_FIRST.len()];
    let second = PROVINCE_SECOND[(index / PROVINCE_FIRST.len()) % PROVINCE_SECOND.len()];
    format!("{first} {second}")
}

// ---------------------------------------------------------------------------
// Unit registry
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Province,
    Department,
    District,
    Commune,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Province => "province",
            Kind::Department => "department",
            Kind::District => "district",
            Kind::Commune => "commune",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CommuneType {
    Ward,
    Commune,
    Township,
}

impl CommuneType {
    fn prefix(self) -> &'static str {
        match self {
            CommuneType::Ward => "Phường",
            CommuneType::Commune => "Xã",
            CommuneType::Township => "Thị trấn",
        }
    }

    fn word(self) -> &'static str {
        match self {
            CommuneType::Ward => "phường",
            CommuneType::Commune => "xã",
            CommuneType::Township => "thị trấn",
        }
    }

    fn english(self) -> &'static str {
        match self {
            CommuneType::Ward => "Ward",
            CommuneType::Commune => "Commune",
            CommuneType::Township => "Township",
        }
    }
}

#[derive(Clone, Debug)]
struct Unit {
    id: String,
    name: String,
    short_name: String,
    kind: Kind,
    parent: Option<usize>,
    name_en: String,
    successor: Option<usize>,
    valid_from: Option<i32>,
    valid_to: Option<i32>,
    /// Index of the province the unit belongs to (itself for a province).
    province: usize,
    /// How the unit refers to itself in the names of its offices.
    local_word: &'static str,
    /// For departments: document-number suffix.
    abbr: &'static str,
    /// First year the satisfaction survey covers the unit.
    surveyed_from: i32,
    /// Unsuffixed id; made unique later, in `assign_ids`.
    base: String,
}

impl Unit {
    fn exists_in(&self, year: i32) -> bool {
        self.valid_from.is_none_or(|from| year >= from) && self.valid_to.is_none_or(|to| year <= to)
    }

    fn surveyed_in(&self, year: i32) -> bool {
        year >= self.surveyed_from
    }
}

struct Registry {
    units: Vec<Unit>,
    provinces: Vec<usize>,
}

impl Registry {
    fn build(size: &SampleSize) -> Registry {
        let mut units = Vec::new();
        let mut provinces = Vec::new();
        for p in 0..size.provinces {
            provinces.push(units.len());
            add_province(&mut units, size, p);
        }
        assign_ids(&mut units);
        Registry { units, provinces }
    }
}

fn blank_unit(kind: Kind, name: String, short_name: String, name_en: String, base: String) -> Unit {
    Unit {
        id: String::new(),
        name,
        short_name,
        kind,
        parent: None,
        name_en,
        successor: None,
        valid_from: None,
        valid_to: None,
        province: 0,
        local_word: "",
        abbr: "",
        surveyed_from: i32::MIN,
        base,
    }
}

fn add_province(units: &mut Vec<Unit>, size: &SampleSize, p: usize) {
    let multi = size.provinces > 1;
    let name = province_name(p);
    let province = units.len();
    let mut unit = blank_unit(
        Kind::Province,
        format!("Tỉnh {name}"),
        name.clone(),
        format!("{} Province", fold(&name)),
        slug(&name),
    );
    unit.province = province;
    unit.local_word = "tỉnh";
    units.push(unit);

    // Department names repeat in every province, so a national dataset
    // names the province to keep them apart.
    let add_department = |units: &mut Vec<Unit>, def: &DepartmentDef| -> usize {
        let (full, base) = if multi {
            (
                format!("{} tỉnh {name}", def.name),
                format!("{}-{}", slug(&name), def.id),
            )
        } else {
            (def.name.to_string(), def.id.to_string())
        };
        let mut unit = blank_unit(
            Kind::Department,
            full,
            def.short_name.to_string(),
            def.name_en.to_string(),
            base,
        );
        unit.parent = Some(province);
        unit.province = province;
        unit.local_word = "đơn vị";
        unit.abbr = def.abbr;
        if !def.surveyed {
            unit.surveyed_from = i32::MAX;
        }
        units.push(unit);
        units.len() - 1
    };
    for def in &DEPARTMENTS[..size.departments] {
        add_department(units, def);
    }
    // The industrial zones authority becomes an economic zone authority (a
    // new id) in the fourth edition, when there is one.
    let rename_year = size.first_year + 3;
    if size.departments == DEPARTMENTS.len() && size.editions > 3 {
        let old = units.len() - 1;
        let new = add_department(units, &RENAMED_DEPARTMENT);
        units[old].valid_to = Some(rename_year - 1);
        units[old].successor = Some(new);
        units[new].valid_from = Some(rename_year);
    }

    for d in 0..size.districts {
        // Rotating the list gives each province its own mix of districts.
        let def = &DISTRICTS[(p * 3 + d) % DISTRICTS.len()];
        let district = units.len();
        let mut unit = blank_unit(
            Kind::District,
            format!("{} {}", def.kind.prefix(), def.name),
            def.name.to_string(),
            format!("{} {}", fold(def.name), def.kind.english()),
            slug(def.name),
        );
        unit.parent = Some(province);
        unit.province = province;
        unit.local_word = def.kind.word();
        units.push(unit);

        let variation = COMMUNE_COUNT_VARIATION[d % COMMUNE_COUNT_VARIATION.len()];
        let count = size
            .communes_per_district
            .saturating_add_signed(variation)
            .max(3);
        let names = commune_names(def, count, p + d);
        let wards = count * def.kind.ward_tenths() / 10;
        let first = units.len();
        for (j, short) in names.iter().enumerate() {
            let ctype = if j < wards {
                CommuneType::Ward
            } else if j == 0 {
                CommuneType::Township
            } else {
                CommuneType::Commune
            };
            units.push(commune_unit(short, ctype, district, province));
        }
        add_commune_changes(units, size, d, first, def);
    }
}

fn commune_unit(short: &str, ctype: CommuneType, district: usize, province: usize) -> Unit {
    let mut unit = blank_unit(
        Kind::Commune,
        format!("{} {short}", ctype.prefix()),
        short.to_string(),
        format!("{} {}", fold(short), ctype.english()),
        slug(short),
    );
    unit.parent = Some(district);
    unit.province = province;
    unit.local_word = ctype.word();
    unit
}

/// The district's own communes first, then common names it does not have yet.
fn commune_names(def: &DistrictDef, count: usize, offset: usize) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = def.communes.iter().copied().take(count).collect();
    let generic = GENERIC_COMMUNES.len();
    for k in 0..generic {
        if names.len() >= count {
            break;
        }
        let candidate = GENERIC_COMMUNES[(offset * 7 + k) % generic];
        if !names.contains(&candidate) {
            names.push(candidate);
        }
    }
    names
}

/// Boundary changes, as happen in every real province: in one district two
/// communes merge into a new one (fourth edition on); in another, the last
/// commune is absorbed into its neighbour (second edition on).
fn add_commune_changes(
    units: &mut Vec<Unit>,
    size: &SampleSize,
    d: usize,
    first: usize,
    def: &DistrictDef,
) {
    let last = units.len() - 1;
    let district = units[first].parent;
    let province = units[first].province;
    if d == 2 && size.editions > 3 && last >= first + 2 {
        let year = size.first_year + 3;
        let name = MERGED_COMMUNES
            .iter()
            .find(|n| !def.communes.contains(n))
            .copied()
            .unwrap_or(MERGED_COMMUNES[0]);
        let Some(district) = district else { return };
        let mut merged = commune_unit(name, CommuneType::Commune, district, province);
        merged.valid_from = Some(year);
        // The survey samples units of the previous year's registry.
        merged.surveyed_from = year + 1;
        let new = units.len();
        units.push(merged);
        for old in [last - 1, last] {
            units[old].valid_to = Some(year - 1);
            units[old].successor = Some(new);
        }
    }
    if d == 5 && size.editions > 1 && last >= first + 2 {
        units[last].valid_to = Some(size.first_year);
        units[last].successor = Some(last - 1);
    }
}

/// Makes every id unique: a name shared by units of one kind is suffixed
/// with the parent's (then the province's) id; anything still clashing, e.g.
/// with another kind, gets a number.
fn assign_ids(units: &mut [Unit]) {
    // Candidate ids by level of qualification, as owned strings.
    let chains: Vec<Vec<String>> = units
        .iter()
        .map(|u| {
            let mut chain = vec![u.base.clone()];
            if u.kind == Kind::Commune || u.kind == Kind::District {
                if let Some(parent) = u.parent {
                    chain.push(format!("{}-{}", u.base, units[parent].base));
                    if u.kind == Kind::Commune {
                        let province = &units[u.province].base;
                        chain.push(format!("{}-{}-{}", u.base, units[parent].base, province));
                    }
                }
            }
            chain
        })
        .collect();
    let mut level = vec![0usize; units.len()];
    loop {
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, u) in units.iter().enumerate() {
            *seen
                .entry((u.kind.as_str(), &chains[i][level[i]]))
                .or_default() += 1;
        }
        let mut changed = false;
        for (i, u) in units.iter().enumerate() {
            let clash = seen[&(u.kind.as_str(), chains[i][level[i]].as_str())] > 1;
            if clash && level[i] + 1 < chains[i].len() {
                level[i] += 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut used = std::collections::BTreeSet::new();
    for (i, unit) in units.iter_mut().enumerate() {
        let wanted = chains[i][level[i]].clone();
        let mut id = wanted.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        unit.id = id;
    }
}

// ---------------------------------------------------------------------------
// Frameworks
// ---------------------------------------------------------------------------

struct Node {
    code: String,
    parent: Option<usize>,
    name: &'static str,
    name_en: &'static str,
    max: Pts,
    children: Vec<usize>,
    /// Set on sub-criteria, which are scored directly.
    leaf: Option<&'static SubDef>,
    survey: bool,
}

/// The criteria tree in pre-order (field, its criteria, each with its
/// sub-criteria). Every node is complete: children's maxima add up to it.
fn build_framework(level: Level, era: Era) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for (f, (field, &field_max)) in FIELDS.iter().zip(field_maxima(level, era)).enumerate() {
        let (name, name_en) = match era {
            Era::Old => field.old,
            Era::New => field.new,
        };
        let field_node = nodes.len();
        let field_max = Pts::whole(field_max);
        nodes.push(Node {
            code: (f + 1).to_string(),
            parent: None,
            name,
            name_en,
            max: field_max,
            children: Vec::new(),
            leaf: None,
            survey: field.survey,
        });
        let criteria: Vec<&CritDef> = field
            .criteria
            .iter()
            .filter(|c| c.active(level, era))
            .collect();
        let weights: Vec<i64> = criteria.iter().map(|c| c.weight).collect();
        for (c, (crit, crit_max)) in criteria
            .iter()
            .zip(apportion(field_max, &weights))
            .enumerate()
        {
            let crit_node = nodes.len();
            let code = format!("{}.{}", f + 1, c + 1);
            let (name, name_en) = crit.label(era);
            nodes[field_node].children.push(crit_node);
            nodes.push(Node {
                code: code.clone(),
                parent: Some(field_node),
                name,
                name_en,
                max: crit_max,
                children: Vec::new(),
                leaf: None,
                survey: field.survey,
            });
            let weights: Vec<i64> = crit.subs.iter().map(|s| s.weight).collect();
            for (s, (sub, sub_max)) in crit
                .subs
                .iter()
                .zip(apportion(crit_max, &weights))
                .enumerate()
            {
                let sub_node = nodes.len();
                nodes[crit_node].children.push(sub_node);
                nodes.push(Node {
                    code: format!("{code}.{}", s + 1),
                    parent: Some(crit_node),
                    name: sub.name.0,
                    name_en: sub.name.1,
                    max: sub_max,
                    children: Vec::new(),
                    leaf: Some(sub),
                    survey: field.survey,
                });
            }
        }
    }
    nodes
}

/// Sub-criteria per field in the light tree.
const LIGHT_SUBS_PER_FIELD: usize = 4;

/// The light tree: every field with up to four sub-criteria directly below
/// it (codes `1.1` to `1.4`), taken in turn from the field's active criteria
/// (the first sub-criterion of each, then the second ...), so that every
/// criterion is represented before any is represented twice. Complete, like
/// the full tree, and changed by the methodology break in the same way.
fn build_light_framework(level: Level, era: Era) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for (f, (field, &field_max)) in FIELDS.iter().zip(field_maxima(level, era)).enumerate() {
        let (name, name_en) = match era {
            Era::Old => field.old,
            Era::New => field.new,
        };
        let field_node = nodes.len();
        let field_max = Pts::whole(field_max);
        nodes.push(Node {
            code: (f + 1).to_string(),
            parent: None,
            name,
            name_en,
            max: field_max,
            children: Vec::new(),
            leaf: None,
            survey: field.survey,
        });
        let criteria: Vec<&'static [SubDef]> = field
            .criteria
            .iter()
            .filter(|c| c.active(level, era))
            .map(|c| c.subs)
            .collect();
        let deepest = criteria.iter().map(|subs| subs.len()).max().unwrap_or(0);
        let picked: Vec<&'static SubDef> = (0..deepest)
            .flat_map(|round| criteria.iter().filter_map(move |subs| subs.get(round)))
            .take(LIGHT_SUBS_PER_FIELD)
            .collect();
        let weights: Vec<i64> = picked.iter().map(|s| s.weight).collect();
        for (s, (sub, sub_max)) in picked
            .iter()
            .zip(apportion(field_max, &weights))
            .enumerate()
        {
            let sub_node = nodes.len();
            nodes[field_node].children.push(sub_node);
            nodes.push(Node {
                code: format!("{}.{}", f + 1, s + 1),
                parent: Some(field_node),
                name: sub.name.0,
                name_en: sub.name.1,
                max: sub_max,
                children: Vec::new(),
                leaf: Some(sub),
                survey: field.survey,
            });
        }
    }
    nodes
}

fn framework(detail: Detail, level: Level, era: Era) -> Vec<Node> {
    match detail {
        Detail::Full => build_framework(level, era),
        Detail::Light => build_light_framework(level, era),
    }
}

/// Splits `total` into quarter points by weight (largest remainder, at least
/// a quarter each), so maxima look like a methodology's (0.25, 1.5, 3) and
/// always add up exactly.
fn apportion(total: Pts, weights: &[i64]) -> Vec<Pts> {
    let quarters = total.0 / Pts::QUARTER.0;
    let n = weights.len() as i64;
    let spare = (quarters - n).max(0);
    let weight_sum: i64 = weights.iter().sum::<i64>().max(1);
    let mut parts: Vec<i64> = weights.iter().map(|w| 1 + spare * w / weight_sum).collect();
    let left = quarters - parts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(spare * weights[i] % weight_sum), i));
    for &i in order.iter().take(left.max(0) as usize) {
        parts[i] += 1;
    }
    parts.into_iter().map(|q| Pts(q * Pts::QUARTER.0)).collect()
}

// ---------------------------------------------------------------------------
// Groups and scoring
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum GroupKind {
    Departments,
    Districts,
    Communes,
}

const GROUP_KINDS: [GroupKind; 3] = [
    GroupKind::Departments,
    GroupKind::Districts,
    GroupKind::Communes,
];

impl GroupKind {
    fn id(self) -> &'static str {
        match self {
            GroupKind::Departments => "so-nganh",
            GroupKind::Districts => "huyen",
            GroupKind::Communes => "xa",
        }
    }

    fn name(self) -> &'static str {
        match self {
            GroupKind::Departments => "Các sở, ban, ngành",
            GroupKind::Districts => "Các huyện, thị xã, thành phố",
            GroupKind::Communes => "Các xã, phường, thị trấn",
        }
    }

    /// How the decision counts them: "20 sở, ban, ngành".
    fn counted(self) -> &'static str {
        match self {
            GroupKind::Departments => "sở, ban, ngành",
            GroupKind::Districts => "huyện, thị xã, thành phố",
            GroupKind::Communes => "xã, phường, thị trấn",
        }
    }

    fn unit_kind(self) -> Kind {
        match self {
            GroupKind::Departments => Kind::Department,
            GroupKind::Districts => Kind::District,
            GroupKind::Communes => Kind::Commune,
        }
    }

    fn level(self) -> Level {
        match self {
            GroupKind::Communes => Level::Commune,
            _ => Level::Provincial,
        }
    }

    /// Typical share of points achieved; departments do best, communes,
    /// with the fewest staff, least well.
    fn base_quality(self) -> f64 {
        match self {
            GroupKind::Departments => 0.855,
            GroupKind::Districts => 0.84,
            GroupKind::Communes => 0.815,
        }
    }
}

/// A unit's persistent character across editions.
#[derive(Clone, Copy, Debug)]
struct Profile {
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

fn draw_profile(rng: &mut ChaCha8Rng, editions: usize) -> Profile {
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
struct Row {
    score: Option<Pts>,
    self_score: Option<Pts>,
    note: String,
    responsible: String,
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

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// Writes files below the output directory and counts them.
struct Sink {
    root: PathBuf,
    files: usize,
    score_rows: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CsvStyle {
    Plain,
    /// As Vietnamese-locale Excel saves "CSV UTF-8": BOM, `;`, CRLF and
    /// decimal commas (the last applied by the caller).
    ExcelVi,
}

impl Sink {
    fn new(root: &Path) -> Sink {
        Sink {
            root: root.to_path_buf(),
            files: 0,
            score_rows: 0,
        }
    }

    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, bytes)?;
        self.files += 1;
        Ok(())
    }

    fn write_csv(
        &mut self,
        rel: &str,
        header: &[&str],
        rows: &[Vec<String>],
        style: CsvStyle,
    ) -> io::Result<()> {
        let mut writer = csv_writer(header, style)?;
        for row in rows {
            writer.write_record(row)?;
        }
        self.finish_csv(rel, writer)
    }

    fn finish_csv(&mut self, rel: &str, writer: csv::Writer<Vec<u8>>) -> io::Result<()> {
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        self.write(rel, &bytes)
    }
}

/// An in-memory CSV writer in `style`, its header written; rows can then be
/// streamed into it without building a table first.
fn csv_writer(header: &[&str], style: CsvStyle) -> io::Result<csv::Writer<Vec<u8>>> {
    let mut buf = Vec::new();
    let mut builder = csv::WriterBuilder::new();
    if style == CsvStyle::ExcelVi {
        buf.extend_from_slice("\u{feff}".as_bytes());
        builder.delimiter(b';').terminator(csv::Terminator::CRLF);
    }
    let mut writer = builder.from_writer(buf);
    writer.write_record(header)?;
    Ok(writer)
}

impl Sink {
    fn write_json<T: Serialize>(&mut self, rel: &str, value: &T) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(value)?;
        text.push('\n');
        self.write(rel, text.as_bytes())
    }
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: String,
    publisher: String,
    language: &'a str,
    base_url: String,
    licence: &'a str,
    contact: &'a str,
    sample: bool,
}

#[derive(Serialize)]
struct EditionJson {
    year: i32,
    title: String,
    status: &'static str,
    published_on: String,
    scale: u32,
    decimals: u32,
    bands: Vec<BandJson>,
    groups: Vec<GroupJson>,
    documents: Vec<DocumentJson>,
}

#[derive(Serialize)]
struct BandJson {
    name: &'static str,
    min: i64,
}

#[derive(Serialize)]
struct GroupJson {
    id: String,
    name: String,
    framework: String,
    scores: String,
    published: String,
}

#[derive(Serialize)]
struct DocumentJson {
    kind: &'static str,
    number: String,
    date: String,
    title: String,
    signer: String,
    file: String,
}

/// One ranking group of one edition, kept for the edition's documents.
struct GroupResult {
    kind: GroupKind,
    province: usize,
    entries: Vec<(usize, Ratio)>,
}

/// What scoring an edition gives its documents and `edition.json`.
struct ScoredEdition {
    groups: Vec<GroupJson>,
    results: Vec<GroupResult>,
}

/// Who issues the documents: the province's People's Committee, or for a
/// multi-province dataset the Ministry of Home Affairs.
struct Issuer {
    organ: String,
    place: String,
    decision_suffix: &'static str,
    head: String,
    /// Signature block of a deputy signing on the head's behalf.
    deputy_block: (&'static str, &'static str),
    reporter: String,
    report_suffix: &'static str,
    reporter_title: &'static str,
    proposer: &'static str,
    proposal_suffix: &'static str,
}

struct Generator<'a> {
    size: &'a SampleSize,
    seed: u64,
    registry: &'a Registry,
    profiles: Vec<Profile>,
    issuer: Issuer,
}

/// Independent ChaCha streams per purpose, so e.g. adding a document field
/// does not change every score.
const STREAM_PROFILES: u64 = 1;
const STREAM_DOCUMENTS: u64 = 2;
const STREAM_EDITION_BASE: u64 = 1000;
/// Not a ChaCha stream: the key of the absences' hash.
const STREAM_ABSENCES: u64 = 3;

/// SplitMix64's finaliser: a well-mixed, portable 64-bit hash.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn stream(seed: u64, id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

impl<'a> Generator<'a> {
    fn new(size: &'a SampleSize, seed: u64, registry: &'a Registry) -> Generator<'a> {
        let mut rng = stream(seed, STREAM_PROFILES);
        let profiles = registry
            .units
            .iter()
            .map(|_| draw_profile(&mut rng, size.editions))
            .collect();
        let issuer = if size.provinces == 1 {
            let province = &registry.units[registry.provinces[0]].short_name;
            Issuer {
                organ: format!("Ủy ban nhân dân tỉnh {province}"),
                place: province.clone(),
                decision_suffix: "QĐ-UBND",
                head: format!("Chủ tịch Ủy ban nhân dân tỉnh {province}"),
                deputy_block: ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
                reporter: format!("Sở Nội vụ tỉnh {province}"),
                report_suffix: "BC-SNV",
                reporter_title: "GIÁM ĐỐC",
                proposer: "Giám đốc Sở Nội vụ",
                proposal_suffix: "TTr-SNV",
            }
        } else {
            Issuer {
                organ: "Bộ Nội vụ".to_string(),
                place: "Hà Nội".to_string(),
                decision_suffix: "QĐ-BNV",
                head: "Bộ trưởng Bộ Nội vụ".to_string(),
                deputy_block: ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
                reporter: "Vụ Cải cách hành chính, Bộ Nội vụ".to_string(),
                report_suffix: "BC-BNV",
                reporter_title: "VỤ TRƯỞNG",
                proposer: "Vụ trưởng Vụ Cải cách hành chính",
                proposal_suffix: "TTr-VCCHC",
            }
        };
        Generator {
            size,
            seed,
            registry,
            profiles,
            issuer,
        }
    }

    /// Whether an existing unit is left out of edition `t`. Departments and
    /// communes only: a district is always assessed. Hashed rather than drawn,
    /// so that it consumes nothing from the seeded streams.
    fn absent(&self, unit: usize, t: usize) -> bool {
        let per_mille = u64::from(self.size.absent_per_mille);
        let kind = self.registry.units[unit].kind;
        if per_mille == 0 || !matches!(kind, Kind::Department | Kind::Commune) {
            return false;
        }
        let key = (unit as u64) << 16 | t as u64;
        splitmix64(self.seed ^ splitmix64(key ^ STREAM_ABSENCES)) % 1000 < per_mille
    }

    fn multi(&self) -> bool {
        self.size.provinces > 1
    }

    fn years(&self) -> impl Iterator<Item = (usize, i32)> {
        let first = self.size.first_year;
        (0..self.size.editions).map(move |t| (t, first + t as i32))
    }

    /// The framework was overhauled for the 2022 assessment; a sample whose
    /// years do not cross 2022 breaks at its third edition instead.
    fn break_year(&self) -> i32 {
        let last = self.size.first_year + self.size.editions as i32 - 1;
        if self.size.first_year < 2022 && 2022 <= last {
            2022
        } else {
            self.size.first_year + 2.min(self.size.editions as i32 - 1).max(1)
        }
    }

    fn era(&self, year: i32) -> Era {
        if year >= self.break_year() {
            Era::New
        } else {
            Era::Old
        }
    }

    fn write_all(&self, sink: &mut Sink) -> io::Result<()> {
        self.write_site(sink)?;
        self.write_units(sink)?;
        // Each edition draws its scores from its own stream, so editions are
        // scored and written in parallel; the documents share one stream
        // across editions and follow in order.
        let years: Vec<(usize, i32)> = self.years().collect();
        let scored: Vec<io::Result<(Sink, ScoredEdition)>> = years
            .par_iter()
            .map(|&(t, year)| {
                let mut part = Sink::new(&sink.root);
                let scored = self.write_scores_of_edition(&mut part, t, year)?;
                Ok((part, scored))
            })
            .collect();
        let mut doc_rng = stream(self.seed, STREAM_DOCUMENTS);
        for (&(t, year), scored) in years.iter().zip(scored) {
            let (part, scored) = scored?;
            sink.files += part.files;
            sink.score_rows += part.score_rows;
            self.write_edition(sink, t, year, scored, &mut doc_rng)?;
        }
        Ok(())
    }

    fn write_site(&self, sink: &mut Sink) -> io::Result<()> {
        let site = if self.multi() {
            SiteJson {
                title: format!("Chỉ số cải cách hành chính các tỉnh ({SAMPLE_TAG})"),
                publisher: "Bộ Nội vụ (giả định)".to_string(),
                language: "vi",
                base_url: "https://example.invalid/chi-so-cchc/".to_string(),
                licence: "CC-BY-4.0",
                contact: "cchc@example.invalid",
                sample: true,
            }
        } else {
            let province = &self.registry.units[self.registry.provinces[0]];
            SiteJson {
                title: format!(
                    "Chỉ số cải cách hành chính tỉnh {} ({SAMPLE_TAG})",
                    province.short_name
                ),
                publisher: format!("Sở Nội vụ tỉnh {} (giả định)", province.short_name),
                language: "vi",
                base_url: format!("https://example.invalid/{}/", province.id),
                licence: "CC-BY-4.0",
                contact: "cchc@example.invalid",
                sample: true,
            }
        };
        sink.write_json("site.json", &site)
    }

    fn write_units(&self, sink: &mut Sink) -> io::Result<()> {
        let units = &self.registry.units;
        let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
        let rows: Vec<Vec<String>> = units
            .iter()
            .map(|u| {
                vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.short_name.clone(),
                    u.kind.as_str().to_string(),
                    u.parent.map(|p| units[p].id.clone()).unwrap_or_default(),
                    u.name_en.clone(),
                    u.successor.map(|s| units[s].id.clone()).unwrap_or_default(),
                    year(u.valid_from),
                    year(u.valid_to),
                ]
            })
            .collect();
        // The reader's own list: a sample's registry always has the columns
        // chiso reads, in its order.
        sink.write_csv(
            "units.csv",
            crate::input::UNIT_COLUMNS,
            &rows,
            CsvStyle::Plain,
        )
    }

    /// Group ids and file stems: plain for one province, per province otherwise.
    fn group_id(&self, kind: GroupKind, province: usize) -> String {
        if self.multi() {
            format!("{}-{}", self.registry.units[province].id, kind.id())
        } else {
            kind.id().to_string()
        }
    }

    fn quality(
        &self,
        unit: usize,
        kind: GroupKind,
        t: usize,
        era: Era,
        rng: &mut ChaCha8Rng,
    ) -> (f64, f64) {
        let p = &self.profiles[unit];
        let shock = match p.shock {
            Some((at, size)) if t >= at => size,
            _ => 0.0,
        };
        // A stricter new methodology costs everyone a little at first.
        let strictness = if era == Era::New { 0.015 } else { 0.0 };
        let q = kind.base_quality() + 0.008 * t as f64 + p.effect + p.slope * t as f64 + shock
            - strictness
            + 0.012 * bell(rng);
        let survey = 0.87 + 0.006 * t as f64 + p.survey + 0.02 * bell(rng);
        (q.clamp(0.3, 0.995), survey.clamp(0.55, 0.99))
    }

    /// Frameworks, scores and published figures of one edition.
    fn write_scores_of_edition(
        &self,
        sink: &mut Sink,
        t: usize,
        year: i32,
    ) -> io::Result<ScoredEdition> {
        let era = self.era(year);
        let dir = format!("editions/{year}");
        let mut rng = stream(self.seed, STREAM_EDITION_BASE + t as u64);
        let provincial = framework(self.size.detail, Level::Provincial, era);
        let commune = framework(self.size.detail, Level::Commune, era);
        for kind in GROUP_KINDS {
            let fw = if kind.level() == Level::Commune {
                &commune
            } else {
                &provincial
            };
            write_framework(sink, &format!("{dir}/framework-{}.csv", kind.id()), fw)?;
        }

        let mut groups = Vec::new();
        let mut results = Vec::new();
        for &province in &self.registry.provinces {
            for kind in GROUP_KINDS {
                let fw = if kind.level() == Level::Commune {
                    &commune
                } else {
                    &provincial
                };
                let gid = self.group_id(kind, province);
                let members: Vec<usize> = (0..self.registry.units.len())
                    .filter(|&i| {
                        let u = &self.registry.units[i];
                        u.kind == kind.unit_kind()
                            && u.province == province
                            && u.exists_in(year)
                            && !self.absent(i, t)
                    })
                    .collect();
                let mut score_rows = Vec::new();
                let mut entries = Vec::new();
                for &i in &members {
                    let unit = &self.registry.units[i];
                    let (q, sq) = self.quality(i, kind, t, era, &mut rng);
                    let bc = if unit.kind == Kind::Department {
                        format!("BC-{}", unit.abbr)
                    } else {
                        "BC-UBND".to_string()
                    };
                    let ctx = NoteContext { year, bc: &bc };
                    let scored = score_unit(fw, unit, q, sq, &ctx, &mut rng);
                    score_rows.push((i, scored.rows));
                    entries.push((i, scored.ratio));
                }
                // Vietnamese-locale Excel output for one file, as publishers send it.
                let excel =
                    kind == GroupKind::Communes && province == self.registry.provinces[0] && t == 1;
                let style = if excel {
                    CsvStyle::ExcelVi
                } else {
                    CsvStyle::Plain
                };
                let scores_file = format!("scores-{gid}.csv");
                let published_file = format!("published-{gid}.csv");
                self.write_scores(
                    sink,
                    &format!("{dir}/{scores_file}"),
                    fw,
                    &score_rows,
                    style,
                )?;
                self.write_published(sink, &format!("{dir}/{published_file}"), &entries)?;
                let province_name = &self.registry.units[province].short_name;
                groups.push(GroupJson {
                    name: if self.multi() {
                        format!("{} tỉnh {province_name}", kind.name())
                    } else {
                        kind.name().to_string()
                    },
                    id: gid,
                    framework: format!("framework-{}.csv", kind.id()),
                    scores: scores_file,
                    published: published_file,
                });
                results.push(GroupResult {
                    kind,
                    province,
                    entries,
                });
            }
        }
        Ok(ScoredEdition { groups, results })
    }

    /// The documents and `edition.json` of an edition already scored.
    fn write_edition(
        &self,
        sink: &mut Sink,
        t: usize,
        year: i32,
        scored: ScoredEdition,
        doc_rng: &mut ChaCha8Rng,
    ) -> io::Result<()> {
        let ScoredEdition { groups, results } = scored;
        let dir = format!("editions/{year}");
        let documents = self.write_documents(sink, &dir, year, t, &results, doc_rng)?;
        let published_on = documents
            .first()
            .map(|d| d.date.clone())
            .unwrap_or_default();
        let scope = if self.multi() {
            "các tỉnh".to_string()
        } else {
            format!(
                "tỉnh {}",
                self.registry.units[self.registry.provinces[0]].short_name
            )
        };
        let edition = EditionJson {
            year,
            title: format!("Chỉ số cải cách hành chính năm {year} {scope}"),
            status: "final",
            published_on,
            scale: 100,
            decimals: 2,
            bands: BANDS
                .iter()
                .map(|&(name, min)| BandJson { name, min })
                .collect(),
            groups,
            documents,
        };
        sink.write_json(&format!("{dir}/edition.json"), &edition)
    }

    fn write_scores(
        &self,
        sink: &mut Sink,
        rel: &str,
        fw: &[Node],
        units: &[(usize, Vec<Row>)],
        style: CsvStyle,
    ) -> io::Result<()> {
        let comma = style == CsvStyle::ExcelVi;
        let num = |p: Option<Pts>| p.map(|p| p.render(comma)).unwrap_or_default();
        let header = [
            "unit",
            "code",
            "score",
            "max",
            "self_score",
            "note",
            "responsible",
        ];
        // Streamed: the national preset writes millions of rows.
        let mut writer = csv_writer(&header, style)?;
        for (unit, unit_rows) in units {
            let id = self.registry.units[*unit].id.as_str();
            for (node, row) in fw.iter().zip(unit_rows) {
                let max = if row.score.is_none() { "x" } else { "" };
                writer.write_record([
                    id,
                    &node.code,
                    &num(row.score),
                    max,
                    &num(row.self_score),
                    &row.note,
                    &row.responsible,
                ])?;
                sink.score_rows += 1;
            }
        }
        sink.finish_csv(rel, writer)
    }

    fn write_published(
        &self,
        sink: &mut Sink,
        rel: &str,
        entries: &[(usize, Ratio)],
    ) -> io::Result<()> {
        let rows: Vec<Vec<String>> = ranked(entries)
            .into_iter()
            .map(|(unit, ratio, rank)| {
                let index = ratio.index_rounded();
                vec![
                    self.registry.units[unit].id.clone(),
                    ratio.achieved.render(false),
                    ratio.max.render(false),
                    index.render(false),
                    rank.to_string(),
                    band_of(index).to_string(),
                ]
            })
            .collect();
        let header = ["unit", "achieved", "max", "index", "rank", "band"];
        sink.write_csv(rel, &header, &rows, CsvStyle::Plain)
    }

    fn write_documents(
        &self,
        sink: &mut Sink,
        dir: &str,
        year: i32,
        t: usize,
        results: &[GroupResult],
        rng: &mut ChaCha8Rng,
    ) -> io::Result<Vec<DocumentJson>> {
        let month = rng.random_range(1..=3u32);
        let day = rng.random_range(8..=28u32);
        let decided = Date(year + 1, month, day);
        let reported = Date(year + 1, month, day - rng.random_range(3..=7u32));
        let decision_no = format!(
            "{}/{}",
            rng.random_range(20..=480),
            self.issuer.decision_suffix
        );
        let report_no = format!(
            "{}/{}",
            rng.random_range(5..=160),
            self.issuer.report_suffix
        );
        let proposal_no = rng.random_range(10..=300);
        let signer = SIGNERS[(t / 3) % SIGNERS.len()].to_string();
        let report_signer = REPORT_SIGNERS[(t / 4) % REPORT_SIGNERS.len()].to_string();

        let decision_title = format!("Về việc công bố Chỉ số cải cách hành chính năm {year}");
        let decision_file = format!("documents/quyet-dinh-{}.md", slug(&decision_no));
        let decision = self.decision_text(
            year,
            &decision_no,
            decided,
            (proposal_no, reported),
            &decision_title,
            &signer,
            results,
        );
        sink.write(&format!("{dir}/{decision_file}"), decision.as_bytes())?;

        let report_title =
            format!("Báo cáo kết quả xác định Chỉ số cải cách hành chính năm {year}");
        let report_file = format!("documents/bao-cao-chi-so-cchc-{year}.txt");
        let report = self.report_text(year, &report_no, reported, &report_signer, results);
        sink.write(&format!("{dir}/{report_file}"), report.as_bytes())?;

        Ok(vec![
            DocumentJson {
                kind: "decision",
                number: decision_no,
                date: decided.iso(),
                title: decision_title,
                signer,
                file: decision_file,
            },
            DocumentJson {
                kind: "report",
                number: report_no,
                date: reported.iso(),
                title: report_title,
                signer: report_signer,
                file: report_file,
            },
        ])
    }

    fn counts_by_kind(&self, results: &[GroupResult]) -> Vec<(GroupKind, usize)> {
        GROUP_KINDS
            .iter()
            .map(|&k| {
                (
                    k,
                    results
                        .iter()
                        .filter(|r| r.kind == k)
                        .map(|r| r.entries.len())
                        .sum(),
                )
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn decision_text(
        &self,
        year: i32,
        number: &str,
        date: Date,
        (proposal_no, proposal_date): (i32, Date),
        title: &str,
        signer: &str,
        results: &[GroupResult],
    ) -> String {
        let is = &self.issuer;
        let counted: Vec<String> = self
            .counts_by_kind(results)
            .into_iter()
            .map(|(k, n)| format!("{n} {}", k.counted()))
            .collect();
        let programme = if year <= 2020 {
            "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08 tháng 11 năm 2011 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020;"
        } else {
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;"
        };
        let scope = if self.multi() {
            "các tỉnh".to_string()
        } else {
            format!("tỉnh {}", is.place)
        };
        format!(
            "**{organ}**\n\
             \n\
             Số: {number} — {place}, {long_date}\n\
             \n\
             # QUYẾT ĐỊNH\n\
             \n\
             ## {title}\n\
             \n\
             **{head_upper}**\n\
             \n\
             Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\
             \n\
             {programme}\n\
             \n\
             Theo đề nghị của {proposer} tại Tờ trình số {proposal_no}/{proposal_suffix} ngày {proposal_date}.\n\
             \n\
             **QUYẾT ĐỊNH:**\n\
             \n\
             **Điều 1.** Công bố Chỉ số cải cách hành chính năm {year} của {units} thuộc {scope} \
             (chi tiết tại các phụ lục kèm theo).\n\
             \n\
             **Điều 2.** Các cơ quan, đơn vị phân tích nguyên nhân các tiêu chí, tiêu chí thành phần \
             bị mất điểm, xác định trách nhiệm và đề ra giải pháp khắc phục trong năm {next}.\n\
             \n\
             **Điều 3.** Quyết định này có hiệu lực kể từ ngày ký.\n\
             \n\
             {on_behalf}  \n\
             {deputy}  \n\
             (đã ký)  \n\
             **{signer}**\n\
             \n\
             ---\n\
             \n\
             *Văn bản minh hoạ do chương trình tạo ra: đơn vị, con người và số liệu đều không có thật.*\n",
            organ = is.organ.to_uppercase(),
            place = is.place,
            long_date = date.long(),
            head_upper = is.head.to_uppercase(),
            proposer = is.proposer,
            proposal_suffix = is.proposal_suffix,
            on_behalf = is.deputy_block.0,
            deputy = is.deputy_block.1,
            proposal_date = proposal_date.short(),
            units = counted.join("; "),
            next = year + 1,
        )
    }

    fn report_text(
        &self,
        year: i32,
        number: &str,
        date: Date,
        signer: &str,
        results: &[GroupResult],
    ) -> String {
        let is = &self.issuer;
        let mut text = format!(
            "{reporter}\nSố: {number}    {place}, {long_date}\n\nBÁO CÁO\nKết quả xác định Chỉ số cải cách hành chính năm {year}\n\n",
            reporter = is.reporter.to_uppercase(),
            place = is.place,
            long_date = date.long(),
        );
        if year == self.break_year() {
            text.push_str(
                "Năm nay áp dụng Bộ chỉ số mới: điểm tối đa các lĩnh vực được phân bổ lại, \
                 một số tiêu chí được đổi tên hoặc bổ sung, nên kết quả không so sánh trực tiếp với các năm trước.\n\n",
            );
        }
        text.push_str("I. KẾT QUẢ CHUNG\n");
        for (n, result) in results.iter().enumerate() {
            let Some(summary) = self.group_summary(result) else {
                continue;
            };
            let label = if self.multi() {
                format!(
                    "{} tỉnh {}",
                    result.kind.name(),
                    self.registry.units[result.province].short_name
                )
            } else {
                result.kind.name().to_string()
            };
            text.push_str(&format!(
                "{}. {label} ({} đơn vị): {summary}\n",
                n + 1,
                result.entries.len()
            ));
        }
        text.push_str(&format!(
            "\nII. KIẾN NGHỊ\nĐề nghị các cơ quan, đơn vị có chỉ số thấp rà soát nguyên nhân mất điểm và khắc phục trong năm {}.\n\n{}\n(đã ký)\n{signer}\n\n({SAMPLE_TAG}: đơn vị và số liệu đều không có thật.)\n",
            year + 1,
            is.reporter_title
        ));
        text
    }

    /// Mean of the unrounded indices, extremes and band counts, with decimal
    /// commas as a Vietnamese report prints them.
    fn group_summary(&self, result: &GroupResult) -> Option<String> {
        let ranked = ranked(&result.entries);
        let (best, best_ratio, _) = ranked.first()?;
        let (worst, worst_ratio, _) = ranked.last()?;
        let total: Decimal = result.entries.iter().map(|(_, r)| r.index_exact()).sum();
        let mean = (total / Decimal::from(result.entries.len()))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let bands: Vec<String> = BANDS
            .iter()
            .map(|(name, _)| {
                let n = result
                    .entries
                    .iter()
                    .filter(|(_, r)| band_of(r.index_rounded()) == *name)
                    .count();
                format!("{name} {n}")
            })
            .collect();
        let units = &self.registry.units;
        Some(format!(
            "trung bình {}; cao nhất {} ({}); thấp nhất {} ({}); xếp loại: {}.",
            mean.to_string().replace('.', ","),
            units[*best].name,
            best_ratio.index_rounded().render(true),
            units[*worst].name,
            worst_ratio.index_rounded().render(true),
            bands.join(", ")
        ))
    }
}

/// Orders by exact index, highest first; only exactly equal indices share a
/// rank, and the next rank is skipped (1, 2, 2, 4).
fn ranked(entries: &[(usize, Ratio)]) -> Vec<(usize, Ratio, usize)> {
    let mut sorted: Vec<(usize, Ratio)> = entries.to_vec();
    sorted.sort_by(|a, b| b.1.cmp_index(a.1));
    let mut out: Vec<(usize, Ratio, usize)> = Vec::with_capacity(sorted.len());
    for (pos, &(unit, ratio)) in sorted.iter().enumerate() {
        let rank = match out.last() {
            Some(&(_, prev, prev_rank)) if prev.cmp_index(ratio) == Ordering::Equal => prev_rank,
            _ => pos + 1,
        };
        out.push((unit, ratio, rank));
    }
    out
}

fn write_framework(sink: &mut Sink, rel: &str, fw: &[Node]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = fw
        .iter()
        .map(|n| {
            vec![
                n.code.clone(),
                n.parent.map(|p| fw[p].code.clone()).unwrap_or_default(),
                n.name.to_string(),
                n.max.render(false),
                n.name_en.to_string(),
            ]
        })
        .collect();
    sink.write_csv(
        rel,
        &["code", "parent", "name", "max", "name_en"],
        &rows,
        CsvStyle::Plain,
    )
}

#[derive(Clone, Copy, Debug)]
struct Date(i32, u32, u32);

impl Date {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }

    fn short(self) -> String {
        format!("{:02}/{:02}/{}", self.2, self.1, self.0)
    }

    fn long(self) -> String {
        format!("ngày {:02} tháng {:02} năm {}", self.2, self.1, self.0)
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::prelude::Zero;
    use std::collections::{BTreeMap, BTreeSet, HashMap};
    use std::str::FromStr;

    fn generate(seed: u64) -> (tempfile::TempDir, SampleSummary) {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("data");
        let summary = write_sample(Preset::Province, seed, &out).expect("sample written");
        (dir, summary)
    }

    fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("readable dir") {
                let path = entry.expect("dir entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(root).expect("inside root").to_path_buf();
                    files.insert(rel, fs::read(&path).expect("readable file"));
                }
            }
        }
        files
    }

    /// Reads a CSV as the contract allows it: optional BOM, delimiter from
    /// the header line, decimal commas when the delimiter is not a comma.
    struct Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        decimal_comma: bool,
    }

    impl Table {
        fn read(path: &Path) -> Table {
            let bytes = fs::read(path).expect("csv readable");
            let text = String::from_utf8(bytes).expect("utf-8");
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let first = text.lines().next().unwrap_or("");
            let delimiter = if first.contains(';') { b';' } else { b',' };
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .from_reader(text.as_bytes());
            let header = reader
                .headers()
                .expect("header")
                .iter()
                .map(str::to_string)
                .collect();
            let rows = reader
                .records()
                .map(|r| r.expect("record").iter().map(str::to_string).collect())
                .collect();
            Table {
                header,
                rows,
                decimal_comma: delimiter != b',',
            }
        }

        fn col(&self, name: &str) -> usize {
            self.header
                .iter()
                .position(|h| h == name)
                .expect("column present")
        }

        fn dec(&self, text: &str) -> Decimal {
            let text = if self.decimal_comma {
                text.replace(',', ".")
            } else {
                text.to_string()
            };
            Decimal::from_str(&text).unwrap_or_else(|_| panic!("number expected, got {text:?}"))
        }
    }

    fn is_id(id: &str) -> bool {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    struct Unitx {
        valid_from: Option<i32>,
        valid_to: Option<i32>,
    }

    fn read_units(root: &Path) -> BTreeMap<String, Unitx> {
        let t = Table::read(&root.join("units.csv"));
        let (id, from, to) = (t.col("id"), t.col("valid_from"), t.col("valid_to"));
        let mut units = BTreeMap::new();
        for row in &t.rows {
            assert!(is_id(&row[id]), "bad id {:?}", row[id]);
            let parse = |s: &str| (!s.is_empty()).then(|| s.parse::<i32>().expect("year"));
            let unit = Unitx {
                valid_from: parse(&row[from]),
                valid_to: parse(&row[to]),
            };
            assert!(
                units.insert(row[id].clone(), unit).is_none(),
                "duplicate id {}",
                row[id]
            );
        }
        for row in &t.rows {
            for col in ["parent", "successor"] {
                let value = &row[t.col(col)];
                assert!(
                    value.is_empty() || units.contains_key(value),
                    "{col} {value} unknown"
                );
            }
        }
        units
    }

    fn round2(d: Decimal) -> Decimal {
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    /// Per edition and group kind, how many units were scored.
    type Counts = BTreeMap<(i32, String), usize>;

    /// An independent check of the rules a checker enforces.
    fn check_dataset(root: &Path) -> Counts {
        let units = read_units(root);
        let mut counts = Counts::new();
        let mut editions: Vec<PathBuf> = fs::read_dir(root.join("editions"))
            .expect("editions dir")
            .map(|e| e.expect("entry").path())
            .collect();
        editions.sort();
        for edir in editions {
            let edition: serde_json::Value =
                serde_json::from_slice(&fs::read(edir.join("edition.json")).expect("edition.json"))
                    .expect("json");
            let year = edition["year"].as_i64().expect("year") as i32;
            assert_eq!(edition["status"], "final");
            let published_on = edition["published_on"].as_str().expect("date");
            assert!(
                published_on.starts_with(&(year + 1).to_string()),
                "{published_on}"
            );
            let bands: Vec<(String, Decimal)> = edition["bands"]
                .as_array()
                .expect("bands")
                .iter()
                .map(|b| {
                    (
                        b["name"].as_str().expect("name").to_string(),
                        Decimal::from(b["min"].as_i64().expect("min")),
                    )
                })
                .collect();
            for doc in edition["documents"].as_array().expect("documents") {
                let file = edir.join(doc["file"].as_str().expect("file"));
                assert!(file.is_file(), "{} missing", file.display());
            }
            for group in edition["groups"].as_array().expect("groups") {
                let gid = group["id"].as_str().expect("id");
                let n = check_group(&edir, group, year, &units, &bands);
                let kind = gid.split('-').next().unwrap_or(gid).to_string();
                *counts.entry((year, kind)).or_default() += n;
            }
        }
        counts
    }

    fn check_group(
        edir: &Path,
        group: &serde_json::Value,
        year: i32,
        units: &BTreeMap<String, Unitx>,
        bands: &[(String, Decimal)],
    ) -> usize {
        let file = |key: &str| edir.join(group[key].as_str().expect("file name"));
        // Framework: code -> (parent, max), completeness from the maxima.
        let fw = Table::read(&file("framework"));
        let mut fmax: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut parent: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut order = Vec::new();
        for row in &fw.rows {
            let code = row[fw.col("code")].clone();
            fmax.insert(code.clone(), fw.dec(&row[fw.col("max")]));
            let p = row[fw.col("parent")].clone();
            parent.insert(code.clone(), (!p.is_empty()).then_some(p));
            order.push(code);
        }
        let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (code, p) in &parent {
            if let Some(p) = p {
                children.entry(p.clone()).or_default().push(code.clone());
            }
        }
        let top_total: Decimal = parent
            .iter()
            .filter(|(_, p)| p.is_none())
            .map(|(c, _)| fmax[c])
            .sum();
        assert_eq!(top_total, Decimal::from(100));
        for (p, kids) in &children {
            let sum: Decimal = kids.iter().map(|k| fmax[k]).sum();
            assert_eq!(sum, fmax[p], "framework node {p} incomplete");
        }

        // Scores.
        let st = Table::read(&file("scores"));
        let (cu, cc, cs, cm, cself, cnote, cresp) = (
            st.col("unit"),
            st.col("code"),
            st.col("score"),
            st.col("max"),
            st.col("self_score"),
            st.col("note"),
            st.col("responsible"),
        );
        let mut own: HashMap<(String, String), Decimal> = HashMap::new();
        let mut scores: HashMap<(String, String), Option<Decimal>> = HashMap::new();
        let mut unit_order: Vec<String> = Vec::new();
        for row in &st.rows {
            let (unit, code) = (row[cu].clone(), row[cc].clone());
            let u = units.get(&unit).expect("unit in registry");
            assert!(u.valid_from.is_none_or(|f| year >= f) && u.valid_to.is_none_or(|t| year <= t));
            let max = fmax.get(&code).copied().expect("code in framework");
            let value = if row[cm] == "x" {
                assert!(
                    row[cs].is_empty() && row[cself].is_empty(),
                    "{unit} {code}: x with a score"
                );
                None
            } else {
                assert!(row[cm].is_empty(), "no numeric override expected");
                let score = st.dec(&row[cs]);
                assert!(
                    score >= Decimal::zero() && score <= max,
                    "{unit} {code}: {score} of {max}"
                );
                assert!(score.scale() <= 2 || score.normalize().scale() <= 2);
                if !row[cself].is_empty() {
                    let value = st.dec(&row[cself]);
                    assert!(
                        value >= Decimal::zero() && value <= max,
                        "{unit} {code}: self {value} of {max}"
                    );
                    own.insert((unit.clone(), code.clone()), value);
                }
                let lost = score < max;
                let leaf = !children.contains_key(&code);
                assert_eq!(
                    leaf && lost,
                    !row[cnote].is_empty(),
                    "{unit} {code}: note iff points lost"
                );
                assert_eq!(row[cnote].is_empty(), row[cresp].is_empty());
                Some(score)
            };
            if unit_order.last() != Some(&unit) {
                unit_order.push(unit.clone());
            }
            assert!(
                scores.insert((unit, code), value).is_none(),
                "duplicate row"
            );
        }
        let unit_set: BTreeSet<&String> = unit_order.iter().collect();
        assert_eq!(
            unit_set.len(),
            unit_order.len(),
            "rows of a unit are contiguous"
        );
        for unit in &unit_order {
            for code in &order {
                let value = scores
                    .get(&(unit.clone(), code.clone()))
                    .unwrap_or_else(|| panic!("{unit} {code} missing"));
                let kids = children.get(code).map(Vec::as_slice).unwrap_or(&[]);
                match value {
                    None => {
                        for k in kids {
                            assert!(
                                scores[&(unit.clone(), k.clone())].is_none(),
                                "{unit} {k} under x"
                            );
                        }
                    }
                    Some(score) if !kids.is_empty() => {
                        let sum: Decimal = kids
                            .iter()
                            .map(|k| scores[&(unit.clone(), k.clone())].expect("child scored"))
                            .sum();
                        assert_eq!(sum, *score, "{unit} {code}: children add up to {sum}");
                    }
                    Some(_) => {}
                }
                // A field's self-assessment is the sum of its sub-criteria's.
                if let (None, Some(field_own)) =
                    (&parent[code], own.get(&(unit.clone(), code.clone())))
                {
                    let leaves: Decimal = order
                        .iter()
                        .filter(|c| {
                            c.starts_with(&format!("{code}.")) && !children.contains_key(*c)
                        })
                        .map(|c| own[&(unit.clone(), c.clone())])
                        .sum();
                    assert_eq!(leaves, *field_own, "{unit} {code}: self-assessment");
                }
            }
        }

        // Published figures against recomputed ones.
        let pt = Table::read(&file("published"));
        let recomputed: Vec<(String, Decimal, Decimal, Decimal)> = unit_order
            .iter()
            .map(|u| {
                let mut achieved = Decimal::zero();
                let mut max = Decimal::zero();
                for (code, p) in &parent {
                    if let (None, Some(score)) = (p, scores[&(u.clone(), code.clone())]) {
                        achieved += score;
                        max += fmax[code];
                    }
                }
                (
                    u.clone(),
                    achieved,
                    max,
                    achieved / max * Decimal::from(100),
                )
            })
            .collect();
        assert_eq!(pt.rows.len(), recomputed.len());
        let by_unit: BTreeMap<&str, &Vec<String>> = pt
            .rows
            .iter()
            .map(|r| (r[pt.col("unit")].as_str(), r))
            .collect();
        for (unit, achieved, max, index) in &recomputed {
            let row = by_unit[unit.as_str()];
            assert_eq!(pt.dec(&row[pt.col("achieved")]), *achieved);
            assert_eq!(pt.dec(&row[pt.col("max")]), *max);
            let printed = pt.dec(&row[pt.col("index")]);
            assert_eq!(printed, round2(*index), "{unit}: index");
            let rank = 1 + recomputed.iter().filter(|r| r.3 > *index).count();
            assert_eq!(row[pt.col("rank")], rank.to_string(), "{unit}: rank");
            let band = bands
                .iter()
                .find(|(_, min)| printed >= *min)
                .map(|(n, _)| n.as_str())
                .unwrap_or("");
            assert_eq!(row[pt.col("band")], band, "{unit}: band");
        }
        unit_order.len()
    }

    #[test]
    fn province_is_deterministic() {
        let (a, sa) = generate(1);
        let (b, sb) = generate(1);
        assert_eq!(sa, sb);
        let (ta, tb) = (tree(&a.path().join("data")), tree(&b.path().join("data")));
        assert_eq!(ta.len(), sa.files);
        assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
        for (path, bytes) in &ta {
            assert!(
                tb[path] == *bytes,
                "{} differs between runs",
                path.display()
            );
        }
    }

    #[test]
    fn different_seeds_give_different_scores() {
        let (a, _) = generate(1);
        let (b, _) = generate(2);
        let rel = Path::new("editions/2022/scores-huyen.csv");
        let fa = fs::read(a.path().join("data").join(rel)).expect("file");
        let fb = fs::read(b.path().join("data").join(rel)).expect("file");
        assert_ne!(fa, fb);
        // The registry does not depend on the seed: names stay stable for tests.
        assert_eq!(
            fs::read(a.path().join("data/units.csv")).expect("units"),
            fs::read(b.path().join("data/units.csv")).expect("units")
        );
    }

    #[test]
    fn province_is_valid_and_sized() {
        for seed in [1, 7, 2024] {
            let (dir, summary) = generate(seed);
            let root = dir.path().join("data");
            let counts = check_dataset(&root);
            assert_eq!(summary.editions, 5);
            for year in 2020..=2024 {
                let n = |k: &str| counts.get(&(year, k.to_string())).copied().unwrap_or(0);
                assert!(
                    (18..=22).contains(&n("so")),
                    "{year}: {} departments",
                    n("so")
                );
                assert_eq!(n("huyen"), 8);
                assert!((70..=90).contains(&n("xa")), "{year}: {} communes", n("xa"));
            }
            let score_files: usize = tree(&root)
                .iter()
                .filter(|(p, _)| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("scores-"))
                })
                .map(|(p, _)| Table::read(&root.join(p)).rows.len())
                .sum();
            assert_eq!(score_files, summary.score_rows);
        }
    }

    #[test]
    fn registry_has_the_realistic_quirks() {
        let (dir, summary) = generate(1);
        let t = Table::read(&dir.path().join("data/units.csv"));
        assert_eq!(t.rows.len(), summary.units);
        let names: Vec<&str> = t
            .rows
            .iter()
            .map(|r| r[t.col("short_name")].as_str())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("Đắk"))
                && names.iter().any(|n| n.starts_with("Đăk"))
        );
        let mut seen = BTreeMap::new();
        for row in &t.rows {
            if row[t.col("kind")] == "commune" {
                *seen.entry(row[t.col("short_name")].as_str()).or_insert(0) += 1;
            }
        }
        assert!(
            seen.values().any(|&n| n > 1),
            "some commune names repeat across districts"
        );
        let successors = t
            .rows
            .iter()
            .filter(|r| !r[t.col("successor")].is_empty())
            .count();
        assert!(successors >= 3, "a merger, an absorption and a rename");
        assert!(t
            .rows
            .iter()
            .any(|r| r[t.col("name")] == "Thành phố Minh Châu"));
        // Exactly one file is written the way Vietnamese-locale Excel saves it.
        let excel: Vec<_> = tree(&dir.path().join("data"))
            .into_iter()
            .filter(|(_, bytes)| bytes.starts_with("\u{feff}".as_bytes()))
            .map(|(p, _)| p)
            .collect();
        assert_eq!(excel, vec![PathBuf::from("editions/2021/scores-xa.csv")]);
    }

    #[test]
    fn frameworks_are_complete_and_total_100() {
        for detail in [Detail::Full, Detail::Light] {
            for level in [Level::Provincial, Level::Commune] {
                for era in [Era::Old, Era::New] {
                    let fw = framework(detail, level, era);
                    let top: Pts = fw
                        .iter()
                        .filter(|n| n.parent.is_none())
                        .map(|n| n.max)
                        .sum();
                    assert_eq!(top, Pts::whole(100));
                    for node in &fw {
                        assert!(
                            node.max >= Pts::QUARTER,
                            "{} has max {:?}",
                            node.code,
                            node.max
                        );
                        if !node.children.is_empty() {
                            let sum: Pts = node.children.iter().map(|&c| fw[c].max).sum();
                            assert_eq!(sum, node.max, "{}", node.code);
                        }
                    }
                }
            }
        }
        let old: Vec<String> = build_framework(Level::Provincial, Era::Old)
            .iter()
            .map(|n| n.code.clone())
            .collect();
        let new: Vec<String> = build_framework(Level::Provincial, Era::New)
            .iter()
            .map(|n| n.code.clone())
            .collect();
        assert_ne!(old, new, "the methodology break changes the tree");
    }

    #[test]
    fn national_preset_has_the_intended_shape() {
        let size = Preset::National.size();
        let registry = Registry::build(&size);
        assert_eq!(registry.provinces.len(), 63);
        assert!((12_000..=13_000).contains(&registry.units.len()));
        let count = |kind: Kind| registry.units.iter().filter(|u| u.kind == kind).count();
        assert_eq!(count(Kind::Department), 63 * 19);
        assert_eq!(count(Kind::District), 63 * 11);
        assert!((63 * 160..=63 * 180).contains(&count(Kind::Commune)));
        for level in [Level::Provincial, Level::Commune] {
            for era in [Era::Old, Era::New] {
                let fw = framework(size.detail, level, era);
                assert_eq!(fw.iter().filter(|n| n.parent.is_none()).count(), 8);
                assert!((36..=40).contains(&fw.len()), "{} nodes", fw.len());
            }
        }
        let names = |era| -> Vec<&str> {
            framework(Detail::Light, Level::Provincial, era)
                .iter()
                .map(|n| n.name)
                .collect()
        };
        assert_ne!(names(Era::Old), names(Era::New), "one framework change");
    }

    #[test]
    fn light_multi_province_with_absences_is_valid() {
        let size = SampleSize {
            provinces: 3,
            departments: 19,
            districts: 11,
            communes_per_district: 4,
            editions: 4,
            first_year: 2020,
            detail: Detail::Light,
            absent_per_mille: 100,
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let summary = write_sized(&size, 3, dir.path()).expect("written");
        check_dataset(dir.path());
        let units = read_units(dir.path());
        let mut absences = 0;
        let mut seen_years: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
        for year in 2020..=2023 {
            let edir = dir.path().join(format!("editions/{year}"));
            let edition: serde_json::Value =
                serde_json::from_slice(&fs::read(edir.join("edition.json")).expect("json"))
                    .expect("json");
            let groups = edition["groups"].as_array().expect("groups");
            assert_eq!(groups.len(), 9);
            let ids: BTreeSet<&str> = groups
                .iter()
                .map(|g| g["id"].as_str().expect("id"))
                .collect();
            assert_eq!(ids.len(), 9, "group ids unique in the edition");
            for g in groups {
                let id = g["id"].as_str().expect("id");
                assert!(
                    ["-so-nganh", "-huyen", "-xa"]
                        .iter()
                        .any(|k| id.ends_with(k)),
                    "{id}"
                );
                assert_eq!(g["scores"], format!("scores-{id}.csv"));
                let t = Table::read(&edir.join(g["scores"].as_str().expect("file")));
                for row in &t.rows {
                    seen_years
                        .entry(row[t.col("unit")].clone())
                        .or_default()
                        .insert(year);
                }
            }
        }
        for (id, unit) in &units {
            let valid = (2020..=2023).filter(|&y| {
                unit.valid_from.is_none_or(|f| y >= f) && unit.valid_to.is_none_or(|t| y <= t)
            });
            let seen = seen_years.get(id);
            absences += valid
                .filter(|y| !seen.is_some_and(|s| s.contains(y)))
                .count();
        }
        // Provinces are never scored; everything else valid is, bar absences.
        let provinces = 3 * 4;
        assert!(absences > provinces, "some units are missing in some years");
        assert!(summary.score_rows > 0);
    }

    #[test]
    fn multi_province_sizes_work() {
        let size = SampleSize {
            provinces: 3,
            departments: 19,
            districts: 11,
            communes_per_district: 4,
            editions: 2,
            first_year: 2021,
            detail: Detail::Full,
            absent_per_mille: 0,
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let summary = write_sized(&size, 5, dir.path()).expect("written");
        assert_eq!(summary.editions, 2);
        check_dataset(dir.path());
    }

    #[test]
    fn refuses_a_non_empty_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("keep.txt"), "x").expect("write");
        let err = write_sample(Preset::Province, 1, dir.path()).expect_err("must refuse");
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        // An existing empty directory is fine.
        let empty = tempfile::tempdir().expect("temp dir");
        write_sample(Preset::Province, 1, empty.path()).expect("written into empty dir");
    }

    #[test]
    fn numbers_render_as_printed() {
        assert_eq!(Pts(8574).render(false), "85.74");
        assert_eq!(Pts(9700).render(false), "97");
        assert_eq!(Pts(8380).render(false), "83.8");
        assert_eq!(Pts(8145).render(true), "81,45");
        assert_eq!(Pts(5).render(false), "0.05");
        let r = Ratio {
            achieved: Pts(8145),
            max: Pts(9500),
        };
        assert_eq!(r.index_rounded(), Pts(8574));
        // 56.75 / 60 = 94.58333...
        let r = Ratio {
            achieved: Pts(5675),
            max: Pts(6000),
        };
        assert_eq!(r.index_rounded(), Pts(9458));
        // Exactly half a hundredth rounds up: 0.01 / 40 * 100 = 0.025.
        let r = Ratio {
            achieved: Pts(1),
            max: Pts(4000),
        };
        assert_eq!(r.index_rounded(), Pts(3));
        assert_eq!(slug("Đắk Tơ Kan"), "dak-to-kan");
        assert_eq!(slug("Lao động - TB&XH"), "lao-dong-tb-xh");
    }

    #[test]
    fn ranks_share_only_exact_ties() {
        let r = |a, m| Ratio {
            achieved: Pts(a),
            max: Pts(m),
        };
        let entries = vec![
            (0, r(9000, 10000)),
            (1, r(8100, 9000)),
            (2, r(9500, 10000)),
            (3, r(8000, 10000)),
        ];
        let ranks: Vec<(usize, usize)> = ranked(&entries)
            .into_iter()
            .map(|(u, _, k)| (u, k))
            .collect();
        assert_eq!(ranks, vec![(2, 1), (0, 2), (1, 2), (3, 4)]);
        // Both print as 94.58 but 56.75 / 60 = 94.583... ranks first.
        let entries = vec![(0, r(9458, 10000)), (1, r(5675, 6000))];
        let ranks: Vec<(usize, usize)> = ranked(&entries)
            .into_iter()
            .map(|(u, _, k)| (u, k))
            .collect();
        assert_eq!(ranks, vec![(1, 1), (0, 2)]);
    }
}
