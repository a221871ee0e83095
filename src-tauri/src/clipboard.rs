//! The OS clipboard (arboard) as the staff panel reads the secret key from it.

use kiosk_core::kiosk::Clipboard;

/// The system clipboard, opened afresh for each use (it may change owner in between).
pub struct SystemClipboard;

impl Clipboard for SystemClipboard {
    fn read_text(&self) -> Result<String, String> {
        arboard::Clipboard::new()
            .and_then(|mut c| c.get_text())
            .map_err(|e| e.to_string())
    }

    fn clear_if_holds(&self, text: &str) {
        if let Ok(mut c) = arboard::Clipboard::new() {
            if c.get_text().is_ok_and(|t| t == text) {
                let _ = c.clear();
            }
        }
    }
}
