//! What the export-format tests of versions 4 to 6 share: the template's handler, its ticket,
//! the schema check and the reader.

use chrono::{TimeZone, Utc};
use fielddesk_core::example::zhang_san_form;
use fielddesk_core::sla::SlaPolicy;
use fielddesk_core::{
    default_channels, open_ticket, parse_export, Event, EventId, Export, ImportError, Person,
    Stamp, TicketId,
};
use serde_json::Value;

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export.schema.json");

pub fn li_si() -> Person {
    Person {
        name: "李四".into(),
        employee_id: "TS100".into(),
    }
}

/// The template's ticket, just opened (TS20231027001).
pub fn opened_ticket() -> Event {
    open_ticket(
        &zhang_san_form(),
        &default_channels(),
        TicketId("t1".into()),
        Stamp {
            event_id: EventId("e1".into()),
            actor: li_si(),
            at: Utc.with_ymd_and_hms(2023, 10, 27, 2, 30, 0).unwrap(),
        },
        [],
        &SlaPolicy::default(),
    )
    .expect("the template's form is complete")
}

/// Where `document` breaks `docs/export.schema.json`; empty when it fits.
pub fn schema_errors(document: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA).expect("schema")).expect("JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("a valid schema");
    validator
        .iter_errors(document)
        .map(|e| e.to_string())
        .collect()
}

/// `document` read as an imported file would be.
#[allow(dead_code)] // not every test file reads documents back
pub fn read(document: &Value) -> Result<Export, ImportError> {
    parse_export(&serde_json::to_vec(document).unwrap())
}
