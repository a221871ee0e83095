//! The staff panel's operations: what staff see and do once the PIN opened the panel.
//!
//! Every operation passes the staff gate first ([`StaffGate::touch`]), here rather than in
//! the shell, so no command can forget it. Operations that would disturb a customer's session
//! (a new key, an update) are refused with `busy` while one is open.
//!
//! Lock story: the settings' `std` lock, held only while a change is validated and written,
//! never across `.await`; the staff gate's own short locks. Stripe calls here (key checks,
//! cancel, redact) take no kiosk lock at all.
//!
//! [`StaffGate::touch`]: crate::staff::StaffGate::touch

use super::views::{
    ConnectionCheck, ConnectionView, Export, Overview, PathsView, ProblemView, SettingsUpdate,
};
use super::{lock, off_worker, Kiosk};
use crate::backend::{Backend, KeySource};
use crate::error::KioskError;
use crate::journal::{Journal, JournalEntry};
use crate::keys::{KeyError, StripeKeys};
use crate::unix_time;
use crate::updates::{Release, UpdatesView};
use std::sync::Arc;

/// The OS clipboard, as the panel reads the secret key from it.
pub trait Clipboard: Send + Sync {
    /// The clipboard's text, or why it cannot be read.
    fn read_text(&self) -> Result<String, String>;
    /// Clears the clipboard if it still holds exactly `text`.
    fn clear_if_holds(&self, text: &str);
}

impl Kiosk {
    /// What the panel shows when it opens.
    pub fn overview(&self) -> Result<Overview, KioskError> {
        self.staff.touch()?;
        let loaded = self.loaded_settings();
        let backend = self.backend();
        let mut problems: Vec<ProblemView> =
            loaded.problems.iter().map(ProblemView::from).collect();
        problems.extend(self.journal_problem.iter().cloned());
        problems.extend(self.health.journal_problem());
        Ok(Overview {
            version: env!("CARGO_PKG_VERSION"),
            mode: backend.mode(),
            connection: self.connection.view(&self.health, false),
            live_flow: crate::live_flow::live_flow_here(loaded.settings.flow),
            settings: loaded.describe(),
            problems,
            paths: PathsView {
                config_file: loaded.paths.user_file.clone(),
                policy_file: loaded.paths.policy_file.clone(),
                log_dir: self.paths.log_dir.clone(),
                journal: self.paths.journal(),
            },
        })
    }

    /// Checks `secret` (and the publishable key) with Stripe, stores both in the keyring and
    /// switches the kiosk to them. Refused while a customer is mid-flow. Nothing is stored
    /// unless every check passed.
    pub async fn set_keys(
        &self,
        secret: &str,
        publishable: Option<&str>,
    ) -> Result<ConnectionView, KioskError> {
        self.staff.touch()?;
        if self.verifier.in_flow().await {
            return Err(KioskError::Busy);
        }
        let keys = StripeKeys::parse(secret, publishable)?;
        let api_base = self
            .connection
            .env()
            .api_base
            .clone()
            .unwrap_or_else(|| stripe_identity::DEFAULT_API_BASE.to_owned());
        keys.check_with_stripe(&api_base).await?;
        let store = self.connection.keyring().map_err(KeyError::from)?;
        let (stored, paths) = (keys.clone(), self.paths.clone());
        off_worker(move || {
            stored.store(store.as_ref())?;
            crate::provisioned::mark(&paths, stored.status().mode);
            Ok(())
        })
        .await?;
        self.connection.set_keys_stored(true);
        self.connection.keyring_ok();
        tracing::info!(mode = keys.status().mode, key = %keys.status().secret_key, "Stripe key stored in the keyring");
        let backend = Backend::with_keys(&keys, self.connection.env())?;
        let restart = self.connection.csp_change_needed(&backend);
        self.switch_to(backend, KeySource::Keyring).await?;
        self.staff.touch()?;
        Ok(self.connection.view(&self.health, restart))
    }

    /// Removes the keys from the keyring and returns the kiosk to sandbox mode.
    pub async fn remove_keys(&self) -> Result<ConnectionView, KioskError> {
        self.staff.touch()?;
        if self.verifier.in_flow().await {
            return Err(KioskError::Busy);
        }
        let store = self.connection.keyring().map_err(KeyError::from)?;
        let paths = self.paths.clone();
        off_worker(move || {
            StripeKeys::remove(store.as_ref())?;
            crate::provisioned::clear(&paths);
            Ok(())
        })
        .await?;
        self.connection.set_keys_stored(false);
        self.connection.keyring_ok();
        tracing::info!("Stripe keys removed from the keyring; sandbox mode");
        let backend = Backend::start_sandbox().await?;
        let restart = self.connection.csp_change_needed(&backend);
        self.switch_to(backend, KeySource::None).await?;
        Ok(self.connection.view(&self.health, restart))
    }

    /// Checks Stripe with the current key (cheap, changes nothing): `ok`, or the code of why
    /// not (`stripe_unreachable` when Stripe did not answer).
    pub async fn check_connection(&self) -> Result<ConnectionCheck, KioskError> {
        self.staff.touch()?;
        let checked = if self.retry_keyring_now().await {
            self.verifier.check_connection().await
        } else {
            Err(KioskError::KeyringPending)
        };
        Ok(match checked {
            Ok(true) => ConnectionCheck {
                ok: true,
                code: None,
            },
            Ok(false) => ConnectionCheck {
                ok: false,
                code: Some("stripe_unreachable"),
            },
            Err(e @ KioskError::Staff(_)) => return Err(e),
            Err(e) => {
                tracing::warn!(code = e.code(), error = %e, "connection check failed");
                ConnectionCheck {
                    ok: false,
                    code: Some(e.code()),
                }
            }
        })
    }

    /// Reads the secret key from the clipboard (so it never enters the page), then as
    /// [`Self::set_keys`]; once it is stored, a key left on the clipboard is wiped.
    pub async fn set_keys_from_clipboard(
        &self,
        clipboard: &dyn Clipboard,
        publishable: Option<&str>,
    ) -> Result<ConnectionView, KioskError> {
        self.staff.touch()?;
        let secret = clipboard
            .read_text()
            .map(zeroize::Zeroizing::new)
            .map_err(|e| {
                tracing::warn!(error = %e, "clipboard unreadable");
                KioskError::ClipboardEmpty
            })?;
        if secret.trim().is_empty() {
            return Err(KioskError::ClipboardEmpty);
        }
        let connection = self.set_keys(&secret, publishable).await?;
        clipboard.clear_if_holds(&secret);
        Ok(connection)
    }

    /// Validates and writes settings changes to the user file, and applies them from the
    /// next customer on.
    pub fn update_settings(
        &self,
        changes: &serde_json::Map<String, serde_json::Value>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<SettingsUpdate, KioskError> {
        self.staff.touch()?;
        let mut current = lock(&self.settings);
        let updated = current.save_user(changes, env)?;
        let restart_required = updated.settings.sandbox != current.settings.sandbox;
        self.verifier.set_settings(updated.settings.clone());
        self.staff.set_timeout(updated.settings.staff_timeout);
        tracing::info!(keys = ?changes.keys().collect::<Vec<_>>(), "settings changed by staff");
        *current = updated;
        Ok(SettingsUpdate {
            settings: current.describe(),
            problems: current.problems.iter().map(ProblemView::from).collect(),
            restart_required,
        })
    }

    /// The same checks as `identity-kiosk doctor`. (A locked keyring holds this task for up to
    /// its 10 s limit; the customer flow runs on other tasks meanwhile.)
    pub async fn diagnostics(&self) -> Result<Vec<crate::doctor::Check>, KioskError> {
        self.staff.touch()?;
        let settings = self.loaded_settings();
        let keyring = self.connection.keyring();
        let input = crate::doctor::DoctorInput::new(
            keyring.as_deref(),
            self.connection.env(),
            &settings,
            &self.paths,
        );
        let checks = crate::doctor::run(input).await;
        self.staff.touch()?;
        Ok(checks)
    }

    /// The updates part of the panel; `current_version` is the running app's.
    pub async fn update_status(&self, current_version: &str) -> Result<UpdatesView, KioskError> {
        self.staff.touch()?;
        let in_flow = self.verifier.in_flow().await;
        let settings = self.loaded_settings().settings;
        Ok(self.updates.view(current_version, &settings, in_flow))
    }

    /// Starts a check staff asked for: returns the endpoint to check, once the settings allow
    /// it and no other check or install runs. The shell reports the outcome to [`Self::updates`].
    pub fn begin_update_check(&self) -> Result<url::Url, KioskError> {
        self.staff.touch()?;
        let endpoint = self.update_endpoint()?;
        self.updates.begin_check()?;
        Ok(endpoint)
    }

    /// Starts installing the available update: refused (`busy`) while a customer is mid-flow,
    /// and while updates are off.
    pub async fn begin_update_install(&self) -> Result<Release, KioskError> {
        self.staff.touch()?;
        self.update_endpoint()?;
        let in_flow = self.verifier.in_flow().await;
        Ok(self.updates.begin_install(in_flow)?)
    }

    /// The newest journal entries.
    pub fn recent(&self, limit: usize) -> Result<Vec<JournalEntry>, KioskError> {
        self.staff.touch()?;
        Ok(self.journal_or_err()?.recent(limit.clamp(1, 500))?)
    }

    /// Cancels a session this kiosk created (from the journal), and records the result.
    pub async fn cancel_session(&self, id: &str) -> Result<JournalEntry, KioskError> {
        self.session_action(id, SessionAction::Cancel).await
    }

    /// Redacts a session this kiosk created (Stripe deletes its personal data).
    pub async fn redact_session(&self, id: &str) -> Result<JournalEntry, KioskError> {
        self.session_action(id, SessionAction::Redact).await
    }

    /// Staff act only on sessions this kiosk's journal knows; the journal records the outcome.
    async fn session_action(
        &self,
        id: &str,
        action: SessionAction,
    ) -> Result<JournalEntry, KioskError> {
        self.staff.touch()?;
        let journal = self.journal_or_err()?;
        journal.get(id)?.ok_or(KioskError::UnknownSession)?;
        let backend = self.backend();
        let (expand, opts) = (Default::default(), Default::default());
        let vs = match action {
            SessionAction::Cancel => backend.client().cancel_session(id, &expand, &opts).await?,
            SessionAction::Redact => backend.client().redact_session(id, &expand, &opts).await?,
        };
        let (journal, id, status) = (
            Arc::clone(journal),
            id.to_owned(),
            vs.status.as_str().to_owned(),
        );
        off_worker(move || {
            journal.update_status(&id, &status, None, unix_time::now())?;
            if action == SessionAction::Redact {
                journal.mark_redacted(&id, unix_time::now())?;
            }
            tracing::info!(session = %id, ?action, "staff acted on a session");
            journal.get(&id)?.ok_or(KioskError::UnknownSession)
        })
        .await
    }

    /// Writes the journal as CSV into the exports folder; returns the file and its row count.
    pub fn export_csv(&self) -> Result<Export, KioskError> {
        self.staff.touch()?;
        let journal = self.journal_or_err()?;
        let dir = self.paths.exports();
        let io = |e: std::io::Error| KioskError::Export(format!("{}: {e}", dir.display()));
        self.prune_exports();
        let (path, file) = crate::exports::create(&dir, unix_time::now()).map_err(io)?;
        let rows = journal.export_csv(std::io::BufWriter::new(file))?;
        tracing::info!(rows, path = %path.display(), "journal exported");
        Ok(Export {
            path: path.display().to_string(),
            rows,
        })
    }

    /// Deletes exports older than the logs' retention (at start and before each export).
    pub(crate) fn prune_exports(&self) {
        let dir = self.paths.exports();
        let days = self.loaded_settings().settings.log_retention_days;
        match crate::exports::prune(&dir, days, unix_time::now()) {
            Ok(pruned) => {
                if !pruned.removed.is_empty() {
                    tracing::info!(
                        count = pruned.removed.len(),
                        retention_days = days,
                        "old exports deleted"
                    );
                }
                for (path, e) in &pruned.failed {
                    tracing::warn!(path = %path.display(), error = %e, "cannot delete an old export");
                }
            }
            Err(e) => {
                tracing::warn!(folder = %dir.display(), error = %e, "cannot list the exports folder")
            }
        }
    }

    fn journal_or_err(&self) -> Result<&Arc<Journal>, KioskError> {
        self.journal.as_ref().ok_or_else(|| {
            KioskError::NoJournal(
                self.journal_problem
                    .as_ref()
                    .map(ProblemView::text)
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SessionAction {
    Cancel,
    Redact,
}
