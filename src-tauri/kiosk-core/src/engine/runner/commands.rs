//! Carrying out one of the machine's commands against the source and the journal, and saying
//! what came of it: the event to feed back, and a failure for the caller. The runner feeds the
//! event to the machine; nothing here holds or changes the machine.

use super::{Exchange, Setup};
use crate::engine::events::{Command, Event, Purpose};
use crate::engine::source::unanswered;
use crate::error::KioskError;

/// Carries out one command: the event its outcome is for the machine, and a failure to return.
pub(super) async fn carry_out(
    setup: &Setup,
    command: Command,
    exchange: &mut Exchange,
) -> (Option<Event>, Option<KioskError>) {
    let source = &setup.source;
    match command {
        Command::NoteAttempt(attempt) => {
            // Noted before the request leaves: a crash before its answer is recorded would
            // otherwise leave a session at the source that nothing knows about.
            let Some(j) = &setup.journal else {
                return (Some(Event::Noted), None);
            };
            match j.record_attempt(&attempt, crate::unix_time::now()) {
                Ok(()) => (Some(Event::Noted), None),
                Err(e) => {
                    tracing::error!(code = e.code(), error = %e, "cannot note the create; not starting");
                    (Some(Event::NoteFailed), Some(KioskError::Journal(e)))
                }
            }
        }
        Command::Create(request) => match source.create(&request).await {
            Ok(snap) => {
                let id = snap.observation.id.clone();
                exchange.name_span(&id);
                tracing::info!(session = %id, status = %snap.observation.status, "verification session created");
                // On record before the customer (and the webview) can use it: a session the
                // journal does not know could be forgotten after a crash. If it cannot be
                // recorded, it is canceled instead of used.
                if let Some(j) = &setup.journal {
                    let now = crate::unix_time::now();
                    let recorded =
                        j.record_created(&id, request.reference.as_deref(), &request.kiosk_id, now);
                    if let Err(e) = recorded {
                        tracing::error!(session = %id, code = e.code(), error = %e, "cannot record the session; canceling it");
                        return (
                            Some(Event::CreatedUnrecorded(id)),
                            Some(KioskError::Journal(e)),
                        );
                    }
                }
                exchange.keep(&snap);
                (Some(Event::Created(snap.observation)), None)
            }
            Err(e) => {
                let answered = !unanswered(&e);
                (Some(Event::CreateFailed { answered }), Some(e.into()))
            }
        },
        Command::ClearAttempt(attempt) => {
            if let Some(j) = &setup.journal {
                if let Err(e) = j.clear_attempt(&attempt) {
                    tracing::warn!(code = e.code(), error = %e, "cannot clear a create's note");
                }
            }
            (None, None)
        }
        Command::Record(obs) => {
            setup.context().record(&obs);
            (None, None)
        }
        Command::Fetch { id, purpose } => match source.retrieve(exchange.name_span(&id)).await {
            Ok(snap) => {
                exchange.keep(&snap);
                let event = match purpose {
                    Purpose::Poll => Event::Fetched(snap.observation),
                    Purpose::Reopen => Event::Reopened(snap.observation),
                };
                (Some(event), None)
            }
            Err(e) if purpose == Purpose::Poll && e.is_transient() => {
                tracing::warn!(session = %id, error = %e, "status check failed; will retry");
                (Some(Event::FetchFailed), None)
            }
            Err(e) => (None, Some(e.into())),
        },
        Command::FetchVerifiedName(id) => (
            Some(Event::VerifiedName(source.verified_name(&id).await)),
            None,
        ),
        Command::Cancel(id) => match source.cancel(exchange.name_span(&id)).await {
            Ok(snap) => {
                tracing::info!(session = %id, "unfinished verification canceled");
                (Some(Event::CancelAnswered(snap.observation)), None)
            }
            Err(e) => {
                tracing::warn!(session = %id, error = %e, "cancel failed; following up");
                (Some(Event::CancelFailed(id)), None)
            }
        },
        Command::FollowUp(id) => {
            setup.context().spawn_follow_up(id);
            (None, None)
        }
        Command::ReplayLostCreate(request) => {
            setup.context().spawn_replay(request);
            (None, None)
        }
        Command::Refuse(refusal) => (None, Some(refusal.into())),
        Command::Finished(outcome) => {
            exchange.finish = Some(outcome);
            (None, None)
        }
    }
}
