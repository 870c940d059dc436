use super::*;

fn table(text: &str) -> (Table, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let t = read_csv(Path::new("t.csv"), text.to_string(), &mut diags).unwrap();
    (t, diags)
}

fn cells(t: &Table) -> Vec<(usize, Vec<&str>)> {
    t.rows().map(|r| (r.line, r.cells().collect())).collect()
}

/// The file's bytes as `Table::read` reads them.
fn read_bytes(bytes: &[u8]) -> (Table, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut diags = Vec::new();
    let t = Table::read(&path, None, &mut diags).unwrap();
    (t, diags)
}

#[test]
fn quoted_cells_keep_delimiters_quotes_and_line_breaks() {
    let (t, d) =
        table("unit,code,note\n\"a, b\",1,\"said \"\"late\"\"\"\nc,2,\"two\nlines\"\n,,\nd,3,\n");
    assert!(d.is_empty());
    assert_eq!(
        cells(&t),
        [
            (2, vec!["a, b", "1", "said \"late\""]),
            (3, vec!["c", "2", "two\nlines"]),
            (6, vec!["d", "3", ""]),
        ]
    );
}

#[test]
fn located_fields_are_the_readers_fields_trimmed() {
    for (text, delimiter) in [
        ("a,b,c\n1,2,3\n", b','),
        ("a,b\r\n\"x, y\",\" z \"\r\n", b','),
        ("a;b\n\"say \"\"hi\"\"\";2\nq;\"\"\n", b';'),
        ("a,b\n\"ab\"cd,2\nx\"y,\"3\"\n", b','),
        ("a\tb\n\u{a0}Đắk\u{a0}\t Tô \n", b'\t'),
        ("a,b\n\n\n1,\"two\nlines\"\n,,\n3,4", b','),
        ("a,b\n\"open,2\n3,4\n", b','),
        ("a,b,\n1,,\n", b','),
    ] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let (mut extra, mut spans) = (String::new(), Vec::new());
        while reader.read_byte_record(&mut record).unwrap() {
            let start = record.position().map(|p| p.byte() as usize);
            locate_fields(text, start, &record, delimiter, &mut extra, &mut spans);
            let found: Vec<&str> = spans.iter().map(|&s| span_text(text, &extra, s)).collect();
            let want: Vec<&str> = record
                .iter()
                .map(|f| clean(std::str::from_utf8(f).unwrap()))
                .collect();
            assert_eq!(found, want, "{text:?}");
        }
    }
}

#[test]
fn lines_are_numbered_as_an_editor_shows_them() {
    // CRLF (Excel on Windows), blank lines, and a cell with a line
    // break inside quotes.
    let (t, _) = table("a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5\r\n");
    let lines: Vec<usize> = t.rows().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4, 6]);
    let (t, _) = table("a,b\n\n\n1,2\n3,4\n");
    let lines: Vec<usize> = t.rows().map(|r| r.line).collect();
    assert_eq!(lines, [4, 5]);
}

#[test]
fn plain_and_quoted_cells_are_spans_of_the_text() {
    let (t, _) = table("a,b\r\n\"x, y\",\" z \"\r\n\n1,\"two\nlines\"\n");
    assert!(t.extra.is_empty());
    let found: Vec<Vec<&str>> = t.rows().map(|r| r.cells().collect()).collect();
    assert_eq!(found, [vec!["x, y", "z"], vec!["1", "two\nlines"]]);
    let (t, _) = table("a\n\"say \"\"hi\"\"\"\n");
    assert_eq!(t.extra, "say \"hi\"");
}

#[test]
fn short_rows_are_padded_and_long_ones_reported_with_their_line() {
    let (t, d) = table("unit;code;score\na;1\nb;2;3;4\nc;3;4\n");
    assert_eq!(
        cells(&t),
        [(2, vec!["a", "1", ""]), (4, vec!["c", "3", "4"])]
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "extra-cells");
    assert_eq!(d[0].location.line, Some(3));
    assert_eq!(d[0].location.column, Some(4));
}

#[test]
fn encodings_give_the_same_nfc_cells() {
    use unicode_normalization::UnicodeNormalization;
    let text = "unit;name\nx;Đắk Tô Re\ny; Tân Lập \n";
    let want = [(2, vec!["x", "Đắk Tô Re"]), (3, vec!["y", "Tân Lập"])];
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let nfd: String = text.nfd().collect();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    // As Windows-1258 stores it: precomposed â, ô, ă and combining tones.
    let cp1258 = b"unit;name\nx;\xd0\xe3\xeck T\xf4 Re\ny; T\xe2n L\xe2\xf2p \n";
    for bytes in [
        text.as_bytes(),
        &utf16[..],
        nfd.as_bytes(),
        &bom[..],
        &cp1258[..],
    ] {
        let (t, d) = read_bytes(bytes);
        assert!(d.is_empty());
        assert_eq!(t.headers, ["unit", "name"]);
        assert_eq!(t.delimiter, Some(b';'));
        assert_eq!(cells(&t), want);
    }
}

#[test]
fn a_file_of_empty_lines_has_no_header() {
    let mut diags = Vec::new();
    let e = read_csv(Path::new("t.csv"), ",,\n\n".into(), &mut diags).unwrap_err();
    assert_eq!(e.code, "empty-file");
}

#[test]
fn detects_delimiters_and_trims() {
    let (t, d) = table("Unit;Code;Score\n\u{a0}a ; 1 ;81,45\n");
    assert!(d.is_empty());
    assert_eq!(t.delimiter, Some(b';'));
    assert_eq!(t.headers, ["unit", "code", "score"]);
    assert_eq!(cells(&t), [(2, vec!["a", "1", "81,45"])]);
    let (t, _) = table("unit\tcode\nb\t2\n");
    assert_eq!(t.delimiter, Some(b'\t'));
    assert_eq!(cells(&t), [(2, vec!["b", "2"])]);
}

#[test]
fn ignores_trailing_empty_rows_and_columns() {
    let (t, d) = table("unit,code,,\na,1,,\n,,,\n,,,\n");
    assert!(d.is_empty());
    assert_eq!(t.headers.len(), 2);
    assert_eq!(cells(&t), [(2, vec!["a", "1"])]);
}

#[test]
fn extra_values_hint_at_decimal_comma() {
    let (t, d) = table("unit,score\na,81,45\n");
    assert_eq!(t.rows().len(), 0);
    assert_eq!(d[0].code, "extra-cells");
    assert!(d[0].hint.as_deref().unwrap().contains("decimal comma"));
}

#[test]
fn plain_numbers_read_as_the_general_parser_reads_them() {
    for text in [
        "0",
        "00",
        "7",
        "007",
        "19.49",
        "0.5",
        "0.50",
        "10.00",
        "100",
        "2.675",
        "0.0",
        "123456789012345678",
        "1234567890.12345678",
        "0.00000000000000001",
    ] {
        let general = Decimal::from_str(text).unwrap().normalize();
        let plain = plain_decimal(text).unwrap();
        assert_eq!(plain, general, "{text}");
        assert_eq!(plain.scale(), general.scale(), "{text}");
        assert_eq!(plain.to_string(), general.to_string(), "{text}");
    }
    for text in [
        "",
        ".5",
        "5.",
        "1.2.3",
        "-1",
        "+1",
        " 1",
        "1,5",
        "1e5",
        "12345678901234567890",
    ] {
        assert_eq!(plain_decimal(text), None, "{text}");
    }
}

#[test]
fn numbers() {
    assert_eq!(parse_decimal("81.45", false).unwrap().to_string(), "81.45");
    assert_eq!(parse_decimal("81,45", true).unwrap().to_string(), "81.45");
    assert!(parse_decimal("81,45", false).is_err());
    assert!(parse_decimal("1.234,5", true).is_err());
    assert!(parse_decimal("abc", true).is_err());
    assert!(parse_decimal("", true).is_err());
    assert_eq!(parse_decimal("-1", true).unwrap().to_string(), "-1");
    assert_eq!(parse_decimal("10.00", true).unwrap().to_string(), "10");
}

#[test]
fn sheet_names_split_from_workbooks_only() {
    assert_eq!(split_sheet("a.xlsx#Điểm"), ("a.xlsx", Some("Điểm")));
    assert_eq!(split_sheet("a.csv#x"), ("a.csv#x", None));
}
