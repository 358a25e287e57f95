//! Format version 4: where feedback was taken, and the requester's signature (R4.2). A signed
//! ticket is written as version 4, fits the schema, carries the signature's bytes and reads back;
//! feedback taken remotely is version 4 too (older Fielddesks would drop the field).

use chrono::{TimeZone, Utc};
use fielddesk_core::{
    export, parse_export, AttachedTo, Attachment, AttachmentBlob, AttachmentId, ConfirmedBy, Event,
    EventId, EventKind, ExportMeta, Feedback, Signature, Taken, TicketId,
};

mod common;
use common::{li_si, opened_ticket, schema_errors};

fn with_feedback(taken: Taken) -> Vec<Event> {
    let created = opened_ticket();
    let at = created.at;
    let feedback = Event {
        id: EventId("e2".into()),
        ticket: TicketId("t1".into()),
        seq: 2,
        actor: li_si(),
        at: at + chrono::Duration::hours(6),
        kind: EventKind::FeedbackRecorded {
            result: Feedback::Resolved,
            confirmation: "已解决,确认可正常登录".into(),
            confirmed_by: ConfirmedBy::HandlerOnBehalf,
            taken: Some(taken),
        },
    };
    vec![created, feedback]
}

fn signature_blob() -> AttachmentBlob {
    AttachmentBlob {
        id: AttachmentId("sig-1".into()),
        bytes: b"\x89PNG\r\n\x1a\n strokes".to_vec(),
    }
}

fn signed() -> Taken {
    let blob = signature_blob();
    Taken::OnSite {
        signature: Some(Signature {
            signer: "张三".into(),
            image: Attachment {
                id: blob.id,
                file_name: "签名-张三.png".into(),
                media_type: "image/png".into(),
                size: blob.bytes.len() as u64,
                to: AttachedTo::Feedback,
            },
        }),
    }
}

fn written(taken: Taken) -> serde_json::Value {
    let meta = ExportMeta {
        exported_at: Utc.with_ymd_and_hms(2023, 10, 27, 10, 0, 0).unwrap(),
        exported_by: li_si(),
        settings: None,
    };
    let text = export(
        &with_feedback(taken),
        &[],
        &[signature_blob()],
        &[],
        None,
        &meta,
    );
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn a_signed_feedback_is_version_4_fits_the_schema_and_reads_back() {
    let document = written(signed());
    assert_eq!(document["version"], 4);
    assert_eq!(schema_errors(&document), Vec::<String>::new());
    assert_eq!(document["attachments"][0]["id"], "sig-1");
    let read = parse_export(&serde_json::to_vec(&document).unwrap()).expect("reads back");
    assert_eq!(read.events, with_feedback(signed()));
    assert_eq!(read.attachments, vec![signature_blob()]);
}

#[test]
fn feedback_taken_remotely_or_unsigned_fits_the_schema() {
    for taken in [Taken::Remotely, Taken::OnSite { signature: None }] {
        let document = written(taken.clone());
        assert_eq!(document["version"], 4);
        assert_eq!(schema_errors(&document), Vec::<String>::new(), "{taken:?}");
        // No signature, so the blob names nothing and is not written.
        assert_eq!(document["attachments"], serde_json::json!([]));
    }
}

#[test]
fn the_schema_refuses_a_signature_without_its_signer() {
    let mut document = written(signed());
    document["tickets"][0]["events"][1]["kind"]["taken"]["signature"]
        .as_object_mut()
        .expect("a signature")
        .remove("signer");
    assert!(!schema_errors(&document).is_empty());
    assert!(parse_export(&serde_json::to_vec(&document).unwrap()).is_err());
}
