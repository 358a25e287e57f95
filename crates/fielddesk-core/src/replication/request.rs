//! What the replicator asks the shell to send, and what the shell hands back. The shell does the
//! `fetch` (with its Basic auth header, `Accept: application/json`, and
//! `Content-Type: application/json` when there is a body) and a watchdog per request.

use std::fmt;

/// Names one request, so its answer finds it; answers to requests the replicator no longer
/// waits for (it stopped and resumed since) are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub(crate) u64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        }
    }
}

/// At most one request per lane is out at a time: the feed lane holds the live `_changes`
/// long poll, which may wait half a minute, so pushes on the work lane never wait behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Work,
    Feed,
}

/// One HTTP request against the team's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: RequestId,
    pub lane: Lane,
    pub method: Method,
    /// Below the database URL: `""` for the database itself, `_changes`, `_local/<id>`, …
    pub path: String,
    /// Not yet percent-encoded; [`Request::url`] encodes them.
    pub query: Vec<(&'static str, String)>,
    /// JSON text.
    pub body: Option<String>,
    /// How long the shell's watchdog lets it run before aborting it and reporting
    /// [`Failure::TimedOut`]: a long poll's server-side timeout plus a margin (pouchdb-server
    /// ignores `timeout`, so the watchdog is what ends its long polls), or the request timeout.
    pub timeout_ms: u32,
}

impl Request {
    /// The full URL under `db_url` (the database's URL, e.g. `https://couch.example.com/fielddesk`).
    pub fn url(&self, db_url: &str) -> String {
        let mut url = db_url.trim_end_matches('/').to_string();
        if !self.path.is_empty() {
            url.push('/');
            url.push_str(&self.path);
        }
        for (index, (name, value)) in self.query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.push_str(&percent_encode(value));
        }
        url
    }
}

/// Every byte but the URL's unreserved characters as `%XX`.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The server's answer, as the shell read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response<'a> {
    pub status: u16,
    pub body: &'a [u8],
}

/// A request that got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The fetch failed: offline, DNS, TLS, CORS refused, connection reset. The text is the
    /// browser's, for the log.
    Network(String),
    /// The shell's watchdog aborted it after [`Request::timeout_ms`].
    TimedOut,
}
