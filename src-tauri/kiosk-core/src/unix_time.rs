//! The wall clock, in Unix seconds: when the journal, the health checks and the update checks
//! say something happened. (Durations and schedules use Tokio's clock, which tests pause.)

/// Now, in whole seconds since 1970 (UTC).
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
