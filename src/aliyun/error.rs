//! Why a set of Aliyun device settings cannot be turned into a connection.
//!
//! Every variant names the field at fault so the UI can highlight it, and carries enough detail
//! (the offending character, the length, the port) for the message to say what to change. The
//! messages themselves live in the i18n layer (`src/i18n`).

/// A field of [`super::AliyunDevice`], as named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `product_key`.
    ProductKey,
    /// `device_name`.
    DeviceName,
    /// `device_secret`.
    DeviceSecret,
    /// `region`.
    Region,
    /// `host` (the override).
    Host,
    /// `path` (the WebSocket path).
    Path,
    /// `client_id`.
    ClientId,
    /// The ProductSecret of one-product-one-secret registration.
    ProductSecret,
    /// `instance_id`: the instance, when the endpoint does not show it.
    InstanceId,
}

/// A problem with the Aliyun device settings, found before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AliyunError {
    /// A required field is empty.
    Empty(Field),
    /// A field starts or ends with whitespace; usually a copy-paste accident, and never trimmed
    /// silently because a secret with a stray space would otherwise fail with a bare CONNACK 4.
    OuterSpace(Field),
    /// A field contains a character its format does not allow.
    ForbiddenChar {
        /// The field at fault.
        field: Field,
        /// The first offending character.
        ch: char,
    },
    /// The client id is longer than Aliyun's 64-character limit.
    ClientIdTooLong {
        /// Its length in characters.
        len: usize,
    },
    /// The ProductKey would have to go into the default host name but is not a valid DNS label.
    ProductKeyNotHostname {
        /// The first character that cannot appear in a host name.
        ch: char,
    },
    /// The host override starts with a scheme such as `wss://`.
    HostHasScheme,
    /// The host override contains a path, query or fragment.
    HostHasPath,
    /// The host override contains whitespace in the middle.
    HostHasSpace,
    /// The host override has a port but no name, e.g. `:8443` or `[]`.
    HostMissingName,
    /// The port in the host override is not a number from 1 to 65535.
    HostBadPort {
        /// The port text as typed.
        port: String,
    },
    /// The host override looks like a bare IPv6 address, which is ambiguous with `host:port`.
    HostIpv6NeedsBrackets,
    /// An `aliyuncs.com` host with a port other than 443, where Aliyun serves WebSocket.
    HostNotWebSocketPort {
        /// The port typed.
        port: u16,
    },
    /// The WebSocket path does not start with `/`.
    PathNoLeadingSlash,
    /// A region id typed where the endpoint goes; the region has its own field.
    HostIsRegion {
        /// The region id as typed.
        region: String,
    },
    /// An instance id with a character instance ids do not have (they are lowercase letters,
    /// digits and `-`).
    BadInstanceId {
        /// Where it was typed: the endpoint field or the instance id field.
        field: Field,
        /// The first offending character.
        ch: char,
    },
    /// An instance id with nothing after `iot-`.
    InstanceIdIncomplete(Field),
    /// The instance id given differs from the one the endpoint names.
    InstanceMismatch {
        /// The instance id typed.
        typed: String,
        /// The instance the endpoint names.
        endpoint: String,
    },
}

impl AliyunError {
    /// The field to highlight in the form.
    pub fn field(&self) -> Field {
        match self {
            AliyunError::Empty(f)
            | AliyunError::OuterSpace(f)
            | AliyunError::InstanceIdIncomplete(f) => *f,
            AliyunError::ForbiddenChar { field, .. } | AliyunError::BadInstanceId { field, .. } => {
                *field
            }
            AliyunError::ClientIdTooLong { .. } => Field::ClientId,
            AliyunError::ProductKeyNotHostname { .. } => Field::ProductKey,
            AliyunError::HostHasScheme
            | AliyunError::HostHasPath
            | AliyunError::HostHasSpace
            | AliyunError::HostMissingName
            | AliyunError::HostBadPort { .. }
            | AliyunError::HostIpv6NeedsBrackets
            | AliyunError::HostNotWebSocketPort { .. }
            | AliyunError::HostIsRegion { .. } => Field::Host,
            AliyunError::PathNoLeadingSlash => Field::Path,
            AliyunError::InstanceMismatch { .. } => Field::InstanceId,
        }
    }
}

impl std::error::Error for AliyunError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field() {
        let e = AliyunError::Empty(Field::DeviceSecret);
        assert_eq!(e.field(), Field::DeviceSecret);
        assert_eq!(
            AliyunError::HostBadPort { port: "0".into() }.field(),
            Field::Host
        );
        assert_eq!(AliyunError::PathNoLeadingSlash.field(), Field::Path);
        assert_eq!(
            AliyunError::OuterSpace(Field::Region).field(),
            Field::Region
        );
    }
}
