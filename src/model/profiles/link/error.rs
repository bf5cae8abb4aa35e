//! Why a link was refused, and the bounds it is held to.

use crate::model::subscriptions::SubscribeProblem;
use crate::model::FormError;

/// What a fragment starts with when it is one of our links.
pub const LINK_PREFIX: &str = "connect=";

/// The format version written: the part between [`LINK_PREFIX`] and the first `.`.
pub const LINK_VERSION: &str = "v1";

/// The longest fragment read, in bytes; checked before anything is decoded. A profile with
/// every field filled is about 1.5 KiB of link.
pub const MAX_LINK_BYTES: usize = 8 * 1024;

/// The longest text a link may hold in one field (other than the name and the will payload),
/// in characters: hosts, topics, ids and URLs are far shorter.
pub const MAX_LINK_TEXT_CHARS: usize = 1024;

/// The most elements of any list a link may hold (the CONNECT's user properties).
pub const MAX_LINK_LIST: usize = 32;

/// A secret field a link never carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSecret {
    /// `device_secret`: the Aliyun DeviceSecret or device token.
    DeviceSecret,
    /// `password`: the generic broker password.
    Password,
    /// `product_secret`: an Aliyun ProductSecret (registration).
    ProductSecret,
}

impl LinkSecret {
    /// Every secret field, in the order they are looked for.
    pub const ALL: [LinkSecret; 3] = [
        LinkSecret::DeviceSecret,
        LinkSecret::Password,
        LinkSecret::ProductSecret,
    ];

    /// The field's key in the link's JSON.
    pub fn key(self) -> &'static str {
        match self {
            LinkSecret::DeviceSecret => "device_secret",
            LinkSecret::Password => "password",
            LinkSecret::ProductSecret => "product_secret",
        }
    }
}

/// The JSON type a field of the link must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    /// A string.
    Text,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A list.
    List,
    /// An object.
    Object,
}

/// Why a fragment was not taken as a link. Everything but [`LinkError::NotALink`] is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Not one of our links (an anchor, or no fragment): ignored silently.
    NotALink,
    /// `connect=` followed by a version this build does not read.
    UnknownVersion(String),
    /// Longer than [`MAX_LINK_BYTES`]; nothing of it was decoded.
    TooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// The data part is not base64url.
    BadBase64 {
        /// The character at fault, counted from 1 at the start of the fragment.
        position: usize,
    },
    /// The decoded data is not the expected JSON.
    BadJson {
        /// The JSON parser's own explanation (serde_json's words).
        reason: String,
        /// Line of the error, 1-based.
        line: usize,
        /// Column of the error, 1-based.
        column: usize,
    },
    /// The JSON is not an object.
    NotAnObject,
    /// A secret field is present: refused, never applied.
    Secret(LinkSecret),
    /// The acknowledgement of Aliyun's MQTT 5 version lock is present: only the user may give it.
    Acknowledgement,
    /// A field this version does not know (its path, shortened when long).
    UnknownField(String),
    /// A field of the wrong JSON type.
    WrongType {
        /// The field's path, e.g. `subscribe_options.no_local`.
        field: String,
        /// The type it must have.
        expected: JsonKind,
    },
    /// A control or text-direction character in a field.
    ControlChar {
        /// The field's path.
        field: String,
    },
    /// A field longer than allowed.
    FieldTooLong {
        /// The field's path.
        field: String,
        /// Its length in characters.
        chars: usize,
        /// The most allowed.
        max: usize,
    },
    /// A list with more than [`MAX_LINK_LIST`] elements.
    TooManyItems {
        /// The list's path.
        field: String,
        /// How many it holds.
        count: usize,
    },
    /// A connect form field the form itself would refuse (a broker URL that is not `ws://` or
    /// `wss://`, a malformed host, a bad number, …). Empty fields and missing secrets are not
    /// refused: the user fills them in.
    Form(FormError),
    /// The subscribe options are unusable.
    Subscribe(SubscribeProblem),
}

/// `text` cut to `max` characters, with `…` when cut: a hostile link's text is shown bounded.
pub(super) fn clip(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}
