//! What the command-line tests share: a standalone sandbox process (`identity-kiosk sandbox`).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_identity-kiosk");

/// A standalone sandbox process, killed on drop.
pub struct Sandbox {
    child: Child,
    pub url: String,
}

impl Sandbox {
    pub fn start() -> Self {
        let mut child = Command::new(BIN)
            .args(["sandbox", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "first line is the base URL: {url:?}"
        );
        Self { child, url }
    }

    /// Sets a key's state through the sandbox's control endpoint (plain HTTP/1.1, so the tests
    /// need no HTTP client).
    pub fn key_state(&self, key: &str, state: &str) {
        let addr = self.url.trim_start_matches("http://");
        let body = format!(r#"{{"key":"{key}","state":"{state}"}}"#);
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /_sandbox/keys HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
