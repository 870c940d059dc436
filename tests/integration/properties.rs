//! Properties of the computation over generated datasets.

use super::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

const NAMES: &[&str] = &[
    "Đắk Tô Re",
    "Tân Lập",
    "Đăk Kôi",
    "Ngọc Hồi",
    "Ea Hồ",
    "Quảng Trực",
    "Mường Tè",
    "Phước Sơn",
];

/// A generated group: each field's max in hundredths, and per unit per
/// field a score in hundredths (`None` = not applicable).
#[derive(Debug, Clone)]
struct Spec {
    maxima: Vec<u32>,
    scores: Vec<Vec<Option<u32>>>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (prop::collection::vec(100u32..4000, 1..5), 1usize..9).prop_flat_map(|(maxima, units)| {
        let per_field: Vec<BoxedStrategy<Option<u32>>> = maxima
            .iter()
            .enumerate()
            .map(|(i, &m)| {
                // The first field always applies, so every unit has a maximum.
                if i == 0 {
                    (0..=m).prop_map(Some).boxed()
                } else {
                    prop_oneof![4 => (0..=m).prop_map(Some), 1 => Just(None)].boxed()
                }
            })
            .collect();
        prop::collection::vec(per_field, units).prop_map(move |scores| Spec {
            maxima: maxima.clone(),
            scores,
        })
    })
}

fn hundredths(v: u32) -> String {
    Decimal::new(i64::from(v), 2).normalize().to_string()
}

/// Writes the spec as a data directory; `order` permutes the score rows,
/// `nfd` writes every text in decomposed form.
fn write(dir: &std::path::Path, spec: &Spec, order: &[usize], nfd: bool) {
    let text = |s: String| if nfd { s.nfd().collect::<String>() } else { s };
    let edition = dir.join("editions/2021");
    std::fs::create_dir_all(&edition).unwrap();
    std::fs::write(
        dir.join("site.json"),
        text(r#"{"title": "Chỉ số thử", "publisher": "Sở Nội vụ", "language": "vi"}"#.into()),
    )
    .unwrap();
    let mut units = String::from("id,name,kind\n");
    for i in 0..spec.scores.len() {
        units += &format!("u{i},UBND xã {} {i},commune\n", NAMES[i % NAMES.len()]);
    }
    std::fs::write(dir.join("units.csv"), text(units)).unwrap();
    std::fs::write(
        edition.join("edition.json"),
        text(
            r#"{"year": 2021, "title": "Năm 2021", "status": "final",
            "bands": [{"name": "Tốt", "min": 80}, {"name": "Khá", "min": 0}],
            "groups": [{"id": "xa", "name": "Xã", "framework": "f.csv", "scores": "s.csv"}]}"#
                .into(),
        ),
    )
    .unwrap();
    let mut framework = String::from("code,name,max\n");
    for (f, m) in spec.maxima.iter().enumerate() {
        framework += &format!("{},Lĩnh vực {},{}\n", f + 1, f + 1, hundredths(*m));
    }
    std::fs::write(edition.join("f.csv"), text(framework)).unwrap();
    let mut rows = Vec::new();
    for (u, scores) in spec.scores.iter().enumerate() {
        for (f, score) in scores.iter().enumerate() {
            rows.push(match score {
                Some(s) => format!("u{u},{},{},\n", f + 1, hundredths(*s)),
                None => format!("u{u},{},,x\n", f + 1),
            });
        }
    }
    let mut scores = String::from("unit,code,score,max\n");
    for &i in order {
        scores += &rows[i % rows.len()];
    }
    std::fs::write(edition.join("s.csv"), text(scores)).unwrap();
}

fn rows(spec: &Spec) -> usize {
    spec.scores.len() * spec.maxima.len()
}

fn checked(spec: &Spec, order: &[usize], nfd: bool) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), spec, order, nfd);
    let checked = check_dir(dir.path());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    checked
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn index_stays_within_the_scale(spec in spec()) {
        let order: Vec<usize> = (0..rows(&spec)).collect();
        let c = checked(&spec, &order, false);
        let group = c.results.group(2021, "xa").unwrap();
        prop_assert_eq!(group.units.len(), spec.scores.len());
        for unit in &group.units {
            prop_assert!(unit.index >= Decimal::ZERO && unit.index <= Decimal::ONE_HUNDRED, "{}", unit.index);
        }
    }

    #[test]
    fn row_order_changes_nothing(spec in spec(), seed in any::<u64>()) {
        let n = rows(&spec);
        let order: Vec<usize> = (0..n).collect();
        let mut shuffled = order.clone();
        // A seeded Fisher-Yates permutation of the rows.
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = checked(&spec, &order, false);
        let b = checked(&spec, &shuffled, false);
        prop_assert_eq!(a.results, b.results);
    }

    #[test]
    fn nfc_and_nfd_input_give_the_same_model(spec in spec()) {
        let order: Vec<usize> = (0..rows(&spec)).collect();
        let nfc = checked(&spec, &order, false);
        let nfd = checked(&spec, &order, true);
        let names = |c: &Checked| c.dataset.units.iter().map(|u| (u.id.clone(), u.name.clone())).collect::<Vec<_>>();
        prop_assert_eq!(names(&nfc), names(&nfd));
        prop_assert_eq!(&nfc.dataset.editions[0].title, &nfd.dataset.editions[0].title);
        prop_assert_eq!(&nfc.dataset.site.title, &nfd.dataset.site.title);
        prop_assert_eq!(nfc.results, nfd.results);
    }

    #[test]
    fn rank_follows_the_index(spec in spec()) {
        let order: Vec<usize> = (0..rows(&spec)).collect();
        let c = checked(&spec, &order, false);
        let units = &c.results.group(2021, "xa").unwrap().units;
        for a in units {
            for b in units {
                if a.index > b.index {
                    prop_assert!(a.rank < b.rank);
                }
                if a.index == b.index {
                    prop_assert_eq!(a.rank, b.rank);
                }
            }
            let higher = units.iter().filter(|b| b.index > a.index).count();
            prop_assert_eq!(a.rank as usize, higher + 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever bytes a publisher's file holds, check reports and never
    /// panics.
    #[test]
    fn any_input_is_reported_never_a_panic(
        file in prop_oneof![Just("units.csv"), Just("site.json"), Just("editions/2021/edition.json"), Just("editions/2021/scores.csv"), Just("editions/2021/framework.csv"), Just("editions/2021/published.csv")],
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        text in "[a-z0-9,;\"\\.\\-x\n ]{0,300}",
        use_text in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo("tests/fixtures/valid"), dir.path());
        let content = if use_text { text.into_bytes() } else { bytes };
        std::fs::write(dir.path().join(file), content).unwrap();
        let result = std::panic::catch_unwind(|| check_dir(dir.path()));
        prop_assert!(result.is_ok(), "check panicked on {file}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Shown numbers are Decimal's own half-up rounding, padded to the
    /// places asked for, with the language's decimal mark.
    #[test]
    fn shown_numbers_are_rounded_half_up_and_padded(
        mantissa in prop_oneof![any::<i64>(), -2_000i64..2_000],
        scale in 0u32..12,
        decimals in 0u32..7,
    ) {
        use chiso::i18n::number;
        use chiso::model::Language;
        use rust_decimal::RoundingStrategy;
        let value = Decimal::new(mantissa, scale);
        let expected = format!(
            "{:.*}",
            decimals as usize,
            value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
        );
        // Decimal prints a rounded-away negative as "-0.00"; shown, it is 0.
        let expected = if expected.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
            expected.trim_start_matches('-').to_string()
        } else {
            expected
        };
        prop_assert_eq!(number(value, decimals, Language::En), expected.clone());
        prop_assert_eq!(number(value, decimals, Language::Vi), expected.replace('.', ","));
    }
}
