//! Pagination in both directions, filters, and report listing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_error, start};
use serde_json::Value;

fn ids(list: &Value) -> Vec<String> {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn pages_forward_and_backward() {
    let h = start().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let s = h
            .create(&format!("type=document&client_reference_id=c{}", i % 2))
            .await;
        created.push(s["id"].as_str().unwrap().to_string());
    }
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    let p1 = h
        .get("/v1/identity/verification_sessions?limit=3")
        .await
        .json();
    assert_eq!(p1["object"], "list");
    assert_eq!(p1["url"], "/v1/identity/verification_sessions");
    assert_eq!(ids(&p1), newest_first[0..3]);
    assert_eq!(p1["has_more"], true);
    let p2 = h
        .get(&format!(
            "/v1/identity/verification_sessions?limit=3&starting_after={}",
            newest_first[2]
        ))
        .await
        .json();
    assert_eq!(ids(&p2), newest_first[3..6]);
    assert_eq!(p2["has_more"], true);
    let p3 = h
        .get(&format!(
            "/v1/identity/verification_sessions?limit=3&starting_after={}",
            newest_first[5]
        ))
        .await
        .json();
    assert_eq!(ids(&p3), newest_first[6..7]);
    assert_eq!(p3["has_more"], false);
    // Backwards from the oldest: the 3 just newer than it, still newest first.
    let b1 = h
        .get(&format!(
            "/v1/identity/verification_sessions?limit=3&ending_before={}",
            newest_first[6]
        ))
        .await
        .json();
    assert_eq!(ids(&b1), newest_first[3..6]);
    assert_eq!(b1["has_more"], true);
    let b2 = h
        .get(&format!(
            "/v1/identity/verification_sessions?limit=3&ending_before={}",
            newest_first[3]
        ))
        .await
        .json();
    assert_eq!(ids(&b2), newest_first[0..3]);
    assert_eq!(b2["has_more"], false);
    let all = h.get("/v1/identity/verification_sessions").await.json();
    assert_eq!(ids(&all), newest_first);
    // Filters combine with cursors.
    let c1 = h
        .get("/v1/identity/verification_sessions?client_reference_id=c1&limit=2")
        .await
        .json();
    let expect_c1: Vec<String> = newest_first
        .iter()
        .filter(|id| created.iter().position(|c| c == *id).unwrap() % 2 == 1)
        .cloned()
        .collect();
    assert_eq!(ids(&c1), expect_c1[0..2]);
    let c1b = h
        .get(&format!(
            "/v1/identity/verification_sessions?client_reference_id=c1&starting_after={}",
            expect_c1[1]
        ))
        .await
        .json();
    assert_eq!(ids(&c1b), expect_c1[2..]);
    let r = h
        .get("/v1/identity/verification_sessions?starting_after=vs_unknown")
        .await;
    assert_error(
        &r,
        404,
        "invalid_request_error",
        Some("resource_missing"),
        Some("starting_after"),
    );
    let r = h
        .get("/v1/identity/verification_sessions?ending_before=vs_unknown")
        .await;
    assert_error(
        &r,
        404,
        "invalid_request_error",
        Some("resource_missing"),
        Some("ending_before"),
    );
}

#[tokio::test]
async fn status_created_and_customer_filters() {
    let h = start().await;
    let a = h.create("type=document&related_customer=cus_1").await;
    let b = h
        .create("type=document&related_customer_account=acct_9")
        .await;
    h.post(
        &format!(
            "/v1/identity/verification_sessions/{}/cancel",
            a["id"].as_str().unwrap()
        ),
        "",
    )
    .await;
    let canceled = h
        .get("/v1/identity/verification_sessions?status=canceled")
        .await
        .json();
    assert_eq!(ids(&canceled), vec![a["id"].as_str().unwrap()]);
    let cust = h
        .get("/v1/identity/verification_sessions?related_customer=cus_1")
        .await
        .json();
    assert_eq!(ids(&cust), vec![a["id"].as_str().unwrap()]);
    let acct = h
        .get("/v1/identity/verification_sessions?related_customer_account=acct_9")
        .await
        .json();
    assert_eq!(ids(&acct), vec![b["id"].as_str().unwrap()]);
    let created = a["created"].as_i64().unwrap();
    let exact = h
        .get(&format!(
            "/v1/identity/verification_sessions?created={created}"
        ))
        .await
        .json();
    assert!(ids(&exact).contains(&a["id"].as_str().unwrap().to_string()));
    let future = h
        .get(&format!(
            "/v1/identity/verification_sessions?created[gt]={}",
            created + 3600
        ))
        .await
        .json();
    assert!(ids(&future).is_empty());
    let range = h
        .get(&format!(
            "/v1/identity/verification_sessions?created[gte]={}&created[lte]={}",
            created - 60,
            created + 60
        ))
        .await
        .json();
    assert_eq!(range["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn reports_are_listed_with_filters() {
    let h = start().await;
    let a = h.create("type=document&client_reference_id=alpha").await;
    let b = h.create("type=id_number").await;
    h.submit(a["client_secret"].as_str().unwrap(), "unverified")
        .await;
    let a_again = h.retrieve(a["id"].as_str().unwrap(), "").await;
    h.submit(a_again["client_secret"].as_str().unwrap(), "verified")
        .await;
    h.submit(b["client_secret"].as_str().unwrap(), "verified")
        .await;
    let all = h.get("/v1/identity/verification_reports").await.json();
    assert_eq!(all["url"], "/v1/identity/verification_reports");
    assert_eq!(all["data"].as_array().unwrap().len(), 3);
    let of_a = h
        .get(&format!(
            "/v1/identity/verification_reports?verification_session={}",
            a["id"].as_str().unwrap()
        ))
        .await
        .json();
    let statuses: Vec<&str> = of_a["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["document"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["verified", "unverified"]);
    assert_eq!(
        of_a["data"][1]["document"]["error"]["code"],
        "document_unverified_other"
    );
    let ids_type = h
        .get("/v1/identity/verification_reports?type=id_number")
        .await
        .json();
    assert_eq!(ids_type["data"].as_array().unwrap().len(), 1);
    assert_eq!(ids_type["data"][0]["id_number"]["status"], "verified");
    let by_ref = h
        .get("/v1/identity/verification_reports?client_reference_id=alpha&limit=1")
        .await
        .json();
    assert_eq!(by_ref["data"].as_array().unwrap().len(), 1);
    assert_eq!(by_ref["has_more"], true);
    let r = h.get("/v1/identity/verification_reports?type=selfie").await;
    assert_error(&r, 400, "invalid_request_error", None, Some("type"));
}
