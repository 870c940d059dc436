//! Every broken fixture gives its diagnostic, at the right place.

use super::*;

/// Checks `tests/fixtures/broken/<name>` and returns its errors, asserting
/// there are exactly `count` and that one has `code` in `file` at `line`.
fn expect(
    name: &str,
    code: &str,
    file: &str,
    line: Option<usize>,
    count: usize,
) -> Vec<Diagnostic> {
    let checked = check(&format!("tests/fixtures/broken/{name}"));
    let errors: Vec<Diagnostic> = checked.errors().cloned().collect();
    let rendered: Vec<String> = checked.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), count, "{name}: {rendered:#?}");
    let hit = errors
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("{name}: no {code} in {rendered:#?}"));
    assert!(
        hit.location.file.ends_with(file),
        "{name}: {} is not {file}",
        hit.location.file.display()
    );
    assert_eq!(hit.location.line, line, "{name}: {hit}");
    errors
}

#[test]
fn the_valid_fixture_is_clean() {
    let checked = check("tests/fixtures/valid");
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn missing_file() {
    let e = expect(
        "missing-file",
        "missing-file",
        "editions/2021/scores.csv",
        None,
        1,
    );
    assert_eq!(e[0].message, "file not found");
}

#[test]
fn unreadable_file() {
    expect(
        "unreadable-file",
        "unreadable-file",
        "editions/2021/scores.csv",
        None,
        1,
    );
}

#[test]
fn invalid_json_has_line_and_column() {
    let e = expect(
        "invalid-json",
        "invalid-json",
        "editions/2021/edition.json",
        Some(5),
        1,
    );
    assert_eq!(e[0].location.column, Some(3));
    assert!(e[0].hint.is_some());
}

#[test]
fn unknown_json_key_suggests_the_right_one() {
    let e = expect(
        "unknown-key",
        "unknown-key",
        "editions/2021/edition.json",
        Some(5),
        1,
    );
    assert!(e[0].hint.as_deref().unwrap().contains("published_on"));
}

#[test]
fn missing_top_level_key() {
    let e = expect("missing-key", "missing-key", "site.json", Some(8), 1);
    assert!(e[0].message.contains("title"));
}

#[test]
fn unknown_column_names_the_column() {
    let e = expect(
        "unknown-column",
        "unknown-column",
        "editions/2021/scores.csv",
        Some(1),
        1,
    );
    assert_eq!(e[0].location.column, Some(5));
    assert!(e[0].hint.as_deref().unwrap().contains("\"note\""));
}

#[test]
fn missing_required_column() {
    let e = expect("missing-column", "missing-column", "units.csv", Some(1), 2);
    assert!(e.iter().any(|d| d.message.contains("\"kind\"")));
}

#[test]
fn unknown_unit_id() {
    let e = expect(
        "unknown-unit",
        "unknown-unit",
        "editions/2021/scores.csv",
        Some(11),
        2,
    );
    assert!(
        e.iter().any(|d| d.code == "missing-field"),
        "the renamed row leaves xa-b without field 2"
    );
    let unknown = e.iter().find(|d| d.code == "unknown-unit").unwrap();
    assert!(unknown.found.as_deref().unwrap().contains("xa-bb"));
}

#[test]
fn unknown_code() {
    expect(
        "unknown-code",
        "unknown-code",
        "editions/2021/scores.csv",
        Some(13),
        1,
    );
}

#[test]
fn duplicate_unit_id() {
    let e = expect("duplicate-unit", "duplicate-unit", "units.csv", Some(5), 3);
    // The fixture reused xa-c's id, so xa-c's rows name an unknown unit.
    assert_eq!(e.iter().filter(|d| d.code == "unknown-unit").count(), 2);
}

#[test]
fn duplicate_unit_and_code_row() {
    let e = expect(
        "duplicate-score",
        "duplicate-score",
        "editions/2021/scores.csv",
        Some(14),
        1,
    );
    assert!(e[0].found.as_deref().unwrap().contains("line 11"));
}

#[test]
fn names_differing_only_by_normalisation() {
    expect(
        "normalisation-twins",
        "duplicate-name",
        "units.csv",
        Some(5),
        1,
    );
}

#[test]
fn score_above_max() {
    let e = expect(
        "score-above-max",
        "score-above-max",
        "editions/2021/scores.csv",
        Some(5),
        1,
    );
    assert_eq!(e[0].found.as_deref(), Some("31"));
    assert_eq!(e[0].expected.as_deref(), Some("at most 30"));
}

#[test]
fn negative_score() {
    expect(
        "negative-score",
        "negative-score",
        "editions/2021/scores.csv",
        Some(5),
        1,
    );
}

#[test]
fn score_not_a_number() {
    let e = expect(
        "not-a-number",
        "not-a-number",
        "editions/2021/scores.csv",
        Some(5),
        1,
    );
    assert_eq!(e[0].location.column, Some(3));
    assert_eq!(e[0].found.as_deref(), Some("\"hai lăm\""));
}

#[test]
fn decimal_comma_in_a_comma_file_is_explained() {
    let e = expect(
        "decimal-comma-in-comma-file",
        "extra-cells",
        "editions/2021/scores.csv",
        Some(5),
        2,
    );
    let hit = e.iter().find(|d| d.code == "extra-cells").unwrap();
    assert!(hit.hint.as_deref().unwrap().contains("decimal comma"));
}

#[test]
fn not_applicable_max_with_a_score() {
    expect(
        "score-not-applicable",
        "score-not-applicable",
        "editions/2021/scores.csv",
        Some(17),
        1,
    );
}

#[test]
fn missing_top_level_field() {
    let e = expect(
        "missing-field",
        "missing-field",
        "editions/2021/scores.csv",
        Some(2),
        1,
    );
    assert!(e[0].message.contains("xa-a") && e[0].message.contains("\"2\""));
}

#[test]
fn children_losing_more_than_their_parent() {
    let e = expect(
        "children-lose-more",
        "children-lose-more",
        "editions/2021/scores.csv",
        Some(2),
        1,
    );
    assert!(e[0].found.as_deref().unwrap().contains("children lose 6"));
}

#[test]
fn complete_node_whose_children_do_not_add_up() {
    let e = expect(
        "children-sum",
        "children-sum",
        "editions/2021/scores.csv",
        Some(2),
        1,
    );
    assert!(e[0].found.as_deref().unwrap().contains("18.5"));
}

#[test]
fn framework_cycle() {
    let e = expect(
        "framework-cycle",
        "framework-cycle",
        "editions/2021/framework.csv",
        Some(4),
        1,
    );
    assert!(e[0].found.as_deref().unwrap().contains("1.1 -> 1.2 -> 1.1"));
}

#[test]
fn children_maxima_above_the_parent() {
    expect(
        "children-exceed-max",
        "children-exceed-max",
        "editions/2021/framework.csv",
        Some(2),
        1,
    );
}

#[test]
fn bands_not_descending() {
    expect(
        "bands-order",
        "bands-order",
        "editions/2021/edition.json",
        Some(10),
        1,
    );
}

#[test]
fn document_paths_cannot_leave_the_edition() {
    for name in ["document-dotdot", "document-absolute", "document-symlink"] {
        expect(
            name,
            "path-outside-edition",
            "editions/2021/edition.json",
            Some(22),
            1,
        );
    }
}

#[test]
fn printed_figure_differing_from_the_computed_one() {
    let e = expect(
        "published-differs",
        "published-differs",
        "editions/2021/published.csv",
        Some(3),
        1,
    );
    let found = e[0].found.as_deref().unwrap();
    let expected = e[0].expected.as_deref().unwrap();
    assert!(
        found.contains("achieved 90") && found.contains("index 90"),
        "{found}"
    );
    assert!(
        expected.contains("achieved 88") && expected.contains("index 88"),
        "{expected}"
    );
}

#[test]
fn draft_edition_refused_unless_allowed() {
    expect(
        "draft",
        "draft-edition",
        "editions/2021/edition.json",
        None,
        1,
    );
    let allowed = chiso::check(
        &repo("tests/fixtures/broken/draft"),
        Options { allow_draft: true },
    );
    assert!(!allowed.has_errors());
}

#[test]
fn unknown_encoding() {
    expect("unknown-encoding", "unknown-encoding", "units.csv", None, 1);
}

#[test]
fn binary_file() {
    expect(
        "binary",
        "binary-file",
        "editions/2021/scores.csv",
        Some(1),
        1,
    );
}

#[test]
fn vietnamese_excel_files_read_like_utf8_ones() {
    let excel = check("tests/fixtures/broken/excel-vietnamese");
    let plain = check("tests/fixtures/valid");
    assert!(excel.diagnostics.is_empty(), "{:#?}", excel.diagnostics);
    assert_eq!(excel.results, plain.results);
    let names = |c: &Checked| {
        c.dataset
            .units
            .iter()
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&excel), names(&plain));
}

#[test]
fn publishing_the_signed_figure_anyway() {
    let checked = check("tests/fixtures/broken/published-anyway");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let warning = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "published-anyway")
        .unwrap();
    assert_eq!(warning.location.line, Some(3));
    let group = checked.results.group(2021, "xa").unwrap();
    let unit = group.unit("xa-a").unwrap();
    assert_eq!(unit.rank, 1, "the signed figure ranks");
    assert_eq!(unit.index.to_string(), "90");
    assert_eq!(unit.band.as_deref(), Some("Xuất sắc"));
    assert_eq!(
        unit.computed.as_ref().unwrap().index.unwrap().to_string(),
        "88"
    );
    let discrepancy = unit.discrepancy.as_ref().unwrap();
    assert!(discrepancy.note.starts_with("Quyết định đã ký"));
    assert!(discrepancy
        .differences
        .iter()
        .any(|(f, p, c)| f == "index" && p == "90" && c == "88"));
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    // Three independent mistakes in one dataset: all three come back.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/scores.csv"), |text| {
        text.replace("xa-a,2,25,,,", "xa-a,2,31,,,")
            .replace("xa-b,3.1,15,,,", "xa-b,3.9,15,,,")
            .replace("xa-c,3,42,,,", "xa-c,3,abc,,,")
    });
    let checked = check_dir(dir.path());
    let codes: Vec<&str> = checked.errors().map(|d| d.code).collect();
    for code in ["score-above-max", "unknown-code", "not-a-number"] {
        assert!(codes.contains(&code), "{codes:?}");
    }
}

/// Problems found after reading (against the framework, a maximum, the
/// scores) still point at their cell: a spreadsheet user goes to C5, not
/// to "line 5".
#[test]
fn problems_found_after_reading_name_their_cell() {
    for (name, code, column) in [
        ("unknown-unit", "unknown-unit", 1),
        ("unknown-code", "unknown-code", 2),
        ("duplicate-score", "duplicate-score", 2),
        ("score-above-max", "score-above-max", 3),
        ("negative-score", "negative-score", 3),
        // The first figure that differs: achieved.
        ("published-differs", "published-differs", 2),
        ("rank-anyway", "published-anyway", 5),
        ("score-not-applicable", "score-not-applicable", 3),
        ("children-sum", "children-sum", 3),
        ("children-lose-more", "children-lose-more", 3),
        ("missing-field", "missing-field", 1),
        ("nothing-applicable", "nothing-applicable", 1),
        // In the framework (code,parent,name,max): the max cell.
        ("children-exceed-max", "children-exceed-max", 4),
    ] {
        let checked = check(&format!("tests/fixtures/broken/{name}"));
        let hits: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect();
        assert!(!hits.is_empty(), "{name}: no {code}");
        for d in hits {
            assert_eq!(d.location.column, Some(column), "{name}: {d}");
        }
    }
    // A self-assessed score out of range points at self_score.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let scores = dir.path().join("editions/2021/scores.csv");
    edit_file(&scores, |text| {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[0] = format!("{},self_score", lines[0]);
        for (i, line) in lines.iter_mut().enumerate().skip(1) {
            line.push_str(if i == 1 { ",999" } else { "," });
        }
        lines.join("\n") + "\n"
    });
    let checked = check_dir(dir.path());
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.message.contains("self-assessed"))
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    assert_eq!(d.location.line, Some(2), "{d}");
    assert_eq!(d.location.column, Some(7), "{d}");
}

#[test]
fn a_signed_rank_published_anyway() {
    let checked = check("tests/fixtures/broken/rank-anyway");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    assert_eq!(
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "published-anyway")
            .count(),
        2
    );
    let group = checked.results.group(2021, "xa").unwrap();
    assert_eq!(group.unit("xa-a").unwrap().rank, 1);
    assert_eq!(group.unit("xa-b").unwrap().rank, 2);
    let d = group.unit("xa-a").unwrap().discrepancy.as_ref().unwrap();
    assert_eq!(
        d.differences,
        vec![("rank".to_string(), "1".to_string(), "2".to_string())]
    );
}

#[test]
fn a_unit_to_which_nothing_applies() {
    let e = expect(
        "nothing-applicable",
        "nothing-applicable",
        "editions/2021/scores.csv",
        Some(14),
        1,
    );
    assert!(e[0].message.contains("xa-c"));
}

#[test]
fn a_note_on_agreeing_figures_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let path = dir.path().join("editions/2021/published.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "unit,achieved,max,index,rank,band\n",
            "unit,achieved,max,index,rank,band,discrepancy_note\n",
        )
        .replace("xa-b,89,100,89,1,Tốt", "xa-b,89,100,89,1,Tốt,Ghi chú thừa")
        .replace("xa-a,88,100,88,2,Tốt", "xa-a,88,100,88,2,Tốt,")
        .replace("xa-c,57,70,81.43,3,Tốt", "xa-c,57,70,81.43,3,Tốt,");
    std::fs::write(&path, text).unwrap();
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors());
    let w: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "needless-discrepancy-note")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].location.line, Some(2));
}

#[test]
fn a_framework_with_no_criteria() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    std::fs::write(
        dir.path().join("editions/2021/framework.csv"),
        "code,parent,name,max\n",
    )
    .unwrap();
    let checked = check_dir(dir.path());
    let codes: Vec<&str> = checked.errors().map(|d| d.code).collect();
    assert_eq!(codes, ["empty-framework"]);
}

/// The valid fixture with the printed total of xa-a (88) changed.
fn with_printed_total(total: &str) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let path = dir.path().join("editions/2021/published.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("xa-a,88,100,88,2", &format!("xa-a,{total},100,{total},2"));
    std::fs::write(&path, text).unwrap();
    check_dir(dir.path())
}

#[test]
fn a_printed_total_off_by_rounding_is_accepted_and_shown() {
    // Officials add unrounded parts: 0.01 off the sum of the printed parts
    // is rounding, not a mistake.
    let checked = with_printed_total("88.01");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let unit = checked
        .results
        .group(2021, "xa")
        .unwrap()
        .unit("xa-a")
        .unwrap();
    assert_eq!(
        unit.printed.as_ref().unwrap().index.unwrap().to_string(),
        "88.01"
    );
    assert_eq!(
        unit.index.to_string(),
        "88",
        "statistics keep the computed value"
    );
}

#[test]
fn a_printed_total_off_by_1_5_is_an_error() {
    let checked = with_printed_total("89.5");
    let errors: Vec<_> = checked.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, "published-differs");
}

#[test]
fn a_group_known_only_from_its_printed_table() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    let edition = dir.path().join("editions/2021");
    let json = std::fs::read_to_string(edition.join("edition.json"))
        .unwrap()
        .replace(
            "\"framework\": \"framework.csv\",\n     \"scores\": \"scores.csv\", ",
            "",
        );
    std::fs::write(edition.join("edition.json"), json).unwrap();
    // Older years often survive only as a printed table; one rank is missing.
    std::fs::write(
        edition.join("published.csv"),
        "unit,achieved,max,index,rank,band\nxa-b,89,100,89,1,Tốt\nxa-a,88,100,88,,Tốt\nxa-c,57,70,81.43,3,Khá\n",
    )
    .unwrap();
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let group = checked.results.group(2021, "xa").unwrap();
    assert!(!group.from_scores);
    let ranks: Vec<(&str, u32)> = group
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.rank))
        .collect();
    assert_eq!(ranks, [("xa-b", 1), ("xa-a", 2), ("xa-c", 3)]);
    // The printed band is taken as given, even where the thresholds differ.
    assert_eq!(group.unit("xa-c").unwrap().band.as_deref(), Some("Khá"));
    assert_eq!(group.unit("xa-c").unwrap().index.to_string(), "81.43");
}

#[test]
fn an_empty_unit_cell_asks_for_an_id_from_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/scores.csv"), |text| {
        text.replacen("\nxa-a,1,", "\n,1,", 1)
    });
    let checked = check_dir(dir.path());
    let hit = checked
        .errors()
        .find(|d| d.location.file.ends_with("editions/2021/scores.csv"))
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics));
    assert_eq!(hit.location.line, Some(2), "{hit}");
    let expected = hit.expected.as_deref().unwrap_or_default();
    assert!(expected.contains("units.csv or units.xlsx"), "{expected}");
}

#[test]
fn a_node_found_by_position_is_the_node_found_by_code() {
    let checked = check("data");
    let mut found = 0;
    for (edition, group, result) in groups(&checked) {
        let Some(framework) = &group.framework else {
            continue;
        };
        for unit in &result.units {
            for (position, node) in framework.nodes.iter().enumerate() {
                let by_code = unit.node(&node.code);
                assert_eq!(
                    unit.node_at(position).map(|n| n as *const _),
                    by_code.map(|n| n as *const _),
                    "{} {} node {}",
                    edition.year,
                    unit.unit,
                    node.code
                );
                found += usize::from(by_code.is_some());
            }
            assert!(unit.node_at(framework.nodes.len()).is_none());
        }
    }
    assert!(found > 10_000, "{found} nodes scored");
}

/// The text report of `chiso check` on a fixture, from the binary itself:
/// what a publisher sees.
fn check_report(name: &str) -> (i32, String) {
    let output = assert_cmd::Command::cargo_bin("chiso")
        .unwrap()
        .args(["check", "--lang", "en", "--data"])
        .arg(repo(&format!("tests/fixtures/broken/{name}")))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

/// Each dataset that was accepted though wrong is now refused by `chiso
/// check` at its file, line and column, naming the key or cell.
#[test]
fn data_accepted_though_wrong_is_an_error_at_its_file_line_and_key() {
    for (name, code, at, key) in [
        ("unit-own-parent", "unit-cycle", "units.csv:3:5", "parent"),
        ("unit-parent-cycle", "unit-cycle", "units.csv:2:5", "parent"),
        (
            "edition-year-zero",
            "invalid-year",
            "editions/2021/edition.json:2:11",
            "\"year\"",
        ),
        (
            "edition-year-negative",
            "invalid-year",
            "editions/2021/edition.json:2:11",
            "\"year\"",
        ),
        (
            "edition-year-far",
            "invalid-year",
            "editions/2021/edition.json:2:11",
            "\"year\"",
        ),
        (
            "duplicate-band",
            "duplicate-band",
            "editions/2021/edition.json:11:",
            "Tốt",
        ),
        (
            "document-empty-name",
            "not-a-file",
            "editions/2021/edition.json:22:",
            "\"file\"",
        ),
        (
            "document-dot",
            "not-a-file",
            "editions/2021/edition.json:22:",
            "\"file\"",
        ),
        (
            "document-folder",
            "not-a-file",
            "editions/2021/edition.json:22:",
            "\"file\"",
        ),
        (
            "long-unit-name",
            "text-too-long",
            "units.csv:4:2",
            "\"name\"",
        ),
        (
            "long-criterion-name",
            "text-too-long",
            "editions/2021/framework.csv:5:3",
            "\"name\"",
        ),
    ] {
        let (status, report) = check_report(name);
        assert_eq!(status, 1, "{name}: {report}");
        let line = report
            .lines()
            .find(|l| l.contains(&format!("error[{code}]")))
            .unwrap_or_else(|| panic!("{name}: no {code} in {report}"));
        assert!(line.contains(at), "{name}: not at {at}: {line}");
        assert!(line.contains(key), "{name}: does not name {key}: {line}");
    }
}

#[test]
fn a_unit_that_is_its_own_parent() {
    let e = expect("unit-own-parent", "unit-cycle", "units.csv", Some(3), 1);
    assert!(e[0].message.contains("xa-a"), "{}", e[0]);
}

#[test]
fn a_cycle_of_unit_parents() {
    let e = expect("unit-parent-cycle", "unit-cycle", "units.csv", Some(2), 1);
    let found = e[0].found.as_deref().unwrap_or_default();
    assert!(
        found.contains("thu-nghiem -> xa-a -> thu-nghiem"),
        "{found}"
    );
}

#[test]
fn an_edition_year_of_0_minus_1_or_99999() {
    for name in [
        "edition-year-zero",
        "edition-year-negative",
        "edition-year-far",
    ] {
        let e = expect(
            name,
            "invalid-year",
            "editions/2021/edition.json",
            Some(2),
            1,
        );
        assert!(
            e[0].expected.as_deref().unwrap().contains("1990"),
            "{}",
            e[0]
        );
    }
}

#[test]
fn two_bands_with_the_same_name() {
    let e = expect(
        "duplicate-band",
        "duplicate-band",
        "editions/2021/edition.json",
        Some(11),
        1,
    );
    assert!(
        e[0].found.as_deref().unwrap().contains("line 10"),
        "{}",
        e[0]
    );
}

#[test]
fn a_document_file_that_is_empty_a_dot_or_a_folder() {
    for name in ["document-empty-name", "document-dot", "document-folder"] {
        expect(
            name,
            "not-a-file",
            "editions/2021/edition.json",
            Some(22),
            1,
        );
    }
}

#[test]
fn a_unit_or_criterion_name_longer_than_an_excel_cell() {
    let e = expect("long-unit-name", "text-too-long", "units.csv", Some(4), 1);
    assert_eq!(e[0].location.column, Some(2));
    let e = expect(
        "long-criterion-name",
        "text-too-long",
        "editions/2021/framework.csv",
        Some(5),
        1,
    );
    assert_eq!(e[0].location.column, Some(3));
}

/// Every text that reaches a cell of the workbook downloads (and any other
/// text of the data) is held to Excel's limit of 32,767 characters.
#[test]
fn any_text_longer_than_an_excel_cell() {
    let long = "Đắk ".repeat(8200);
    let cases: [(&str, &str, &str, usize); 7] = [
        ("units.csv", "Tân Lập,commune", "{long},commune", 4),
        (
            "editions/2021/scores.csv",
            "Kế hoạch ban hành trễ hạn.",
            "{long}",
            3,
        ),
        ("editions/2021/scores.csv", "Bộ phận một cửa", "{long}", 7),
        (
            "editions/2021/edition.json",
            "\"name\": \"Khá\"",
            "\"name\": \"{long}\"",
            11,
        ),
        (
            "editions/2021/edition.json",
            "\"name\": \"Các xã\"",
            "\"name\": \"{long}\"",
            16,
        ),
        (
            "editions/2021/edition.json",
            "\"title\": \"Chỉ số cải cách hành chính năm 2021\"",
            "\"title\": \"{long}\"",
            3,
        ),
        (
            "editions/2021/published.csv",
            "xa-c,57,70,81.43,3,Tốt",
            "xa-c,57,70,81.43,3,{long}",
            4,
        ),
    ];
    for (file, old, new, line) in cases {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo("tests/fixtures/valid"), dir.path());
        edit_file(&dir.path().join(file), |text| {
            assert!(text.contains(old), "{file}: {old}");
            text.replacen(old, &new.replace("{long}", &long), 1)
        });
        let checked = check_dir(dir.path());
        let hits: Vec<_> = checked
            .errors()
            .filter(|d| d.code == "text-too-long")
            .collect();
        assert_eq!(hits.len(), 1, "{file} {old}: {:#?}", checked.diagnostics);
        assert!(hits[0].location.file.ends_with(file), "{}", hits[0]);
        assert_eq!(hits[0].location.line, Some(line), "{}", hits[0]);
    }
}

/// `chiso check` exiting 0 means `chiso build` succeeds: every fixture and
/// example either has errors or builds.
#[test]
fn a_dataset_that_passes_check_builds() {
    let mut dirs = vec![repo("tests/fixtures/valid")];
    for parent in ["tests/fixtures/broken", "examples"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(repo(parent))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("site.json").exists())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    let mut built = 0;
    let mut failed = Vec::new();
    for dir in &dirs {
        if chiso::check(dir, Options::default()).has_errors() {
            continue;
        }
        let out = tempfile::tempdir().unwrap();
        let options = super::site::options(dir, &out.path().join("site"));
        match chiso::build::build(&options) {
            Ok(_) => built += 1,
            Err(e) => failed.push(format!("{}: {e}", dir.display())),
        }
    }
    assert!(
        failed.is_empty(),
        "pass check but do not build: {failed:#?}"
    );
    assert!(built >= 5, "{built} datasets built");
}

#[test]
fn two_documents_whose_names_give_one_address() {
    let e = expect(
        "document-address-collision",
        "address-collision",
        "editions/2021/edition.json",
        Some(24),
        1,
    );
    let found = e[0].found.as_deref().unwrap();
    assert!(
        found.contains("line 22") && found.contains("line 24"),
        "{found}"
    );
    assert!(found.contains("van-ban/2021/quyet-dinh.txt"), "{found}");
}

#[test]
fn criterion_codes_that_give_one_address() {
    let e = expect(
        "code-address-collision",
        "address-collision",
        "editions/2021/framework.csv",
        Some(6),
        1,
    );
    assert_eq!(e[0].location.column, Some(1));
    let found = e[0].found.as_deref().unwrap();
    assert!(
        found.contains("\"1.A\" on line 5") && found.contains("\"1.a\" on line 6"),
        "{found}"
    );
}

#[test]
fn a_unit_id_that_is_the_address_of_the_unit_list() {
    let e = expect(
        "unit-id-index",
        "address-collision",
        "units.csv",
        Some(6),
        1,
    );
    assert_eq!(e[0].location.column, Some(1));
}

fn hint_of(checked: &Checked, code: &str) -> String {
    checked
        .errors()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}: {:#?}", checked.diagnostics))
        .hint
        .clone()
        .unwrap_or_default()
}

#[test]
fn an_unknown_unit_id_suggests_the_nearest_known_one() {
    let checked = check("tests/fixtures/broken/unknown-unit");
    assert!(hint_of(&checked, "unknown-unit").contains("did you mean \"xa-b\"?"));
    // Printed tables and the registry's own references too.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/published.csv"), |t| {
        t.replace("xa-c,57", "xa-cc,57")
    });
    edit_file(&dir.path().join("units.csv"), |t| {
        t.replacen("commune,thu-nghiem", "commune,Thu Nghiem", 1)
    });
    let checked = check_dir(dir.path());
    let hints: Vec<String> = checked
        .errors()
        .filter(|d| d.code == "unknown-unit")
        .map(|d| d.hint.clone().unwrap_or_default())
        .collect();
    assert_eq!(hints.len(), 2, "{:#?}", checked.diagnostics);
    assert!(hints.iter().any(|h| h.contains("\"xa-c\"")), "{hints:?}");
    assert!(
        hints.iter().any(|h| h.contains("\"thu-nghiem\"")),
        "{hints:?}"
    );
}

#[test]
fn an_unknown_criterion_code_suggests_the_nearest_known_one() {
    let checked = check("tests/fixtures/broken/unknown-code");
    assert!(hint_of(&checked, "unknown-code").contains("did you mean \"3.1\"?"));
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/framework.csv"), |t| {
        t.replace("3.1,,Công khai", "3.1,3.,Công khai")
    });
    let checked = check_dir(dir.path());
    assert!(hint_of(&checked, "unknown-parent").contains("did you mean \"3\"?"));
}

#[test]
fn a_far_unknown_id_suggests_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/scores.csv"), |t| {
        t.replace("xa-b,2,28", "hoa-binh,2,28")
            .replace("xa-b,3.1,15", "xa-b,7.4.2,15")
    });
    let checked = check_dir(dir.path());
    for code in ["unknown-unit", "unknown-code"] {
        assert_eq!(hint_of(&checked, code), "", "{code}");
    }
}

#[test]
fn a_bad_score_is_listed_before_the_sum_it_breaks() {
    let checked = check("tests/fixtures/broken/sub-score-above-max");
    let errors: Vec<_> = checked.errors().collect();
    let codes: Vec<&str> = errors.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["score-above-max", "children-sum"], "{errors:#?}");
    assert_eq!(errors[0].location.line, Some(3));
    assert_eq!(errors[1].location.line, Some(2));
    let consequence = errors[1].to_string();
    assert!(
        consequence.contains("follows from") && consequence.contains("scores.csv:3:3"),
        "{consequence}"
    );
    // The text report too, in that order.
    let (_, report) = check_report("sub-score-above-max");
    let cause = report.find("error[score-above-max]").unwrap();
    let sum = report.find("error[children-sum]").unwrap();
    assert!(cause < sum, "{report}");
}

#[test]
fn a_mistyped_unit_id_is_listed_before_the_missing_field_it_causes() {
    let checked = check("tests/fixtures/broken/unknown-unit");
    let errors: Vec<_> = checked.errors().collect();
    let codes: Vec<&str> = errors.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-unit", "missing-field"], "{errors:#?}");
    let consequence = errors[1].to_string();
    assert!(
        consequence.contains("follows from error[unknown-unit]")
            && consequence.contains("scores.csv:11:1"),
        "{consequence}"
    );
}

#[test]
fn a_printed_unit_whose_scores_sit_under_an_unknown_id_follows_from_it() {
    // Every score row of xa-b carries an id no registry entry is near.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), dir.path());
    edit_file(&dir.path().join("editions/2021/scores.csv"), |s| {
        s.replace("\nxa-b,", "\nquang-trung,")
    });
    let checked = check_dir(dir.path());
    let errors: Vec<Diagnostic> = checked.errors().cloned().collect();
    let codes: Vec<&str> = errors.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["unknown-unit", "published-without-scores"],
        "{errors:#?}"
    );
    let consequence = errors[1].to_string();
    assert!(
        consequence.contains("follows from error[unknown-unit]")
            && consequence.contains(&errors[0].location.to_string())
            && consequence.contains("\"quang-trung\""),
        "{consequence}"
    );
}

// lineage.csv and the registry's version 2 columns.

#[test]
fn the_lineage_fixture_is_clean_and_answers_its_history() {
    use chiso::model::{Day, LineageKind};
    let checked = check("tests/fixtures/valid-lineage");
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let data = &checked.dataset;
    let day = |t: &str| Day::parse(t).unwrap();
    fn ids(
        edges: Vec<&chiso::model::LineageEdge>,
        end: fn(&chiso::model::LineageEdge) -> &str,
    ) -> Vec<&str> {
        edges.into_iter().map(end).collect()
    }
    // Merges and a split formed the new commune.
    let before = data.predecessors("xa-moi");
    assert_eq!(ids(before.clone(), |e| &e.from), ["xa-a", "xa-b", "xa-c"]);
    assert_eq!(before[2].kind, LineageKind::Split);
    assert_eq!(before[2].share.unwrap().to_string(), "0.6");
    assert_eq!(
        before[0].basis.as_deref(),
        Some("Nghị quyết 1656/NQ-UBTVQH15")
    );
    // A split's other part, later reclassified: the ward's whole history.
    let ward = data.all_predecessors("phuong-bac");
    assert_eq!(
        ward.iter()
            .map(|e| (e.from.as_str(), e.kind))
            .collect::<Vec<_>>(),
        [
            ("xa-bac", LineageKind::Reclass),
            ("xa-c", LineageKind::Split)
        ]
    );
    let after = data.all_successors("xa-c");
    assert_eq!(ids(after, |e| &e.to), ["xa-moi", "xa-bac", "phuong-bac"]);
    // What a unit became, and when.
    let (date, edges) = data.became("xa-a").unwrap();
    assert_eq!((date, edges[0].to.as_str()), (day("2025-07-01"), "xa-moi"));
    assert!(data.became("xa-moi").is_none());
    // A rename, then a move to another district (not a successor).
    let (date, edges) = data.became("xa-d").unwrap();
    assert_eq!(date, day("2023-01-01"));
    assert_eq!(edges[0].kind, LineageKind::Rename);
    assert!(data.successors("xa-e").is_empty());
    let moved: Vec<_> = data.lineage_from("xa-e").collect();
    assert_eq!(
        (moved[0].kind, moved[0].to.as_str()),
        (LineageKind::Move, "huyen-khac")
    );
    // The v1 successor column: a merge the day after valid_to.
    let (date, edges) = data.became("xa-f").unwrap();
    assert_eq!(date, day("2023-01-01"));
    assert!(edges[0].shorthand);
    assert_eq!(
        (edges[0].kind, edges[0].to.as_str()),
        (LineageKind::Merge, "xa-e")
    );
    assert_eq!(
        ids(data.predecessors("xa-e"), |e| &e.from),
        ["xa-d", "xa-f"]
    );
    // One code, two units at two times; dates and former names.
    assert_eq!(
        data.unit_by_code("00100", day("2025-06-30")).unwrap().id,
        "xa-a"
    );
    assert_eq!(
        data.unit_by_code("00100", day("2025-07-01")).unwrap().id,
        "xa-moi"
    );
    let moi = data.unit("xa-moi").unwrap();
    assert_eq!(moi.name_on(day("2025-07-01")), "UBND xã Đắk Tô Mới");
    assert_eq!(moi.name_on(day("2026-01-01")), "UBND xã Đắk Tô");
    let f = data.unit("xa-f").unwrap();
    assert_eq!(
        f.last_day(),
        Some(day("2022-12-31")),
        "a bare year ends on 31 December"
    );
}

/// The one error of a broken lineage fixture, asserting its cell.
fn expect_lineage(
    name: &str,
    code: &str,
    file: &str,
    line: usize,
    column: usize,
    count: usize,
) -> Vec<Diagnostic> {
    let errors = expect(name, code, file, Some(line), count);
    let hit = errors.iter().find(|d| d.code == code).unwrap();
    assert_eq!(hit.location.column, Some(column), "{name}: {hit}");
    assert!(
        hit.found.is_some() && hit.expected.is_some(),
        "{name}: {hit}"
    );
    errors
}

#[test]
fn lineage_naming_an_unknown_unit_suggests_the_nearest() {
    let e = expect_lineage(
        "lineage-unknown-unit",
        "unknown-unit",
        "lineage.csv",
        3,
        3,
        1,
    );
    assert_eq!(e[0].hint.as_deref(), Some("did you mean \"xa-moi\"?"));
}

#[test]
fn lineage_that_comes_back_to_a_unit_is_a_cycle() {
    let e = expect_lineage("lineage-cycle", "lineage-cycle", "lineage.csv", 8, 2, 1);
    assert_eq!(
        e[0].found.as_deref(),
        Some("thu-nghiem -> huyen-khac -> thu-nghiem")
    );
}

#[test]
fn a_lineage_from_not_valid_the_day_before_is_an_error() {
    let e = expect_lineage(
        "lineage-from-not-valid",
        "lineage-not-valid",
        "lineage.csv",
        2,
        2,
        1,
    );
    assert!(e[0].message.contains("2025-07-31"), "{}", e[0]);
}

#[test]
fn a_lineage_to_not_valid_on_the_day_is_an_error() {
    let e = expect_lineage(
        "lineage-to-not-valid",
        "lineage-not-valid",
        "lineage.csv",
        6,
        3,
        1,
    );
    assert!(
        e[0].found.as_deref().unwrap().contains("2026-02-01"),
        "{}",
        e[0]
    );
}

#[test]
fn a_unit_scored_before_it_existed_is_an_error() {
    let e = expect_lineage(
        "lineage-scored-before",
        "unit-not-valid",
        "editions/2021/scores.csv",
        14,
        1,
        1,
    );
    assert!(e[0].message.contains("before it existed"), "{}", e[0]);
}

#[test]
fn a_unit_scored_after_it_ceased_to_exist_is_an_error() {
    let e = expect_lineage(
        "lineage-scored-after",
        "unit-not-valid",
        "editions/2021/scores.csv",
        2,
        1,
        3,
    );
    assert!(
        e.iter()
            .all(|d| d.message.contains("after it ceased to exist")),
        "{e:#?}"
    );
}

#[test]
fn split_shares_adding_up_to_more_than_one_are_an_error() {
    let e = expect_lineage(
        "lineage-split-shares",
        "split-shares",
        "lineage.csv",
        5,
        5,
        1,
    );
    assert!(
        e[0].found.as_deref().unwrap().ends_with("= 1.1"),
        "{}",
        e[0]
    );
}

#[test]
fn a_share_of_zero_is_an_error() {
    expect_lineage(
        "lineage-invalid-share",
        "invalid-share",
        "lineage.csv",
        5,
        5,
        1,
    );
}

#[test]
fn a_share_on_a_merge_row_is_an_error() {
    expect_lineage(
        "lineage-share-not-split",
        "share-not-split",
        "lineage.csv",
        3,
        5,
        1,
    );
}

#[test]
fn a_unit_merged_into_two_units_on_one_day_is_an_error() {
    let e = expect_lineage("lineage-merge-twice", "merge-twice", "lineage.csv", 4, 3, 1);
    assert!(e[0].hint.as_deref().unwrap().contains("split"), "{}", e[0]);
}

#[test]
fn two_units_with_one_code_at_the_same_time_are_an_error() {
    expect_lineage(
        "lineage-unit-code-overlap",
        "unit-code-overlap",
        "units.csv",
        5,
        9,
        1,
    );
}

#[test]
fn a_lineage_date_that_is_no_day_is_an_error() {
    expect_lineage(
        "lineage-invalid-date",
        "invalid-date",
        "lineage.csv",
        6,
        1,
        1,
    );
}

#[test]
fn a_valid_to_that_is_no_day_is_an_error() {
    expect_lineage(
        "lineage-invalid-valid-to",
        "invalid-date",
        "units.csv",
        8,
        8,
        1,
    );
}

#[test]
fn an_unknown_kind_of_change_is_an_error() {
    expect_lineage(
        "lineage-unknown-kind",
        "invalid-kind",
        "lineage.csv",
        6,
        4,
        1,
    );
}

#[test]
fn a_former_name_without_its_date_is_an_error() {
    expect_lineage(
        "lineage-invalid-former-name",
        "invalid-former-name",
        "units.csv",
        7,
        10,
        1,
    );
}

#[test]
fn a_unit_that_ceased_to_exist_without_successor_is_a_warning() {
    let checked = check("tests/fixtures/broken/lineage-no-successor");
    assert_eq!(checked.errors().count(), 0, "{:#?}", checked.diagnostics);
    let d = &checked.diagnostics[0];
    assert_eq!((d.code, d.location.line), ("no-successor", Some(8)));
    assert!(d.message.contains("xa-bac"), "{d}");
}

#[test]
fn a_unit_dissolved_without_valid_to_ends_the_day_before_and_chiso_says_so() {
    let checked = check("tests/fixtures/broken/lineage-derived-end");
    assert_eq!(checked.errors().count(), 0, "{:#?}", checked.diagnostics);
    let d = &checked.diagnostics[0];
    assert_eq!((d.code, d.location.line), ("valid-to-derived", Some(5)));
    let b = checked.dataset.unit("xa-b").unwrap();
    assert_eq!(b.valid.to.map(|d| d.iso()).as_deref(), Some("2025-06-30"));
    assert!(b.valid.to_derived);
    assert_eq!(b.valid_to, Some(2025));
}

/// A new unit may take a dissolved predecessor's name (Tỉnh Cà Mau of 1 July
/// 2025 is not the Tỉnh Cà Mau before it); two units with one name at once
/// are still a mistake.
#[test]
fn a_name_is_duplicate_only_between_units_valid_at_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid-lineage"), dir.path());
    let units = dir.path().join("units.csv");
    edit_file(&units, |s| {
        s.replace("xa-moi,UBND xã Đắk Tô,", "xa-moi,UBND xã Đắk Tô Re,")
    });
    let checked = check_dir(dir.path());
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    edit_file(&units, |s| s.replace("UBND xã Hòa Lợi", "UBND xã Tân Lập"));
    let checked = check_dir(dir.path());
    let found: Vec<(&str, Option<usize>)> = checked
        .errors()
        .map(|d| (d.code, d.location.line))
        .collect();
    assert_eq!(found, [("duplicate-name", Some(12))]);
}
