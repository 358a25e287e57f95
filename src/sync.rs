//! Several tabs: after each write a tab says on a BroadcastChannel what it wrote — the keys of
//! the records, never their contents — and every other tab re-reads just those records, so a
//! write costs the others the change, not the history. The store stays the truth: a message
//! that cannot be read makes the tab re-read everything.

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::storage::Written;

const CHANNEL: &str = "fielddesk-changes";

/// What one tab's write changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    /// The tab that wrote: a tab has folded its own write already, and ignores its message.
    pub from: String,
    /// The records stored: ticket, article and team settings events.
    pub written: Written,
    /// This browser's preferences saved, by key (`me`): re-read from the store.
    pub settings: Vec<String>,
}

/// What a tab heard.
#[derive(Debug, Clone, PartialEq)]
pub enum Heard {
    Change(Announcement),
    /// Something changed that no message names: a message this version cannot read (an older
    /// or newer Fielddesk in another tab), or a write of this tab's it could not fold in.
    Unknown,
}

thread_local! {
    static TAB: String = crate::desk::new_id(crate::clock::now());
}

/// This tab's id, for the life of the page.
pub fn tab() -> String {
    TAB.with(Clone::clone)
}

/// Tells the other tabs what this tab just stored.
pub fn announce(written: Written, settings: Vec<String>) {
    let message = Announcement {
        from: tab(),
        written,
        settings,
    };
    let text = serde_json::to_string(&message).expect("an announcement is plain data");
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&text.into());
        channel.close();
    }
}

/// Calls `on_change` with what another tab announces, for the life of the page.
pub fn listen(on_change: impl Fn(Heard) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let me = tab();
    let callback =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let heard = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Announcement>(&text).ok());
            match heard {
                Some(message) if message.from == me => {}
                Some(message) => on_change(Heard::Change(message)),
                None => on_change(Heard::Unknown),
            }
        });
    channel.set_onmessage(Some(callback.as_ref().unchecked_ref()));
    // Both live as long as the page: the listener is the app's, not a component's.
    callback.forget();
    std::mem::forget(channel);
}
