//! "Who am I": there is no login in a single-browser app, so the person using it says who they
//! are. Their role decides which actions the core allows.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{save_setting, Shared};
use crate::i18n::{self, t, Msg};
use crate::team::ME;

#[component]
pub fn WhoAmI() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let choose = move |ev| {
        let id = event_target_value(&ev);
        shared.settings.update(|s| s.me = id.clone());
        spawn_local(async move {
            let _ = save_setting(shared, ME, &id).await;
        });
    };
    view! {
        <div class="whoami">
            <label for="whoami">{move || t(lang.get(), Msg::IAm)}</label>
            <select
                id="whoami"
                title=move || t(lang.get(), Msg::NoLoginNote)
                on:change=choose
                prop:value=move || shared.me().employee_id
            >
                {move || {
                    let lang = lang.get();
                    shared.settings.with(|s| s.team.iter().map(|m| {
                        let label = format!("{} · {}", m.name, i18n::role(lang, m.role));
                        view! { <option value=m.employee_id.clone()>{label}</option> }
                    }).collect_view())
                }}
            </select>
        </div>
    }
}
