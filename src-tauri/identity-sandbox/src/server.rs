//! The HTTP/1.1 accept loop, served with hyper directly instead of `axum::serve` so that an
//! injected `drop_connection` fault can close a connection without writing any response: the
//! handler marks its response with [`DropConnection`], and the connection's service then fails,
//! which makes hyper close the socket mid-request.

use std::sync::Arc;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::error::SandboxError;

/// Response extension asking the server to drop the connection instead of answering.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// Serves `router` until `shutdown` fires (or its sender is dropped), then closes every
/// connection.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: oneshot::Receiver<()>) {
    let router = Arc::new(router);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let router = Arc::clone(&router);
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        let router = Router::clone(&router);
                        async move {
                            let resp = match router.oneshot(req).await {
                                Ok(resp) => resp,
                                Err(never) => match never {},
                            };
                            if resp.extensions().get::<DropConnection>().is_some() {
                                return Err(SandboxError::ConnectionDropped);
                            }
                            Ok(resp)
                        }
                    });
                    // Errors here are client disconnects or injected drops: nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            // Reap finished connections so the set does not grow without bound.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}
