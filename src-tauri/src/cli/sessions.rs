//! `identity-kiosk sessions …`: smoke tests and support work against the configured Stripe,
//! with the key from the keyring (or, in a `testing` build, `STRIPE_SECRET_KEY`, which wins).
//!
//! Output is the session as JSON. `client_secret` and `url` are never printed: they let anyone
//! submit the session (the models do not serialize them).

use std::collections::BTreeMap;

use stripe_identity::models::{DocumentType, SessionStatus, VerificationType};
use stripe_identity::{
    Client, CreateSessionParams, DocumentOptionsParams, Emptyable, ExpandParams,
    ListSessionsParams, ProvidedDetailsParams, RequestOptions, SessionOptionsParams,
};

use crate::error::AppError;
use kiosk_core::{choose_keys, Backend, BackendEnv, Keyring, SecretStore};

#[derive(Debug, clap::Subcommand)]
pub enum SessionsCommand {
    /// Create a verification session.
    Create(CreateArgs),
    /// Retrieve one session.
    Get {
        id: String,
        /// Fields to expand, e.g. verified_outputs or last_verification_report.
        #[arg(long)]
        expand: Vec<String>,
    },
    /// List sessions, newest first.
    List {
        /// Page size, 1 to 100.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: Option<u32>,
        /// Only sessions with this status (requires_input, processing, verified, canceled).
        #[arg(long)]
        status: Option<String>,
        /// Only sessions with this client_reference_id.
        #[arg(long)]
        reference: Option<String>,
    },
    /// Cancel a session that is still waiting for the customer.
    Cancel { id: String },
    /// Redact a session's personal data.
    Redact { id: String },
}

#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// What to verify.
    #[arg(long = "type", value_parser = ["document", "id_number"], default_value = "document")]
    kind: String,
    /// A document type to accept (repeat): driving_license, id_card, passport.
    #[arg(long = "allowed-type", value_parser = ["driving_license", "id_card", "passport"])]
    allowed_types: Vec<String>,
    /// Ask for an ID number with the document.
    #[arg(long)]
    require_id_number: bool,
    /// Refuse uploaded photos: live camera capture only.
    #[arg(long)]
    require_live_capture: bool,
    /// Compare a selfie with the document's photo.
    #[arg(long)]
    require_matching_selfie: bool,
    /// The customer's email (provided_details[email]).
    #[arg(long)]
    email: Option<String>,
    /// Your reference for this verification (client_reference_id), e.g. a booking number.
    #[arg(long)]
    reference: Option<String>,
    /// Where the hosted flow returns to when it is done.
    #[arg(long)]
    return_url: Option<String>,
    /// Metadata as KEY=VALUE (repeat).
    #[arg(long, value_parser = parse_key_value)]
    metadata: Vec<(String, String)>,
    /// Idempotency key: repeating a create with the same key returns the first session.
    #[arg(long)]
    idempotency_key: Option<String>,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("{s:?} is not KEY=VALUE"))
}

/// Runs one `sessions` subcommand and prints its result.
pub async fn run(cmd: SessionsCommand, api_base: Option<String>) -> Result<(), AppError> {
    // The key IT stored in the keyring (in a `testing` build STRIPE_SECRET_KEY wins).
    let env = BackendEnv::from_env(api_base);
    let keyring = Keyring::native();
    let store = keyring.as_ref().map(|k| k as &dyn SecretStore);
    let choice = choose_keys(&env, store)?;
    let keys = match (choice.keys, choice.keyring_problem) {
        (Some(keys), _) => keys,
        (None, Some(problem)) => return Err(problem.into()),
        (None, None) => return Err(AppError::NoKey),
    };
    let backend = Backend::with_keys(&keys, &env)?;
    let client = backend.client();
    let json = match cmd {
        SessionsCommand::Create(args) => {
            let opts = RequestOptions {
                idempotency_key: args.idempotency_key.clone(),
            };
            to_json(&client.create_session(&create_params(args), &opts).await?)
        }
        SessionsCommand::Get { id, expand } => to_json(
            &client
                .retrieve_session(&id, &ExpandParams::new(expand))
                .await?,
        ),
        SessionsCommand::List {
            limit,
            status,
            reference,
        } => list(client, limit, status, reference).await?,
        SessionsCommand::Cancel { id } => to_json(
            &client
                .cancel_session(&id, &ExpandParams::default(), &RequestOptions::default())
                .await?,
        ),
        SessionsCommand::Redact { id } => to_json(
            &client
                .redact_session(&id, &ExpandParams::default(), &RequestOptions::default())
                .await?,
        ),
    };
    println!("{json}");
    Ok(())
}

async fn list(
    client: &Client,
    limit: Option<u32>,
    status: Option<String>,
    reference: Option<String>,
) -> Result<String, AppError> {
    let params = ListSessionsParams {
        limit,
        status: status.as_deref().map(SessionStatus::from),
        client_reference_id: reference,
        ..ListSessionsParams::default()
    };
    let page = client.list_sessions(&params).await?;
    Ok(to_json(&page))
}

fn create_params(args: CreateArgs) -> CreateSessionParams {
    let document = DocumentOptionsParams {
        allowed_types: args
            .allowed_types
            .iter()
            .map(|t| DocumentType::from(t.as_str()))
            .collect(),
        require_id_number: args.require_id_number.then_some(true),
        require_live_capture: args.require_live_capture.then_some(true),
        require_matching_selfie: args.require_matching_selfie.then_some(true),
    };
    let options = (document != DocumentOptionsParams::default()).then_some(SessionOptionsParams {
        document: Some(Emptyable::Set(document)),
    });
    CreateSessionParams {
        kind: Some(VerificationType::from(args.kind.as_str())),
        client_reference_id: args.reference,
        metadata: args.metadata.into_iter().collect::<BTreeMap<_, _>>(),
        options,
        provided_details: args.email.map(|email| ProvidedDetailsParams {
            email: Some(email),
            phone: None,
        }),
        return_url: args.return_url,
        ..CreateSessionParams::default()
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
