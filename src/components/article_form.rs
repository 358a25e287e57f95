//! The article form: title, symptoms, cause, one solution step per line, categories; for an edit,
//! why it changed. The core checks it (`create_article`/`edit_article`); its refusal is shown
//! beside the field it names.

use fielddesk_core::{ArticleContent, ArticleError, ArticleField, Category};
use leptos::prelude::*;

use crate::components::category_picker::CategoryPicker;
use crate::desk::Desk;
use crate::i18n::{self, t, Msg};

/// Which field a refusal belongs beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Title,
    Symptoms,
    Cause,
    Steps,
    Categories,
    Note,
    Form,
}

fn slot(error: &ArticleError) -> Slot {
    match error {
        ArticleError::Blank(ArticleField::Title) => Slot::Title,
        ArticleError::Blank(ArticleField::Symptoms) => Slot::Symptoms,
        ArticleError::Blank(ArticleField::Cause) => Slot::Cause,
        ArticleError::Blank(ArticleField::Steps) => Slot::Steps,
        ArticleError::UnknownCategory(_) => Slot::Categories,
        ArticleError::EditWithoutNote | ArticleError::NothingChanged => Slot::Note,
        ArticleError::TicketNotResolved(_) | ArticleError::TicketWithoutSolution(_) => Slot::Form,
    }
}

/// `on_save` gets the content and the edit note (empty for a new article); the parent asks the
/// core and puts a refusal into `error`, or another failure into `failure`.
#[component]
pub fn ArticleForm(
    initial: ArticleContent,
    /// An edit asks why the article changed.
    editing: bool,
    error: RwSignal<Option<ArticleError>>,
    failure: RwSignal<Option<String>>,
    on_save: Callback<(ArticleContent, String)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    let title = RwSignal::new(initial.title.clone());
    let symptoms = RwSignal::new(initial.symptoms.clone());
    let cause = RwSignal::new(initial.cause.clone());
    let steps = RwSignal::new(initial.steps.join("\n"));
    let categories = RwSignal::new(initial.categories.clone());
    let note = RwSignal::new(String::new());
    let sources = initial.sources.clone();
    let message = move |s: Slot| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|e| slot(e) == s)
                    .map(|e| i18n::article_error(lang.get(), e))
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = ArticleContent {
            title: title.get_untracked(),
            symptoms: symptoms.get_untracked(),
            cause: cause.get_untracked(),
            steps: steps.get_untracked().lines().map(str::to_string).collect(),
            categories: categories.get_untracked(),
            sources: sources.clone(),
        };
        on_save.run((content, note.get_untracked()));
    };
    let text_field = move |id: &'static str,
                           label: Msg,
                           value: RwSignal<String>,
                           s: Slot,
                           rows: u32| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:invalid=move || message(s)().is_some()>
                <label for=id>{move || t(lang.get(), label)}<span class="req" aria-hidden="true">" *"</span></label>
                {if rows == 1 {
                    view! { <input id=id type="text" aria-describedby=error_id.clone() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> }.into_any()
                } else {
                    view! { <textarea id=id rows=rows aria-describedby=error_id.clone() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea> }.into_any()
                }}
                <p class="error" id=error_id>{message(s)}</p>
            </div>
        }
    };
    view! {
        <form class="article-form" on:submit=submit novalidate>
            {text_field("kb-title", Msg::ArticleTitle, title, Slot::Title, 1)}
            {text_field("kb-symptoms", Msg::ArticleSymptoms, symptoms, Slot::Symptoms, 3)}
            {text_field("kb-cause", Msg::ArticleCause, cause, Slot::Cause, 2)}
            {text_field("kb-steps", Msg::ArticleSteps, steps, Slot::Steps, 4)}
            <CategoryPicker selected=categories/>
            <p class="error" id="kb-categories-error">{message(Slot::Categories)}</p>
            {editing.then(|| text_field("kb-note", Msg::EditNote, note, Slot::Note, 1))}
            {(!editing).then(|| view! { <p class="error" id="kb-note-error">{message(Slot::Note)}</p> })}
            <p class="error" id="kb-form-error">{message(Slot::Form)}{move || failure.get()}</p>
            <div class="actions">
                <button type="submit" class="primary" id="kb-save">{move || t(lang.get(), Msg::SaveArticle)}</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{move || t(lang.get(), Msg::Cancel)}</button>
            </div>
        </form>
    }
}

/// Category tags as chips.
pub fn category_tags(categories: &[Category]) -> impl IntoView {
    categories
        .iter()
        .map(|c| view! { <span class="tag">{c.to_string()}</span> })
        .collect_view()
}
