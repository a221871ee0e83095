//! Removing ANSI escape sequences (colors, titles) before the patterns run: a color code in
//! the middle of a key would otherwise split it so that no pattern matches.

use std::borrow::Cow;

/// Removes ANSI escape sequences: colors could split a token so that no pattern matches it.
pub(super) fn strip_ansi(text: &str) -> Cow<'_, str> {
    if !text.contains('\x1b') {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut kept) = (0, 0);
    while i < b.len() {
        if b[i] != 0x1b {
            i += 1;
            continue;
        }
        out.push_str(&text[kept..i]);
        i = escape_end(b, i);
        kept = i;
    }
    out.push_str(&text[kept..]);
    Cow::Owned(out)
}

/// Where the escape sequence starting at `b[i]` (ESC) ends.
fn escape_end(b: &[u8], i: usize) -> usize {
    match b.get(i + 1) {
        // CSI: parameters and intermediates (0x20-0x3f), then a final byte (0x40-0x7e).
        Some(b'[') => {
            let mut j = i + 2;
            while j < b.len() && (0x20..=0x3f).contains(&b[j]) {
                j += 1;
            }
            if j < b.len() && (0x40..=0x7e).contains(&b[j]) {
                j + 1
            } else {
                j
            }
        }
        // OSC: up to BEL or ESC \.
        Some(b']') => {
            let mut j = i + 2;
            while j < b.len() {
                if b[j] == 0x07 {
                    return j + 1;
                }
                if b[j] == 0x1b && b.get(j + 1) == Some(&b'\\') {
                    return j + 2;
                }
                j += 1;
            }
            j
        }
        Some(c) if c.is_ascii() => i + 2,
        _ => i + 1,
    }
}
