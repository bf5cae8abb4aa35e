//! One dynamic registration run, as a plain model: it builds the registration connection's
//! credentials, carries the [`Registrar`] through the link's events with the time passed in,
//! and settles on a typed outcome. The store owns the WebSocket, the deadline timer and the
//! signals.

use crate::aliyun::{
    registration_credentials, AliyunDevice, AliyunError, RegisterMode, Registered, Registrar,
    RegistrationError, REGISTRATION_TIMEOUT_MS,
};

/// Why a registration gave nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrationFailure {
    /// The form's settings (or the ProductSecret) cannot make a registration connection.
    Settings(AliyunError),
    /// The registration protocol's own outcome: refused, an unusable answer, no answer in time.
    Registration(RegistrationError),
    /// The browser could not open the WebSocket at all.
    Unreachable(String),
    /// The server sent a text frame, so it is no MQTT endpoint.
    TextFrame,
    /// The WebSocket closed with `code` before any answer.
    ClosedEarly {
        /// The WebSocket close code.
        code: u16,
    },
}

/// What a finished registration gave.
pub type RegistrationOutcome = Result<Registered, RegistrationFailure>;

/// One running registration.
#[derive(Debug)]
pub struct RegistrationRun {
    url: String,
    /// Wall-clock start, Unix ms; the registrar counts from it.
    started: u64,
    registrar: Registrar,
    /// A failure seen by the link rather than the registrar; it stands before the registrar's
    /// own view of the same close.
    link_failure: Option<RegistrationFailure>,
}

impl RegistrationRun {
    /// A registration of `device` (its ProductKey, DeviceName, host, path, client id and sign
    /// method) with `product_secret`, begun at wall time `now`; `random` is drawn by the caller.
    pub fn begin(
        device: &AliyunDevice,
        product_secret: &str,
        mode: RegisterMode,
        random: u64,
        now: u64,
    ) -> Result<RegistrationRun, RegistrationFailure> {
        let credentials = registration_credentials(device, product_secret, mode, random)
            .map_err(RegistrationFailure::Settings)?;
        let registrar =
            Registrar::new(&credentials, mode, 0).map_err(RegistrationFailure::Registration)?;
        Ok(RegistrationRun {
            url: credentials.url,
            started: now,
            registrar,
            link_failure: None,
        })
    }

    /// The WebSocket URL to open.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How long after the start the store's timer should wake [`RegistrationRun::handle_deadline`]:
    /// a little past the deadline, since the registrar checks the deadline itself.
    pub fn timer_ms(&self) -> u64 {
        REGISTRATION_TIMEOUT_MS + 50
    }

    fn elapsed(&self, now: u64) -> u64 {
        now.saturating_sub(self.started)
    }

    /// Call when the link opened at wall time `now`: CONNECT is queued.
    pub fn handle_open(&mut self, now: u64) {
        let elapsed = self.elapsed(now);
        self.registrar.start(elapsed);
    }

    /// Call with bytes from the link, at wall time `now`.
    pub fn handle_bytes(&mut self, bytes: &[u8], now: u64) {
        let elapsed = self.elapsed(now);
        self.registrar.handle_bytes(bytes, elapsed);
    }

    /// Call when the link delivered a text frame.
    pub fn handle_text_frame(&mut self) {
        self.link_failed(RegistrationFailure::TextFrame);
    }

    /// Call when the link closed with WebSocket close `code`.
    pub fn handle_close(&mut self, code: u16) {
        self.link_failed(RegistrationFailure::ClosedEarly { code });
    }

    /// Call when the browser refused to open the link (`why` as it says).
    pub fn handle_unreachable(&mut self, why: String) {
        self.link_failed(RegistrationFailure::Unreachable(why));
    }

    /// Call when the deadline timer fires at wall time `now`. A timer that fires early (a
    /// throttled tab fires late, never early, but clocks jump) still counts as the deadline.
    pub fn handle_deadline(&mut self, now: u64) {
        let elapsed = self.elapsed(now).max(REGISTRATION_TIMEOUT_MS);
        self.registrar.handle_timeout(elapsed);
    }

    fn link_failed(&mut self, failure: RegistrationFailure) {
        // A close after the answer is the expected end: the first outcome stands.
        if self.registrar.outcome().is_none() {
            self.link_failure.get_or_insert(failure);
        }
        self.registrar.link_closed("");
    }

    /// The next bytes to send on the link.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.registrar.poll_transmit()
    }

    /// The outcome once the run is over (then the link is closed and the run dropped).
    pub fn outcome(&self) -> Option<RegistrationOutcome> {
        if let Some(failure) = &self.link_failure {
            return Some(Err(failure.clone()));
        }
        self.registrar
            .outcome()
            .map(|o| o.clone().map_err(RegistrationFailure::Registration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aliyun::registration_tests::{answer, connack, device};
    use crate::aliyun::Field;
    use mqttbytes::v4;

    /// A run begun at wall time 1000 whose link opened at once; CONNECT taken.
    fn opened(mode: RegisterMode) -> RegistrationRun {
        let mut run = RegistrationRun::begin(&device(), "ps", mode, 7, 1_000).unwrap();
        assert_eq!(run.url(), "ws://127.0.0.1:8443/");
        run.handle_open(1_000);
        let connect = run.poll_transmit().unwrap();
        assert_eq!(connect[0], 0x10, "CONNECT first");
        assert!(run.outcome().is_none());
        run
    }

    #[test]
    fn register_gives_the_device_secret() {
        let mut run = opened(RegisterMode::Register);
        let mut bytes = connack(v4::ConnectReturnCode::Success);
        bytes.extend(answer(
            "/ext/register",
            r#"{"productKey":"a1Pk","deviceName":"dev-1","deviceSecret":"s3"}"#,
        ));
        run.handle_bytes(&bytes, 1_050);
        assert_eq!(
            run.outcome(),
            Some(Ok(Registered::Secret {
                product_key: "a1Pk".into(),
                device_name: "dev-1".into(),
                device_secret: "s3".into(),
            }))
        );
        assert_eq!(run.poll_transmit(), Some(vec![0xE0, 0x00]), "DISCONNECT");
        run.handle_close(1000);
        assert!(
            matches!(run.outcome(), Some(Ok(_))),
            "the close after the answer is the expected end"
        );
    }

    #[test]
    fn regnwl_gives_a_device_token() {
        let mut run = opened(RegisterMode::Regnwl);
        let mut bytes = connack(v4::ConnectReturnCode::Success);
        bytes.extend(answer(
            "/ext/regnwl",
            r#"{"clientId":"c1","productKey":"a1Pk","deviceName":"dev-1","deviceToken":"t"}"#,
        ));
        run.handle_bytes(&bytes, 1_050);
        assert!(matches!(
            run.outcome(),
            Some(Ok(Registered::Token { device_token, client_id, .. }))
                if device_token == "t" && client_id == "c1"
        ));
    }

    #[test]
    fn refusals_and_bad_answers_are_the_registrars_words() {
        let mut run = opened(RegisterMode::Register);
        run.handle_bytes(&connack(v4::ConnectReturnCode::BadUserNamePassword), 1_010);
        assert_eq!(
            run.outcome(),
            Some(Err(RegistrationFailure::Registration(
                RegistrationError::Refused(4)
            )))
        );
        run.handle_close(1006);
        assert_eq!(
            run.outcome(),
            Some(Err(RegistrationFailure::Registration(
                RegistrationError::Refused(4)
            ))),
            "the refusal stands over the close that follows"
        );

        let mut run = opened(RegisterMode::Register);
        let mut bytes = connack(v4::ConnectReturnCode::Success);
        bytes.extend(answer("/ext/register", r#"{"productKey":"a1Pk"}"#));
        run.handle_bytes(&bytes, 1_010);
        assert!(matches!(
            run.outcome(),
            Some(Err(RegistrationFailure::Registration(
                RegistrationError::BadReply(_)
            )))
        ));
    }

    #[test]
    fn no_answer_in_time_is_a_timeout_counted_from_the_start() {
        let mut run = opened(RegisterMode::Register);
        run.handle_bytes(&connack(v4::ConnectReturnCode::Success), 1_010);
        assert_eq!(run.timer_ms(), REGISTRATION_TIMEOUT_MS + 50);
        run.handle_deadline(1_000 + REGISTRATION_TIMEOUT_MS + 50);
        assert_eq!(
            run.outcome(),
            Some(Err(RegistrationFailure::Registration(
                RegistrationError::Timeout { secs: 20 }
            )))
        );

        // A timer that fires before the deadline by the wall clock still ends the run.
        let mut run = opened(RegisterMode::Register);
        run.handle_deadline(1_001);
        assert!(matches!(
            run.outcome(),
            Some(Err(RegistrationFailure::Registration(
                RegistrationError::Timeout { .. }
            )))
        ));
    }

    #[test]
    fn a_link_that_ends_early_says_how() {
        let mut run = opened(RegisterMode::Register);
        run.handle_close(1006);
        assert_eq!(
            run.outcome(),
            Some(Err(RegistrationFailure::ClosedEarly { code: 1006 }))
        );
        run.handle_text_frame();
        assert_eq!(
            run.outcome(),
            Some(Err(RegistrationFailure::ClosedEarly { code: 1006 })),
            "the first end stands"
        );

        let mut run = opened(RegisterMode::Register);
        run.handle_text_frame();
        assert_eq!(run.outcome(), Some(Err(RegistrationFailure::TextFrame)));

        let mut run =
            RegistrationRun::begin(&device(), "ps", RegisterMode::Register, 7, 0).unwrap();
        run.handle_unreachable("bad URL".into());
        assert_eq!(
            run.outcome(),
            Some(Err(RegistrationFailure::Unreachable("bad URL".into())))
        );
    }

    #[test]
    fn settings_that_cannot_register_are_named() {
        let e = RegistrationRun::begin(&device(), "", RegisterMode::Register, 1, 0).unwrap_err();
        assert_eq!(
            e,
            RegistrationFailure::Settings(AliyunError::Empty(Field::ProductSecret))
        );
        let d = AliyunDevice {
            device_name: String::new(),
            ..device()
        };
        let e = RegistrationRun::begin(&d, "ps", RegisterMode::Register, 1, 0).unwrap_err();
        assert!(matches!(e, RegistrationFailure::Settings(a) if a.field() == Field::DeviceName));
    }
}
