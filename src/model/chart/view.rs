//! The view's modes: how much time it follows, and whether it follows at all.

/// How much time a live view shows, ending at the newest point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TimeWindow {
    /// The last 10 seconds.
    Seconds10,
    /// The last minute.
    #[default]
    Minute1,
    /// The last 5 minutes.
    Minutes5,
    /// The last 15 minutes.
    Minutes15,
    /// The last hour.
    Hour1,
    /// Every point held.
    All,
}

impl TimeWindow {
    /// Every choice, shortest first, for the picker.
    pub const CHOICES: [TimeWindow; 6] = [
        TimeWindow::Seconds10,
        TimeWindow::Minute1,
        TimeWindow::Minutes5,
        TimeWindow::Minutes15,
        TimeWindow::Hour1,
        TimeWindow::All,
    ];

    /// The span in ms; None for [`TimeWindow::All`].
    pub fn span_ms(self) -> Option<f64> {
        match self {
            TimeWindow::Seconds10 => Some(10_000.0),
            TimeWindow::Minute1 => Some(60_000.0),
            TimeWindow::Minutes5 => Some(300_000.0),
            TimeWindow::Minutes15 => Some(900_000.0),
            TimeWindow::Hour1 => Some(3_600_000.0),
            TimeWindow::All => None,
        }
    }
}

/// Whether the view follows the newest points, and if not, why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Follow {
    /// The view ends at the newest point and moves with it.
    #[default]
    Live,
    /// The user paused: the view stays where it was; points are still recorded.
    Paused,
    /// The user zoomed or panned: the view stays where they put it.
    Moved,
}
