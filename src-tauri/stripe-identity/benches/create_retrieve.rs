//! The client's cost per create + retrieve against an in-process sandbox on loopback.
//!
//! The figure includes the sandbox's own work and loopback HTTP, so it is an upper bound on the
//! client's overhead; `encode_create_params` isolates the client's own encoding work.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::net::SocketAddr;

use criterion::{criterion_group, criterion_main, Criterion};
use stripe_identity::models::{DocumentType, VerificationType};
use stripe_identity::{
    Client, ClientConfig, CreateSessionParams, DocumentOptionsParams, Emptyable, ExpandParams,
    RequestOptions, SecretKey, SessionOptionsParams,
};

fn params() -> CreateSessionParams {
    CreateSessionParams {
        kind: Some(VerificationType::Document),
        client_reference_id: Some("BK-1042".into()),
        metadata: BTreeMap::from([
            ("kiosk_id".into(), "K42".into()),
            ("reference".into(), "BK-1042".into()),
        ]),
        options: Some(SessionOptionsParams {
            document: Some(Emptyable::Set(DocumentOptionsParams {
                allowed_types: vec![
                    DocumentType::DrivingLicense,
                    DocumentType::Passport,
                    DocumentType::IdCard,
                ],
                require_matching_selfie: Some(true),
                require_live_capture: Some(true),
                ..Default::default()
            })),
        }),
        ..Default::default()
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt.block_on(async {
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        identity_sandbox::start(addr, identity_sandbox::SandboxConfig::default())
            .await
            .unwrap()
    });
    let config = ClientConfig {
        api_base: sandbox.base_url(),
        ..ClientConfig::default()
    };
    let client = Client::new(
        SecretKey::parse("sk_test_benchmark0123456789").unwrap(),
        config,
    )
    .unwrap();
    let p = params();

    c.bench_function("create_then_retrieve_session", |b| {
        b.to_async(&rt).iter(|| async {
            let s = client
                .create_session(&p, &RequestOptions::default())
                .await
                .unwrap();
            client
                .retrieve_session(&s.id, &ExpandParams::default())
                .await
                .unwrap()
        });
    });
    c.bench_function("encode_create_params", |b| {
        b.iter(|| stripe_identity::form::encode(&serde_json::to_value(&p).unwrap()));
    });
    rt.block_on(sandbox.shutdown());
}

criterion_group!(benches, bench);
criterion_main!(benches);
