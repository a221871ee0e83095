//! The fixed test person every successful sandbox verification "finds".

use serde_json::{json, Value};

/// Placeholder Stripe puts in redacted string fields.
pub const REDACTED: &str = "[redacted]";

/// First name on the test document.
pub const FIRST_NAME: &str = "Jenny";
/// Last name on the test document.
pub const LAST_NAME: &str = "Rosen";
/// Test ID number (US SSN shape).
pub const ID_NUMBER: &str = "000000000";

/// The address on the test document, or its redacted form.
pub fn address(redacted: bool) -> Value {
    if redacted {
        return json!({"city": REDACTED, "country": REDACTED, "line1": REDACTED, "line2": REDACTED, "postal_code": REDACTED, "state": REDACTED});
    }
    json!({"city": "San Francisco", "country": "US", "line1": "1234 Main St.", "line2": null, "postal_code": "94111", "state": "CA"})
}

/// Date of birth of the test person.
pub fn dob() -> Value {
    json!({"day": 1, "month": 1, "year": 1901})
}

/// A string field, or `[redacted]`.
pub fn text(value: &str, redacted: bool) -> Value {
    if redacted {
        json!(REDACTED)
    } else {
        json!(value)
    }
}
