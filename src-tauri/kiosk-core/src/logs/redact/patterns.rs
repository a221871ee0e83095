//! The patterns [`redact`](super::redact) runs: a byte scanner that replaces what a finder
//! reports, and the finders for sensitive field values, `Bearer` tokens, hosted verification
//! URLs' tokens and email addresses. Stripe keys and client secrets are not here: they are
//! `stripe_identity::secret::scrub`'s.

use std::borrow::Cow;

use super::{REDACTED, SENSITIVE_FIELDS};

/// A value to replace: `start..end` of the text becomes `with`.
pub(super) struct Found {
    start: usize,
    end: usize,
    with: Cow<'static, str>,
}

/// Rewrites `text`, asking `find` at each byte position (with the end of the last replacement,
/// before which nothing may start) whether a value to replace starts there or just before.
/// Patterns are ASCII, so every boundary found is a character boundary.
pub(super) fn replace_values(
    text: &str,
    find: impl Fn(&[u8], usize, usize) -> Option<Found>,
) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut kept) = (0, 0);
    while i < b.len() {
        match find(b, i, kept) {
            Some(f) if f.start >= kept && f.end > f.start => {
                out.push_str(&text[kept..f.start]);
                out.push_str(&f.with);
                (i, kept) = (f.end, f.end);
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[kept..]);
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn starts_word(b: &[u8], i: usize) -> bool {
    is_word(b[i]) && (i == 0 || !is_word(b[i - 1]))
}

fn has_at(b: &[u8], i: usize, needle: &str) -> bool {
    b.get(i..i + needle.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(needle.as_bytes()))
}

fn skip_blanks(b: &[u8], mut i: usize, newlines: bool) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || newlines && b[i].is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// A token ends at whitespace, quotes, brackets and separators.
fn token_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && !b"\"'<>()[]{},;&\\".contains(&b[i]) {
        i += 1;
    }
    i
}

/// `email: "…"`, `"dob": {…}`, `first_name: Some("…")`, `phone=…`, `[email]=…`: the value of a
/// [`SENSITIVE_FIELDS`] field starting a word at `i`.
pub(super) fn field_value(b: &[u8], i: usize, _kept: usize) -> Option<Found> {
    if !starts_word(b, i) {
        return None;
    }
    let name = SENSITIVE_FIELDS
        .iter()
        .find(|n| has_at(b, i, n) && !b.get(i + n.len()).copied().is_some_and(is_word))?;
    // The key's closing quote or bracket: `"email":`, `\"email\":`, `[email]=`.
    let mut j = i + name.len();
    if b.get(j) == Some(&b'\\') && matches!(b.get(j + 1), Some(b'"' | b'\'')) {
        j += 2;
    } else if matches!(b.get(j), Some(b'"' | b'\'' | b']')) {
        j += 1;
    }
    j = skip_blanks(b, j, false);
    let sep = *b.get(j)?;
    // Not a path (`dob::parse`) or a comparison (`email == …`).
    if !matches!(sep, b':' | b'=') || b.get(j + 1) == Some(&sep) {
        return None;
    }
    let start = skip_blanks(b, j + 1, true);
    let (end, with) = value_end(b, start)?;
    Some(Found { start, end, with })
}

/// Where the value starting at `start` ends, and what replaces it.
fn value_end(b: &[u8], start: usize) -> Option<(usize, Cow<'static, str>)> {
    match *b.get(start)? {
        // A JSON text inside a string: `\"email\":\"…\"`.
        b'\\' if b.get(start + 1) == Some(&b'"') => {
            let end = (start + 2..b.len())
                .find(|&k| b[k] == b'\\' && b.get(k + 1) == Some(&b'"'))
                .map_or(b.len(), |k| k + 2);
            Some((end, Cow::Borrowed("\\\"<redacted>\\\"")))
        }
        q @ (b'"' | b'\'') => {
            let end = closing_quote(b, start).map_or(b.len(), |k| k + 1);
            let with = if q == b'"' {
                "\"<redacted>\""
            } else {
                "'<redacted>'"
            };
            Some((end, Cow::Borrowed(with)))
        }
        b'{' | b'[' | b'(' => Some((group_end(b, start), Cow::Borrowed(REDACTED))),
        _ => {
            let word_end = token_end(b, start);
            if word_end == start {
                return None;
            }
            let word = &b[start..word_end];
            if matches!(word, b"None" | b"null") {
                return None;
            }
            // `Some("…")`, `Dob { … }`: a Debug value, to its closing bracket.
            let open = if b.get(word_end) == Some(&b' ') && b.get(word_end + 1) == Some(&b'{') {
                word_end + 1
            } else {
                word_end
            };
            if word.iter().all(|&c| is_word(c)) && matches!(b.get(open), Some(b'(' | b'{')) {
                return Some((group_end(b, open), Cow::Borrowed(REDACTED)));
            }
            Some((bare_end(b, start), Cow::Borrowed(REDACTED)))
        }
    }
}

/// The closing quote of the string opening at `b[open]`, skipping escaped characters.
fn closing_quote(b: &[u8], open: usize) -> Option<usize> {
    let mut k = open + 1;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 2,
            c if c == b[open] => return Some(k),
            _ => k += 1,
        }
    }
    None
}

/// Just past the bracket closing the one at `b[open]` (strings inside are skipped), or the end
/// of the text when it never closes: better too much hidden than a value cut short.
fn group_end(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut k = open;
    while k < b.len() {
        match b[k] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            b'"' => match closing_quote(b, k) {
                Some(close) => k = close,
                None => return b.len(),
            },
            _ => {}
        }
        k += 1;
    }
    b.len()
}

/// The end of an unquoted value (`email=jenny@example.com`, `address=1 Main St, Springfield`):
/// the end of the line, a form's `&`, a bracket closing around the field, or the next field
/// (` name=`, `, "name":`). Spaces and commas alone do not end it, so a value with spaces is
/// hidden whole.
fn bare_end(b: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut k = start;
    while k < b.len() {
        match b[k] {
            b'\n' | b'\r' | b'&' => return k,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return k,
            b')' | b']' | b'}' => depth -= 1,
            b' ' | b'\t' | b',' | b';' if depth == 0 && next_field_at(b, k + 1) => return k,
            _ => {}
        }
        k += 1;
    }
    b.len()
}

/// Whether a field (`name=`, `name: `, `"name":`) starts at `i`, after optional blanks.
fn next_field_at(b: &[u8], i: usize) -> bool {
    let mut j = skip_blanks(b, i, false);
    let quoted = matches!(b.get(j), Some(b'"' | b'\''));
    if quoted {
        j += 1;
    }
    let name_start = j;
    while j < b.len() && (is_word(b[j]) || b[j] == b'.') {
        j += 1;
    }
    if j == name_start || !b[name_start].is_ascii_alphabetic() && b[name_start] != b'_' {
        return false;
    }
    if quoted && matches!(b.get(j), Some(b'"' | b'\'')) {
        j += 1;
    }
    matches!(b.get(j), Some(b'=' | b':'))
}

/// `Bearer <token>`, anywhere.
pub(super) fn bearer_token(b: &[u8], i: usize, _kept: usize) -> Option<Found> {
    if !starts_word(b, i) || !has_at(b, i, "bearer") || !matches!(b.get(i + 6), Some(b' ' | b'\t'))
    {
        return None;
    }
    let start = skip_blanks(b, i + 6, false);
    let end = token_end(b, start);
    (end > start && &b[start..end] != REDACTED.as_bytes()).then_some(Found {
        start,
        end,
        with: Cow::Borrowed(REDACTED),
    })
}

/// The token of a hosted verification URL: `…/start/<token>`, or `%2Fstart%2F<token>`.
pub(super) fn hosted_token(b: &[u8], i: usize, _kept: usize) -> Option<Found> {
    let start = ["/start/", "%2Fstart%2F"]
        .iter()
        .find(|n| has_at(b, i, n))
        .map(|n| i + n.len())?;
    let end = token_end(b, start);
    Some(Found {
        start,
        end,
        with: Cow::Borrowed(REDACTED),
    })
}

/// An email address around the `@` (or `%40`) at `i`.
pub(super) fn email_address(b: &[u8], i: usize, kept: usize) -> Option<Found> {
    let at_len = if b[i] == b'@' {
        1
    } else if has_at(b, i, "%40") {
        3
    } else {
        return None;
    };
    let is_local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let mut start = i;
    while start > kept && is_local(b[start - 1]) {
        start -= 1;
    }
    let domain_start = i + at_len;
    let mut end = domain_start;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'.' || b[end] == b'-') {
        end += 1;
    }
    while end > domain_start && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &b[domain_start..end];
    let tld = domain.rsplit(|&c| c == b'.').next().unwrap_or_default();
    let looks_like_email = start < i
        && domain.contains(&b'.')
        && domain[0] != b'.'
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic);
    looks_like_email.then_some(Found {
        start,
        end,
        with: Cow::Borrowed(REDACTED),
    })
}
