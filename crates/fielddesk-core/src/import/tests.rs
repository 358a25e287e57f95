use proptest::prelude::*;

use super::*;
use crate::event::EventId;
use crate::exchange::tests::{meta, screenshot, template_ticket};
use crate::exchange::{export, parse_export};
use crate::log::fold_log;
use crate::merge::tests::{devices, noted, opened};
use crate::ticket::Ticket;

/// A device: its events and the attachment bytes it holds.
#[derive(Clone, Default)]
struct Device {
    events: Vec<Event>,
    blobs: Vec<AttachmentBlob>,
}

impl Device {
    fn file(&self) -> Export {
        let text = export(&self.events, &self.blobs, None, &meta());
        parse_export(text.as_bytes()).expect("an export reads back")
    }

    fn attachment_ids(&self) -> Vec<AttachmentId> {
        self.blobs.iter().map(|b| b.id.clone()).collect()
    }

    /// What the shell does: preview, confirm, write the plan.
    fn import(&mut self, file: &Export) -> ImportPlan {
        let plan = plan_import(&self.events, &self.attachment_ids(), file);
        self.events.extend(plan.events.iter().cloned());
        self.blobs.extend(plan.attachments.iter().cloned());
        plan
    }

    fn tickets(&self) -> Vec<Ticket> {
        let mut tickets = fold_log(&self.events);
        tickets.sort_by(|a, b| a.id.cmp(&b.id));
        tickets
    }

    fn event_ids(&self) -> Vec<EventId> {
        let mut ids: Vec<EventId> = self.events.iter().map(|e| e.id.clone()).collect();
        ids.sort();
        ids
    }
}

fn ids(summaries: &[TicketSummary]) -> Vec<&str> {
    summaries.iter().map(|s| s.ticket.0.as_str()).collect()
}

#[test]
fn the_preview_sorts_tickets_into_new_updated_unchanged_and_in_conflict() {
    let here = Device {
        events: vec![
            opened("same", "TS20231027001"),
            opened("grown", "TS20231027002"),
            opened("clash", "TS20231027003"),
            noted("clash", "clash-1", 2, "本机"),
        ],
        ..Device::default()
    };
    let mut there = here.clone();
    there.events.push(noted("grown", "grown-1", 2, "新进度"));
    there.events[3] = noted("clash", "clash-1", 2, "被改过");
    there.events.push(opened("fresh", "TS20231028001"));

    let preview = preview(&here.events, &[], &there.file());
    assert_eq!(ids(&preview.new), ["fresh"]);
    assert_eq!(ids(&preview.updated), ["grown"]);
    assert_eq!(preview.updated[0].new_events, 1);
    assert_eq!(ids(&preview.unchanged), ["same"]);
    assert_eq!(
        preview.conflicts,
        [ImportConflict::ChangedEvent {
            ticket: TicketId("clash".into()),
            event: EventId("clash-1".into()),
        }]
    );
    let planned: Vec<&str> = preview
        .plan
        .events
        .iter()
        .map(|e| e.id.0.as_str())
        .collect();
    assert_eq!(planned, ["grown-1", "fresh-created"]);
}

#[test]
fn the_preview_shows_the_renumbering_and_the_plan_records_it() {
    let here = Device {
        events: vec![opened("a", "TS20231027001")],
        ..Device::default()
    };
    let there = Device {
        events: vec![opened("b", "TS20231027001")],
        ..Device::default()
    };
    let preview = preview(&here.events, &[], &there.file());
    assert_eq!(preview.new[0].number.to_string(), "TS20231027002");
    assert_eq!(preview.renumberings.len(), 1);
    assert_eq!(preview.renumberings[0].from.to_string(), "TS20231027001");
    assert!(preview
        .plan
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Renumbered { .. })));
}

#[test]
fn the_plan_brings_only_the_attachment_bytes_this_device_lacks() {
    let (events, blobs) = template_ticket();
    let there = Device { events, blobs };
    let mut here = Device::default();
    let plan = here.import(&there.file());
    assert_eq!(plan.attachments, there.blobs);
    let ticket = &here.tickets()[0];
    assert_eq!(ticket.attachments[0].id, here.blobs[0].id);

    // Bytes this device had lost come back even when the events are known.
    here.blobs.clear();
    let (attached, blob) = screenshot("ts001", "shot-1", 5, b"\x89PNG\r\n\x1a\n not really a png");
    assert!(here.events.contains(&attached));
    assert_eq!(here.import(&there.file()).attachments, [blob]);
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let (events, blobs) = template_ticket();
    let there = Device { events, blobs };
    let mut here = Device {
        events: vec![opened("mine", "TS20231027001")],
        ..Device::default()
    };
    let file = there.file();
    assert!(!here.import(&file).is_empty());
    assert!(here.import(&file).is_empty());
}

proptest! {
    #[test]
    fn importing_a_file_again_plans_nothing(devices in devices()) {
        let mut here = Device { events: devices[0].clone(), ..Device::default() };
        let there = Device { events: devices[1].clone(), ..Device::default() };
        let file = there.file();
        here.import(&file);
        prop_assert!(here.import(&file).is_empty());
    }

    #[test]
    fn two_devices_exchanging_files_in_either_order_end_the_same(devices in devices()) {
        let start = |i: usize| Device { events: devices[i].clone(), ..Device::default() };
        // Here imports there's file first, then there imports here's (merged) file.
        let (mut here, mut there) = (start(0), start(1));
        here.import(&there.file());
        there.import(&here.file());
        // The other order, with files written before either imported.
        let (mut here2, mut there2) = (start(0), start(1));
        let (file_here, file_there) = (here2.file(), there2.file());
        there2.import(&file_here);
        here2.import(&file_there);
        for device in [&there, &here2, &there2] {
            prop_assert_eq!(device.event_ids(), here.event_ids());
            prop_assert_eq!(device.tickets(), here.tickets());
        }
        // And one more exchange changes nothing.
        prop_assert!(here.import(&there2.file()).is_empty());
    }
}
