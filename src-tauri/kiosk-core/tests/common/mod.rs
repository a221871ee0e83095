//! What the integration tests share besides the sandbox's own test client
//! (`identity_sandbox::testing`): an in-memory session source for paused-time tests, and a
//! whole kiosk over it; the state machine's table vocabulary; a kiosk over a standalone-style
//! sandbox with real files; a settings folder and environment.

pub mod fake_source;
pub mod kiosk;
pub mod kiosk_env;
pub mod machine_rows;
pub mod settings_env;
