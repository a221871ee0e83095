//! Panics go to the log, through the same redaction as every other line: Rust's default hook
//! writes the panic message straight to stderr, and a message can quote whatever value it was
//! given (a key, a client secret, a hosted URL).
//!
//! Installed once the log is set up; the shell calls [`log_panics`] right after its tracing
//! subscriber. Replaces the default hook: nothing is printed around the log.

use std::panic::PanicHookInfo;

/// Sends every panic from now on to `tracing` at error level (target `panic`), with its
/// location, thread and, when `RUST_BACKTRACE` asks for one, the backtrace.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let backtrace = std::backtrace::Backtrace::capture();
        let thread = std::thread::current();
        tracing::error!(
            target: "panic",
            thread = thread.name().unwrap_or("unnamed"),
            location = %location(info),
            backtrace = %backtrace,
            "panic: {}",
            message(info)
        );
    }));
}

fn location(info: &PanicHookInfo<'_>) -> String {
    info.location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_default()
}

fn message<'a>(info: &'a PanicHookInfo<'_>) -> &'a str {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}
