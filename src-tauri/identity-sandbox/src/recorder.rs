//! Appends one JSON line per `/v1/` response to `SandboxConfig::record_path`, for the
//! acceptance suite's schema validation.
//!
//! Several sandboxes (even in different processes) may share the file: it is opened in append
//! mode (O_APPEND) and each line goes out in a single `write` call, so lines never interleave.

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

/// Appends `{"method","path","status","body"}`; `body` is `null` when it is not JSON.
pub fn record(file: &Path, method: &str, path: &str, status: u16, body: &[u8]) {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut line =
        json!({"method": method, "path": path, "status": status, "body": parsed}).to_string();
    line.push('\n');
    let result = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = result {
        tracing::warn!(file = %file.display(), error = %e, "could not record a response");
    }
}
