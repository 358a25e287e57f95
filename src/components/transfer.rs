//! Import and export: the bytes-moving shell around the core's exchange format. This section
//! only lays out its parts: `export_panel` (the download, sealed or not, and the CSV),
//! `import_panel` (the drop zone), `import_result` (unlock, preview, confirm) and
//! `storage_status`. Counts, conflicts and numbers all come from the core.

use leptos::prelude::*;

use crate::components::export_panel::ExportPanel;
use crate::components::import_panel::{ImportDrop, Importer};
use crate::components::import_result::ImportResult;
use crate::components::storage_status::StorageStatus;
use crate::desk::{Desk, Load};
use crate::i18n::{t, Msg};

#[component]
pub fn ImportExportPanel() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let importer = Importer::new();
    view! {
        <section class="panel transfer" aria-labelledby="transfer-title">
            <h2 id="transfer-title">{move || t(lang.get(), Msg::TransferTitle)}</h2>
            <p class="hint">{move || t(lang.get(), Msg::TransferHint)}</p>
            {move || matches!(desk.load.get(), Load::Failed(_)).then(|| view! {
                <p class="banner bad" role="alert">{t(lang.get(), Msg::StoreMissing)}</p>
            })}
            <div class="transfer-grid">
                <ExportPanel/>
                <ImportDrop importer=importer/>
            </div>
            <ImportResult importer=importer/>
            <StorageStatus/>
        </section>
    }
}
