//! Browser glue for files: save bytes as a download, read the bytes of a picked or dropped file.
//! No rule here: what the bytes mean is the core's business.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a file could not be saved or read; the browser's own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FileError(pub String);

fn js_error(value: JsValue) -> FileError {
    FileError(
        value
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| value.as_string())
            .unwrap_or_else(|| format!("{value:?}")),
    )
}

/// Offers `bytes` as a download named `file_name`: a Blob, an object URL and a temporary
/// `<a download>` clicked once. The URL is revoked on the next turn of the event loop, once the
/// browser has started the download.
pub fn save_download(bytes: &[u8], file_name: &str, media_type: &str) -> Result<(), FileError> {
    click_download(object_url(bytes, media_type)?, file_name)
}

fn click_download(url: String, file_name: &str) -> Result<(), FileError> {
    let window = web_sys::window().ok_or_else(|| FileError("no window".into()))?;
    let document = window
        .document()
        .ok_or_else(|| FileError("no document".into()))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| FileError("<a> is not an anchor".into()))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or_else(|| FileError("no body".into()))?;
    body.append_child(&anchor).map_err(js_error)?;
    anchor.click();
    anchor.remove();
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 0)
        .map_err(js_error)?;
    Ok(())
}

/// An object URL for `bytes` (an image preview, a download); revoke it when done.
pub fn object_url(bytes: &[u8], media_type: &str) -> Result<String, FileError> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(js_error)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)
}

/// The whole content of a picked or dropped file.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, FileError> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The bytes of a `data:` URL as a canvas gives it (`data:image/png;base64,…`).
pub fn data_url_bytes(url: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let (_, data) = url.split_once(";base64,")?;
    base64::engine::general_purpose::STANDARD.decode(data).ok()
}

/// A picture, decoded by the browser (orientation applied), to be measured and redrawn.
pub struct Picture(web_sys::ImageBitmap);

impl Picture {
    /// `None` when the browser cannot decode the bytes as a picture.
    pub async fn decode(file: &web_sys::File) -> Option<Picture> {
        let window = web_sys::window()?;
        let promise = window.create_image_bitmap_with_blob(file).ok()?;
        let bitmap = JsFuture::from(promise).await.ok()?;
        bitmap.dyn_into().ok().map(Picture)
    }

    pub fn size(&self) -> (u32, u32) {
        (self.0.width(), self.0.height())
    }

    /// The picture redrawn at `width` × `height` as a JPEG of `quality` (0–1).
    pub fn jpeg(&self, width: u32, height: u32, quality: f64) -> Result<Vec<u8>, FileError> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| FileError("no document".into()))?;
        let canvas: web_sys::HtmlCanvasElement = document
            .create_element("canvas")
            .map_err(js_error)?
            .dyn_into()
            .map_err(|_| FileError("<canvas> is not a canvas".into()))?;
        canvas.set_width(width);
        canvas.set_height(height);
        let context: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")
            .map_err(js_error)?
            .ok_or_else(|| FileError("no 2d context".into()))?
            .dyn_into()
            .map_err(|_| FileError("no 2d context".into()))?;
        // JPEG has no transparency: a screenshot's clear pixels become white, not black.
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
        context
            .draw_image_with_image_bitmap_and_dw_and_dh(
                &self.0,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            )
            .map_err(js_error)?;
        let url = canvas
            .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(quality))
            .map_err(js_error)?;
        data_url_bytes(&url).ok_or_else(|| FileError("the canvas gave no JPEG".into()))
    }
}

/// The pieces of a file as a `Blob` is made of: the core writes into it piece by piece
/// (`fielddesk_core::export_to`), and no piece, nor the whole, is ever one string.
pub struct BlobParts {
    parts: js_sys::Array,
    pending: Vec<u8>,
    size: u64,
}

/// How much is gathered before it goes to the browser as one part.
const PART_BYTES: usize = 1 << 20;

impl Default for BlobParts {
    fn default() -> BlobParts {
        BlobParts {
            parts: js_sys::Array::new(),
            pending: Vec::with_capacity(PART_BYTES),
            size: 0,
        }
    }
}

impl BlobParts {
    fn hand_over(&mut self) {
        if !self.pending.is_empty() {
            self.parts
                .push(&js_sys::Uint8Array::from(self.pending.as_slice()));
            self.pending.clear();
        }
    }

    /// The bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn into_blob(mut self, media_type: &str) -> Result<web_sys::Blob, FileError> {
        self.hand_over();
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(media_type);
        web_sys::Blob::new_with_u8_array_sequence_and_options(&self.parts, &options)
            .map_err(js_error)
    }
}

impl std::io::Write for BlobParts {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.size += buf.len() as u64;
        if self.pending.len() >= PART_BYTES {
            self.hand_over();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `object[method](...args)`, for the Streams API that web-sys has only behind its unstable
/// flag (CompressionStream, DecompressionStream, pipeThrough).
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, FileError> {
    let function: js_sys::Function = js_sys::Reflect::get(object, &method.into())
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| FileError(format!("this browser has no {method}")))?;
    function
        .apply(object, &args.iter().collect())
        .map_err(js_error)
}

fn construct(class: &str, args: &[JsValue]) -> Result<JsValue, FileError> {
    let class_fn: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &class.into())
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| FileError(format!("this browser has no {class}")))?;
    js_sys::Reflect::construct(&class_fn, &args.iter().collect()).map_err(js_error)
}

/// `blob` through the browser's own gzip (`CompressionStream`): a file `gunzip` opens.
pub async fn gzip(blob: &web_sys::Blob) -> Result<web_sys::Blob, FileError> {
    let stream = call(blob, "stream", &[])?;
    let compress = construct("CompressionStream", &["gzip".into()])?;
    let compressed = call(&stream, "pipeThrough", &[compress])?;
    let response = construct("Response", &[compressed])?;
    let blob = JsFuture::from(js_sys::Promise::from(call(&response, "blob", &[])?))
        .await
        .map_err(js_error)?;
    blob.dyn_into().map_err(|_| FileError("no blob".into()))
}

/// The bytes a gzip file holds, read as a stream: `None` as soon as they pass `limit`, so a
/// file that unpacks to more than the app can take is refused without ever being held whole.
pub async fn gunzip(file: &web_sys::Blob, limit: usize) -> Result<Option<Vec<u8>>, FileError> {
    let stream = call(file, "stream", &[])?;
    let decompress = construct("DecompressionStream", &["gzip".into()])?;
    let reader = call(
        &call(&stream, "pipeThrough", &[decompress])?,
        "getReader",
        &[],
    )?;
    let mut bytes = Vec::new();
    loop {
        let read = JsFuture::from(js_sys::Promise::from(call(&reader, "read", &[])?))
            .await
            .map_err(js_error)?;
        if js_sys::Reflect::get(&read, &"done".into())
            .map_err(js_error)?
            .is_truthy()
        {
            return Ok(Some(bytes));
        }
        let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&read, &"value".into())
            .map_err(js_error)?
            .dyn_into()
            .map_err(|_| FileError("the stream gave no bytes".into()))?;
        if bytes.len() + chunk.length() as usize > limit {
            let _ = call(&reader, "cancel", &[]);
            return Ok(None);
        }
        let start = bytes.len();
        bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[start..]);
    }
}

/// Offers a `Blob` as a download named `file_name` (see [`save_download`]).
pub fn save_blob(blob: &web_sys::Blob, file_name: &str) -> Result<(), FileError> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_error)?;
    click_download(url, file_name)
}
