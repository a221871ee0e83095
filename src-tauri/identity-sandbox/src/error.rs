//! The crate's one error type: failures of the sandbox itself (not API error responses).

use std::net::SocketAddr;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The sandbox only listens on loopback: it accepts any test key and must not be reachable
    /// from the network.
    #[error("the Identity sandbox only listens on loopback addresses (127.0.0.1 or ::1), not {0}")]
    NotLoopback(SocketAddr),
    /// Binding the listener failed (port in use, permissions…).
    #[error("could not listen on {addr}: {source}")]
    Bind {
        /// The requested address.
        addr: SocketAddr,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Not a failure: the marker error that makes hyper drop a connection for a
    /// `drop_connection` fault.
    #[error("connection dropped by an injected fault")]
    ConnectionDropped,
    /// The embedded OpenAPI spec did not parse (a build problem, caught at start).
    #[error("the embedded Stripe OpenAPI spec is not valid JSON")]
    Spec,
}
