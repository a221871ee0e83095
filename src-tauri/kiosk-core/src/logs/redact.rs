//! Scrubbing log text before it is written anywhere.
//!
//! [`redact`] replaces, in any text:
//!
//! - Stripe API keys (`sk_`, `rk_`, `pk_` then `test_`/`live_`), masked to their prefix and at
//!   most the last four characters (`sk_test_…1234`); client secrets (`vs_…_secret_…`, any word
//!   with `_secret_` in it) and webhook secrets, cut after `_secret_`/`whsec_`. This part is
//!   [`stripe_identity::secret::scrub`], the one scrubber for these, which the Stripe client's
//!   error messages also go through;
//! - hosted verification URLs: the token after `/start/` (Stripe's `verify.stripe.com` page and
//!   the sandbox's `http://127.0.0.1:<port>/start/…`), also when URL-encoded;
//! - `Bearer` tokens, and any `Authorization` field's value (so `Basic` credentials too);
//! - personal data: email addresses, and the values of fields named like Stripe's personal
//!   outputs ([`SENSITIVE_FIELDS`]: `first_name`, `dob`, `address`, `email`, `phone`…) or like
//!   credentials (`client_secret`, `password`…), written as JSON, Rust `Debug`, `key=value`
//!   (tracing's fields) or form fields (`provided_details[email]=…`).
//!
//! Session ids (`vs_…`), report and request ids are left alone: they are not secret, and they
//! are what staff and support look up.
//!
//! Not covered: personal data in free text without a field name (a name in a sentence), and
//! secrets split by characters that are not in them (a key with spaces inserted).

use std::borrow::Cow;
use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

/// What a redacted value is replaced with (keys keep a masked form instead).
pub const REDACTED: &str = "<redacted>";

/// Fields whose values never reach a log: Stripe's personal data (verified outputs, provided
/// details, the kiosk's `verified_name`) and credentials. Matched as whole words, any case.
pub const SENSITIVE_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "dob",
    "id_number",
    "address",
    "email",
    "phone",
    "sex",
    "unparsed_sex",
    "unparsed_place_of_birth",
    "verified_name",
    "client_secret",
    "secret_key",
    "api_key",
    "password",
    "authorization",
];

/// Redacts `text` as the module doc describes.
pub fn redact(text: &str) -> String {
    let text = strip_ansi(text);
    let text = replace_values(&text, field_value);
    let text = replace_values(&text, bearer_token);
    let text = replace_values(&text, hosted_token);
    let text = replace_values(&text, email_address);
    stripe_identity::secret::scrub(&text)
}

/// A [`MakeWriter`] whose writers redact what they are given before passing it on.
///
/// Use it as the outermost writer, around every sink: `Redacting::new(std::io::stderr)`, or
/// around a tee of stderr and the files.
#[derive(Debug, Clone)]
pub struct Redacting<M> {
    inner: M,
}

impl<M> Redacting<M> {
    pub fn new(inner: M) -> Self {
        Self { inner }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter::new(self.inner.make_writer())
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        RedactingWriter::new(self.inner.make_writer_for(meta))
    }
}

/// Past this much text without being dropped, a writer passes on its complete lines.
const MAX_PENDING: usize = 64 * 1024;

/// Collects what is written and passes it on redacted: all of it when dropped, complete lines
/// on `flush` (or when a lot has piled up). The formatter makes one writer per event, so an
/// event is redacted as one text however it was split into writes: a key cut in two, or a
/// value spread over lines (`{:#?}`), is still found. A partial line is never passed on before
/// the writer ends.
pub struct RedactingWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> RedactingWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    /// Redacts and passes on the first `len` bytes collected.
    fn pass_on(&mut self, len: usize) -> io::Result<()> {
        let chunk: Vec<u8> = self.pending.drain(..len).collect();
        let text = redact(&String::from_utf8_lossy(&chunk));
        self.inner.write_all(text.as_bytes())
    }

    fn pass_on_lines(&mut self) -> io::Result<()> {
        match self.pending.iter().rposition(|&b| b == b'\n') {
            Some(end) => self.pass_on(end + 1),
            None => Ok(()),
        }
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() > MAX_PENDING {
            self.pass_on_lines()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_on_lines()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        // Nobody is left to tell about a failed write (the formatter has returned).
        if !self.pending.is_empty() {
            let _ = self.pass_on(self.pending.len());
        }
        let _ = self.inner.flush();
    }
}

impl<W: Write> std::fmt::Debug for RedactingWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedactingWriter")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

/// Removes ANSI escape sequences: colors could split a token so that no pattern matches it.
fn strip_ansi(text: &str) -> Cow<'_, str> {
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

/// A value to replace: `start..end` of the text becomes `with`.
struct Found {
    start: usize,
    end: usize,
    with: Cow<'static, str>,
}

/// Rewrites `text`, asking `find` at each byte position (with the end of the last replacement,
/// before which nothing may start) whether a value to replace starts there or just before.
/// Patterns are ASCII, so every boundary found is a character boundary.
fn replace_values(text: &str, find: impl Fn(&[u8], usize, usize) -> Option<Found>) -> String {
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
fn field_value(b: &[u8], i: usize, _kept: usize) -> Option<Found> {
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
fn bearer_token(b: &[u8], i: usize, _kept: usize) -> Option<Found> {
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
fn hosted_token(b: &[u8], i: usize, _kept: usize) -> Option<Found> {
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
fn email_address(b: &[u8], i: usize, kept: usize) -> Option<Found> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    const SK: &str = "sk_test_51AbCdEfGhIjKlMnOpQrStUv1234";
    const SK_MIDDLE: &str = "AbCdEfGhIjKlMnOp";

    #[test]
    fn keys_are_masked_to_their_last_four_characters() {
        let line = format!("key={SK} restricted rk_live_FAKE_ZyXw9876 pk_test_PuBlIsHaBlE5678");
        assert_eq!(
            redact(&line),
            "key=sk_test_…1234 restricted rk_live_…9876 pk_test_…5678"
        );
        assert!(!redact(&line).contains(SK_MIDDLE));
        // Too short to keep anything: the prefix only.
        assert_eq!(redact("sk_live_abc"), "sk_live_…");
    }

    #[test]
    fn client_secrets_are_cut() {
        assert_eq!(
            redact("secret vs_1PqRsT_secret_test_YWNjdF8xAbC done"),
            "secret vs_1PqRsT_secret_<redacted> done"
        );
        assert_eq!(
            redact(r#"{"client_secret":"vs_1_secret_abc","id":"vs_1"}"#),
            r#"{"client_secret":"<redacted>","id":"vs_1"}"#
        );
        assert_eq!(redact("x foo_secret_bar"), "x foo_secret_<redacted>");
    }

    #[test]
    fn hosted_urls_lose_their_token() {
        assert_eq!(
            redact("url=https://verify.stripe.com/start/test_YWNjdF8xTk9wUXJTdFV2?x=1 next"),
            "url=https://verify.stripe.com/start/<redacted> next"
        );
        assert_eq!(
            redact(r#"navigating to "http://127.0.0.1:43121/start/test_abcDEF123""#),
            r#"navigating to "http://127.0.0.1:43121/start/<redacted>""#
        );
        assert_eq!(
            redact("next=https%3A%2F%2Fverify.stripe.com%2Fstart%2Ftest_abc&a=b"),
            "next=https%3A%2F%2Fverify.stripe.com%2Fstart%2F<redacted>&a=b"
        );
    }

    #[test]
    fn authorization_values_are_hidden() {
        assert_eq!(
            redact(&format!(
                "Authorization: Bearer {SK}\r\nHost: api.stripe.com"
            )),
            "Authorization: <redacted>\r\nHost: api.stripe.com"
        );
        assert_eq!(
            redact(r#"{"authorization": "Basic c2tfdGVzdF94eXo6", "accept": "*/*"}"#),
            r#"{"authorization": "<redacted>", "accept": "*/*"}"#
        );
        assert_eq!(
            redact("sent with bearer abc.def-ghi ok"),
            "sent with bearer <redacted> ok"
        );
    }

    #[test]
    fn emails_are_hidden_wherever_they_are() {
        assert_eq!(
            redact("from jenny.rosen+desk@example.co.uk, to a@b.io."),
            "from <redacted>, to <redacted>."
        );
        assert_eq!(redact("x=jenny%40example.com"), "x=<redacted>");
        // Not addresses.
        for kept in ["tauri@2.5.1", "user@localhost", "@handle", "a @ b.com"] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn personal_fields_are_hidden_in_json_debug_fields_and_forms() {
        let json = r#"{"id":"vs_1","first_name":"Jenny","last_name":"Rosen","dob":{"day":1,"month":2,"year":1990},"id_number":"123-45-6789","address":{"line1":"1 Main St","city":"Springfield"},"phone":"+15555550100","sex":"female","status":"verified"}"#;
        assert_eq!(
            redact(json),
            r#"{"id":"vs_1","first_name":"<redacted>","last_name":"<redacted>","dob":<redacted>,"id_number":"<redacted>","address":<redacted>,"phone":"<redacted>","sex":"<redacted>","status":"verified"}"#
        );
        let debug = r#"VerifiedOutputs { first_name: Some("Jenny"), last_name: Some("O\"Rosen"), dob: Some(Dob { day: Some(1), month: Some(2), year: Some(1990) }), id_number: None, address: Address { city: Some("X") }, id_number_type: Some(UsSsn) }"#;
        assert_eq!(
            redact(debug),
            "VerifiedOutputs { first_name: <redacted>, last_name: <redacted>, dob: <redacted>, id_number: None, address: <redacted>, id_number_type: Some(UsSsn) }"
        );
        assert_eq!(
            redact("verified name=x verified_name=Jenny R. session=vs_1"),
            "verified name=x verified_name=<redacted> session=vs_1"
        );
        assert_eq!(
            redact("address=1 Main St, Springfield\nnext line"),
            "address=<redacted>\nnext line"
        );
        assert_eq!(
            redact("type=document&provided_details[email]=jenny%40example.com&provided_details[phone]=%2B1555"),
            "type=document&provided_details[email]=<redacted>&provided_details[phone]=<redacted>"
        );
        // Pretty Debug spreads a value over lines.
        let pretty = "Person {\n    first_name: Some(\n        \"Jenny\",\n    ),\n    id: 7,\n}";
        assert_eq!(
            redact(pretty),
            "Person {\n    first_name: <redacted>,\n    id: 7,\n}"
        );
        // A JSON text inside a string field.
        assert_eq!(
            redact(r#"body="{\"email\":\"j@x.io\",\"id\":\"vs_1\"}""#),
            r#"body="{\"email\":\"<redacted>\",\"id\":\"vs_1\"}""#
        );
    }

    #[test]
    fn several_secrets_on_one_line_all_go() {
        let line = format!(
            "2025-03-01T10:00:00Z WARN kiosk: failed key={SK} secret=vs_9_secret_zzz \
             url=https://verify.stripe.com/start/test_tok email=j@x.io first_name=\"Jenny\" \
             session=vs_9 request_id=req_77"
        );
        assert_eq!(
            redact(&line),
            "2025-03-01T10:00:00Z WARN kiosk: failed key=sk_test_…1234 \
             secret=vs_9_secret_<redacted> url=https://verify.stripe.com/start/<redacted> \
             email=<redacted> first_name=\"<redacted>\" session=vs_9 request_id=req_77"
        );
        // Text redacted once (a Stripe error message) comes through a second time unchanged.
        assert_eq!(redact(&redact(&line)), redact(&line));
    }

    #[test]
    fn ids_and_ordinary_words_are_not_redacted() {
        for kept in [
            "verification{session=vs_123}: verification moved from=Processing to=Verified",
            "session=vs_1PqRsTuVwXyZ request_id=req_AbC123 report=vr_1 idempotency_key=3f2a",
            "GET /v1/identity/verification_sessions/vs_123/cancel status=200",
            "no client_secret was returned; the email address is optional",
            "dob::parse failed; email == other; address of 127.0.0.1",
            "key=sk_test_…1234 (already masked)",
            "none here: id_number: None, email: null",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn ansi_escapes_do_not_hide_secrets() {
        let colored = format!(
            "\x1b[3memail\x1b[0m\x1b[2m=\x1b[0mjenny@example.com \x1b[3mkey\x1b[0m=sk_test_\x1b[1m{}\x1b[0m",
            &SK[8..]
        );
        assert_eq!(redact(&colored), "email=<redacted> key=sk_test_…1234");
        assert_eq!(redact("\x1b]0;title\x07plain"), "plain");
    }

    /// A sink shared with the test.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn text_split_across_writes_is_joined_before_redaction() {
        let sink = Sink::default();
        let mut w = RedactingWriter::new(sink.clone());
        for part in [
            &SK[..5],
            &SK[5..20],
            &SK[20..],
            " and vs_1_sec",
            "ret_abc\nj@ex",
            "ample.com",
        ] {
            w.write_all(part.as_bytes()).unwrap();
        }
        w.flush().unwrap();
        // A flush passes on complete lines only: the partial one may still be growing.
        assert_eq!(sink.text(), "sk_test_…1234 and vs_1_secret_<redacted>\n");
        drop(w);
        assert_eq!(
            sink.text(),
            "sk_test_…1234 and vs_1_secret_<redacted>\n<redacted>"
        );
    }

    #[test]
    fn tracing_output_goes_through_the_redaction() {
        let sink = Sink::default();
        let make = {
            let sink = sink.clone();
            move || sink.clone()
        };
        let subscriber = tracing_subscriber::fmt()
            .with_writer(Redacting::new(make))
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(true)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("verification", session = %"vs_42");
            let _in = span.enter();
            tracing::trace!(key = SK, client_secret = ?"vs_42_secret_x", "starting");
            tracing::error!("Invalid API Key provided: {SK}");
        });
        let text = sink.text();
        assert!(!text.contains(SK_MIDDLE), "{text}");
        assert!(!text.contains("vs_42_secret_x"), "{text}");
        assert!(text.contains("sk_test_…1234"), "{text}");
        assert!(text.contains("verification{session=vs_42}"), "{text}");
        assert!(text.contains("client_secret=\"<redacted>\""), "{text}");
        assert!(!text.contains('\x1b'), "{text}");
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
