//! Several tabs: after each write a tab says so on a BroadcastChannel, and every tab that hears
//! it re-reads the store. The message carries nothing but the fact; the store is the truth.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const CHANNEL: &str = "fielddesk-changes";

/// Tells the other tabs (and this one's listener) that the store changed.
pub fn announce() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&"changed".into());
        channel.close();
    }
}

/// Calls `on_change` whenever any tab announces a change, for the life of the page.
pub fn listen(on_change: impl Fn() + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let callback = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| on_change());
    channel.set_onmessage(Some(callback.as_ref().unchecked_ref()));
    // Both live as long as the page: the listener is the app's, not a component's.
    callback.forget();
    std::mem::forget(channel);
}
