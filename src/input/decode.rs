//! Turning a file's bytes into NFC text.
//!
//! Publishers' files come from Excel and older Windows tools: UTF-8 with or
//! without a BOM, UTF-16 with a BOM ("Unicode text"), or Windows-1258, whose
//! Vietnamese tones decode to combining marks. Everything is normalised to
//! NFC so that a name typed precomposed and one typed with combining marks
//! are the same string.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1258};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL or other control bytes that no text file holds, first seen on
    /// `line` (unknown for a UTF-16 file that does not decode).
    Binary { line: Option<usize> },
    /// Not UTF-8, not UTF-16 with a BOM, and not plausibly Windows-1258.
    UnknownEncoding { guess: String },
}

/// The encoding a file was read with, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub encoding: &'static Encoding,
    /// A file that is UTF-8 but for a few bytes is read as UTF-8, each of
    /// those bytes becoming U+FFFD: here each one's byte offset in the
    /// decoded text, with the byte it was. Each is an error for the reader
    /// to place; decoding the whole file as Windows-1258 instead would turn
    /// every Vietnamese letter into mojibake without a word.
    pub invalid: Vec<(usize, u8)>,
}

pub fn nfc(text: &str) -> String {
    match quick_nfc(text) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

/// `is_nfc_quick` over only the characters that can make a difference.
/// Characters below U+0300 and the Latin Extended Additional block
/// (U+1E00 to U+1EFF, where every precomposed Vietnamese vowel with a tone
/// lives) are all NFC_Quick_Check=Yes with combining class 0, so leaving
/// them out can only turn a Yes into a Maybe (a full normalisation, still
/// correct), never the reverse. In UTF-8 the others are exactly those whose
/// first byte is 0xCC or more (continuation bytes are below 0xC0), less the
/// block E1 B8 80 to E1 BB BF; runs of ASCII and Latin letters are skipped
/// a block at a time without decoding.
fn quick_nfc(text: &str) -> IsNormalized {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    // Whether a block (and the byte after it) holds no character to check;
    // branch-free, so that it is tested with vector instructions.
    let clean = |at: usize| {
        bytes[at..at + BLOCK]
            .iter()
            .zip(&bytes[at + 1..at + BLOCK + 1])
            .fold(true, |clean, (&b, &next)| {
                clean & ((b < 0xcc) | ((b == 0xe1) & (0xb8..=0xbb).contains(&next)))
            })
    };
    let mut i = 0;
    let mut next_block = 0;
    let marks = std::iter::from_fn(|| {
        while i < bytes.len() {
            if i >= next_block && i + BLOCK < bytes.len() {
                if clean(i) {
                    i += BLOCK;
                    continue;
                }
                next_block = i + BLOCK;
            }
            let b = bytes[i];
            if b < 0xcc {
                i += 1;
            } else if b == 0xe1 && bytes.get(i + 1).is_some_and(|n| (0xb8..=0xbb).contains(n)) {
                i += 3;
            } else {
                let c = text[i..].chars().next();
                i += c.map_or(1, char::len_utf8);
                return c;
            }
        }
        None
    });
    is_nfc_quick(marks)
}

/// Decodes `bytes` to NFC text without a BOM.
pub fn decode(bytes: &[u8]) -> Result<(String, Decoded), DecodeError> {
    decode_owned(bytes.to_vec())
}

/// As [`decode`], taking the bytes so that a UTF-8 file already in NFC (the
/// common case) becomes its text without a copy.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, Decoded), DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        if encoding == UTF_8 {
            bytes.drain(..bom_len);
            // The BOM says UTF-8: bytes that are not are errors, however
            // many.
            return match String::from_utf8(bytes) {
                Ok(text) => finish(text, UTF_8),
                Err(e) => mixed_utf8(&e.into_bytes()),
            };
        } else {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                return Err(DecodeError::Binary { line: None });
            }
            return finish(text.into_owned(), encoding);
        }
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return finish(text, UTF_8),
        Err(e) => e.into_bytes(),
    };
    if let Some(at) = binary_byte(&bytes) {
        return Err(DecodeError::Binary {
            line: Some(line_of(&bytes, at)),
        });
    }
    if mostly_utf8(&bytes) {
        return mixed_utf8(&bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let guess = detector.guess(Some(b"vn"), chardetng::Utf8Detection::Deny);
    // Windows-1258 and Windows-1252 share their letters; a short file with
    // few tone marks is often guessed as 1252, which would decode the same
    // Vietnamese bytes wrongly only where they differ. Both are accepted as
    // the Vietnamese Windows code page; anything else is refused by name.
    if guess == WINDOWS_1258 || guess == encoding_rs::WINDOWS_1252 {
        let (text, _, _) = WINDOWS_1258.decode(&bytes);
        return finish(text.into_owned(), WINDOWS_1258);
    }
    Err(DecodeError::UnknownEncoding {
        guess: guess.name().to_string(),
    })
}

/// Whether a file that is not valid UTF-8 is still UTF-8 as a whole: it
/// holds more valid multi-byte sequences than bytes that are not UTF-8.
/// Windows-1258 text almost never forms a valid sequence (a capital or a
/// tone mark directly followed by a symbol such as a closing quote), while
/// each of its accented letters is an invalid byte; a UTF-8 file with a
/// line pasted from elsewhere is the other way round. A file of ASCII with
/// one high byte has no sequence at all and is Windows-1258.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
        invalid += chunk.invalid().len();
    }
    valid > invalid
}

/// Reads `bytes` as UTF-8, each byte that is not becoming U+FFFD, listed
/// in [`Decoded::invalid`].
fn mixed_utf8(bytes: &[u8]) -> Result<(String, Decoded), DecodeError> {
    let mut text = String::with_capacity(bytes.len() + 16);
    // Which U+FFFD of the text (counting those the file holds itself) stand
    // for an invalid byte: normalisation moves offsets, never these.
    let mut replaced = Vec::new();
    let mut ordinal = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        ordinal += chunk.valid().matches('\u{fffd}').count();
        for &b in chunk.invalid() {
            text.push('\u{fffd}');
            replaced.push((ordinal, b));
            ordinal += 1;
        }
    }
    let (text, mut decoded) = finish(text, UTF_8)?;
    let mut wanted = replaced.into_iter().peekable();
    for (n, (at, _)) in text.match_indices('\u{fffd}').enumerate() {
        match wanted.peek() {
            Some(&(ordinal, byte)) if ordinal == n => {
                decoded.invalid.push((at, byte));
                wanted.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    Ok((text, decoded))
}

/// The 1-based line of byte `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn finish(text: String, encoding: &'static Encoding) -> Result<(String, Decoded), DecodeError> {
    if has_control(&text) {
        let at = first_control(&text);
        return Err(DecodeError::Binary {
            line: Some(line_of(text.as_bytes(), at)),
        });
    }
    let text = match quick_nfc(&text) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    };
    Ok((
        text,
        Decoded {
            encoding,
            invalid: Vec::new(),
        },
    ))
}

/// Where the control character [`has_control`] found is.
fn first_control(text: &str) -> usize {
    text.char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .map_or(0, |(at, _)| at)
}

/// NUL or another control character no text file holds (tab, line breaks
/// and form feed are text). Scanned as bytes, a block at a time: in UTF-8
/// the C0 controls and DEL are single bytes, and the C1 controls (U+0080 to
/// U+009F) are 0xC2 followed by 0x80 to 0x9F; no other sequence encodes a
/// control.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Branch-free, so that a block is tested with vector instructions.
    let suspect = |b: u8| {
        ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0c))
            | (b == 0x7f)
            | (b == 0xc2)
    };
    let control = |i: usize| match bytes[i] {
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        b => suspect(b),
    };
    bytes.chunks(64).enumerate().any(|(n, block)| {
        block.iter().fold(false, |any, &b| any | suspect(b))
            && (n * 64..n * 64 + block.len()).any(control)
    })
}

/// The first control byte among the first 8 KiB, if any.
fn binary_byte(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .take(8192)
        .position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = "Đắk Tô Re".as_bytes();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(plain);
        assert_eq!(decode(plain).unwrap().0, "Đắk Tô Re");
        assert_eq!(decode(&bom).unwrap().0, "Đắk Tô Re");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "id,name\nx,Đắk Pnè\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().0, text);
        assert_eq!(decode(&be).unwrap().0, text);
    }

    #[test]
    fn windows_1258_decodes_to_nfc() {
        // As Windows-1258 stores it: precomposed â, ô, ă and combining tones.
        let bytes = b"id,name\ndak-to-re,UBND xa\xde \xd0\xe3\xeck T\xf4 Re\ntan-lap,UBND xa\xde T\xe2n L\xe2\xf2p\n";
        let text = "id,name\ndak-to-re,UBND xã Đắk Tô Re\ntan-lap,UBND xã Tân Lập\n";
        let (decoded, how) = decode(bytes).unwrap();
        assert_eq!(decoded, text);
        assert_eq!(how.encoding, WINDOWS_1258);
    }

    #[test]
    fn windows_1258_with_a_pair_that_is_valid_utf8_stays_windows_1258() {
        // "Hà" closed by a curly quote: the grave tone (0xCC) and the quote
        // (0x94) happen to form a valid UTF-8 sequence.
        let bytes =
            b"id,name\nha,\x93UBND xa\xde Ha\xcc\x94\ntan-lap,UBND xa\xde T\xe2n L\xe2\xf2p\n";
        let (text, how) = decode(bytes).unwrap();
        assert_eq!(how.encoding, WINDOWS_1258);
        assert!(how.invalid.is_empty());
        assert!(text.contains("\u{201c}UBND xã Hà\u{201d}"), "{text}");
    }

    #[test]
    fn utf8_with_a_few_stray_bytes_lists_them_where_they_are_after_nfc() {
        let nfd: String = "Đắk Tô Re".nfd().collect();
        let mut bytes = format!("{nfd} \u{fffd}x").into_bytes();
        bytes.extend_from_slice(b"\xa9 T\xe2n L\xe1\xbb\x8dp\n\xff");
        let (text, how) = decode(&bytes).unwrap();
        assert_eq!(how.encoding, UTF_8);
        assert_eq!(text, "Đắk Tô Re \u{fffd}x\u{fffd} T\u{fffd}n Lọp\n\u{fffd}");
        let at: Vec<(usize, u8)> = how.invalid;
        let offsets: Vec<usize> = text.match_indices('\u{fffd}').map(|(i, _)| i).collect();
        assert_eq!(
            at,
            [(offsets[1], 0xa9), (offsets[2], 0xe2), (offsets[3], 0xff)]
        );
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Đắk Tô Re".nfd().collect();
        assert_ne!(nfd, "Đắk Tô Re");
        assert_eq!(decode(nfd.as_bytes()).unwrap().0, "Đắk Tô Re");
    }

    #[test]
    fn skipped_characters_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let skipped = (0..0x300).chain(0x1e00..=0x1eff).filter_map(char::from_u32);
        for c in skipped {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    #[test]
    fn byte_scans_agree_with_char_checks_at_every_block_offset() {
        let old_control = |t: &str| {
            t.chars().any(|c| {
                c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            })
        };
        let nfd: String = "Đắk Tô Re".nfd().collect();
        // Out of canonical order: a dot below (220) after a circumflex (230).
        let unordered = "Ta\u{302}\u{323}n";
        for special in [
            "",
            "\n\r\t\u{c}",
            "\0",
            "\u{1}",
            "\u{7f}",
            "\u{80}",
            "\u{9f}",
            "\u{a0}",
            "\u{85}",
            "Đắk Tô Re",
            &nfd,
            unordered,
            "\u{300}",
            "Tân Lập\u{2028}",
        ] {
            for pad in 0..70 {
                let text = format!("{}{special}{}", "a".repeat(pad), "b".repeat(pad % 7));
                assert_eq!(has_control(&text), old_control(&text), "{text:?}");
                let quick = quick_nfc(&text) == IsNormalized::Yes;
                assert!(!quick || text.nfc().eq(text.chars()), "{text:?}");
                if text.chars().all(|c| c < '\u{300}') {
                    assert!(quick, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn binary_and_foreign_encodings_are_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(DecodeError::Binary { line: Some(1) })
        );
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("東京都の市区町村の一覧です。これは日本語の文章です。");
        assert!(matches!(
            decode(&sjis),
            Err(DecodeError::UnknownEncoding { .. })
        ));
    }
}
