//! A locked-down window covers the whole monitor it is on, with or without a window manager.
//!
//! The full-screen request is a hint that a window manager carries out; under bare X (`xinit`
//! with no window manager, a common kiosk set-up) nobody does, and the window would stay at its
//! default size in a corner. So the shell also places the window itself: at start and whenever
//! the window reports a move, a resize or a scale change (a monitor plugged, unplugged or
//! rotated), it asks [`cover`] what to change. Comparing first keeps the window's own reports of
//! the change from looping.

/// A rectangle in physical pixels: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// Where a window at `window` must go to cover `monitor`, or `None` when it already does.
pub fn cover(monitor: Rect, window: Rect) -> Option<Rect> {
    (window != monitor && monitor.width > 0 && monitor.height > 0).then_some(monitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn rect(x: i32, y: i32, width: u32, height: u32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn the_window_is_moved_and_sized_to_its_monitor_once() {
        let landscape = rect(0, 0, 1920, 1080);
        // Bare X: the default size in a corner.
        assert_eq!(cover(landscape, rect(0, 0, 800, 600)), Some(landscape));
        // Covering already: nothing to do (the resize it caused reports back here).
        assert_eq!(cover(landscape, landscape), None);
        // A second monitor to the right, in portrait.
        let portrait = rect(1920, 0, 1080, 1920);
        assert_eq!(cover(portrait, rect(1920, 0, 1920, 1080)), Some(portrait));
        // A monitor that reports no size (unplugged meanwhile) is not followed.
        assert_eq!(cover(rect(0, 0, 0, 0), rect(0, 0, 800, 600)), None);
    }
}
