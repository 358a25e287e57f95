//! A pulled batch is planned like an imported file, refusing only the documents that must be.

use chrono::{TimeZone, Utc};

use crate::attachment::AttachmentId;
use crate::event::{Event, EventId, EventKind};
use crate::exchange::AttachmentBlob;
use crate::log::fold_log;
use crate::merge::tests::{noted, opened};
use crate::model::Person;
use crate::replication::{held_for_pull, plan_pull, Doc, DocError, Holdings, PullPlan, Refusal};
use crate::team::sample_team;
use crate::team_settings::{Setting, SettingChanged, SettingProblem};

fn setting(id: &str, change: Setting) -> SettingChanged {
    SettingChanged {
        id: EventId(id.into()),
        actor: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        at: Utc.with_ymd_and_hms(2023, 10, 27, 4, 0, 0).unwrap(),
        change,
    }
}

fn pull(events: &[Event], settings: &[SettingChanged], docs: Vec<Doc<SettingChanged>>) -> PullPlan {
    plan_pull(
        Holdings {
            events,
            articles: &[],
            attachments: &[],
            settings,
        },
        docs,
    )
}

fn refused_ids(plan: &PullPlan) -> Vec<&str> {
    plan.refused
        .iter()
        .map(|e: &DocError| e.id.as_str())
        .collect()
}

#[test]
fn the_rest_of_a_ticket_held_here_is_stored_as_it_arrives() {
    let held = [
        opened("tk-a", "TS20231027001"),
        noted("tk-a", "n2", 2, "查看日志"),
    ];
    let later = vec![
        Doc::Ticket(noted("tk-a", "n3", 3, "重启服务")),
        Doc::Ticket(noted("tk-a", "n4", 4, "已恢复")),
    ];
    let plan = pull(&held, &[], later);
    assert!(plan.refused.is_empty());
    let ids: Vec<&str> = plan.plan.events.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["n3", "n4"]);
}

#[test]
fn a_pulled_ticket_with_a_number_held_here_is_renumbered_as_an_import_would() {
    let held = [opened("tk-b", "TS20231027001")];
    let plan = pull(
        &held,
        &[],
        vec![Doc::Ticket(opened("tk-a", "TS20231027001"))],
    );
    let mut after = held.to_vec();
    after.extend(plan.plan.events.iter().cloned());
    let mut numbers: Vec<String> = fold_log(&after)
        .iter()
        .map(|t| t.number.to_string())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["TS20231027001", "TS20231027002"]);
    assert_eq!(plan.renumberings.len(), 1, "the move is shown: {plan:?}");
    assert!(plan
        .plan
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Renumbered { .. })));
}

#[test]
fn a_document_that_contradicts_a_held_event_is_refused_and_the_rest_is_stored() {
    let held = [
        opened("tk-a", "TS20231027001"),
        noted("tk-a", "n2", 2, "查看日志"),
    ];
    let forged = noted("tk-a", "n2", 2, "<script>alert(1)</script>");
    let second_creation = Event {
        id: EventId("other-creation".into()),
        ..opened("tk-a", "TS20231027009")
    };
    let plan = pull(
        &held,
        &[],
        vec![
            Doc::Ticket(forged),
            Doc::Ticket(second_creation),
            Doc::Ticket(noted("tk-a", "n3", 3, "重启服务")),
        ],
    );
    assert_eq!(refused_ids(&plan), ["t:n2", "t:other-creation"]);
    assert!(plan
        .refused
        .iter()
        .all(|e| matches!(e.refusal, Refusal::Contradicts(_))));
    let ids: Vec<&str> = plan.plan.events.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["n3"], "the ticket's other events still arrive");
}

#[test]
fn a_setting_no_page_saves_is_refused_and_a_good_one_is_kept() {
    let plan = pull(
        &[],
        &[],
        vec![
            Doc::Settings(setting("s-empty", Setting::Team(Vec::new()))),
            Doc::Settings(setting("s-team", Setting::Team(sample_team()))),
        ],
    );
    assert_eq!(refused_ids(&plan), ["s:s-empty"]);
    assert_eq!(
        plan.refused[0].refusal,
        Refusal::InvalidSetting(SettingProblem::EmptyTeam)
    );
    let kept: Vec<&str> = plan.plan.settings.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(kept, ["s-team"]);
}

#[test]
fn a_file_is_kept_before_the_event_naming_it_and_a_replayed_batch_adds_nothing() {
    let file = AttachmentBlob {
        id: AttachmentId("sha256-abc".into()),
        bytes: b"log".to_vec(),
    };
    let batch = vec![
        Doc::Attachment(file.clone()),
        Doc::Ticket(opened("tk-a", "TS20231027001")),
        Doc::Settings(setting("s-team", Setting::Team(sample_team()))),
    ];
    let first = pull(&[], &[], batch.clone());
    assert_eq!(first.plan.attachments, std::slice::from_ref(&file));
    assert_eq!(first.plan.events.len(), 1);

    let again = plan_pull(
        Holdings {
            events: &first.plan.events,
            articles: &[],
            attachments: std::slice::from_ref(&file.id),
            settings: &first.plan.settings,
        },
        batch,
    );
    assert!(again.plan.is_empty(), "{again:?}");
    assert!(again.refused.is_empty());
}

#[test]
fn the_held_events_a_pull_reads_plan_what_every_held_event_plans() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    let data = crate::bench_data::generate(300, now);
    // This device holds every other ticket whole and the first events of the rest; the server
    // sends the rest in batches, and tickets of its own numbered like held ones.
    let tickets: Vec<&crate::event::TicketId> = {
        let mut seen = std::collections::HashSet::new();
        data.events
            .iter()
            .map(|e| &e.ticket)
            .filter(|t| seen.insert(*t))
            .collect()
    };
    let (held, rest): (Vec<Event>, Vec<Event>) = data.events.iter().cloned().partition(|e| {
        let index = tickets.iter().position(|t| **t == e.ticket).unwrap();
        index % 2 == 0 || e.seq <= 3
    });
    let colliding: Vec<Event> = held
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TicketCreated { number, .. } => Some(*number),
            _ => None,
        })
        .take(20)
        .enumerate()
        .map(|(i, number)| opened(&format!("tk-other-{i}"), &number.to_string()))
        .collect();
    let mut docs: Vec<Doc<SettingChanged>> =
        rest.into_iter().chain(colliding).map(Doc::Ticket).collect();
    docs.extend(data.articles.iter().cloned().map(Doc::Article));
    let mut moved = 0;
    for batch in docs.chunks(200) {
        let full = plan_pull(
            Holdings {
                events: &held,
                articles: &[],
                attachments: &[],
                settings: &[],
            },
            batch.to_vec(),
        );
        let some = held_for_pull(&held, batch);
        assert!(
            some.len() < held.len() / 2,
            "{} of {}",
            some.len(),
            held.len()
        );
        let reduced = plan_pull(
            Holdings {
                events: &some,
                articles: &[],
                attachments: &[],
                settings: &[],
            },
            batch.to_vec(),
        );
        assert_eq!(reduced, full);
        moved += full.renumberings.len();
    }
    assert!(moved >= 20, "the colliding tickets moved: {moved}");
}
