//! One user action on a ticket: ask the core (`decide`), write the one event, fold it in.

use fielddesk_core::{decide, AttachmentBlob, Command, EventId, Stamp, TicketId, WorkflowError};

use leptos::prelude::*;

use crate::app::Shared;
use crate::clock;
use crate::storage::StorageError;

/// Why an action was not recorded; the workflow's errors are shown beside the form's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordError {
    Workflow(WorkflowError),
    /// The ticket is not (or no longer) loaded.
    UnknownTicket,
    Storage(StorageError),
}

pub async fn record(
    shared: Shared,
    ticket: &TicketId,
    command: Command,
) -> Result<(), RecordError> {
    record_with_files(shared, ticket, command, Vec::new()).await
}

/// Like [`record`], with the bytes of the files the command attaches: the event and the bytes
/// are written in one transaction, so a ticket never names a file the browser does not hold.
pub async fn record_with_files(
    shared: Shared,
    ticket: &TicketId,
    command: Command,
    files: Vec<AttachmentBlob>,
) -> Result<(), RecordError> {
    let Some(current) = shared
        .tickets
        .with_untracked(|tickets| tickets.iter().find(|t| &t.id == ticket).cloned())
    else {
        return Err(RecordError::UnknownTicket);
    };
    let me = shared.me_untracked();
    let now = clock::now();
    let stamp = Stamp {
        event_id: EventId(new_id(now)),
        actor: me.person(),
        at: now,
    };
    let standard = shared.settings.with_untracked(|s| s.standard.clone());
    let event =
        decide(&current, command, me.role, stamp, &standard).map_err(RecordError::Workflow)?;
    let Some(store) = shared.store.get_value() else {
        return Err(RecordError::UnknownTicket);
    };
    let written = if files.is_empty() {
        store.append(std::slice::from_ref(&event)).await
    } else {
        store
            .append_all(std::slice::from_ref(&event), &[], &files, |_, _| {})
            .await
    };
    written.map_err(RecordError::Storage)?;
    crate::sync::announce();
    shared.tickets.update(|tickets| {
        if let Some(t) = tickets.iter_mut().find(|t| &t.id == ticket) {
            t.apply(&event);
        }
    });
    Ok(())
}

/// A UUID v7 for `now`: globally unique, and sorted by creation time.
pub fn new_id(now: chrono::DateTime<chrono::Utc>) -> String {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        now.timestamp().max(0) as u64,
        now.timestamp_subsec_nanos(),
    );
    uuid::Uuid::new_v7(ts).to_string()
}
