//! What the starter folder says: its example units and fields, its JSON
//! files with their comment keys, its pages and the guide, in Vietnamese.

/// One field of the starter's framework: those of a province's departments
/// since the 2022 methodology (the Hà Nam 2022 example), the survey of
/// satisfaction last, 100 points in all.
pub(super) struct Field {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) max: u32,
}

pub(super) const FIELDS: [Field; 8] = [
    Field {
        code: "1",
        name: "Công tác chỉ đạo, điều hành cải cách hành chính",
        max: 14,
    },
    Field {
        code: "2",
        name: "Cải cách thể chế",
        max: 10,
    },
    Field {
        code: "3",
        name: "Cải cách thủ tục hành chính",
        max: 19,
    },
    Field {
        code: "4",
        name: "Cải cách tổ chức bộ máy hành chính nhà nước",
        max: 8,
    },
    Field {
        code: "5",
        name: "Cải cách chế độ công vụ",
        max: 13,
    },
    Field {
        code: "6",
        name: "Cải cách tài chính công",
        max: 6,
    },
    Field {
        code: "7",
        name: "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        max: 20,
    },
    Field {
        code: "8",
        name: "Khảo sát sự hài lòng của người dân, tổ chức",
        max: 10,
    },
];

/// A ranking group of the edition, and the sheet of the workbook it reads.
pub(super) struct Group {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) sheet: &'static str,
    kind: &'static str,
    prefixes: &'static [&'static str],
}

impl Group {
    pub(super) fn admits(&self, unit: &ExampleUnit) -> bool {
        unit.kind == self.kind && self.prefixes.iter().any(|p| unit.name.starts_with(p))
    }
}

/// The groups a province ranks since 1 July 2025.
pub(super) const GROUPS: [Group; 3] = [
    Group {
        id: "so-nganh",
        name: "Các sở, ban, ngành",
        sheet: "Sở, ngành",
        kind: "department",
        prefixes: &["Sở", "Ban"],
    },
    Group {
        id: "phuong",
        name: "Các phường",
        sheet: "Phường",
        kind: "commune",
        prefixes: &["Phường"],
    },
    Group {
        id: "xa-dac-khu",
        name: "Các xã, đặc khu",
        sheet: "Xã, đặc khu",
        kind: "commune",
        prefixes: &["Xã", "Đặc khu"],
    },
];

pub(super) struct ExampleUnit {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) short_name: &'static str,
    pub(super) kind: &'static str,
    pub(super) parent: &'static str,
    pub(super) valid_from: &'static str,
}

const fn unit(
    id: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: &'static str,
    parent: &'static str,
    valid_from: &'static str,
) -> ExampleUnit {
    ExampleUnit {
        id,
        name,
        short_name,
        kind,
        parent,
        valid_from,
    }
}

/// Example units of a fictional province, to be replaced by the province's
/// own (the wards, communes and special zone formed on 1 July 2025).
pub(super) const UNITS: [ExampleUnit; 10] = [
    unit("tinh", "Tỉnh Minh Sơn", "Minh Sơn", "province", "", ""),
    unit("so-noi-vu", "Sở Nội vụ", "Nội vụ", "department", "tinh", ""),
    unit(
        "so-tu-phap",
        "Sở Tư pháp",
        "Tư pháp",
        "department",
        "tinh",
        "",
    ),
    unit(
        "so-tai-chinh",
        "Sở Tài chính",
        "Tài chính",
        "department",
        "tinh",
        "",
    ),
    unit(
        "so-xay-dung",
        "Sở Xây dựng",
        "Xây dựng",
        "department",
        "tinh",
        "",
    ),
    unit(
        "phuong-an-binh",
        "Phường An Bình",
        "An Bình",
        "commune",
        "tinh",
        "2025-07-01",
    ),
    unit(
        "phuong-hoa-lac",
        "Phường Hòa Lạc",
        "Hòa Lạc",
        "commune",
        "tinh",
        "2025-07-01",
    ),
    unit(
        "xa-tan-lap",
        "Xã Tân Lập",
        "Tân Lập",
        "commune",
        "tinh",
        "2025-07-01",
    ),
    unit(
        "xa-phu-my",
        "Xã Phú Mỹ",
        "Phú Mỹ",
        "commune",
        "tinh",
        "2025-07-01",
    ),
    unit(
        "dac-khu-hon-ngoc",
        "Đặc khu Hòn Ngọc",
        "Hòn Ngọc",
        "commune",
        "tinh",
        "2025-07-01",
    ),
];

pub(super) fn site_json() -> String {
    r#"{
  "_huong_dan": "Điền tên chỉ số và cơ quan công bố. Khi dữ liệu là kết quả chính thức, đổi \"sample\" thành false: trang web thôi ghi \"dữ liệu minh hoạ\".",
  "title": "Chỉ số cải cách hành chính tỉnh Minh Sơn",
  "publisher": "Sở Nội vụ tỉnh Minh Sơn",
  "language": "vi",
  "sample": true
}
"#
    .to_string()
}

pub(super) fn edition_json(year: i32) -> String {
    let groups: Vec<String> = GROUPS
        .iter()
        .map(|g| {
            format!(
                r#"    {{"id": "{id}", "name": "{name}", "framework": "framework-{id}.csv", "scores_wide": "{file}#{sheet}"}}"#,
                id = g.id,
                name = g.name,
                file = super::workbook::FILE,
                sheet = g.sheet,
            )
        })
        .collect();
    format!(
        r#"{{
  "_huong_dan": "Một kỳ đánh giá. Điểm của từng đơn vị nằm trong tệp {file}, mỗi nhóm một trang tính. Bộ tiêu chí (framework-*.csv) chỉ là mẫu lấy các lĩnh vực của bộ tiêu chí cấp tỉnh từ năm 2022: thay bằng bộ tiêu chí trong quyết định của tỉnh. Các mức xếp loại (bands) cũng phải theo quyết định của tỉnh.",
  "year": {year},
  "title": "Chỉ số cải cách hành chính năm {year}",
  "status": "final",
  "published_on": "{next}-01-15",
  "scale": 100,
  "decimals": 2,
  "bands": [
    {{"name": "Xuất sắc", "min": 90}},
    {{"name": "Tốt", "min": 80}},
    {{"name": "Khá", "min": 70}},
    {{"name": "Trung bình", "min": 50}},
    {{"name": "Yếu", "min": 0}}
  ],
  "groups": [
{groups}
  ],
  "documents": []
}}
"#,
        file = super::workbook::FILE,
        next = year + 1,
        groups = groups.join(",\n"),
    )
}

pub(super) const ABOUT: &str = "# Giới thiệu

Trang này công bố Chỉ số cải cách hành chính của các sở, ban, ngành, các phường và các xã, đặc khu của tỉnh.

*Sửa trang này trong tệp `content/gioi-thieu.md`: cơ quan công bố, địa chỉ liên hệ, căn cứ pháp lý.*
";

pub(super) const METHOD: &str = "# Phương pháp

Chỉ số của mỗi đơn vị là tổng điểm đạt được chia cho tổng điểm tối đa của các tiêu chí áp dụng, nhân 100. Xếp hạng trong từng nhóm theo chỉ số, từ cao xuống thấp.

*Sửa trang này trong tệp `content/phuong-phap.md` theo quyết định phê duyệt bộ tiêu chí của tỉnh.*
";

pub(super) fn guide(year: i32) -> String {
    format!(
        "# Bắt đầu công bố Chỉ số cải cách hành chính

Thư mục này là một bộ dữ liệu mẫu hoàn chỉnh: `chiso check` không báo lỗi và `chiso build` dựng được trang web. Mọi đơn vị, tiêu chí và điểm số trong đó đều là ví dụ, cần thay bằng số liệu của tỉnh.

## Các bước

1. **Thông tin chung**: sửa `data/site.json` (tên chỉ số, cơ quan công bố).
2. **Danh mục đơn vị**: sửa `data/units.csv`, mỗi dòng một đơn vị: `id` (mã viết thường, không dấu, ví dụ `xa-tan-lap`), `name` (tên đầy đủ), `kind` (`department` cho sở, ngành; `commune` cho phường, xã, đặc khu), `parent`, `valid_from` (ngày thành lập, ví dụ `2025-07-01`).
3. **Bộ tiêu chí**: thay `data/editions/{year}/framework-*.csv` bằng bộ tiêu chí trong quyết định của tỉnh (`code`, `parent`, `name`, `max`).
4. **Điểm**: mở `data/editions/{year}/diem.xlsx` bằng Excel. Mỗi nhóm một trang tính; mỗi đơn vị một dòng, mỗi tiêu chí một cột; dòng *Điểm tối đa* ghi điểm tối đa của từng cột. Ghi điểm thẩm định vào từng ô: số từ 0 đến điểm tối đa, `x` nếu tiêu chí không áp dụng với đơn vị, để trống nếu chưa có điểm. Tên đơn vị ở cột *Đơn vị* phải đúng như trong `units.csv`. Khi bộ tiêu chí thay đổi, sửa tiêu đề cột và dòng *Điểm tối đa* cho khớp.
5. **Kiểm tra**: chạy `chiso check --data data`. Mỗi lỗi ghi rõ tệp, ô (ví dụ `diem.xlsx#Xã, đặc khu!D7`), giá trị tìm thấy và giá trị cần có.
6. **Xem trước**: chạy `chiso serve` rồi mở địa chỉ nó in ra; trang web tự cập nhật mỗi khi lưu tệp.
7. **Dựng trang web**: chạy `chiso build`; trang web nằm trong thư mục `public/`, chép lên máy chủ web hoặc mở `public/index.html` trực tiếp.
8. **Công bố chính thức**: khi số liệu là kết quả đã ký, đổi `\"sample\": true` thành `\"sample\": false` trong `data/site.json`, thêm quyết định công bố vào `documents` của `edition.json`.

Mô tả đầy đủ định dạng dữ liệu: tài liệu `docs/data-format.md` của chiso.
"
    )
}
