//! Runs tauri-build: embeds `tauri.conf.json` (at the package root) and compiles the
//! capabilities in `src-tauri/capabilities/` together with the app's own command permissions.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        // Each app command gets an `allow-<name>` permission; capabilities grant them explicitly.
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "kiosk_info",
            "start_verification",
            "verification_status",
            "retry_verification",
            "use_hosted_flow",
            "finish_verification",
            "check_connection",
            "connection_status",
            "report_camera",
            "set_language",
            "staff_status",
            "staff_set_first_pin",
            "staff_unlock",
            "staff_lock",
            "staff_overview",
            "staff_check_connection",
            "staff_set_key_from_clipboard",
            "staff_remove_key",
            "staff_update_settings",
            "staff_journal",
            "staff_cancel_session",
            "staff_redact_session",
            "staff_export_csv",
            "staff_diagnostics",
            "staff_change_pin",
            "staff_quit",
            "staff_update_status",
            "staff_check_update",
            "staff_install_update",
        ]));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
