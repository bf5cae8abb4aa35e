//! The static labels of the views, as one table per language: the [`Strings`] struct and its
//! English and 中文 values, which [`crate::i18n::Lang::t`] picks from.

mod en;
mod strings;
mod zh;

pub(super) use en::EN;
pub use strings::Strings;
pub(super) use zh::ZH;
