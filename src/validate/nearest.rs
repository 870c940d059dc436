//! Suggestions for an unknown id or code: the nearest known one, by its
//! form without case and diacritics or by edit distance.

use super::*;

/// Suggests the known id or code nearest to an unknown one ("did you mean
/// `quang-trung`?"): the one that is the same once case, diacritics and
/// separators are ignored (`Quảng Trung`, `quang_trung`), else the one
/// closest in edit distance, when it takes at most one edit for every
/// three characters and no other is as close.
pub struct Nearest<'a> {
    /// Slug of each id, code or name -> the id or code.
    by_slug: FxHashMap<String, &'a str>,
    /// Folded (lower case, no diacritics) ids or codes.
    folded: Vec<(String, &'a str)>,
    /// Edit distances left to compute: a registry that matches nothing
    /// (12,500 unknown ids against 12,500 known) must not take minutes.
    budget: usize,
}

impl<'a> Nearest<'a> {
    /// `known`: each id or code, with other names it may be typed as (a
    /// unit's name).
    pub fn new<I, N>(known: I) -> Nearest<'a>
    where
        I: IntoIterator<Item = (&'a str, N)>,
        N: IntoIterator<Item = &'a str>,
    {
        let mut by_slug = FxHashMap::default();
        let mut folded = Vec::new();
        for (id, names) in known {
            by_slug.entry(crate::text::slug(id)).or_insert(id);
            for name in names {
                by_slug.entry(crate::text::slug(name)).or_insert(id);
            }
            folded.push((crate::text::fold(id), id));
        }
        Nearest {
            by_slug,
            folded,
            budget: 20_000_000,
        }
    }

    pub fn find(&mut self, unknown: &str) -> Option<&'a str> {
        let slug = crate::text::slug(unknown);
        if let Some(&id) = self.by_slug.get(&slug).filter(|_| !slug.is_empty()) {
            return (id != unknown).then_some(id);
        }
        let target: Vec<char> = crate::text::fold(unknown).chars().collect();
        let limit = target.len() / 3;
        if limit == 0 {
            return None;
        }
        let mut best: Option<(usize, &'a str)> = None;
        let mut tied = false;
        for (folded, id) in &self.folded {
            let length = folded.chars().count();
            if length.abs_diff(target.len()) > limit {
                continue;
            }
            let cost = length * target.len();
            if cost > self.budget {
                return None;
            }
            self.budget -= cost;
            let distance = edit_distance(&target, folded);
            if distance == 0 || distance > limit {
                continue;
            }
            match best {
                Some((d, _)) if d < distance => {}
                Some((d, _)) if d == distance => tied = true,
                _ => {
                    best = Some((distance, id));
                    tied = false;
                }
            }
        }
        best.filter(|_| !tied).map(|(_, id)| id)
    }

    /// `d` with a "did you mean" hint when a known id is near `unknown`.
    pub fn hint(&mut self, d: Diagnostic, unknown: &str) -> Diagnostic {
        match self.find(unknown) {
            Some(near) => d.hint(crate::tr!(
                "did you mean \"{near}\"?",
                "có phải là \"{near}\"?"
            )),
            None => d,
        }
    }
}

/// Levenshtein distance between `a` and `b`, by characters.
pub(super) fn edit_distance(a: &[char], b: &str) -> usize {
    let mut previous: Vec<usize> = (0..=a.len()).collect();
    let mut current = vec![0; a.len() + 1];
    for (j, cb) in b.chars().enumerate() {
        current[0] = j + 1;
        for (i, ca) in a.iter().enumerate() {
            let substitute = previous[i] + usize::from(*ca != cb);
            current[i + 1] = substitute.min(previous[i + 1] + 1).min(current[i] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[a.len()]
}

/// The units of the registry as [`Nearest`] looks them up: by id, name or
/// short name.
pub(super) fn nearest_unit(units: &[Unit]) -> Nearest<'_> {
    Nearest::new(units.iter().map(|u| {
        (
            u.id.as_str(),
            std::iter::once(u.name.as_str()).chain(u.short_name.as_deref()),
        )
    }))
}
