//! Words for what the browser refused: storage and WebCrypto.

use super::{Describe, Text};
use crate::platform::crypto::CryptoError;
use crate::platform::storage::StorageError;

impl Describe for StorageError {
    fn describe(&self) -> Text {
        match self {
            StorageError::Unavailable => Text::new(
                "this browser does not allow local storage here (private mode or disabled)",
                "此浏览器在这里不允许本地存储（隐私模式或已禁用）",
            ),
            StorageError::QuotaExceeded { key } => Text::new(
                format!("the browser's storage is full; \"{key}\" could not be saved (free space by deleting profiles or snippets)"),
                format!("浏览器的存储空间已满，无法保存“{key}”（请删除一些配置或常用消息以腾出空间）"),
            ),
        }
    }
}

impl Describe for CryptoError {
    fn describe(&self) -> Text {
        match self {
            CryptoError::Unavailable => Text::new(
                "this browser offers no WebCrypto here (it needs https or localhost)",
                "此浏览器在这里不提供 WebCrypto（需要 https 或 localhost）",
            ),
            CryptoError::NoRandom => Text::new(
                "the browser could not produce random bytes",
                "浏览器无法生成随机数",
            ),
            CryptoError::ImportKey => Text::new(
                "the browser could not import the passphrase",
                "浏览器无法导入口令",
            ),
            CryptoError::DeriveKey => {
                Text::new("the browser could not derive a key", "浏览器无法派生密钥")
            }
            CryptoError::Encrypt => Text::new("the browser could not encrypt", "浏览器无法加密"),
            CryptoError::Open => Text::new(
                "the data could not be decrypted: the key is wrong or the data was altered",
                "无法解密：密钥错误或数据已被改动",
            ),
        }
    }
}
