//! Saving a file the app made (the report's CSV) to the user's downloads: a Blob, an object URL
//! and a temporary `<a download>`, clicked and removed.

use wasm_bindgen::JsCast;

/// Offers `bytes` as a download named `file_name`; `Err` with the browser's reason.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), String> {
    let why = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(why)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(why)?;
    let document = leptos::prelude::document();
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(why)?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = document.body().ok_or("no <body>")?;
    body.append_child(&link).map_err(why)?;
    link.click();
    link.remove();
    web_sys::Url::revoke_object_url(&url).map_err(why)
}
