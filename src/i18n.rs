//! The site's words and number formats, in Vietnamese and English.
//!
//! Templates read their words from `t.<key>`; numbers and dates reach
//! templates already formatted for the site's language, so a Vietnamese
//! page shows `85,74` and `31/01/2023` without any template logic.

use crate::model::{Language, PartialDate, UnitKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// (key, Vietnamese, English).
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip", "Bỏ qua đến nội dung chính", "Skip to main content"),
    ("nav_label", "Điều hướng chính", "Main navigation"),
    ("breadcrumb", "Đường dẫn", "Breadcrumb"),
    ("home", "Trang chủ", "Home"),
    ("editions", "Các năm", "Editions"),
    ("edition", "Năm", "Edition"),
    ("units", "Đơn vị", "Units"),
    ("unit", "Đơn vị", "Unit"),
    ("all_units", "Danh sách đơn vị", "All units"),
    ("trends", "Xu hướng", "Trends"),
    ("documents", "Văn bản", "Documents"),
    ("data", "Dữ liệu", "Data"),
    ("methodology", "Phương pháp", "Methodology"),
    ("search_label", "Tìm đơn vị", "Find a unit"),
    ("search_placeholder", "Ví dụ: dak to re", "For example: dak to re"),
    ("search_button", "Tìm", "Search"),
    ("search_help", "Gõ tên đơn vị, có dấu hoặc không dấu.", "Type a unit's name, with or without diacritics."),
    ("sample_notice", "Dữ liệu minh hoạ: các đơn vị và điểm số trên trang này là hư cấu, không phải kết quả chính thức.", "Sample data: the units and scores on this site are fictional, not official results."),
    ("draft_notice", "DỰ THẢO: kết quả năm này chưa được công bố chính thức.", "DRAFT: this edition's results are not officially published."),
    ("rank", "Xếp hạng", "Rank"),
    ("rank_of", "trên", "of"),
    ("achieved", "Điểm đạt", "Points"),
    ("max", "Điểm tối đa", "Maximum"),
    ("index", "Chỉ số", "Index"),
    ("band", "Xếp loại", "Band"),
    ("change", "Thay đổi", "Change"),
    ("change_index", "Thay đổi chỉ số", "Index change"),
    ("change_rank", "Thay đổi hạng", "Rank change"),
    ("since", "so với năm", "since"),
    ("change_previous", "Thay đổi so với kỳ đánh giá trước", "Changes since the previous edition"),
    ("new_entry", "mới", "new"),
    ("up", "tăng", "up"),
    ("down", "giảm", "down"),
    ("same", "không đổi", "unchanged"),
    ("places", "bậc", "places"),
    ("points", "điểm", "points"),
    ("survey", "Khảo sát", "Survey"),
    ("mean", "Trung bình", "Mean"),
    ("median", "Trung vị", "Median"),
    ("highest", "Cao nhất", "Highest"),
    ("lowest", "Thấp nhất", "Lowest"),
    ("gap", "Khoảng cách cao nhất - thấp nhất", "Gap between highest and lowest"),
    ("above_mean", "Số đơn vị trên mức trung bình", "Units above the mean"),
    ("band_counts", "Số đơn vị theo xếp loại", "Units by band"),
    ("count", "Số đơn vị", "Units"),
    ("group_stats", "Thống kê của nhóm", "Group statistics"),
    ("ranking", "Bảng xếp hạng", "Ranking"),
    ("ranking_chart", "Biểu đồ xếp hạng", "Ranking chart"),
    ("heatmap", "Tỷ lệ điểm đạt theo lĩnh vực", "Share of points by field"),
    ("heatmap_summary", "Mỗi ô là điểm đạt của đơn vị trong lĩnh vực, tính theo % điểm tối đa của lĩnh vực.", "Each cell is the unit's score in the field as % of the field's maximum."),
    ("fields", "Lĩnh vực", "Fields"),
    ("legend", "Chú giải", "Legend"),
    ("print_card", "In / Lưu PDF", "Print / Save as PDF"),
    ("print_source", "Nguồn", "Source"),
    ("print_lost_note", "Bản in chỉ nêu các tiêu chí bị trừ nhiều điểm nhất; danh sách đầy đủ ở trang web.", "The printout lists only the criteria that lost the most points; the full list is on the website."),
    ("field", "Lĩnh vực", "Field"),
    ("criterion", "Tiêu chí", "Criterion"),
    ("criteria", "Tiêu chí thành phần", "Criteria"),
    ("code", "Mã", "Code"),
    ("name", "Tên", "Name"),
    ("score", "Điểm", "Score"),
    ("percent", "Tỷ lệ đạt", "Share"),
    ("lost", "Điểm bị trừ", "Points lost"),
    (
        "units_by_top_level",
        "Danh sách đơn vị theo từng tỉnh, thành phố:",
        "Units listed by province:",
    ),
    (
        "lost_points_older",
        "Điểm bị trừ các năm trước nữa",
        "Points lost in earlier years",
    ),
    (
        "lost_points_older_note",
        "Lý do trừ điểm của từng tiêu chí trong mọi năm có trong bảng điểm chi tiết của từng năm ở trang",
        "The reason for every sub-criterion's lost points, in every year, is in each year's detailed scores on the page",
    ),
    ("reason", "Nguyên nhân", "Reason"),
    ("responsible", "Trách nhiệm", "Responsible"),
    ("self_score", "Điểm tự đánh giá", "Self-assessed"),
    ("appraised", "Điểm thẩm định", "Appraised"),
    ("difference", "Chênh lệch", "Difference"),
    ("not_applicable", "Không áp dụng", "Not applicable"),
    ("data_table", "Bảng số liệu", "Data table"),
    ("download_csv", "Tải số liệu (CSV)", "Download data (CSV)"),
    ("download_svg", "Tải biểu đồ (SVG)", "Download chart (SVG)"),
    ("map", "Bản đồ", "Map"),
    ("map_legend", "Chú giải bản đồ", "Map legend"),
    ("map_by_band", "tô màu theo xếp loại", "coloured by band"),
    ("map_by_class", "tô màu theo nhóm chỉ số (mỗi nhóm khoảng một phần năm số đơn vị)", "coloured by index class (each about a fifth of the units)"),
    ("map_by_share", "tô màu theo tỷ lệ điểm đạt của lĩnh vực (mỗi nhóm khoảng một phần năm số đơn vị)", "coloured by the field's share of its maximum (each class about a fifth of the units)"),
    ("map_image_note", "Bản đồ nhiều đơn vị được hiển thị dưới dạng hình ảnh để trang tải nhanh; bảng bên dưới dẫn tới trang của từng đơn vị.", "A map of this many units is shown as an image, so the page loads fast; the table below leads to each unit's page."),
    ("map_parents_note", "Bản đồ có quá nhiều đơn vị để chọn từng đơn vị: chọn một vùng để mở trang các đơn vị trực thuộc vùng đó, có bản đồ riêng dẫn tới từng đơn vị; bảng bên dưới cũng dẫn tới trang của từng đơn vị.", "This map has too many units to choose each on it: choose an area to open the page of its units, whose own map leads to each of them; the table below also leads to each unit's page."),
    ("map_parent_link", "đơn vị trên bản đồ; mở để xem từng đơn vị", "units on this map; open to see each one"),
    ("map_links_note", "Chọn một đơn vị trên bản đồ để mở trang của đơn vị; bảng bên dưới cho cùng số liệu.", "Choose a unit on the map to open its page; the table below gives the same figures."),
    ("map_no_result", "Không có kết quả", "No result"),
    ("map_other_units", "Đơn vị khác (nhóm khác, chưa xếp loại)", "Other units (another group, no band)"),
    ("map_context", "Ngoài các đơn vị (biển, đảo, vùng lân cận)", "Outside the units (sea, islands, neighbours)"),
    ("map_source", "Nguồn bản đồ", "Map source"),
    ("map_licence", "Giấy phép bản đồ", "Map licence"),
    ("map_locator", "Vị trí trên bản đồ", "On the map"),
    ("map_locator_of", "Vị trí của", "Location of"),
    ("map_in_group", "trong", "among"),
    ("download_map", "Tải bản đồ (SVG)", "Download map (SVG)"),
    ("map_units", "đơn vị", "units"),
    ("map_from", "từ", "from"),
    ("map_to", "đến", "to"),
    ("group_mean", "Trung bình nhóm", "Group mean"),
    ("compare", "So sánh đơn vị", "Compare units"),
    ("compare_with", "So sánh với", "Compare with"),
    ("compare_units_of", "So sánh các đơn vị thuộc", "Compare the units of"),
    ("compare_other", "So sánh với đơn vị khác…", "Compare with other units…"),
    ("compare_mean_note", "Trung bình được tính từ số liệu chưa làm tròn, chỉ làm tròn khi hiển thị.", "Means are computed from unrounded figures and rounded only when shown."),
    ("units_above_mean", "đơn vị trên mức trung bình", "units above the mean"),
    ("common_lost", "Tiêu chí nhiều đơn vị trong nhóm bị trừ điểm nhất", "Criteria where most units of the group lost points"),
    ("units_losing", "Số đơn vị bị trừ điểm", "Units that lost points"),
    ("compare_side_by_side", "So sánh các đơn vị trực thuộc: chỉ số, xếp hạng và điểm từng lĩnh vực", "Compare these units side by side: index, rank and points by field"),
    ("compare_parent_lead", "Chỉ số, xếp hạng trong nhóm, xếp loại và điểm từng lĩnh vực của các đơn vị thuộc", "Index, rank in the group, band and points by field of the units of"),
    ("mean_of_these", "Trung bình các đơn vị trên", "Mean of the units above"),
    ("compare_lead", "Chọn hai hoặc ba đơn vị để xem cạnh nhau: chỉ số, xếp hạng, xếp loại, điểm từng lĩnh vực, điểm bị trừ và chỉ số qua các năm. Địa chỉ trang ghi lại các đơn vị đã chọn để chia sẻ.", "Choose two or three units to see them side by side: index, rank, band, points by field, points lost and the index over the years. The page's address records the units chosen, to share."),
    ("compare_search", "Thêm đơn vị để so sánh", "Add a unit to compare"),
    ("compare_help", "Gõ tên đơn vị, có dấu hoặc không dấu, rồi chọn; tối đa ba đơn vị.", "Type a unit's name, with or without diacritics, then choose it; three units at most."),
    ("compare_add", "Thêm", "Add"),
    ("compare_remove", "Bỏ", "Remove"),
    ("compare_full", "Đã chọn đủ ba đơn vị.", "Three units are chosen."),
    ("compare_missing", "Chưa có kết quả", "No result"),
    ("compare_link", "Địa chỉ để chia sẻ", "Link to share"),
    ("compare_link_text", "so sánh này", "this comparison"),
    ("compare_nojs", "Chọn tự do các đơn vị để so sánh cần JavaScript. Không có JavaScript: trang của mỗi đơn vị có mục so sánh với trung bình nhóm, và các trang dưới đây đặt cạnh nhau các đơn vị cùng thuộc một đơn vị cấp trên.", "Choosing units freely needs JavaScript. Without it: each unit's page compares it with its group's mean, and the pages below set the units of each parent unit side by side."),
    ("compare_prebuilt", "So sánh các đơn vị cùng cấp trên", "Units compared within their parent"),
    ("parent_filter", "Lọc theo đơn vị cấp trên", "Filter by parent unit"),
    ("parent_all", "Tất cả", "All"),
    ("latest", "Kết quả mới nhất", "Latest result"),
    ("history", "Kết quả qua các năm", "Results over the years"),
    ("lineage_formed", "Thành lập từ", "Formed on"),
    ("lineage_formed_from", "trên cơ sở sắp xếp", "from"),
    ("lineage_absorbed", "các đơn vị sau chấm dứt hoạt động, địa bàn thuộc trực tiếp đơn vị này:", "these units were dissolved into this one:"),
    ("lineage_part", "một phần", "part"),
    ("lineage_and", "và", "and"),
    ("lineage_basis", "Căn cứ", "Legal basis"),
    (
        "lineage_basis_shared",
        "Căn cứ của các thay đổi dưới đây, trừ thay đổi ghi căn cứ riêng",
        "Legal basis of the changes below, unless a change states its own",
    ),
    ("lineage_renamed_on", "Đổi tên từ", "Renamed on"),
    ("lineage_formerly", "trước đây là", "formerly"),
    ("lineage_reclassed_on", "Chuyển đổi từ", "Reclassified on"),
    ("lineage_reclassed_from", "từ", "from"),
    ("lineage_since", "Từ", "Since"),
    ("reorganisation", "Sắp xếp đơn vị hành chính", "Reorganisation of administrative units"),
    ("reorganisation_lead", "Mọi thay đổi đơn vị hành chính theo ngày hiệu lực, với căn cứ pháp lý.", "Every change of administrative units by the day it took effect, with its legal basis."),
    ("reorganisation_counts", "Số đơn vị trước và sau sắp xếp", "Units before and after the reorganisation"),
    ("reorganisation_filter", "Lọc theo tên cũ hoặc tên mới", "Filter by old or new name"),
    ("reorganisation_from", "Đơn vị cũ", "Former unit"),
    ("reorganisation_to", "Đơn vị mới", "New unit"),
    ("reorganisation_kind", "Hình thức", "Change"),
    ("reorganisation_share", "Tỷ lệ", "Share"),
    ("reorganisation_by_unit", "Thay đổi theo tỉnh, thành phố", "Changes by province"),
    ("changes_word", "thay đổi", "changes"),
    ("from_day", "từ", "from"),
    ("changes_found", "Tìm thấy {n} thay đổi", "{n} changes found"),
    ("changes_none", "Không tìm thấy thay đổi nào", "No change found"),
    ("units_found", "Tìm thấy {n} đơn vị", "{n} units found"),
    ("units_shown", ", hiển thị {s}", ", {s} shown"),
    ("units_none", "Không tìm thấy đơn vị nào", "No unit found"),
    ("lineage_kind_merge", "Sáp nhập", "Merged"),
    ("lineage_kind_split", "Chia tách một phần", "Part split off"),
    ("lineage_kind_rename", "Đổi tên", "Renamed"),
    ("lineage_kind_reclass", "Chuyển đổi loại hình", "Reclassified"),
    ("lineage_kind_move", "Chuyển trực thuộc", "Moved"),
    ("lineage_kind_dissolved", "Chấm dứt hoạt động", "Dissolved"),
    ("lineage_dissolved", "Chấm dứt hoạt động từ", "Dissolved on"),
    ("lineage_dissolved_children", "Các đơn vị trực thuộc và đơn vị mới tương ứng", "Its units and what each became"),
    ("lineage_unchanged", "không thay đổi", "unchanged"),
    ("lineage_became", "được sắp xếp vào:", "reorganised into:"),
    ("lineage_renamed_to", "đổi tên thành", "renamed"),
    ("lineage_reclassed_to", "chuyển thành", "became"),
    ("lineage_moved_to", "trực thuộc", "part of"),
    ("lineage_moved_in", "Đơn vị chuyển đến", "Units moved here"),
    ("lineage_former_names", "Tên cũ", "Former names"),
    ("lineage_until", "đến", "until"),
    ("lineage_now", "nay là", "now"),
    ("lineage_history_break", "Trước khi sắp xếp: kết quả riêng của từng đơn vị tiền thân, không cộng gộp", "Before the reorganisation: each predecessor's own results, not combined"),
    ("lineage_of", "Đơn vị", "Unit"),
    ("new_unit", "đơn vị mới", "new unit"),
    ("ranked_elsewhere", "xếp hạng trong nhóm khác năm", "ranked in another group in"),
    ("fields_chart", "Điểm theo lĩnh vực so với trung bình nhóm", "Fields against the group mean"),
    ("trend_chart", "Chỉ số qua các năm", "Index over the years"),
    ("methodology_break", "Thay đổi bộ tiêu chí", "Methodology changed"),
    ("methodology_break_note", "Bộ tiêu chí thay đổi từ năm này: so sánh với các năm trước chỉ mang tính tham khảo.", "The criteria changed from this edition: comparisons with earlier years are indicative only."),
    ("lost_points", "Các tiêu chí bị trừ điểm", "Where points were lost"),
    ("no_lost_points", "Không có tiêu chí thành phần nào bị trừ điểm được ghi nhận.", "No sub-criterion recorded a loss of points."),
    ("self_vs_appraised", "Tự đánh giá và thẩm định", "Self-assessment and appraisal"),
    ("parent_unit", "Trực thuộc", "Part of"),
    ("child_units", "Đơn vị trực thuộc", "Units within"),
    ("unit_documents", "Văn bản liên quan", "Related documents"),
    ("discrepancy", "Số liệu công bố khác số liệu tính toán", "Published figure differs from the computed one"),
    ("discrepancy_text", "Quyết định công bố ghi", "The signed decision prints"),
    ("discrepancy_computed", "trong khi tổng điểm thành phần cho", "while the component scores give"),
    ("discrepancy_reason", "Lý do công bố", "Reason given"),
    ("ranks_unrounded", "Thứ hạng được xác định theo chỉ số chưa làm tròn, nên hai đơn vị có cùng chỉ số hiển thị vẫn có thể khác hạng.", "Ranks follow the unrounded index, so two units showing the same rounded index can hold different ranks."),
    ("ranks_printed", "Thứ hạng theo quyết định công bố, nên hai đơn vị có cùng chỉ số hiển thị vẫn có thể khác hạng.", "Ranks are as printed in the signed decision, so two units showing the same index can hold different ranks."),
    ("discrepancy_mark_note", "* Quyết định công bố ghi số liệu hoặc thứ hạng khác với kết quả tính từ điểm thành phần; số liệu đã ký được giữ nguyên, lý do nêu trên trang của đơn vị.", "* The signed decision prints a figure or rank that differs from what the component scores give; the signed one is kept, for the reason given on the unit's page."),
    ("unit_id", "Mã đơn vị", "Unit id"),
    ("printed_figures_note", "Số liệu hiển thị là số liệu trong quyết định công bố.", "Figures shown are those printed in the signed decision."),
    ("group", "Nhóm", "Group"),
    ("groups", "Các nhóm xếp hạng", "Ranking groups"),
    ("best", "Cao nhất", "Best"),
    ("worst", "Thấp nhất", "Lowest"),
    ("view_ranking", "Xem bảng xếp hạng", "View the ranking"),
    ("published_on", "Ngày công bố", "Published on"),
    ("number", "Số hiệu", "Number"),
    ("number_short", "số", "No."),
    ("dated", "ngày", "of"),
    ("permalink", "Liên kết", "Link"),
    ("embed", "Nhúng", "Embed"),
    ("embed_code", "Mã nhúng (iframe)", "Embed code (iframe)"),
    ("embed_relative", "Địa chỉ trong mã nhúng tính từ thư mục gốc của trang web: thêm địa chỉ trang web vào trước khi dùng.", "The address in the code is from the site's root: put the site's address before it."),
    ("embed_back", "Xem trên trang gốc", "See it on its page"),
    ("data_source", "Nguồn số liệu", "Source of the data"),
    ("copy_link", "Chép liên kết", "Copy link"),
    ("link_copied", "Đã chép liên kết", "Link copied"),
    ("date", "Ngày", "Date"),
    ("signer", "Người ký", "Signed by"),
    ("document_decision", "Quyết định", "Decision"),
    ("document_report", "Báo cáo", "Report"),
    ("title", "Trích yếu", "Title"),
    ("size", "Dung lượng", "Size"),
    ("sha256", "SHA-256", "SHA-256"),
    ("kind", "Loại", "Kind"),
    ("download", "Tải về", "Download"),
    ("no_documents", "Chưa có văn bản.", "No documents yet."),
    ("risers", "Tăng nhiều nhất", "Biggest risers"),
    ("fallers", "Giảm nhiều nhất", "Biggest fallers"),
    ("group_means", "Chỉ số trung bình của nhóm qua các năm", "Group mean index over the years"),
    ("year", "Năm", "Year"),
    ("distribution", "Phân bố", "Distribution"),
    ("units_count", "Số đơn vị", "Number of units"),
    ("field_mean_history", "Trung bình nhóm của lĩnh vực qua các năm", "The field's group mean over the years"),
    ("sub_criteria", "Tiêu chí thành phần", "Sub-criteria"),
    ("up_level", "Thuộc", "Part of"),
    ("untranslated", "Trang này chưa có bản tiếng Việt; dưới đây là bản gốc.", "This page has no English version yet; the original follows."),
    ("not_found_title", "Không tìm thấy trang", "Page not found"),
    ("not_found_text", "Trang bạn tìm không có trên trang này. Hãy tìm đơn vị hoặc quay về trang chủ.", "The page you are looking for is not here. Find a unit or go back home."),
    ("publisher", "Cơ quan công bố", "Published by"),
    ("licence", "Giấy phép dữ liệu", "Data licence"),
    ("contact", "Liên hệ", "Contact"),
    ("feed", "Tin mới (Atom)", "News feed (Atom)"),
    ("index_explained", "Chỉ số = điểm đạt / điểm tối đa áp dụng × 100", "Index = points achieved / applicable maximum × 100"),
    ("alphabetical", "Danh sách đơn vị theo thứ tự chữ cái", "Units in alphabetical order"),
    ("every_edition", "Tất cả các năm", "Every edition"),
    ("of_units", "đơn vị", "units"),
    ("summary_rank", "xếp hạng", "ranks"),
    ("summary_with", "với", "with"),
    ("summary_points", "điểm", "points"),
    ("in_group", "trong nhóm", "in"),
    ("no_result", "Không có kết quả trong năm này.", "No result in this edition."),
    ("province", "Tỉnh", "Province"),
    ("department", "Sở, ngành", "Department"),
    ("district", "Huyện", "District"),
    ("commune", "Xã", "Commune"),
    ("other", "Khác", "Other"),
    ("yes", "Có", "Yes"),
    ("page_of_site", "Trang", "Page"),
    ("language_name", "Tiếng Việt", "English"),
    ("data_title", "Dữ liệu mở", "Open data"),
    ("data_intro", "Toàn bộ số liệu của trang này có thể tải về để kiểm tra và so sánh: CSV (UTF-8, mở được bằng Excel), XLSX, JSON và một cơ sở dữ liệu SQLite.", "Every figure on this site can be downloaded to check and compare: CSV (UTF-8, opens in Excel), XLSX, JSON and one SQLite database."),
    ("all_editions", "Tất cả các năm", "All editions"),
    ("download_all", "Tải toàn bộ dữ liệu", "Download all the data"),
    ("format", "Định dạng", "Format"),
    ("file", "Tệp", "File"),
    ("rows", "Số dòng", "Rows"),
    ("cite", "Cách trích dẫn", "How to cite"),
    ("checksums", "Mã kiểm tra", "Checksums"),
    ("checksums_text", "Tệp SHA256SUMS liệt kê mã SHA-256 của mọi tệp tải về; kiểm tra bằng lệnh: sha256sum -c SHA256SUMS (chạy tại thư mục gốc của trang).", "SHA256SUMS lists the SHA-256 of every download; check with: sha256sum -c SHA256SUMS (run at the site's root)."),
    ("dictionary", "Từ điển dữ liệu", "Data dictionary"),
    ("dictionary_intro", "Ý nghĩa của từng cột trong các bảng dữ liệu tải về.", "What every column of the downloadable tables means."),
    ("column", "Cột", "Column"),
    ("type", "Kiểu", "Type"),
    ("description", "Mô tả", "Description"),
    ("table", "Bảng", "Table"),
    ("split_note", "Một trang tính Excel chứa tối đa 1.048.576 dòng: bảng lớn hơn được chia thành nhiều trang tính đánh số (1), (2) ... trong cùng tệp XLSX; tệp CSV, JSON và SQLite luôn chứa đủ mọi dòng.", "An Excel sheet holds at most 1,048,576 rows: larger tables are split across numbered sheets (1), (2) ... of the same XLSX file; CSV, JSON and SQLite always hold every row."),
    ("split_tables", "Bảng được chia trong tệp này", "Tables split in this file"),
    ("datapackage_text", "Mô tả gói dữ liệu theo chuẩn Frictionless Data (các cột, kiểu dữ liệu, khoá chính, khoá ngoại, giấy phép).", "A Frictionless Data package describing every CSV (columns, types, primary and foreign keys, licence)."),
    ("sqlite_text", "Mở bằng Datasette, DB Browser for SQLite hoặc bất kỳ công cụ SQLite nào.", "Opens in Datasette, DB Browser for SQLite or any SQLite tool."),
    ("where_note", "Mỗi bảng có một tệp CSV trong thư mục của nó. Điểm chi tiết (diem-chi-tiet.csv) chỉ có trong thư mục của từng năm: không có trong mục Tất cả các năm và không có trong các tệp XLSX, JSON. Mỗi tệp XLSX, JSON và cơ sở dữ liệu SQLite chứa các bảng ghi trong phần mô tả của tệp; bảng quá lớn cho các định dạng này chỉ có ở CSV. Biến động đơn vị (bien-dong.csv) và bảng đối chiếu mỗi đơn vị của năm mới nhất với mọi đơn vị tiền thân (doi-chieu.csv, nối kết quả các năm trước theo cột predecessor_id) chỉ có trong mục Tất cả các năm và trong cơ sở dữ liệu SQLite.", "Every table is a CSV file in its folder. The detailed scores (diem-chi-tiet.csv) are in each edition's folder only: not under All editions, and not in the XLSX and JSON files. Each XLSX and JSON file and the SQLite database hold the tables their description names; a table too large for those formats is in CSV only. The lineage of the units (bien-dong.csv) and the crosswalk of every unit of the newest edition with all its predecessors (doi-chieu.csv: join earlier results on predecessor_id) are under All editions and in the SQLite database only."),
    ("csv_note", "CSV: mã hoá UTF-8 có BOM, dấu thập phân là dấu chấm, năm và ngày theo ISO.", "CSV: UTF-8 with BOM, dot decimals, ISO years and dates."),
    ("csv_formula_note", "Trong tệp CSV, ô chữ bắt đầu bằng =, +, -, @, dấu tab hoặc ký tự về đầu dòng (CR) được ghi thêm một dấu nháy đơn (') ở đầu, để Excel và các chương trình bảng tính khác hiển thị nội dung thay vì chạy nó như một công thức; bỏ dấu nháy này sẽ được nguyên văn. Ô số (kể cả số âm như -1.5) giữ nguyên; các tệp XLSX, JSON và SQLite giữ nguyên văn.", "In the CSV files, a text cell that starts with =, +, -, @, a tab or a carriage return is written with a single quote (') before it, so that Excel and other spreadsheets show it instead of running it as a formula; remove the quote for the original text. Number cells (negative ones such as -1.5 too) are as they are; the XLSX, JSON and SQLite files hold the original text."),
    ("reports", "Báo cáo định kỳ", "Periodic reports"),
    ("reports_lead", "Số liệu thống kê kèm báo cáo công tác cải cách hành chính theo quý, 6 tháng và năm, đúng như các đơn vị đã báo cáo.", "The statistical annexes of the units' quarterly, half-yearly and yearly reports on administrative reform, as they reported them."),
    ("reported", "Đơn vị đã báo cáo", "What the unit reported"),
    ("key_received", "Hồ sơ thủ tục hành chính đã tiếp nhận", "Applications received"),
    ("key_on_time", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Resolved on time"),
    ("key_online", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "Filed online"),
    ("annex", "Phụ lục: Thống kê số liệu về kết quả thực hiện công tác cải cách hành chính", "Annex: statistics of the administrative reform work"),
    ("indicator", "Chỉ tiêu", "Indicator"),
    ("indicators", "Các chỉ tiêu", "Indicators"),
    ("measure", "Đơn vị tính", "Measure"),
    ("value", "Số liệu", "Value"),
    ("value_note", "Ghi chú", "Note"),
    ("period", "Kỳ báo cáo", "Period"),
    ("group_total", "Tổng của nhóm", "Group total"),
    ("units_reporting", "Số đơn vị báo cáo", "Units reporting"),
    ("printed", "báo cáo in", "printed"),
    ("from_parts", "theo số liệu thành phần", "from its parts"),
    ("computed_from_parts", "không in trong báo cáo, tính từ số liệu thành phần", "not printed; computed from its parts"),
    ("rate_differs_note", "Tỷ lệ đánh dấu ⚠ khác với tỷ lệ tính từ chính các số liệu thành phần của nó (tử số, mẫu số). Báo cáo đã ký như vậy, nên trang này hiển thị cả số in trong báo cáo lẫn số tính được.", "A rate marked ⚠ differs from what its own parts (numerator, denominator) give. The report was signed as it is, so this page shows both the printed figure and the computed one."),
    ("not_reported", "không báo cáo", "not reported"),
    ("trend_over_periods", "Qua các kỳ báo cáo", "Over the periods reported"),
    ("numerator", "Tử số", "Numerator"),
    ("denominator", "Mẫu số", "Denominator"),
    ("better_higher", "Càng cao càng tốt", "Higher is better"),
    ("better_lower", "Càng thấp càng tốt", "Lower is better"),
    ("all_indicators", "Mọi chỉ tiêu", "Every indicator"),
    ("compare_units", "So sánh các đơn vị", "Units compared"),
    ("report_documents", "Văn bản báo cáo", "Report documents"),
    ("values_by_unit", "Số liệu từng đơn vị theo kỳ báo cáo", "Each unit's values by period"),
];

pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, vi, en)| (*k, if lang == Language::En { *en } else { *vi }))
        .collect()
}

/// One word of the table; keys are checked by tests, so a missing key is a
/// bug, shown as the key itself rather than a panic.
pub fn word(lang: Language, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| if lang == Language::En { *en } else { *vi })
        .unwrap_or("?")
}

pub fn kind_label(lang: Language, kind: UnitKind) -> &'static str {
    let key = match kind {
        UnitKind::Province => "province",
        UnitKind::Department => "department",
        UnitKind::District => "district",
        UnitKind::Commune => "commune",
        UnitKind::Other => "other",
    };
    word(lang, key)
}

/// A unit's kind as its name says it: a ward is a "Phường", a town a
/// "Thị trấn", though the registry files them all as communes.
pub fn named_kind(lang: Language, unit: &crate::model::Unit) -> &'static str {
    const NAMED: [(UnitKind, &str, &str, &str); 10] = [
        (UnitKind::Commune, "Phường ", "Phường", "Ward"),
        (UnitKind::Commune, "Thị trấn ", "Thị trấn", "Township"),
        (UnitKind::Commune, "Đặc khu ", "Đặc khu", "Special zone"),
        (UnitKind::Commune, "Xã ", "Xã", "Commune"),
        (UnitKind::District, "Thị xã ", "Thị xã", "Town"),
        (UnitKind::District, "Thành phố ", "Thành phố", "City"),
        (UnitKind::District, "Quận ", "Quận", "Urban district"),
        (UnitKind::District, "Huyện ", "Huyện", "District"),
        (UnitKind::Province, "Thành phố ", "Thành phố", "City"),
        (UnitKind::Province, "Tỉnh ", "Tỉnh", "Province"),
    ];
    let name = ["Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "]
        .iter()
        .find_map(|b| unit.name.strip_prefix(b))
        .unwrap_or(&unit.name);
    let lower = name.to_lowercase();
    NAMED
        .iter()
        .find(|(kind, prefix, _, _)| {
            *kind == unit.kind && lower.starts_with(&prefix.to_lowercase())
        })
        .map(|&(_, _, vi, en)| match lang {
            Language::Vi => vi,
            Language::En => en,
        })
        .unwrap_or_else(|| kind_label(lang, unit.kind))
}

/// A count with its thousands grouped as the language writes them:
/// `55.606` in Vietnamese, `55,606` in English.
pub fn count(n: usize, lang: Language) -> String {
    grouped(Decimal::from(n), lang)
}

/// A number rounded half-up to `decimals` places, padded (`87,20`), with
/// the language's decimal mark.
pub fn number(value: Decimal, decimals: u32, lang: Language) -> String {
    use crate::decimal::{decimal_str, NUMBER_ROOM};
    let mut rounded = crate::decimal::round_half_up(value, decimals);
    rounded.rescale(decimals);
    let mark = match lang {
        Language::Vi => b',',
        Language::En => b'.',
    };
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let mut buf = [0; NUMBER_ROOM];
    decimal_str(
        rounded.mantissa().unsigned_abs(),
        rounded.scale() as usize,
        mark,
        negative,
        &mut buf,
    )
    .to_string()
}

/// A whole number with its thousands grouped as a report prints them:
/// `1.241` in Vietnamese, `1,241` in English; other numbers as [`number`]
/// with their own decimals.
pub fn grouped(value: Decimal, lang: Language) -> String {
    let text = number(value, value.normalize().scale(), lang);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let mark = if lang == Language::En { ',' } else { '.' };
    let (whole, fraction) = match digits.find([',', '.']) {
        Some(at) => digits.split_at(at),
        None => (digits, ""),
    };
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(mark);
        }
        out.push(c);
    }
    out.push_str(fraction);
    out
}

/// A signed change: `+1,23`, `-0,40`, `0,00`.
pub fn signed(value: Decimal, decimals: u32, lang: Language) -> String {
    let text = number(value, decimals, lang);
    if crate::decimal::round_half_up(value, decimals) > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// `dd/mm/yyyy` in Vietnamese (`mm/yyyy`, `yyyy` for partial dates); ISO
/// in English.
pub fn date(date: &PartialDate, lang: Language) -> String {
    match lang {
        Language::En => date.iso(),
        Language::Vi => match (date.month, date.day) {
            (Some(m), Some(d)) => format!("{d:02}/{m:02}/{:04}", date.year),
            (Some(m), None) => format!("{m:02}/{:04}", date.year),
            _ => format!("{:04}", date.year),
        },
    }
}

/// A file size: `835 B`, `12,3 KB`, `4,1 MB`.
pub fn file_size(bytes: u64, lang: Language) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let (value, unit) = if bytes < 1024 * 1024 {
        (Decimal::from(bytes) / Decimal::from(1024), "KB")
    } else {
        (Decimal::from(bytes) / Decimal::from(1024 * 1024), "MB")
    };
    format!("{} {unit}", number(value, 1, lang))
}

#[cfg(test)]
mod tests {

    #[test]
    fn counts_group_thousands_as_each_language_writes_them() {
        assert_eq!(count(55_606, Language::Vi), "55.606");
        assert_eq!(count(1_048_576, Language::En), "1,048,576");
        assert_eq!(count(999, Language::Vi), "999");
        assert_eq!(count(0, Language::Vi), "0");
    }

    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn vietnamese_numbers_use_a_decimal_comma() {
        assert_eq!(number(d("85.7368"), 2, Language::Vi), "85,74");
        assert_eq!(number(d("87.2"), 2, Language::Vi), "87,20");
        assert_eq!(number(d("85.7368"), 2, Language::En), "85.74");
        assert_eq!(number(d("-0.001"), 2, Language::Vi), "0,00");
        assert_eq!(signed(d("1.234"), 2, Language::Vi), "+1,23");
        assert_eq!(signed(d("-0.405"), 2, Language::Vi), "-0,41");
        assert_eq!(number(d("-12.3456"), 3, Language::Vi), "-12,346");
        assert_eq!(number(d("0.05"), 1, Language::En), "0.1");
        assert_eq!(number(d("99.5"), 0, Language::Vi), "100");
        assert_eq!(number(d("1234567.007"), 2, Language::Vi), "1234567,01");
        assert_eq!(number(d("0.0004"), 6, Language::Vi), "0,000400");
    }

    #[test]
    fn vietnamese_dates() {
        let full = PartialDate::parse("2023-01-31").unwrap();
        assert_eq!(date(&full, Language::Vi), "31/01/2023");
        assert_eq!(date(&full, Language::En), "2023-01-31");
        assert_eq!(
            date(&PartialDate::parse("2022-12").unwrap(), Language::Vi),
            "12/2022"
        );
    }

    #[test]
    fn keys_are_unique_and_complete() {
        let mut keys: Vec<&str> = STRINGS.iter().map(|s| s.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
        assert!(STRINGS
            .iter()
            .all(|(_, vi, en)| !vi.is_empty() && !en.is_empty()));
    }

    #[test]
    fn sizes() {
        assert_eq!(file_size(835, Language::Vi), "835 B");
        assert_eq!(file_size(12_595, Language::Vi), "12,3 KB");
    }
}
