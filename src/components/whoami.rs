//! "Who am I": there is no login in a single-browser app, so the person using it says who they
//! are. Their role decides which actions the core allows.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::desk::Desk;
use crate::i18n::{self, t, Msg};

#[component]
pub fn WhoAmI() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let choose = move |ev| {
        let id = event_target_value(&ev);
        spawn_local(async move {
            let _ = desk.choose_me(id).await;
        });
    };
    view! {
        <div class="whoami">
            <label for="whoami">{move || t(lang.get(), Msg::IAm)}</label>
            <select
                id="whoami"
                title=move || t(lang.get(), Msg::NoLoginNote)
                on:change=choose
                class:unchosen=move || desk.me().is_none()
                prop:value=move || desk.me().map(|m| m.employee_id).unwrap_or_default()
            >
                <option value="" disabled=true>{move || t(lang.get(), Msg::ChooseTeamMember)}</option>
                {move || {
                    let lang = lang.get();
                    desk.settings.with(|s| s.team.iter().map(|m| {
                        let label = format!("{} · {}", m.name, i18n::role(lang, m.role));
                        view! { <option value=m.employee_id.clone()>{label}</option> }
                    }).collect_view())
                }}
            </select>
        </div>
    }
}
