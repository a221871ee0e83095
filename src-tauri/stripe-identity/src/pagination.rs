//! Auto-pagination, as the official SDKs do it: keep asking for the next page with the last id
//! as `starting_after` (or the first id as `ending_before` when paging backwards) until
//! `has_more` is false.

use std::collections::VecDeque;

use futures_util::{stream, Stream};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::models::{HasId, List};

struct Pager<T> {
    client: Client,
    path: &'static str,
    params: Value,
    buffer: VecDeque<T>,
    done: bool,
}

/// A stream of every object of a list endpoint. `params` is the first page's query; an error
/// building it is yielded as the stream's only item.
pub(crate) fn paginate<T>(
    client: Client,
    path: &'static str,
    params: Result<Value>,
) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: DeserializeOwned + HasId + Send + 'static,
{
    let start = params.map(|params| Pager {
        client,
        path,
        params,
        buffer: VecDeque::new(),
        done: false,
    });
    stream::try_unfold(Some(start), |state| async move {
        let mut pager = match state {
            None => return Ok(None),
            Some(Err(e)) => return Err(e),
            Some(Ok(p)) => p,
        };
        loop {
            if let Some(item) = pager.buffer.pop_front() {
                return Ok(Some((item, Some(Ok(pager)))));
            }
            if pager.done {
                return Ok(None);
            }
            let page: List<T> = pager.client.get(pager.path, &pager.params).await?;
            let backwards = pager
                .params
                .get("ending_before")
                .is_some_and(|v| !v.is_null());
            pager.done = !page.has_more || page.data.is_empty();
            if let Value::Object(map) = &mut pager.params {
                if backwards {
                    if let Some(first) = page.data.first() {
                        map.insert("ending_before".into(), Value::String(first.id().to_owned()));
                    }
                } else if let Some(last) = page.data.last() {
                    map.insert("starting_after".into(), Value::String(last.id().to_owned()));
                }
            }
            pager.buffer.extend(page.data);
        }
    })
}
