//! Keepalive: when to send PINGREQ and when a missing PINGRESP means the link is dead.
//!
//! MQTT only requires a packet from us every keepalive interval. We ping after three quarters of
//! it without sending, and also when the broker has been silent that long, because a client that
//! keeps publishing QoS 0 would otherwise never notice a half-open link. With the default PINGRESP
//! timeout of half the interval, a dead link is reported at most 1.25 × keepalive after the last
//! sign of life, before the broker gives up on us at 1.5 × [MQTT-3.1.2-24]. On MQTT 5 the
//! interval is the server's keep alive when its CONNACK imposes one.

use super::{Millis, MqttError};

/// What [`KeepAlive::poll`] asks the session to do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Due {
    Nothing,
    SendPing,
}

#[derive(Debug)]
pub(crate) struct KeepAlive {
    /// 0 turns keepalive off.
    interval: Millis,
    pingresp_timeout: Millis,
    /// Whether `pingresp_timeout` was set by the caller rather than derived from the interval.
    custom_pingresp: bool,
    /// Only runs while connected; CONNACK has its own deadline.
    active: bool,
    last_sent: Millis,
    last_received: Millis,
    ping_sent_at: Option<Millis>,
    /// Whether the outstanding ping already got its one extension for a paused page.
    extended: bool,
}

impl KeepAlive {
    pub(crate) fn new(keepalive_secs: u16) -> KeepAlive {
        let interval = Millis::from(keepalive_secs) * 1000;
        KeepAlive {
            interval,
            pingresp_timeout: interval / 2,
            custom_pingresp: false,
            active: false,
            last_sent: 0,
            last_received: 0,
            ping_sent_at: None,
            extended: false,
        }
    }

    pub(crate) fn set_pingresp_timeout(&mut self, timeout: Millis) {
        // 0 would declare every ping lost at once.
        self.pingresp_timeout = timeout.max(1);
        self.custom_pingresp = true;
    }

    /// Replaces the interval, for a link whose server imposed its own keep alive (MQTT 5
    /// CONNACK) or back to ours on a new link.
    pub(crate) fn set_interval_secs(&mut self, keepalive_secs: u16) {
        self.interval = Millis::from(keepalive_secs) * 1000;
        if !self.custom_pingresp {
            self.pingresp_timeout = self.interval / 2;
        }
    }

    /// Starts the timers on CONNACK. The CONNECT counts as the last packet sent, as the broker
    /// counts its own timer from it.
    pub(crate) fn start(&mut self, now: Millis) {
        self.active = true;
        self.last_received = now;
        self.ping_sent_at = None;
    }

    pub(crate) fn stop(&mut self) {
        self.active = false;
        self.ping_sent_at = None;
    }

    pub(crate) fn on_sent(&mut self, now: Millis) {
        self.last_sent = self.last_sent.max(now);
    }

    /// Any bytes count: a large packet still arriving proves the link is alive.
    pub(crate) fn on_received(&mut self, now: Millis) {
        self.last_received = self.last_received.max(now);
    }

    pub(crate) fn on_pingresp(&mut self) {
        self.ping_sent_at = None;
    }

    /// The caller's timers did not run for a while (a frozen or throttled tab) and run again
    /// at `now`. A PINGRESP that arrived meanwhile may still wait in the event queue behind
    /// this timer, so an outstanding ping gets its full timeout again from `now` instead of
    /// being declared lost at once. Only once per ping: a link that is really dead is still
    /// reported, one timeout later.
    pub(crate) fn resumed(&mut self, now: Millis) {
        if self.ping_sent_at.is_some() && !self.extended {
            self.ping_sent_at = Some(now);
            self.extended = true;
        }
    }

    fn running(&self) -> bool {
        self.active && self.interval > 0
    }

    /// Three quarters of the interval after the older of our last send and the broker's last
    /// packet: early enough that, with the PINGRESP timeout of half an interval, a dead link
    /// shows within 1.25 × keepalive, and still before MQTT's limit of one interval of our
    /// silence.
    fn ping_due(&self) -> Millis {
        self.last_sent
            .min(self.last_received)
            .saturating_add(self.interval * 3 / 4)
    }

    fn pingresp_deadline(&self, sent_at: Millis) -> Millis {
        sent_at
            .max(self.last_received)
            .saturating_add(self.pingresp_timeout)
    }

    pub(crate) fn next_deadline(&self) -> Option<Millis> {
        if !self.running() {
            return None;
        }
        Some(match self.ping_sent_at {
            Some(sent_at) => self.pingresp_deadline(sent_at),
            None => self.ping_due(),
        })
    }

    /// On `SendPing` the caller queues a PINGREQ (which calls [`KeepAlive::on_sent`]).
    pub(crate) fn poll(&mut self, now: Millis) -> Result<Due, MqttError> {
        if !self.running() {
            return Ok(Due::Nothing);
        }
        match self.ping_sent_at {
            Some(sent_at) if now >= self.pingresp_deadline(sent_at) => Err(MqttError::PingTimeout),
            Some(_) => Ok(Due::Nothing),
            None if now >= self.ping_due() => {
                self.ping_sent_at = Some(now);
                self.extended = false;
                Ok(Due::SendPing)
            }
            None => Ok(Due::Nothing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connected(secs: u16) -> KeepAlive {
        let mut k = KeepAlive::new(secs);
        k.on_sent(0);
        k.start(100);
        k
    }

    #[test]
    fn pings_after_an_interval_without_sending() {
        let mut k = connected(10);
        assert_eq!(k.next_deadline(), Some(7_500));
        assert_eq!(k.poll(7_499), Ok(Due::Nothing));
        // Incoming traffic alone must not hold the ping back.
        k.on_received(5_000);
        assert_eq!(k.poll(7_500), Ok(Due::SendPing));
        k.on_sent(7_500);
        assert_eq!(k.next_deadline(), Some(12_500));
        k.on_received(7_540);
        k.on_pingresp();
        assert_eq!(k.next_deadline(), Some(15_000));
    }

    #[test]
    fn pings_when_the_broker_is_silent_although_we_send() {
        let mut k = connected(10);
        for t in (1_000..=12_000).step_by(1_000) {
            k.on_sent(t);
        }
        assert_eq!(k.next_deadline(), Some(7_600));
        assert_eq!(k.poll(12_000), Ok(Due::SendPing));
    }

    #[test]
    fn missing_pingresp_is_reported_within_one_and_a_quarter_intervals() {
        let mut k = connected(4);
        assert_eq!(k.poll(3_000), Ok(Due::SendPing));
        k.on_sent(3_000);
        assert_eq!(k.next_deadline(), Some(5_000));
        assert_eq!(k.poll(4_999), Ok(Due::Nothing));
        assert_eq!(k.poll(5_000), Err(MqttError::PingTimeout));
    }

    #[test]
    fn bytes_arriving_extend_the_pingresp_deadline() {
        let mut k = connected(4);
        assert_eq!(k.poll(3_000), Ok(Due::SendPing));
        k.on_received(5_500);
        assert_eq!(k.poll(6_000), Ok(Due::Nothing));
        assert_eq!(k.poll(7_500), Err(MqttError::PingTimeout));
    }

    #[test]
    fn a_paused_page_gets_one_more_timeout_for_its_ping() {
        let mut k = connected(4);
        assert_eq!(k.poll(3_000), Ok(Due::SendPing));
        k.on_sent(3_000);
        // The tab was frozen from 3.1 s to 30 s; the PINGRESP may be queued behind the timer.
        k.resumed(30_000);
        assert_eq!(k.poll(30_000), Ok(Due::Nothing));
        assert_eq!(k.next_deadline(), Some(32_000));
        // A second pause before any answer does not extend again: the link is dead.
        k.resumed(40_000);
        assert_eq!(k.poll(40_000), Err(MqttError::PingTimeout));
    }

    #[test]
    fn a_pause_without_an_outstanding_ping_changes_nothing() {
        let mut k = connected(4);
        k.resumed(2_000);
        assert_eq!(k.next_deadline(), Some(3_000));
        assert_eq!(k.poll(60_000), Ok(Due::SendPing));
        k.on_received(60_050);
        k.on_pingresp();
        // The next ping has its own extension again.
        assert_eq!(k.poll(64_000), Ok(Due::SendPing));
        k.resumed(90_000);
        assert_eq!(k.poll(90_000), Ok(Due::Nothing));
    }

    #[test]
    fn a_server_keep_alive_replaces_the_interval() {
        let mut k = connected(10);
        k.set_interval_secs(4);
        assert_eq!(k.next_deadline(), Some(3_000));
        assert_eq!(k.poll(3_000), Ok(Due::SendPing));
        assert_eq!(
            k.next_deadline(),
            Some(5_000),
            "half of the server's interval"
        );
        k.set_pingresp_timeout(500);
        k.set_interval_secs(20);
        assert_eq!(k.next_deadline(), Some(3_500), "a custom timeout stays");
    }

    #[test]
    fn zero_interval_or_stopped_means_no_timer() {
        let mut k = connected(0);
        assert_eq!(k.next_deadline(), None);
        assert_eq!(k.poll(u64::MAX), Ok(Due::Nothing));
        let mut k = connected(5);
        k.stop();
        assert_eq!(k.next_deadline(), None);
        assert_eq!(k.poll(u64::MAX), Ok(Due::Nothing));
    }

    #[test]
    fn custom_pingresp_timeout() {
        let mut k = connected(10);
        k.set_pingresp_timeout(0);
        assert_eq!(k.poll(10_000), Ok(Due::SendPing));
        assert_eq!(k.poll(10_000), Ok(Due::Nothing));
        assert_eq!(k.poll(10_001), Err(MqttError::PingTimeout));
    }
}
