//! The PIN store's tests: PIN shapes, the lockout and its doubling, restarts, clocks set back,
//! and the file (its hash, its mode, damage), each on a store in a temporary folder.

use super::*;

/// A fixed, whole-second "now".
fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn store() -> (tempfile::TempDir, PinStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = PinStore::new(dir.path().join("staff/pin.json"));
    (dir, store)
}

fn file(store: &PinStore) -> serde_json::Value {
    serde_json::from_slice(&fs::read(store.path()).unwrap()).unwrap()
}

#[test]
fn only_4_to_12_digits_are_accepted() {
    let (_dir, s) = store();
    for bad in ["12a4", "123", "1234567890123", "", "12 34", "١٢٣٤", "-1234"] {
        let e = s.set(bad).unwrap_err();
        assert_eq!(e.code(), "pin_invalid", "{bad:?}");
    }
    assert_eq!(
        s.set("12a4").unwrap_err().to_string(),
        "the PIN must contain only digits (0-9)"
    );
    assert_eq!(
        s.set("123").unwrap_err().to_string(),
        "the PIN must have at least 4 digits"
    );
    assert_eq!(
        s.set("1234567890123").unwrap_err().to_string(),
        "the PIN must have at most 12 digits"
    );
    assert!(!s.is_set().unwrap(), "nothing was written");
    s.set("0000").unwrap();
    s.set("123456789012").unwrap();
}

#[test]
fn without_a_pin_nothing_is_accepted() {
    let (_dir, s) = store();
    assert!(!s.is_set().unwrap());
    assert_eq!(s.verify("1234", at(1000)).unwrap(), PinCheck::NotSet);
}

#[test]
fn the_right_pin_is_accepted_and_a_wrong_one_counts_down() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    assert!(s.is_set().unwrap());
    assert_eq!(s.verify("2468", at(1000)).unwrap(), PinCheck::Accepted);
    assert_eq!(
        s.verify("1357", at(1000)).unwrap(),
        PinCheck::Wrong { remaining: 4 }
    );
    // Wrong shape: wrong, and counted.
    assert_eq!(
        s.verify("24a8", at(1000)).unwrap(),
        PinCheck::Wrong { remaining: 3 }
    );
}

#[test]
fn five_wrong_pins_lock_even_the_right_one_out_then_each_wrong_one_doubles_the_lock() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    let t = 1_000_000;
    for remaining in (1..=4).rev() {
        assert_eq!(
            s.verify("0000", at(t)).unwrap(),
            PinCheck::Wrong { remaining }
        );
    }
    let thirty = PinCheck::LockedOut {
        retry_after: Duration::from_secs(30),
    };
    assert_eq!(s.verify("0000", at(t)).unwrap(), thirty, "the 5th locks");
    assert_eq!(
        s.verify("2468", at(t)).unwrap(),
        thirty,
        "even the right PIN"
    );
    assert_eq!(
        s.verify("2468", at(t + 29)).unwrap(),
        PinCheck::LockedOut {
            retry_after: Duration::from_secs(1)
        }
    );
    assert_eq!(
        s.lockout(at(t + 10)).unwrap(),
        Some(Duration::from_secs(20))
    );
    assert_eq!(s.lockout(at(t + 30)).unwrap(), None);

    // Once it has passed, one wrong PIN locks again, twice as long; and so on.
    let mut now = t + 30;
    for secs in [60, 120, 240, 480, 960, 1920, 3600, 3600] {
        assert_eq!(
            s.verify("0000", at(now)).unwrap(),
            PinCheck::LockedOut {
                retry_after: Duration::from_secs(secs)
            }
        );
        now += secs;
    }
    assert_eq!(file(&s)["failures"], 13);
}

#[test]
fn a_lockout_is_never_shorter_than_stated() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    let now = at(1_000_000) + Duration::from_millis(400);
    for _ in 0..4 {
        s.verify("0000", now).unwrap();
    }
    let PinCheck::LockedOut { retry_after } = s.verify("0000", now).unwrap() else {
        panic!("locked");
    };
    assert!(retry_after >= Duration::from_secs(30), "{retry_after:?}");
    assert!(retry_after <= Duration::from_secs(31), "{retry_after:?}");
}

#[test]
fn the_right_pin_resets_the_count() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    for _ in 0..4 {
        s.verify("0000", at(1000)).unwrap();
    }
    assert_eq!(s.verify("2468", at(1000)).unwrap(), PinCheck::Accepted);
    assert_eq!(file(&s)["failures"], 0);
    assert_eq!(
        s.verify("0000", at(1000)).unwrap(),
        PinCheck::Wrong { remaining: 4 }
    );
}

#[test]
fn setting_a_pin_clears_a_lockout() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    for _ in 0..5 {
        s.verify("0000", at(1000)).unwrap();
    }
    s.set("1357").unwrap();
    assert_eq!(s.verify("1357", at(1000)).unwrap(), PinCheck::Accepted);
    assert_eq!(
        s.verify("2468", at(1000)).unwrap(),
        PinCheck::Wrong { remaining: 4 }
    );
}

#[test]
fn the_lockout_survives_a_restart() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    for _ in 0..3 {
        s.verify("0000", at(1000)).unwrap();
    }
    let again = PinStore::new(s.path().to_owned());
    assert_eq!(
        again.verify("0000", at(1000)).unwrap(),
        PinCheck::Wrong { remaining: 1 }
    );
    again.verify("0000", at(1000)).unwrap();
    let third = PinStore::new(s.path().to_owned());
    assert_eq!(
        third.verify("2468", at(1010)).unwrap(),
        PinCheck::LockedOut {
            retry_after: Duration::from_secs(20)
        }
    );
}

#[test]
fn a_clock_set_back_does_not_lock_for_longer_than_an_hour() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    for _ in 0..5 {
        s.verify("0000", at(10_000_000)).unwrap();
    }
    let back = at(1_000);
    assert_eq!(
        s.verify("2468", back).unwrap(),
        PinCheck::LockedOut {
            retry_after: MAX_LOCKOUT
        }
    );
    assert_eq!(
        s.verify("2468", at(1_000 + 3600)).unwrap(),
        PinCheck::Accepted
    );

    // Or a hand-edited file locked till the end of time.
    let mut v = file(&s);
    v["locked_until"] = u64::MAX.into();
    fs::write(s.path(), v.to_string()).unwrap();
    assert_eq!(s.lockout(at(5_000)).unwrap(), Some(MAX_LOCKOUT));
    assert_eq!(
        s.verify("2468", at(5_000)).unwrap(),
        PinCheck::LockedOut {
            retry_after: MAX_LOCKOUT
        }
    );
    assert_eq!(
        s.verify("2468", at(5_000 + 3600)).unwrap(),
        PinCheck::Accepted
    );
}

#[test]
fn the_file_holds_an_argon2id_phc_hash_not_the_pin() {
    let (_dir, s) = store();
    s.set("24682468").unwrap();
    let text = fs::read_to_string(s.path()).unwrap();
    assert!(!text.contains("24682468"), "{text}");
    let v = file(&s);
    let hash = v["hash"].as_str().unwrap();
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    assert_eq!(
        (v["failures"].as_u64(), v["locked_until"].as_u64()),
        (Some(0), Some(0))
    );
    // Salted: the same PIN hashes differently each time.
    s.set("24682468").unwrap();
    assert_ne!(file(&s)["hash"].as_str().unwrap(), hash);
    assert!(
        !s.path().with_extension("json.tmp").exists(),
        "no temporary left"
    );
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, s) = store();
    s.set("2468").unwrap();
    s.verify("0000", at(1000)).unwrap();
    let mode = fs::metadata(s.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_damaged_file_is_reported_with_its_path() {
    let (_dir, s) = store();
    s.set("2468").unwrap();
    for content in [
        "",
        "not json",
        "{\"failures\": 0}",
        "{\"hash\": \"2468\", \"failures\": 0, \"locked_until\": 0}",
    ] {
        fs::write(s.path(), content).unwrap();
        let e = s.verify("2468", at(1000)).unwrap_err();
        assert_eq!(e.code(), "pin_corrupt", "{content:?}");
        assert!(e.to_string().contains("pin.json"), "{e}");
        assert_eq!(s.is_set().unwrap_err().code(), "pin_corrupt");
    }
    // Setting the PIN again is the repair.
    s.set("1357").unwrap();
    assert_eq!(s.verify("1357", at(1000)).unwrap(), PinCheck::Accepted);
}

#[test]
fn clear_removes_the_pin() {
    let (_dir, s) = store();
    s.clear().unwrap();
    s.set("2468").unwrap();
    s.clear().unwrap();
    assert!(!s.is_set().unwrap());
    assert_eq!(s.verify("2468", at(1000)).unwrap(), PinCheck::NotSet);
}

#[test]
fn a_pin_file_that_cannot_be_read_is_a_storage_error() {
    let (dir, _) = store();
    // A folder where the file should be.
    let s = PinStore::new(dir.path().to_owned());
    let e = s.is_set().unwrap_err();
    assert_eq!(e.code(), "pin_storage", "{e}");
}
