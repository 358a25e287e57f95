//! R4.2 "及用户签名": a pad the requester signs on with a finger, stylus or mouse (pointer
//! events on a canvas), cleared to sign again. What it holds is a PNG, set after every stroke,
//! so the form reads it without waiting; `None` until something is drawn.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

use crate::files;
use crate::i18n::{t, Msg};

/// The canvas's own pixels: wide enough for a name written across a phone, small as a PNG
/// (a signature is a few kilobytes).
const WIDTH: u32 = 720;
const HEIGHT: u32 = 240;

#[component]
pub fn SignaturePad(signed: RwSignal<Option<Vec<u8>>>, invalid: Signal<bool>) -> impl IntoView {
    let lang = expect_context::<crate::desk::Desk>().lang;
    let canvas = NodeRef::<html::Canvas>::new();
    let drawing = StoredValue::new(false);

    let context = move || -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
        let canvas: HtmlCanvasElement = canvas.get_untracked()?;
        let context = canvas
            .get_context("2d")
            .ok()??
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        Some((canvas, context))
    };
    // White paper, so the image reads the same on a dark screen, in print and in a PDF.
    let blank = move || {
        if let Some((_, cx)) = context() {
            cx.set_fill_style_str("#ffffff");
            cx.fill_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
        }
        signed.set(None);
    };
    Effect::new(move |_| {
        if canvas.get().is_some() {
            blank();
        }
    });
    // The canvas is scaled by CSS: a pointer's place in its own pixels.
    let at = move |canvas: &HtmlCanvasElement, ev: &PointerEvent| {
        let rect = canvas.get_bounding_client_rect();
        let x = (f64::from(ev.client_x()) - rect.left()) * f64::from(WIDTH) / rect.width().max(1.0);
        let y =
            (f64::from(ev.client_y()) - rect.top()) * f64::from(HEIGHT) / rect.height().max(1.0);
        (x, y)
    };
    let down = move |ev: PointerEvent| {
        let Some((canvas, cx)) = context() else {
            return;
        };
        ev.prevent_default();
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        drawing.set_value(true);
        let (x, y) = at(&canvas, &ev);
        cx.set_stroke_style_str("#10243e");
        cx.set_line_width(3.5);
        cx.set_line_cap("round");
        cx.set_line_join("round");
        cx.begin_path();
        cx.move_to(x, y);
        // A dot is a signature's stroke too (the dot of an i).
        cx.line_to(x + 0.1, y + 0.1);
        cx.stroke();
    };
    let moved = move |ev: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let Some((canvas, cx)) = context() else {
            return;
        };
        ev.prevent_default();
        let (x, y) = at(&canvas, &ev);
        cx.line_to(x, y);
        cx.stroke();
    };
    let up = move |_: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        drawing.set_value(false);
        if let Some((canvas, _)) = context() {
            signed.set(
                canvas
                    .to_data_url_with_type("image/png")
                    .ok()
                    .and_then(|url| files::data_url_bytes(&url)),
            );
        }
    };

    view! {
        <div class="signature-pad" class:invalid=move || invalid.get()>
            <p class="hint" id="signature-hint">{move || t(lang.get(), Msg::SignHere)}</p>
            <canvas
                id="signature-canvas"
                node_ref=canvas
                width=WIDTH
                height=HEIGHT
                aria-describedby="signature-hint"
                aria-label=move || t(lang.get(), Msg::SignatureLabel)
                role="img"
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
            ></canvas>
            <div class="signature-actions">
                <span class="muted" id="signature-state">
                    {move || signed.with(Option::is_none).then(|| t(lang.get(), Msg::SignatureEmpty))}
                </span>
                <button type="button" class="secondary" id="signature-clear" on:click=move |_| blank()>
                    {move || t(lang.get(), Msg::ClearSignature)}
                </button>
            </div>
        </div>
    }
}
