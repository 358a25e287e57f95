//! R2.1: a two-level category picker (大类 then 小类) over the team's category standard. The
//! chosen categories are tags; the core checks them against the standard.

use fielddesk_core::Category;
use leptos::prelude::*;

use crate::desk::Desk;
use crate::i18n::{t, Msg};

#[component]
pub fn CategoryPicker(selected: RwSignal<Vec<Category>>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let major = RwSignal::new(String::new());
    let minor = RwSignal::new(String::new());
    let minors = move || {
        let m = major.get();
        desk.settings.with(|s| {
            s.standard
                .majors()
                .iter()
                .find(|x| x.name == m)
                .map(|x| x.minors.clone())
                .unwrap_or_default()
        })
    };
    let add = move |_| {
        if let Ok(category) = Category::new(&major.get_untracked(), &minor.get_untracked()) {
            selected.update(|list| {
                if !list.contains(&category) {
                    list.push(category);
                }
            });
        }
    };
    view! {
        <fieldset class="category-picker">
            <legend>{move || t(lang.get(), Msg::Category)}</legend>
            <div class="chips" aria-live="polite">
                {move || selected.get().into_iter().map(|c| {
                    let remove = c.clone();
                    let label = c.to_string();
                    view! {
                        <span class="tag">{label.clone()}
                            <button type="button" class="chip-x" aria-label=move || format!("{} {label}", t(lang.get(), Msg::Remove))
                                on:click=move |_| selected.update(|l| l.retain(|x| x != &remove))>"×"</button>
                        </span>
                    }
                }).collect_view()}
            </div>
            <div class="picker-row">
                <div class="field">
                    <label for="a-major">{move || t(lang.get(), Msg::MajorCategory)}</label>
                    <select id="a-major" prop:value=move || major.get() on:change=move |ev| { major.set(event_target_value(&ev)); minor.set(String::new()); }>
                        <option value="">{move || t(lang.get(), Msg::Choose)}</option>
                        {move || desk.settings.with(|s| s.standard.majors().iter().map(|m| view! { <option value=m.name.clone()>{m.name.clone()}</option> }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="a-minor">{move || t(lang.get(), Msg::MinorCategory)}</label>
                    <select id="a-minor" prop:value=move || minor.get() on:change=move |ev| minor.set(event_target_value(&ev))>
                        <option value="">{move || t(lang.get(), Msg::Choose)}</option>
                        {move || minors().into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="button" class="secondary" id="a-add-category" on:click=add>{move || t(lang.get(), Msg::Add)}</button>
            </div>
        </fieldset>
    }
}
