//! Listing sessions over real HTTP against the sandbox: pages forwards and backwards, with
//! filters (status, reference, creation time).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::params::document_params;
use common::{unique, Env};
use futures_util::TryStreamExt;
use stripe_identity::models::SessionStatus;
use stripe_identity::{CreatedFilter, ListSessionsParams, RequestOptions};

#[tokio::test]
async fn list_pages_forwards_and_backwards_with_filters() {
    let env = Env::start().await;
    let client = env.client();
    let reference = unique("page");
    let mut created = Vec::new();
    for _ in 0..7 {
        let s = client
            .create_session(&document_params(&reference), &RequestOptions::default())
            .await
            .unwrap();
        created.push(s.id);
    }
    // Some noise that the filter must leave out.
    client
        .create_session(
            &document_params(&unique("other")),
            &RequestOptions::default(),
        )
        .await
        .unwrap();
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();

    let page = client
        .list_sessions(&ListSessionsParams {
            client_reference_id: Some(reference.clone()),
            limit: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.object, "list");
    assert_eq!(page.url, "/v1/identity/verification_sessions");
    assert!(page.has_more);
    assert_eq!(
        page.data.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        newest_first[..3]
    );

    let all: Vec<String> = client
        .list_sessions_stream(&ListSessionsParams {
            client_reference_id: Some(reference.clone()),
            limit: Some(2),
            ..Default::default()
        })
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all, newest_first,
        "auto-paging yields every session once, newest first"
    );

    // Backwards from the oldest: everything newer, in pages walking towards the newest.
    let back: Vec<String> = client
        .list_sessions_stream(&ListSessionsParams {
            client_reference_id: Some(reference.clone()),
            ending_before: Some(created[0].clone()),
            limit: Some(2),
            ..Default::default()
        })
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    let mut back_sorted = back.clone();
    back_sorted.sort();
    let mut expected: Vec<String> = created[1..].to_vec();
    expected.sort();
    assert_eq!(
        back_sorted, expected,
        "ending_before pages reach every newer session once"
    );

    let after = client
        .list_sessions(&ListSessionsParams {
            client_reference_id: Some(reference.clone()),
            starting_after: Some(newest_first[4].clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        after.data.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        newest_first[5..]
    );
    assert!(!after.has_more);

    let canceled = client
        .list_sessions(&ListSessionsParams {
            client_reference_id: Some(reference.clone()),
            status: Some(SessionStatus::Canceled),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(canceled.data.is_empty());

    let future = client
        .list_sessions(&ListSessionsParams {
            client_reference_id: Some(reference),
            created: Some(CreatedFilter::Range {
                gt: Some(4_000_000_000),
                gte: None,
                lt: None,
                lte: None,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(future.data.is_empty());
}
