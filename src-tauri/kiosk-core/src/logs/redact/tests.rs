//! The redaction's tests: each pattern on its own and together, text that must be left alone,
//! and the writer joining split writes (also under a real `tracing` formatter).

use super::*;
use std::io::{self, Write};
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
