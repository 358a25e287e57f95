//! Team sync (#14): the CouchDB replication protocol, sans-IO. This first part is the
//! documents; the replicator that moves them follows.
//!
//! # The documents ([`doc`])
//!
//! One CouchDB document per immutable fact, `_id` = kind prefix + id (`t:` ticket event, `a:`
//! article event, `s:` settings event, `f:` attached file), `_rev` = `1-` + 32 hex digits derived
//! from the content's canonical JSON ([`Revision`], [`canonical_json`]). Every device derives
//! the same revision for the same event, so a document is written once however many devices
//! push it, and nothing ever conflicts: the revision trees stay one revision deep. Every
//! pulled document is checked ([`decode`]) and a refused one is reported ([`DocError`]) while the
//! rest of its batch goes on.
//!

mod canonical;
pub mod doc;

#[cfg(test)]
mod tests;

pub use canonical::{canonical_json, Revision};
pub use doc::{
    decode, encode, Doc, DocError, DocId, DocKind, EncodedDoc, Limits, Refusal, SettingsEvent,
    FORMAT_VERSION, MAX_ID_BYTES,
};
