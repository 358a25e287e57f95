//! How a value reads inside a locale string: `{role}` in a template is
//! `Localize::localize(role, lang)`. The core's enums that have their own section get their
//! impl from build.rs (through the section's accessor); the rest are here.

use std::borrow::Cow;

use fielddesk_core::{
    ArticleEventAt, ArticleId, AttachmentId, Category, EventAt, EventId, Person, PreventionItemId,
    Priority, TicketId, TicketNo,
};

use super::Lang;

/// A value as text in `lang`, for the placeholders of the locale files.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be shown in a locale string",
    label = "a placeholder in locales/*.toml names a value of this type",
    note = "add `impl Localize for {Self}` in src/i18n/localize.rs, or word the type in its own section of both locale files (and build.rs's ENUMS)"
)]
pub trait Localize {
    fn localize(&self, lang: Lang) -> Cow<'_, str>;
}

impl<T: Localize + ?Sized> Localize for &T {
    fn localize(&self, lang: Lang) -> Cow<'_, str> {
        (**self).localize(lang)
    }
}

impl Localize for str {
    fn localize(&self, _: Lang) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Localize for String {
    fn localize(&self, _: Lang) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// Values that read the same in every language: their `Display`.
macro_rules! as_displayed {
    ($($t:ty),* $(,)?) => {$(
        impl Localize for $t {
            fn localize(&self, _: Lang) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

// A priority inside a sentence is its code, P1–P4; its label is `i18n::priority`.
as_displayed!(
    u8,
    i64,
    u16,
    u32,
    u64,
    usize,
    chrono::NaiveDate,
    TicketNo,
    Category,
    Priority,
    EventAt,
    ArticleEventAt,
    fielddesk_core::replication::Revision,
);

/// Ids read as they are written.
macro_rules! as_id {
    ($($t:ty),* $(,)?) => {$(
        impl Localize for $t {
            fn localize(&self, _: Lang) -> Cow<'_, str> {
                Cow::Borrowed(&self.0)
            }
        }
    )*};
}

as_id!(TicketId, EventId, AttachmentId, ArticleId, PreventionItemId);

/// A person by name.
impl Localize for Person {
    fn localize(&self, _: Lang) -> Cow<'_, str> {
        Cow::Borrowed(&self.name)
    }
}
