//! Checks on the device identity fields, each returning the first problem found.

use super::error::{AliyunError, Field};
use super::limits::{is_device_name_char, MAX_CLIENT_ID_CHARS};

/// ProductKey: not empty; no whitespace or control characters, and none of `& / + # |`
/// (they would break the `${DeviceName}&${ProductKey}` username or topic levels) nor `, =`
/// (the ProductKey is part of the default client id, which forbids them).
pub fn product_key(pk: &str) -> Result<(), AliyunError> {
    not_blank(pk, Field::ProductKey)?;
    first_bad(pk, Field::ProductKey, |c| {
        c.is_whitespace() || c.is_control() || matches!(c, '&' | '/' | '+' | '#' | '|' | ',' | '=')
    })
}

/// DeviceName: not empty; letters, digits and `- _ @ . :` only, the charset Aliyun enforces.
/// The length ([`super::limits::DEVICE_NAME_CHARS`]) is the cloud's to refuse, not the form's:
/// a name the cloud created is never refused here.
pub fn device_name(dn: &str) -> Result<(), AliyunError> {
    not_blank(dn, Field::DeviceName)?;
    first_bad(dn, Field::DeviceName, |c| !is_device_name_char(c))
}

/// DeviceSecret: not empty; no whitespace or control characters, which only get there by a
/// paste accident and would make every signature wrong.
pub fn device_secret(secret: &str) -> Result<(), AliyunError> {
    secret_like(secret, Field::DeviceSecret)
}

/// ProductSecret (dynamic registration): the same rules as a DeviceSecret.
pub fn product_secret(secret: &str) -> Result<(), AliyunError> {
    secret_like(secret, Field::ProductSecret)
}

fn secret_like(secret: &str, field: Field) -> Result<(), AliyunError> {
    not_blank(secret, field)?;
    first_bad(secret, field, |c| c.is_whitespace() || c.is_control())
}

/// The free-text client id (before `|securemode=…|`): at most 64 characters, no whitespace or
/// control characters, none of `| , =` since they delimit the parameter frame.
pub fn client_id(id: &str) -> Result<(), AliyunError> {
    not_blank(id, Field::ClientId)?;
    let len = id.chars().count();
    if len > MAX_CLIENT_ID_CHARS {
        return Err(AliyunError::ClientIdTooLong { len });
    }
    first_bad(id, Field::ClientId, |c| {
        c.is_whitespace() || c.is_control() || matches!(c, '|' | ',' | '=')
    })
}

fn not_blank(value: &str, field: Field) -> Result<(), AliyunError> {
    if value.is_empty() {
        Err(AliyunError::Empty(field))
    } else if value.trim() != value {
        Err(AliyunError::OuterSpace(field))
    } else {
        Ok(())
    }
}

fn first_bad(value: &str, field: Field, bad: impl Fn(char) -> bool) -> Result<(), AliyunError> {
    match value.chars().find(|c| bad(*c)) {
        Some(ch) => Err(AliyunError::ForbiddenChar { field, ch }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(field: Field, ch: char) -> Result<(), AliyunError> {
        Err(AliyunError::ForbiddenChar { field, ch })
    }

    #[test]
    fn product_key_rules() {
        assert_eq!(product_key("a1B2c3D4e5F"), Ok(()));
        assert_eq!(product_key(""), Err(AliyunError::Empty(Field::ProductKey)));
        assert_eq!(
            product_key(" pk"),
            Err(AliyunError::OuterSpace(Field::ProductKey))
        );
        for ch in ['&', '/', '+', '#', '|', ',', '=', ' ', '\t'] {
            assert_eq!(
                product_key(&format!("p{ch}k")),
                bad(Field::ProductKey, ch),
                "{ch:?}"
            );
        }
    }

    #[test]
    fn device_name_rules() {
        assert_eq!(device_name("device"), Ok(()));
        assert_eq!(device_name("a-b_c@d.e:f9"), Ok(()));
        assert_eq!(device_name("d"), Ok(()), "length is not enforced");
        assert_eq!(device_name(""), Err(AliyunError::Empty(Field::DeviceName)));
        assert_eq!(
            device_name("dev\n"),
            Err(AliyunError::OuterSpace(Field::DeviceName))
        );
        for ch in ['&', '/', '+', '#', '|', ' ', '$', '\u{8bbe}'] {
            assert_eq!(
                device_name(&format!("d{ch}n")),
                bad(Field::DeviceName, ch),
                "{ch:?}"
            );
        }
    }

    #[test]
    fn device_secret_rules() {
        assert_eq!(device_secret("secret"), Ok(()));
        assert_eq!(
            device_secret(""),
            Err(AliyunError::Empty(Field::DeviceSecret))
        );
        assert_eq!(
            device_secret("secret "),
            Err(AliyunError::OuterSpace(Field::DeviceSecret))
        );
        assert_eq!(device_secret("sec ret"), bad(Field::DeviceSecret, ' '));
        assert_eq!(
            device_secret("sec\u{1}ret"),
            bad(Field::DeviceSecret, '\u{1}')
        );
    }

    #[test]
    fn client_id_rules() {
        assert_eq!(client_id("12345"), Ok(()));
        assert_eq!(client_id("AA:BB:CC:DD:EE:FF"), Ok(()));
        assert_eq!(client_id(&"x".repeat(64)), Ok(()));
        assert_eq!(
            client_id(&"x".repeat(65)),
            Err(AliyunError::ClientIdTooLong { len: 65 })
        );
        // Counted in characters, not bytes: 64 CJK characters are 192 bytes but allowed.
        assert_eq!(client_id(&"\u{8bbe}".repeat(64)), Ok(()));
        assert_eq!(
            client_id(" id"),
            Err(AliyunError::OuterSpace(Field::ClientId))
        );
        for ch in ['|', ',', '=', ' ', '\u{7f}'] {
            assert_eq!(
                client_id(&format!("i{ch}d")),
                bad(Field::ClientId, ch),
                "{ch:?}"
            );
        }
    }
}
