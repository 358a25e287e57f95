//! Canonical JSON, and the revision every device derives from a document's content.
//!
//! A document's `_rev` must be the same on every device that writes it, so that pushing an
//! event twice, or from two devices, never makes a second revision (a CouchDB conflict). It is
//! therefore a digest of the content, not something CouchDB assigns: `1-` and the first 16 bytes
//! of the SHA-256 of the content's canonical JSON, as 32 lowercase hex digits. CouchDB reads a
//! 32-character revision id as hex (`couch_doc:parse_revid`) and writes it back in lowercase,
//! so this is the only spelling that survives the round trip; nothing in the protocol asks for
//! MD5 (CouchDB's own revisions hash an Erlang term, PouchDB's are random or MD5).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `value` as canonical JSON text: object keys sorted by their UTF-8 bytes, no whitespace,
/// strings and numbers as serde_json writes them. Two texts of one JSON value, whatever their
/// key order or spacing, give one canonical text. The keys are sorted here rather than relying
/// on serde_json's map order, which a `preserve_order` feature anywhere in the build would change.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_string(text, out),
        // null, booleans and numbers: serde_json's compact form.
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(text).expect("a string always serializes"));
}

/// A document revision as CouchDB spells it: `1-` and 32 lowercase hex digits. Fielddesk's
/// documents never change, so every revision it makes is a first one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Revision(String);

impl Revision {
    /// The revision of a document whose content (what the digest covers) is `content`.
    pub fn of(content: &Value) -> Revision {
        let digest = Sha256::digest(canonical_json(content).as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Revision(format!("1-{hex}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `1-`: what `_revisions.ids` lists.
    pub fn digest(&self) -> &str {
        &self.0[2..]
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
