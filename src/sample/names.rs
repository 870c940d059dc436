//! The names of the sample's places: fictional provinces, departments,
//! districts and communes (with the Đắk/Đăk spellings and the repeated
//! commune names of real registries), and their folding into ids.

/// Province names are built from these syllables; none of the combinations is
/// a real province. The first pair gives the Province preset's "Minh Sơn".
const PROVINCE_FIRST: [&str; 10] = [
    "Minh", "Vân", "Lạc", "Đông", "Kim", "Bảo", "Tân", "Hưng", "Thịnh", "Triệu",
];
const PROVINCE_SECOND: [&str; 8] = ["Sơn", "Hà", "Phong", "Lâm", "Xuyên", "Điền", "Châu", "Khê"];

pub(super) struct DepartmentDef {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) short_name: &'static str,
    pub(super) name_en: &'static str,
    /// Used in document numbers ("12/BC-SNV").
    pub(super) abbr: &'static str,
    /// Bodies without public-facing procedures are not surveyed.
    pub(super) surveyed: bool,
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

pub(super) const DEPARTMENTS: [DepartmentDef; 20] = [
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
pub(super) const RENAMED_DEPARTMENT: DepartmentDef = dept(
    "ban-quan-ly-khu-kinh-te",
    "Ban Quản lý Khu kinh tế",
    "BQL Khu kinh tế",
    "Economic Zone Authority",
    "BQLKKT",
    true,
);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum DistrictType {
    City,
    Town,
    Rural,
}

impl DistrictType {
    pub(super) fn prefix(self) -> &'static str {
        match self {
            DistrictType::City => "Thành phố",
            DistrictType::Town => "Thị xã",
            DistrictType::Rural => "Huyện",
        }
    }

    /// How the unit calls itself inside a sentence ("Phòng Nội vụ huyện").
    pub(super) fn word(self) -> &'static str {
        match self {
            DistrictType::City => "thành phố",
            DistrictType::Town => "thị xã",
            DistrictType::Rural => "huyện",
        }
    }

    pub(super) fn english(self) -> &'static str {
        match self {
            DistrictType::City => "City",
            DistrictType::Town => "Town",
            DistrictType::Rural => "District",
        }
    }

    /// Share of an urban district's communes that are wards, in tenths.
    pub(super) fn ward_tenths(self) -> usize {
        match self {
            DistrictType::City => 6,
            DistrictType::Town => 5,
            DistrictType::Rural => 0,
        }
    }
}

pub(super) struct DistrictDef {
    pub(super) kind: DistrictType,
    pub(super) name: &'static str,
    /// Communes typical of this district, used before the generic pool.
    pub(super) communes: &'static [&'static str],
}

/// Fictional districts. The first eight have their own communes (with the
/// Đắk/Đăk spellings of the Central Highlands in two of them); the rest, only
/// needed by larger sizes, draw on GENERIC_COMMUNES.
pub(super) const DISTRICTS: [DistrictDef; 12] = [
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
pub(super) const GENERIC_COMMUNES: [&str; 40] = [
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
pub(super) const MERGED_COMMUNES: [&str; 4] = ["Thống Nhất", "Đoàn Kết", "Hợp Thành", "Đồng Tiến"];

/// How far each district's commune count departs from the nominal size, so
/// that districts differ as real ones do while the total stays nominal.
pub(super) const COMMUNE_COUNT_VARIATION: [isize; 8] = [2, 0, -1, 1, 0, 1, -2, -1];

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

pub(super) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            FOLDS
                .iter()
                .find(|(set, _)| set.contains(c))
                .map_or(c, |(_, base)| *base)
        })
        .collect()
}

pub(super) fn slug(text: &str) -> String {
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

pub(super) fn province_name_capacity() -> usize {
    PROVINCE_FIRST.len() * PROVINCE_SECOND.len()
}

pub(super) fn province_name(index: usize) -> String {
    let first = PROVINCE_FIRST[index % PROVINCE_FIRST.len()];
    let second = PROVINCE_SECOND[(index / PROVINCE_FIRST.len()) % PROVINCE_SECOND.len()];
    format!("{first} {second}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_names_without_diacritics() {
        assert_eq!(slug("Đắk Tơ Kan"), "dak-to-kan");
        assert_eq!(slug("Lao động - TB&XH"), "lao-dong-tb-xh");
    }
}
