//! Keepalive: when to send PINGREQ and when a missing PINGRESP means the link is dead.
//!
//! MQTT only requires a packet from us every keepalive interval. We also ping when the broker has
//! been silent that long, because a client that keeps publishing QoS 0 would otherwise never
//! notice a half-open link. With the default PINGRESP timeout of half the interval, a dead link is
//! reported at most 1.5 × keepalive after the last sign of life, which is also when the broker
//! gives up on us [MQTT-3.1.2-24].

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

    fn ping_due(&self) -> Millis {
        self.last_sent
            .min(self.last_received)
            .saturating_add(self.interval)
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
        assert_eq!(k.next_deadline(), Some(10_000));
        assert_eq!(k.poll(9_999), Ok(Due::Nothing));
        // Incoming traffic alone must not hold the ping back.
        k.on_received(5_000);
        assert_eq!(k.poll(10_000), Ok(Due::SendPing));
        k.on_sent(10_000);
        assert_eq!(k.next_deadline(), Some(15_000));
        k.on_received(10_040);
        k.on_pingresp();
        assert_eq!(k.next_deadline(), Some(20_000));
    }

    #[test]
    fn pings_when_the_broker_is_silent_although_we_send() {
        let mut k = connected(10);
        for t in (1_000..=12_000).step_by(1_000) {
            k.on_sent(t);
        }
        assert_eq!(k.next_deadline(), Some(10_100));
        assert_eq!(k.poll(12_000), Ok(Due::SendPing));
    }

    #[test]
    fn missing_pingresp_is_reported_within_one_and_a_half_intervals() {
        let mut k = connected(4);
        assert_eq!(k.poll(4_000), Ok(Due::SendPing));
        k.on_sent(4_000);
        assert_eq!(k.next_deadline(), Some(6_000));
        assert_eq!(k.poll(5_999), Ok(Due::Nothing));
        assert_eq!(k.poll(6_000), Err(MqttError::PingTimeout));
    }

    #[test]
    fn bytes_arriving_extend_the_pingresp_deadline() {
        let mut k = connected(4);
        assert_eq!(k.poll(4_000), Ok(Due::SendPing));
        k.on_received(5_500);
        assert_eq!(k.poll(6_000), Ok(Due::Nothing));
        assert_eq!(k.poll(7_500), Err(MqttError::PingTimeout));
    }

    #[test]
    fn a_paused_page_gets_one_more_timeout_for_its_ping() {
        let mut k = connected(4);
        assert_eq!(k.poll(4_000), Ok(Due::SendPing));
        k.on_sent(4_000);
        // The tab was frozen from 4.1 s to 30 s; the PINGRESP may be queued behind the timer.
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
        k.resumed(3_000);
        assert_eq!(k.next_deadline(), Some(4_000));
        assert_eq!(k.poll(60_000), Ok(Due::SendPing));
        k.on_received(60_050);
        k.on_pingresp();
        // The next ping has its own extension again.
        assert_eq!(k.poll(64_000), Ok(Due::SendPing));
        k.resumed(90_000);
        assert_eq!(k.poll(90_000), Ok(Due::Nothing));
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
