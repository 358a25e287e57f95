//! The passphrase parts of the import/export panel: the optional passphrase of an export, and
//! the form that asks for a sealed file's passphrase. Signals and callbacks in; the flows (seal
//! then download: `export_panel`; open then the usual check and preview: `import_result`) are
//! elsewhere, the rules (`check_new_passphrase`) the core's. Passphrases live in these signals
//! only: never stored.

use fielddesk_core::PassphraseError;
use leptos::html;
use leptos::prelude::*;

use crate::crypto::{self, CryptoError};
use crate::i18n::{crypto_error, passphrase_error, t, Lang, Msg};

/// What a sealed export needs: whether to seal, and the passphrase typed twice.
#[derive(Clone, Copy)]
pub struct SealChoice {
    pub on: RwSignal<bool>,
    pub passphrase: RwSignal<String>,
    pub again: RwSignal<String>,
    pub error: RwSignal<Option<PassphraseError>>,
}

impl SealChoice {
    pub fn new() -> Self {
        SealChoice {
            on: RwSignal::new(false),
            passphrase: RwSignal::new(String::new()),
            again: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }
}

impl Default for SealChoice {
    fn default() -> Self {
        Self::new()
    }
}

/// Why the last try to open a sealed file failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnlockFailure {
    Empty,
    Crypto(CryptoError),
}

fn input_type(shown: RwSignal<bool>) -> impl Fn() -> &'static str + Copy {
    move || if shown.get() { "text" } else { "password" }
}

/// The export's "encrypt with a passphrase" option, off until ticked.
#[component]
pub fn SealOptions(lang: RwSignal<Lang>, choice: SealChoice, busy: Signal<bool>) -> impl IntoView {
    let shown = RwSignal::new(false);
    let kind = input_type(shown);
    let too_short = move || matches!(choice.error.get(), Some(PassphraseError::TooShort { .. }));
    let mismatch = move || choice.error.get() == Some(PassphraseError::Mismatch);
    let unavailable = !crypto::available();
    view! {
        <div class="seal" class:on=move || choice.on.get()>
            <label class="seal-toggle">
                <input
                    type="checkbox"
                    id="seal-export"
                    prop:checked=move || choice.on.get()
                    disabled=busy
                    on:change=move |ev| {
                        choice.on.set(event_target_checked(&ev));
                        choice.error.set(None);
                    }
                />
                <span>{move || t(lang.get(), Msg::SealToggle)}</span>
            </label>
            <p class="muted seal-hint">{move || t(lang.get(), Msg::SealHint)}</p>
            <Show when=move || choice.on.get()>
                <div class="seal-fields">
                    <div class="field" class:invalid=too_short>
                        <label for="seal-passphrase">{move || t(lang.get(), Msg::Passphrase)}</label>
                        <input
                            id="seal-passphrase"
                            type=kind
                            autocomplete="new-password"
                            spellcheck="false"
                            autocapitalize="off"
                            aria-describedby="seal-rule seal-error"
                            aria-invalid=move || too_short().to_string()
                            disabled=busy
                            prop:value=move || choice.passphrase.get()
                            on:input=move |ev| {
                                choice.passphrase.set(event_target_value(&ev));
                                choice.error.set(None);
                            }
                        />
                    </div>
                    <div class="field" class:invalid=mismatch>
                        <label for="seal-passphrase-again">{move || t(lang.get(), Msg::PassphraseAgain)}</label>
                        <input
                            id="seal-passphrase-again"
                            type=kind
                            autocomplete="new-password"
                            spellcheck="false"
                            autocapitalize="off"
                            aria-describedby="seal-error"
                            aria-invalid=move || mismatch().to_string()
                            disabled=busy
                            prop:value=move || choice.again.get()
                            on:input=move |ev| {
                                choice.again.set(event_target_value(&ev));
                                choice.error.set(None);
                            }
                        />
                    </div>
                </div>
                <label class="show-passphrase">
                    <input type="checkbox" id="seal-show" prop:checked=move || shown.get() on:change=move |ev| shown.set(event_target_checked(&ev))/>
                    {move || t(lang.get(), Msg::ShowPassphrase)}
                </label>
                <p class="muted seal-rule" id="seal-rule">{move || t(lang.get(), Msg::PassphraseRule)}</p>
                <p class="error" id="seal-error" role="alert">
                    {move || choice.error.get().map(|e| passphrase_error(lang.get(), &e))}
                </p>
                <div class="seal-warning" role="note">
                    <strong>{move || t(lang.get(), Msg::SealWarning)}</strong>
                    " "
                    {move || t(lang.get(), Msg::SealSeparately)}
                </div>
                {unavailable.then(|| view! {
                    <p class="banner warn" id="seal-unavailable">{move || crypto_error(lang.get(), &CryptoError::Unavailable)}</p>
                })}
            </Show>
        </div>
    }
}

/// Asks for a sealed file's passphrase; `busy` while the key is derived and the file decrypted.
#[component]
pub fn UnlockForm(
    lang: RwSignal<Lang>,
    file: String,
    passphrase: RwSignal<String>,
    busy: bool,
    failure: Option<UnlockFailure>,
    on_unlock: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let kind = input_type(shown);
    let input = NodeRef::<html::Input>::new();
    // Ready to type as soon as the file is picked; after a wrong try, the old text selected.
    Effect::new(move || {
        if let Some(input) = input.get() {
            if !busy {
                let _ = input.focus();
                input.select();
            }
        }
    });
    let failed = failure.is_some();
    let message = move || {
        failure.as_ref().map(|f| match f {
            UnlockFailure::Empty => t(lang.get(), Msg::EnterPassphrase).to_string(),
            UnlockFailure::Crypto(e) => crypto_error(lang.get(), e),
        })
    };
    view! {
        <form
            class="unlock"
            id="unlock"
            aria-busy=busy.to_string()
            on:submit=move |ev| {
                ev.prevent_default();
                if !busy {
                    on_unlock.run(());
                }
            }
        >
            <h3>
                <svg class="lock-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <rect x="5" y="10.5" width="14" height="10.5" rx="2" fill="currentColor"/>
                    <path d="M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" fill="none" stroke="currentColor" stroke-width="2"/>
                </svg>
                {move || t(lang.get(), Msg::SealedTitle)}
            </h3>
            <p class="file-name">{file}</p>
            <p class="muted">{move || t(lang.get(), Msg::SealedPrompt)}</p>
            <div class="field" class:invalid=failed>
                <label for="unlock-passphrase">{move || t(lang.get(), Msg::Passphrase)}</label>
                <input
                    id="unlock-passphrase"
                    node_ref=input
                    type=kind
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="off"
                    aria-invalid=failed.to_string()
                    aria-describedby=failed.then_some("unlock-error")
                    readonly=busy
                    prop:value=move || passphrase.get()
                    on:input=move |ev| passphrase.set(event_target_value(&ev))
                />
            </div>
            <label class="show-passphrase">
                <input type="checkbox" id="unlock-show" prop:checked=move || shown.get() on:change=move |ev| shown.set(event_target_checked(&ev))/>
                {move || t(lang.get(), Msg::ShowPassphrase)}
            </label>
            {failed.then(|| view! {
                <p class="banner bad" role="alert" id="unlock-error">{message}</p>
            })}
            <div class="actions">
                <button type="submit" class="primary" id="unlock-submit" disabled=busy>
                    {move || t(lang.get(), Msg::Unlock)}
                </button>
                <button type="button" class="secondary" id="unlock-cancel" disabled=busy on:click=move |_| on_cancel.run(())>
                    {move || t(lang.get(), Msg::Cancel)}
                </button>
                {busy.then(|| view! {
                    <span class="busy" role="status" id="unlock-busy">
                        <span class="spinner" aria-hidden="true"></span>
                        {move || t(lang.get(), Msg::Unlocking)}
                    </span>
                })}
            </div>
        </form>
    }
}
