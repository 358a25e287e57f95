//! The app's one source of "now".
//!
//! Tests need to move time on (an SLA badge turning "at risk" after 8 minutes). A test sets the
//! global `window.__FIELDDESK_NOW__` to an RFC 3339 instant (Playwright's `addInitScript` or
//! `page.evaluate`); while it is defined, the app reads it instead of the system clock. Nothing in
//! the UI, the URL or storage can set it, so a normal user never trips it by accident: it exists
//! only for whoever already controls the page's JavaScript.

use chrono::{DateTime, Utc};
use wasm_bindgen::JsValue;

const OVERRIDE: &str = "__FIELDDESK_NOW__";

pub fn now() -> DateTime<Utc> {
    test_override().unwrap_or_else(Utc::now)
}

fn test_override() -> Option<DateTime<Utc>> {
    let window = web_sys::window()?;
    let value = js_sys::Reflect::get(&window, &JsValue::from_str(OVERRIDE)).ok()?;
    let text = value.as_string()?;
    DateTime::parse_from_rfc3339(&text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The browser's own time zone (an IANA name, e.g. `Europe/London`), read once.
pub fn browser_zone() -> String {
    thread_local! {
        static ZONE: String = {
            let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
            js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
                .ok()
                .and_then(|zone| zone.as_string())
                .unwrap_or_default()
        };
    }
    ZONE.with(String::clone)
}
