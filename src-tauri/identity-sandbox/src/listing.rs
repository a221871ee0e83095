//! Stripe's list semantics: newest first (ties by creation order), `limit` 1..=100 (default 10),
//! `starting_after` (the `limit` objects just older than the cursor) and `ending_before` (the
//! `limit` objects just newer than the cursor, still newest first), `created` filters.

use serde_json::Value;

use crate::api_error::ApiError;

/// Sort key of a listable object: `(created, creation order)`.
pub type Position = (i64, u64);

/// Reads and range-checks `limit`.
pub fn limit(params: &Value) -> Result<usize, ApiError> {
    let Some(n) = params.get("limit").and_then(Value::as_i64) else {
        return Ok(10);
    };
    let msg = if n < 1 {
        "This value must be greater than or equal to 1."
    } else if n > 100 {
        "This value must be less than or equal to 100."
    } else {
        return Ok(n as usize);
    };
    Err(ApiError::invalid(msg)
        .code("parameter_invalid_integer")
        .param("limit"))
}

/// Whether `created` passes the `created` filter (integer or `gt/gte/lt/lte`).
pub fn created_matches(filter: Option<&Value>, created: i64) -> bool {
    match filter {
        None | Some(Value::Null) => true,
        Some(Value::Number(n)) => n.as_i64() == Some(created),
        Some(Value::Object(range)) => range.iter().all(|(op, v)| {
            let Some(v) = v.as_i64() else { return true };
            match op.as_str() {
                "gt" => created > v,
                "gte" => created >= v,
                "lt" => created < v,
                "lte" => created <= v,
                _ => true,
            }
        }),
        Some(_) => true,
    }
}

/// One page: the selected items and `has_more`.
#[derive(Debug)]
pub struct Page<T> {
    /// Items, newest first.
    pub items: Vec<T>,
    /// Whether more items exist beyond this page in the direction of travel.
    pub has_more: bool,
}

/// Pages `items` (already filtered). `position_of` finds a cursor among all objects of the
/// resource (a cursor need not match the filters); an unknown cursor is a 404 naming the param.
pub fn paginate<T: Clone>(
    mut items: Vec<(Position, T)>,
    params: &Value,
    what: &str,
    position_of: impl Fn(&str) -> Option<Position>,
) -> Result<Page<T>, ApiError> {
    let limit = limit(params)?;
    items.sort_by_key(|(position, _)| std::cmp::Reverse(*position));
    let after = params.get("starting_after").and_then(Value::as_str);
    let before = params.get("ending_before").and_then(Value::as_str);
    let cursor =
        |param: &str, id: &str| position_of(id).ok_or_else(|| ApiError::no_such(what, id, param));
    if after.is_some() && before.is_some() {
        return Err(ApiError::invalid(
            "You may only specify one of these parameters: ending_before, starting_after.",
        ));
    }
    if let Some(id) = before {
        let pos = cursor("ending_before", id)?;
        let newer: Vec<T> = items
            .into_iter()
            .filter(|(p, _)| *p > pos)
            .map(|(_, t)| t)
            .collect();
        let start = newer.len().saturating_sub(limit);
        return Ok(Page {
            has_more: start > 0,
            items: newer[start..].to_vec(),
        });
    }
    let older: Vec<T> = match after {
        Some(id) => {
            let pos = cursor("starting_after", id)?;
            items
                .into_iter()
                .filter(|(p, _)| *p < pos)
                .map(|(_, t)| t)
                .collect()
        }
        None => items.into_iter().map(|(_, t)| t).collect(),
    };
    let has_more = older.len() > limit;
    Ok(Page {
        items: older.into_iter().take(limit).collect(),
        has_more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(page: &Page<&'static str>) -> Vec<&'static str> {
        page.items.clone()
    }

    fn data() -> Vec<(Position, &'static str)> {
        // a..e created in order, b and c in the same second.
        vec![
            ((1, 1), "a"),
            ((2, 2), "b"),
            ((2, 3), "c"),
            ((3, 4), "d"),
            ((4, 5), "e"),
        ]
    }

    fn pos(id: &str) -> Option<Position> {
        data().into_iter().find(|(_, i)| *i == id).map(|(p, _)| p)
    }

    #[test]
    fn both_directions() {
        let p = paginate(data(), &json!({"limit": 2}), "x", pos).ok();
        assert_eq!(p.as_ref().map(ids), Some(vec!["e", "d"]));
        assert_eq!(p.map(|p| p.has_more), Some(true));
        let p = paginate(
            data(),
            &json!({"limit": 2, "starting_after": "d"}),
            "x",
            pos,
        )
        .ok();
        assert_eq!(p.as_ref().map(ids), Some(vec!["c", "b"]));
        let p = paginate(
            data(),
            &json!({"limit": 2, "starting_after": "b"}),
            "x",
            pos,
        )
        .ok();
        assert_eq!(
            p.as_ref().map(|p| (ids(p), p.has_more)),
            Some((vec!["a"], false))
        );
        let p = paginate(data(), &json!({"limit": 2, "ending_before": "a"}), "x", pos).ok();
        assert_eq!(
            p.as_ref().map(|p| (ids(p), p.has_more)),
            Some((vec!["c", "b"], true))
        );
        let p = paginate(data(), &json!({"limit": 2, "ending_before": "c"}), "x", pos).ok();
        assert_eq!(
            p.as_ref().map(|p| (ids(p), p.has_more)),
            Some((vec!["e", "d"], false))
        );
        let e = paginate(data(), &json!({"starting_after": "zz"}), "x", pos).err();
        assert_eq!(
            e.map(|e| (e.status, e.param)),
            Some((404, Some("starting_after".into())))
        );
    }

    #[test]
    fn created_filter() {
        assert!(created_matches(Some(&json!({"gte": 2, "lt": 3})), 2));
        assert!(!created_matches(Some(&json!({"gt": 2})), 2));
        assert!(created_matches(Some(&json!(5)), 5));
        assert!(!created_matches(Some(&json!(5)), 6));
    }
}
