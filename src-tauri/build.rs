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
        ]));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
