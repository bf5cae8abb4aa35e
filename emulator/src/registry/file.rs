//! The registry file (TOML). Read as a spanned tree rather than through serde so that every
//! error names the line and the field, e.g.
//! `registry.toml:12: product.device.device_name: duplicate "console-demo"`.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use mqtt_console::aliyun::InstanceEdition;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{
    check_device_name, check_product_key, check_secret, Device, Permission, Product, Registry,
    TopicClass, TopicRule,
};

/// Why a registry file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryError {
    /// The file name as given.
    pub file: String,
    /// 1-based line; `None` when the file could not be read at all.
    pub line: Option<usize>,
    /// Dotted field path such as `product.device.device_name`; `None` for syntax errors.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match &self.field {
            Some(field) => write!(f, ": {field}: {}", self.message),
            None => write!(f, ": {}", self.message),
        }
    }
}

impl std::error::Error for RegistryError {}

/// Reads and checks a registry file.
pub fn load_file(path: &Path) -> Result<Registry, RegistryError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| RegistryError {
        file: name.clone(),
        line: None,
        field: None,
        message: format!("cannot read the registry file: {e}"),
    })?;
    parse_registry(&text, &name)
}

/// Checks registry text; `file` only labels errors.
pub fn parse_registry(text: &str, file: &str) -> Result<Registry, RegistryError> {
    let ctx = Ctx { file, text };
    let root = DeTable::parse(text).map_err(|e| {
        // Quote the offending text when it is short (e.g. the duplicated key).
        let near = e
            .span()
            .and_then(|s| text.get(s))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 40 && !t.contains('\n'))
            .map(|t| format!(" at {t:?}"))
            .unwrap_or_default();
        RegistryError {
            file: file.to_string(),
            line: e.span().map(|s| ctx.line_of(s.start)),
            field: None,
            message: format!("TOML syntax error{near}: {}", e.message().trim()),
        }
    })?;
    let mut registry = Registry::new();
    for (key, value) in in_file_order(root.get_ref()) {
        match key.get_ref().as_ref() {
            "product" => {
                for at in ctx.array_of_tables("product", value)? {
                    let (product, span) = ctx.product(at)?;
                    registry
                        .add_product(product)
                        .map_err(|m| ctx.err(span, "product.product_key", m))?;
                }
            }
            "instance_id" => {
                let id = ctx.string("instance_id", value)?;
                check_instance_id(id).map_err(|m| ctx.err(value.span(), "instance_id", m))?;
                registry.set_instance_id(id);
            }
            other => return Err(ctx.unknown(key, "", other, &["instance_id", "product"])),
        }
    }
    Ok(registry)
}

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);
type DeString<'i> = std::borrow::Cow<'i, str>;

/// Table entries sorted by position, so the first error reported is the first in the file
/// (the parsed table itself is ordered by key).
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

struct Ctx<'t> {
    file: &'t str,
    text: &'t str,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn err(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> RegistryError {
        RegistryError {
            file: self.file.to_string(),
            line: Some(self.line_of(span.start)),
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    fn unknown(
        &self,
        key: &Spanned<DeString<'_>>,
        parent: &str,
        name: &str,
        known: &[&str],
    ) -> RegistryError {
        let field = if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}.{name}")
        };
        self.err(
            key.span(),
            &field,
            format!("unknown field; expected one of: {}", known.join(", ")),
        )
    }

    fn string<'v>(
        &self,
        field: &str,
        value: &'v Spanned<DeValue<'_>>,
    ) -> Result<&'v str, RegistryError> {
        value
            .get_ref()
            .as_str()
            .ok_or_else(|| self.wrong_type(field, value, "a string"))
    }

    fn boolean(&self, field: &str, value: &Spanned<DeValue<'_>>) -> Result<bool, RegistryError> {
        value
            .get_ref()
            .as_bool()
            .ok_or_else(|| self.wrong_type(field, value, "true or false"))
    }

    fn wrong_type(
        &self,
        field: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
    ) -> RegistryError {
        self.err(
            value.span(),
            field,
            format!("expected {expected}, found {}", value.get_ref().type_str()),
        )
    }

    /// `[[field]]` entries; a single `[field]` table or any other value is refused.
    fn array_of_tables<'v, 'i>(
        &self,
        field: &str,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Result<Vec<TableAt<'v, 'i>>, RegistryError> {
        let wrong = || {
            self.err(
                value.span(),
                field,
                format!("write each entry as [[{field}]] (an array of tables)"),
            )
        };
        let items = value.get_ref().as_array().ok_or_else(wrong)?;
        items
            .iter()
            .map(|item| match item.get_ref().as_table() {
                Some(table) => Ok(TableAt {
                    table,
                    span: item.span(),
                }),
                None => Err(wrong()),
            })
            .collect()
    }

    /// The product and where its ProductKey is written (for the duplicate check).
    fn product(&self, at: TableAt<'_, '_>) -> Result<(Product, Range<usize>), RegistryError> {
        const KNOWN: [&str; 6] = [
            "product_key",
            "product_secret",
            "dynamic_registration",
            "edition",
            "topic",
            "device",
        ];
        let table = at.table;
        let key_value = table
            .iter()
            .find(|(k, _)| k.get_ref() == "product_key")
            .map(|(_, v)| v)
            .ok_or_else(|| self.err(at.span.clone(), "product.product_key", "missing"))?;
        let product_key = self.string("product.product_key", key_value)?;
        check_product_key(product_key)
            .map_err(|m| self.err(key_value.span(), "product.product_key", m))?;
        let mut product = Product::new(product_key);
        let mut topic_tables = Vec::new();
        let mut device_tables = Vec::new();
        for (key, v) in in_file_order(table) {
            match key.get_ref().as_ref() {
                "product_key" => {}
                "product_secret" => {
                    let secret = self.string("product.product_secret", v)?;
                    check_secret(secret)
                        .map_err(|m| self.err(v.span(), "product.product_secret", m))?;
                    product.product_secret = Some(secret.to_string());
                }
                "dynamic_registration" => {
                    product.dynamic_registration =
                        self.boolean("product.dynamic_registration", v)?;
                }
                "edition" => {
                    product.edition = match self.string("product.edition", v)? {
                        "enterprise" => InstanceEdition::Enterprise,
                        "public" => InstanceEdition::Public,
                        other => {
                            return Err(self.err(
                                v.span(),
                                "product.edition",
                                format!("{other:?} is not \"enterprise\" or \"public\""),
                            ))
                        }
                    };
                }
                "topic" => topic_tables = self.array_of_tables("product.topic", v)?,
                "device" => device_tables = self.array_of_tables("product.device", v)?,
                other => return Err(self.unknown(key, "product", other, &KNOWN)),
            }
        }
        if product.dynamic_registration && product.product_secret.is_none() {
            return Err(self.err(
                at.span,
                "product.product_secret",
                "required when dynamic_registration = true",
            ));
        }
        for t in topic_tables {
            let rule = self.topic(&t, product_key)?;
            if product.topics.iter().any(|r| r.class == rule.class) {
                return Err(self.err(
                    t.span,
                    "product.topic.class",
                    format!("duplicate {:?}", rule.class.as_str()),
                ));
            }
            product.topics.push(rule);
        }
        for d in device_tables {
            let (device, name_span) = self.device(&d, product.dynamic_registration)?;
            if product.devices.contains_key(&device.device_name) {
                return Err(self.err(
                    name_span,
                    "product.device.device_name",
                    format!("duplicate {:?}", device.device_name),
                ));
            }
            product.devices.insert(device.device_name.clone(), device);
        }
        Ok((product, key_value.span()))
    }

    fn topic(&self, at: &TableAt<'_, '_>, product_key: &str) -> Result<TopicRule, RegistryError> {
        let mut class = None;
        let mut permission = None;
        for (key, v) in in_file_order(at.table) {
            match key.get_ref().as_ref() {
                "class" => {
                    let text = self.string("product.topic.class", v)?;
                    let parsed = TopicClass::parse(text, product_key)
                        .map_err(|m| self.err(v.span(), "product.topic.class", m))?;
                    class = Some(parsed);
                }
                "permission" => {
                    let text = self.string("product.topic.permission", v)?;
                    let parsed = Permission::parse(text).ok_or_else(|| {
                        self.err(
                            v.span(),
                            "product.topic.permission",
                            format!("{text:?} is not one of \"publish\", \"subscribe\", \"all\""),
                        )
                    })?;
                    permission = Some(parsed);
                }
                other => {
                    return Err(self.unknown(key, "product.topic", other, &["class", "permission"]))
                }
            }
        }
        let class =
            class.ok_or_else(|| self.err(at.span.clone(), "product.topic.class", "missing"))?;
        let permission = permission
            .ok_or_else(|| self.err(at.span.clone(), "product.topic.permission", "missing"))?;
        Ok(TopicRule { class, permission })
    }

    fn device(
        &self,
        at: &TableAt<'_, '_>,
        dynamic_registration: bool,
    ) -> Result<(Device, Range<usize>), RegistryError> {
        let mut name = None;
        let mut secret = None;
        for (key, v) in in_file_order(at.table) {
            match key.get_ref().as_ref() {
                "device_name" => {
                    let text = self.string("product.device.device_name", v)?;
                    check_device_name(text)
                        .map_err(|m| self.err(v.span(), "product.device.device_name", m))?;
                    name = Some((text, v.span()));
                }
                "device_secret" => {
                    let text = self.string("product.device.device_secret", v)?;
                    check_secret(text)
                        .map_err(|m| self.err(v.span(), "product.device.device_secret", m))?;
                    secret = Some(text);
                }
                other => {
                    return Err(self.unknown(
                        key,
                        "product.device",
                        other,
                        &["device_name", "device_secret"],
                    ))
                }
            }
        }
        let (name, span) =
            name.ok_or_else(|| self.err(at.span.clone(), "product.device.device_name", "missing"))?;
        if secret.is_none() && !dynamic_registration {
            // Without a secret the device could only get one through dynamic registration.
            return Err(self.err(
                at.span.clone(),
                "product.device.device_secret",
                "required unless the product has dynamic_registration = true",
            ));
        }
        Ok((Device::new(name, secret), span))
    }
}

/// Aliyun's instance ids look like `iot-06z00emu1demo`: letters, digits and `-`.
fn check_instance_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 64 {
        return Err(format!(
            "{id:?} has {} characters; 1 to 64 expected",
            id.len()
        ));
    }
    match id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        Some(bad) => Err(format!(
            "{id:?} contains {bad:?}; an instance id uses letters, digits and - only"
        )),
        None => Ok(()),
    }
}

/// One `[[...]]` entry and where it is.
struct TableAt<'v, 'i> {
    table: &'v DeTable<'i>,
    span: Range<usize>,
}
