//! Server answers in the shapes CouchDB 3 and pouchdb-server 4.2 give them (CouchDB's from its
//! API docs and `chttpd_db.erl`; pouchdb-server's as TOOLCHAIN.md records them: integer seqs, no
//! `pending`). The documents are written the way CouchDB returns them: `_id` and `_rev` first,
//! then the fields in the order they were stored, which is not Fielddesk's canonical order; their
//! revisions were derived once from the content (and checked against Python's
//! `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`).

/// `GET /fielddesk` on CouchDB 3.3.
pub const COUCH_DB_INFO: &str = r#"{"instance_start_time":"0","db_name":"fielddesk","purge_seq":"0-g1AAAABXeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYEBAEHxDYo","update_seq":"3-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADNGgne","sizes":{"file":41250,"external":1388,"active":2172},"props":{},"doc_del_count":0,"doc_count":3,"disk_format_version":8,"compact_running":false,"cluster":{"q":2,"n":1,"w":1,"r":1}}"#;

/// `GET /fielddesk/_local/<id>` before any checkpoint, and `GET /nope` of a missing database.
pub const COUCH_LOCAL_MISSING: &str = r#"{"error":"not_found","reason":"missing"}"#;
pub const COUCH_DB_MISSING: &str = r#"{"error":"not_found","reason":"Database does not exist."}"#;

/// CouchDB 3's opaque sequences.
pub const SEQ_3: &str =
    "3-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADNGgne";
pub const SEQ_5: &str =
    "5-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAAC8SAnw";

/// `GET /fielddesk/_changes?feed=normal&style=all_docs&since=0&limit=200`: two ticket events,
/// a file, and the team's design document (its validate_doc_update).
pub const COUCH_CHANGES_FIRST: &str = r#"{"results":[
{"seq":"1-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAAC3Ggnc","id":"t:ev-1","changes":[{"rev":"1-5e85168c490027d1044f43ef186a08e1"}]},
{"seq":"2-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADBGgnd","id":"_design/fielddesk","changes":[{"rev":"1-967a00dff5e02add41819138abb3284d"}]},
{"seq":"2-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADBGgnd","id":"t:ev-2","changes":[{"rev":"1-677b7648ede003668e214b834bb92f30"}]},
{"seq":"3-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADNGgne","id":"f:shot-1","changes":[{"rev":"1-7a5a96d16fe2ee37cab7d56bc80317a6"}]}
],
"last_seq":"3-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADNGgne","pending":0}"#;

/// `POST /fielddesk/_bulk_get?revs=false` for the two ticket events.
pub const COUCH_BULK_GET_EVENTS: &str = r#"{"results":[
{"id":"t:ev-1","docs":[{"ok":{"_id":"t:ev-1","_rev":"1-5e85168c490027d1044f43ef186a08e1","fielddesk":1,"event":{"id":"ev-1","ticket":"tk-1","seq":2,"actor":{"name":"李四","employee_id":"TS100"},"at":"2023-10-27T11:00:00Z","kind":{"type":"ProgressUpdated","note":"已排查数据库连接,确认网络链路正常,正在分析应用日志"}}}}]},
{"id":"t:ev-2","docs":[{"ok":{"_id":"t:ev-2","_rev":"1-677b7648ede003668e214b834bb92f30","fielddesk":1,"event":{"id":"ev-2","ticket":"tk-1","seq":3,"actor":{"name":"李四","employee_id":"TS100"},"at":"2023-10-27T11:00:00Z","kind":{"type":"ProgressUpdated","note":"14:00定位为缓存异常"}}}}]}
]}"#;

/// `POST /fielddesk/_bulk_get?revs=false&attachments=true` for the file: CouchDB adds the
/// attachment's `digest` (MD5), `revpos` and `length`.
pub const COUCH_BULK_GET_FILE: &str = r#"{"results":[{"id":"f:shot-1","docs":[{"ok":{"_id":"f:shot-1","_rev":"1-7a5a96d16fe2ee37cab7d56bc80317a6","fielddesk":1,"attachment":{"sha256":"e9f534333d4ea5f79215143ce98fdbbb58f3bf19a5c2dab25749cf8d8a190899","size":25},"_attachments":{"bytes":{"content_type":"application/octet-stream","revpos":1,"digest":"md5-NzGWqRLwCjedhPlfsGyugQ==","length":25,"data":"iVBORw0KGgogbm90IHJlYWxseSBhIHBuZw=="}}}}]}]}"#;

/// `PUT /fielddesk/_local/<id>`.
pub const COUCH_LOCAL_PUT: &str = r#"{"ok":true,"id":"_local/x","rev":"0-1"}"#;

/// `GET /fielddesk/_changes?feed=normal&…&since=3-g1…`: nothing new.
pub const COUCH_CHANGES_NONE: &str = r#"{"results":[],"last_seq":"3-g1AAAACbeJzLYWBgYMpgTmHgzcvPy09JdcjLz8gvLskBCScyJNX___8_K4M5kYHBAADNGgne","pending":0}"#;

/// Wrong password (CouchDB 3's words).
pub const COUCH_UNAUTHORIZED: &str =
    r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#;

/// `POST /fielddesk/_revs_diff`: the server has `t:ev-1` already.
pub const COUCH_REVS_DIFF: &str = r#"{"t:ev-2":{"missing":["1-677b7648ede003668e214b834bb92f30"]},"a:ev-kb-1":{"missing":["1-6167889ff67c8d488450572b94324876"]}}"#;

/// `POST /fielddesk/_bulk_docs` with `new_edits: false`, the database's validate_doc_update
/// refusing the article: CouchDB answers 201 and lists only what it refused.
pub const COUCH_BULK_DOCS_FORBIDDEN: &str = r#"[{"id":"a:ev-kb-1","rev":"1-6167889ff67c8d488450572b94324876","error":"forbidden","reason":"only supervisors write the knowledge base"}]"#;

/// What nginx serves at a URL that is not a CouchDB.
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and working.</p>\n</body>\n</html>\n";
pub const NGINX_404: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

/// `GET /` of the CouchDB server itself: the URL lacks the database.
pub const COUCH_ROOT: &str = r#"{"couchdb":"Welcome","version":"3.3.3","git_sha":"40afbcfc7","uuid":"f0a5ec5b2a8a4b3c9fd5c2a2e7e8f3d1","features":["access-ready","partitioned","pluggable-storage-engines","reshard","scheduler"],"vendor":{"name":"The Apache Software Foundation"}}"#;

/// pouchdb-server 4.2.0 (`--in-memory`): `GET /fielddesk`.
pub const POUCH_DB_INFO: &str = r#"{"doc_count":2,"update_seq":2,"backend_adapter":"MemDOWN","db_name":"fielddesk","auto_compaction":false,"adapter":"leveldb","instance_start_time":"1733040000000"}"#;

/// pouchdb-server's `_changes`: integer seqs, no `pending`.
pub const POUCH_CHANGES: &str = r#"{"results":[{"id":"t:ev-1","changes":[{"rev":"1-5e85168c490027d1044f43ef186a08e1"}],"seq":1},{"id":"s:ev-set-1","changes":[{"rev":"1-64aa5fda0e5e35111499cb500cc8a5b4"}],"seq":2}],"last_seq":2}"#;

pub const POUCH_BULK_GET: &str = r#"{"results":[{"id":"t:ev-1","docs":[{"ok":{"_id":"t:ev-1","_rev":"1-5e85168c490027d1044f43ef186a08e1","event":{"actor":{"employee_id":"TS100","name":"李四"},"at":"2023-10-27T11:00:00Z","id":"ev-1","kind":{"note":"已排查数据库连接,确认网络链路正常,正在分析应用日志","type":"ProgressUpdated"},"seq":2,"ticket":"tk-1"},"fielddesk":1}}]},{"id":"s:ev-set-1","docs":[{"ok":{"_id":"s:ev-set-1","_rev":"1-64aa5fda0e5e35111499cb500cc8a5b4","event":{"id":"ev-set-1","key":"recurrence","value":{"threshold":3}},"fielddesk":1}}]}]}"#;

pub const POUCH_LOCAL_PUT: &str = r#"{"ok":true,"id":"_local/x","rev":"0-1"}"#;
