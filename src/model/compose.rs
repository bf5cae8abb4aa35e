//! One message as the publish form describes it, built anew for each send: the payload template
//! expanded, turned into bytes in its format, and the MQTT 5 properties added. The publish
//! button, timed publishing and collections all send through [`Compose`].

use super::payload::{parse, PayloadError, PayloadFormat};
use super::publish_props::{PropsError, PublishPropsForm};
use super::template::{Expand, Template, TemplateError, TemplateErrorKind};
use crate::mqtt::{PublishProperties, QoS};

/// Why a message could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComposeError {
    /// The payload template is malformed.
    Template(TemplateError),
    /// A variable could not be expanded (e.g. no device).
    Expand(TemplateErrorKind),
    /// The expanded payload is not valid in its format.
    Payload(PayloadError),
    /// The MQTT 5 properties are not valid.
    Props(PropsError),
}

/// What the publish form holds, ready to send many times.
#[derive(Clone, Debug, PartialEq)]
pub struct Compose {
    /// The topic, placeholders already filled.
    pub topic: String,
    /// The payload as typed, parsed as a template.
    pub template: Template,
    /// How the expanded text becomes bytes.
    pub format: PayloadFormat,
    /// QoS.
    pub qos: QoS,
    /// Retain flag.
    pub retain: bool,
    /// MQTT 5 properties (`None` on MQTT 3.1.1).
    pub props: Option<PublishPropsForm>,
}

/// One message, ready for the session.
#[derive(Clone, Debug, PartialEq)]
pub struct Composed {
    /// The payload bytes.
    pub payload: Vec<u8>,
    /// Its properties (empty on MQTT 3.1.1).
    pub properties: PublishProperties,
}

impl Compose {
    /// Reads the form; fails when the template is malformed.
    pub fn new(
        topic: String,
        payload: &str,
        format: PayloadFormat,
        qos: QoS,
        retain: bool,
        props: Option<PublishPropsForm>,
    ) -> Result<Compose, ComposeError> {
        Ok(Compose {
            topic,
            template: Template::parse(payload).map_err(ComposeError::Template)?,
            format,
            qos,
            retain,
            props,
        })
    }

    /// The payload text of one send.
    pub fn text(&self, ctx: &mut Expand<'_>) -> Result<String, ComposeError> {
        self.template.expand(ctx).map_err(ComposeError::Expand)
    }

    /// One message: the template expanded with `ctx`, then parsed and given its properties.
    pub fn build(&self, ctx: &mut Expand<'_>) -> Result<Composed, ComposeError> {
        let text = self.text(ctx)?;
        let payload = parse(&text, self.format).map_err(ComposeError::Payload)?;
        let properties = match &self.props {
            Some(p) => p.build(&payload).map_err(ComposeError::Props)?,
            None => PublishProperties::default(),
        };
        Ok(Composed {
            payload,
            properties,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(counter: u64, random: &'a mut dyn FnMut() -> f64) -> Expand<'a> {
        Expand {
            now_ms: 1_000,
            counter,
            random,
            device: Some(("pk", "dn")),
        }
    }

    #[test]
    fn each_send_expands_anew_and_is_checked_in_its_format() {
        let c = Compose::new(
            "t".into(),
            "{\"n\":{{counter}},\"d\":\"{{deviceName}}\"}",
            PayloadFormat::Json,
            QoS::AtLeastOnce,
            false,
            None,
        )
        .unwrap();
        let mut r = || 0.5;
        assert_eq!(
            c.build(&mut ctx(1, &mut r)).unwrap().payload,
            b"{\"n\":1,\"d\":\"dn\"}"
        );
        assert_eq!(
            c.build(&mut ctx(2, &mut r)).unwrap().payload,
            b"{\"n\":2,\"d\":\"dn\"}"
        );
        // A template that expands to bad JSON is refused at send time, with the JSON error.
        let c = Compose::new(
            "t".into(),
            "{\"n\":{{random(1,2)}}x}",
            PayloadFormat::Json,
            QoS::AtMostOnce,
            false,
            None,
        )
        .unwrap();
        assert!(matches!(
            c.build(&mut ctx(1, &mut r)),
            Err(ComposeError::Payload(PayloadError::Json { .. }))
        ));
        // Hex built from a template.
        let c = Compose::new(
            "t".into(),
            "0a {{random(11,11)}}",
            PayloadFormat::Hex,
            QoS::AtMostOnce,
            false,
            None,
        )
        .unwrap();
        assert_eq!(c.build(&mut ctx(1, &mut r)).unwrap().payload, [0x0a, 0x11]);
    }

    #[test]
    fn a_malformed_template_is_refused_before_any_send() {
        assert!(matches!(
            Compose::new(
                "t".into(),
                "{{nope}}",
                PayloadFormat::Text,
                QoS::AtMostOnce,
                false,
                None
            ),
            Err(ComposeError::Template(_))
        ));
    }
}
