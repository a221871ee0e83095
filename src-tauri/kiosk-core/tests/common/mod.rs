//! What the integration tests share besides the sandbox's own test client
//! (`identity_sandbox::testing`): an in-memory session source for paused-time tests, and a
//! whole kiosk over it.

pub mod fake_source;
pub mod kiosk;
