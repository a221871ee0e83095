//! The settings files: reading one into its settings (with each one's line, for problems) and
//! writing the user file.
//!
//! Both files have the same shape, sections named after the keys' first part:
//!
//! ```toml
//! [kiosk]
//! flow = "hosted"
//! max_attempts = 2
//!
//! [verification]
//! allowed_types = ["passport", "id_card"]
//! ```
//!
//! Values are only *found* here; [`super::layers`] validates them through the key table, so a
//! file's values and the other sources' are checked by the same code.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value as Json;
use toml::de::{DeTable, DeValue};

use super::problem::{Outcome, SettingProblem};
use super::table::{self, Def, DEFS, TOML_MARKER};
use super::Reason;

/// A setting found in a file, not validated yet.
#[derive(Debug)]
pub(crate) struct Entry {
    /// Position in [`DEFS`].
    pub index: usize,
    pub value: Json,
    /// 1-based line of the key.
    pub line: u32,
}

/// What a file held: its settings, and what in it was not a setting.
#[derive(Debug, Default)]
pub(crate) struct FileRead {
    pub entries: Vec<Entry>,
    pub problems: Vec<SettingProblem>,
}

/// Reads `path`. A missing file is an empty one; an unreadable or invalid one is a problem and
/// nothing else (a half-read file could apply half of what IT meant).
pub(crate) fn read(path: &Path) -> FileRead {
    let file = path.display().to_string();
    let problem =
        |line: Option<u32>, key: Option<String>, reason: Reason, outcome| SettingProblem {
            file: Some(file.clone()),
            line,
            key,
            reason,
            outcome,
        };
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return FileRead::default(),
        Err(e) => {
            let reason = Reason::Unreadable {
                cause: e.to_string(),
            };
            return FileRead {
                entries: Vec::new(),
                problems: vec![problem(None, None, reason, Outcome::FileIgnored)],
            };
        }
    };
    let text = without_bom(&text);
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = e.message().lines().next().unwrap_or_default();
            let reason = Reason::InvalidToml {
                cause: message.to_owned(),
            };
            return FileRead {
                entries: Vec::new(),
                problems: vec![problem(line, None, reason, Outcome::FileIgnored)],
            };
        }
    };

    let mut out = FileRead::default();
    for (section, value) in doc.get_ref().iter() {
        let name: &str = section.get_ref();
        let line = Some(line_of(text, section.span().start));
        match value.get_ref() {
            DeValue::Table(entries) if table::is_section(name) => {
                for (key, value) in entries.iter() {
                    let dotted = format!("{name}.{}", key.get_ref());
                    let line = line_of(text, key.span().start);
                    match table::find(&dotted) {
                        Some((index, _)) => out.entries.push(Entry {
                            index,
                            value: to_json(value.get_ref()),
                            line,
                        }),
                        None => out.problems.push(problem(
                            Some(line),
                            Some(dotted),
                            Reason::UnknownSetting,
                            Outcome::KeyIgnored,
                        )),
                    }
                }
            }
            _ if table::is_section(name) => out.problems.push(problem(
                line,
                Some(name.to_owned()),
                Reason::ShouldBeSection {
                    name: name.to_owned(),
                },
                Outcome::KeyIgnored,
            )),
            other => {
                // A key put at the top instead of under its section is the likely mistake.
                let meant = DEFS
                    .iter()
                    .find(|d| d.key.split_once('.').map(|(_, n)| n) == Some(name));
                let reason = match (meant, other) {
                    (Some(d), _) => Reason::UnknownSettingMeant { meant: d.key },
                    (None, DeValue::Table(_)) => Reason::UnknownSection,
                    (None, _) => Reason::UnknownSetting,
                };
                out.problems.push(problem(
                    line,
                    Some(name.to_owned()),
                    reason,
                    Outcome::KeyIgnored,
                ));
            }
        }
    }
    out
}

/// Sets (or, for `null`, removes) `edits` in the user file at `path`, keeping its other keys,
/// and replaces the file atomically so a crash never leaves half a file.
///
/// A file that is not valid TOML is already ignored at load; it is copied to `<path>.bak`
/// before being replaced, so hand edits are not lost. Comments are not kept.
pub(crate) fn write_user(path: &Path, edits: &[(&Def, Json)]) -> io::Result<()> {
    let mut doc = match fs::read_to_string(path) {
        Ok(text) => match without_bom(&text).parse::<toml::Table>() {
            Ok(doc) => doc,
            Err(_) => {
                fs::copy(path, backup_path(path))?;
                toml::Table::new()
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => toml::Table::new(),
        // Writing over a file we could not read would drop its keys.
        Err(e) => return Err(e),
    };
    for (def, value) in edits {
        let Some((section, name)) = def.key.split_once('.') else {
            continue;
        };
        let table = doc
            .entry(section)
            .or_insert_with(|| toml::Table::new().into());
        if !table.is_table() {
            *table = toml::Table::new().into();
        }
        let Some(table) = table.as_table_mut() else {
            continue;
        };
        match to_toml(value) {
            Some(v) => {
                table.insert(name.to_owned(), v);
            }
            None => {
                table.remove(name);
                if table.is_empty() {
                    doc.remove(section);
                }
            }
        }
    }
    let body = toml::to_string(&doc).map_err(io::Error::other)?;
    let text = format!("{HEADER}\n{body}");
    write_atomically(path, text.as_bytes())
}

const HEADER: &str = "\
# Identity Kiosk settings for this user, written by the staff panel.
# Keys set in the machine policy file override these.
";

/// Where a broken user file is kept before it is replaced.
pub(crate) fn backup_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    name.into()
}

/// Writes a temporary file next to `path`, flushes it to disk and renames it over `path`
/// (a rename within a folder replaces the file in one step, on every OS).
fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    // Unique per process and per call: two saves at once must not share a temporary file.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Notepad saves UTF-8 with a byte-order mark, which TOML does not allow.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> u32 {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let newlines = before.iter().filter(|b| **b == b'\n').count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

/// A TOML value as JSON, the form [`table::Kind::parse`] takes. What JSON cannot hold the same
/// way (a date-time, `nan`, an integer past `i64`) becomes a marker object every kind refuses.
fn to_json(v: &DeValue<'_>) -> Json {
    let marker = |text: String| {
        Json::Object(
            [(TOML_MARKER.to_owned(), Json::String(text))]
                .into_iter()
                .collect(),
        )
    };
    match v {
        DeValue::String(s) => Json::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => n.into(),
            Err(_) => marker(i.to_string()),
        },
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| marker(f.to_string()), Json::Number),
        DeValue::Boolean(b) => Json::Bool(*b),
        DeValue::Datetime(d) => marker(d.to_string()),
        DeValue::Array(items) => items.iter().map(|i| to_json(i.get_ref())).collect(),
        DeValue::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref())))
                .collect(),
        ),
    }
}

/// A validated value as TOML; `null` (none) has no TOML form and means "remove the key".
fn to_toml(v: &Json) -> Option<toml::Value> {
    Some(match v {
        Json::Null => return None,
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Json::String(s) => toml::Value::String(s.clone()),
        Json::Array(items) => toml::Value::Array(items.iter().filter_map(to_toml).collect()),
        Json::Object(o) => toml::Value::Table(
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v)?)))
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_from_one() {
        let text = "a = 1\nb = 2\n\nc = 3";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 6), 2);
        assert_eq!(line_of(text, text.find('c').unwrap()), 4);
        assert_eq!(line_of(text, 10_000), 4);
    }

    #[test]
    fn toml_values_become_json() {
        let doc =
            DeTable::parse("a = [1, \"x\", true]\nb = 1979-05-27\nc = 0x10\nd = nan").unwrap();
        let get = |k: &str| to_json(doc.get_ref().get(k).unwrap().get_ref());
        assert_eq!(get("a"), serde_json::json!([1, "x", true]));
        assert_eq!(get("b"), serde_json::json!({ TOML_MARKER: "1979-05-27" }));
        assert_eq!(get("c"), serde_json::json!(16));
        assert_eq!(get("d"), serde_json::json!({ TOML_MARKER: "nan" }));
    }
}
