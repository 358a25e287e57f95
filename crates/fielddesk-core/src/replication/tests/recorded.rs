//! Server answers in the shapes CouchDB 3 and pouchdb-server 4.2 give them (CouchDB's from its
//! API docs and `chttpd_db.erl`; pouchdb-server's as TOOLCHAIN.md records them: integer seqs, no
//! `pending`). The documents are written the way CouchDB returns them: `_id` and `_rev` first,
//! then the fields in the order they were stored, which is not Fielddesk's canonical order; their
//! revisions were derived once from the content (and checked against Python's
//! `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`).

/// `POST /fielddesk/_bulk_get?revs=false` for the two ticket events.
pub const COUCH_BULK_GET_EVENTS: &str = r#"{"results":[
{"id":"t:ev-1","docs":[{"ok":{"_id":"t:ev-1","_rev":"1-5e85168c490027d1044f43ef186a08e1","fielddesk":1,"event":{"id":"ev-1","ticket":"tk-1","seq":2,"actor":{"name":"李四","employee_id":"TS100"},"at":"2023-10-27T11:00:00Z","kind":{"type":"ProgressUpdated","note":"已排查数据库连接,确认网络链路正常,正在分析应用日志"}}}}]},
{"id":"t:ev-2","docs":[{"ok":{"_id":"t:ev-2","_rev":"1-677b7648ede003668e214b834bb92f30","fielddesk":1,"event":{"id":"ev-2","ticket":"tk-1","seq":3,"actor":{"name":"李四","employee_id":"TS100"},"at":"2023-10-27T11:00:00Z","kind":{"type":"ProgressUpdated","note":"14:00定位为缓存异常"}}}}]}
]}"#;
