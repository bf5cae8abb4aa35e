//! Custom topic classes: the templates (`/${productKey}/${deviceName}/user/get`) that a product
//! defines once and every device fills in with its own names.

use std::fmt;

use mqtt_console::aliyun::expand_topic;
use mqtt_console::mqtt::check_filter;

/// What a device may do with the topics of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Device → cloud only.
    Publish,
    /// Cloud → device only.
    Subscribe,
    /// Both directions.
    All,
}

impl Permission {
    /// Reads the registry file's spelling: `publish`, `subscribe` or `all`.
    pub fn parse(s: &str) -> Option<Permission> {
        match s {
            "publish" => Some(Permission::Publish),
            "subscribe" => Some(Permission::Subscribe),
            "all" => Some(Permission::All),
            _ => None,
        }
    }

    /// The registry file's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Publish => "publish",
            Permission::Subscribe => "subscribe",
            Permission::All => "all",
        }
    }

    /// Whether the device may publish to the class's topics.
    pub fn allows_publish(self) -> bool {
        matches!(self, Permission::Publish | Permission::All)
    }

    /// Whether the device may subscribe to the class's topics (and the cloud may send on them).
    pub fn allows_subscribe(self) -> bool {
        matches!(self, Permission::Subscribe | Permission::All)
    }
}

const PRODUCT_KEY: &str = "${productKey}";
const DEVICE_NAME: &str = "${deviceName}";

/// A validated topic class template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicClass {
    template: String,
}

impl fmt::Display for TopicClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.template)
    }
}

impl TopicClass {
    /// Checks a template of product `product_key`. It must start with
    /// `/${productKey}/${deviceName}/` (the ProductKey may also be written out) so that each
    /// device's topics are its own, use no other placeholder, and be a valid MQTT filter.
    pub fn parse(template: &str, product_key: &str) -> Result<TopicClass, String> {
        for (start, _) in template.match_indices("${") {
            let Some(len) = template[start..].find('}') else {
                return Err(format!("{template:?} has an unclosed \"${{\""));
            };
            let placeholder = &template[start..=start + len];
            if placeholder != PRODUCT_KEY && placeholder != DEVICE_NAME {
                return Err(format!(
                    "unknown placeholder {placeholder}; only ${{productKey}} and ${{deviceName}} are filled in"
                ));
            }
        }
        let levels: Vec<&str> = template.split('/').collect();
        let prefix_ok = levels.len() >= 4
            && levels[0].is_empty()
            && (levels[1] == PRODUCT_KEY || levels[1] == product_key)
            && levels[2] == DEVICE_NAME;
        if !prefix_ok {
            return Err(format!(
                "{template:?} must start with /${{productKey}}/${{deviceName}}/ and name a topic after it"
            ));
        }
        if levels[3..].iter().any(|l| l.contains("${")) {
            return Err(format!(
                "{template:?}: placeholders belong only in the first two levels"
            ));
        }
        let sample = TopicClass {
            template: template.to_string(),
        }
        .expand(product_key, "dev0");
        check_filter(&sample).map_err(|e| format!("{template:?} is not a valid topic: {e}"))?;
        Ok(TopicClass {
            template: template.to_string(),
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// The filter this class means for one device.
    pub fn expand(&self, product_key: &str, device_name: &str) -> String {
        // The core's expansion, the one the app uses for the same templates.
        expand_topic(&self.template, product_key, device_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_classes_expand_per_device() {
        let class = TopicClass::parse("/${productKey}/${deviceName}/user/get", "pk1").unwrap();
        assert_eq!(class.expand("pk1", "dev1"), "/pk1/dev1/user/get");
        let literal = TopicClass::parse("/pk1/${deviceName}/user/#", "pk1").unwrap();
        assert_eq!(literal.expand("pk1", "d"), "/pk1/d/user/#");
        assert!(TopicClass::parse("/${productKey}/${deviceName}/user/+/data", "pk1").is_ok());
        assert!(TopicClass::parse("/${productKey}/${deviceName}/get", "pk1").is_ok());
    }

    #[test]
    fn invalid_classes_say_why() {
        let cases = [
            ("", "must start with"),
            ("/${productKey}/user/get", "must start with"),
            ("/${productKey}/${deviceName}", "must start with"),
            ("/other/${deviceName}/user/get", "must start with"),
            ("/${productKey}/+/user/get", "must start with"),
            (
                "/${productKey}/${deviceName}/user/${x}",
                "unknown placeholder ${x}",
            ),
            ("/${productKey}/${deviceName}/user/${x", "unclosed"),
            ("/${productKey}/${deviceName}/user/#/x", "not a valid topic"),
            ("/${productKey}/${deviceName}/user/a+", "not a valid topic"),
            (
                "/${productKey}/${deviceName}/user/${deviceName}",
                "first two levels",
            ),
        ];
        for (template, expected) in cases {
            let err = TopicClass::parse(template, "pk1").unwrap_err();
            assert!(err.contains(expected), "{template}: {err}");
        }
    }

    #[test]
    fn permissions_parse_and_allow() {
        assert_eq!(Permission::parse("all"), Some(Permission::All));
        assert_eq!(Permission::parse("pub"), None);
        assert!(Permission::Publish.allows_publish() && !Permission::Publish.allows_subscribe());
        assert!(Permission::Subscribe.allows_subscribe());
        assert!(Permission::All.allows_publish() && Permission::All.allows_subscribe());
        assert_eq!(Permission::All.as_str(), "all");
    }
}
