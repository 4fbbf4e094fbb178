use crate::components::ChangedField;
use crate::prefs::{Prefs, Theme};
use leptos::prelude::*;

/// The officer's own preferences on this phone.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let prefs = Prefs::load();
    let saved = RwSignal::new(None::<bool>);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(f) = ChangedField::of(&ev) else {
            return;
        };
        let mut prefs = Prefs::load();
        match f.name.as_str() {
            "display_name" => prefs.display_name = f.value.trim().to_string(),
            "theme" => {
                prefs.theme = Theme::ALL
                    .into_iter()
                    .find(|t| t.code() == f.value)
                    .unwrap_or_default()
            }
            _ => return,
        }
        prefs.apply_theme();
        saved.set(Some(prefs.save()));
    };
    view! {
        <section class="page">
            <h1>"Cài đặt"</h1>
            <form class="card form" on:submit=|ev| ev.prevent_default() on:change=on_change>
                <label class="field">
                    <span>"Tên của bạn (hiện cho cán bộ khác)"</span>
                    <input type="text" name="display_name" maxlength="100" autocomplete="name"
                        value=prefs.display_name.clone()/>
                </label>
                <fieldset class="field">
                    <legend>"Giao diện"</legend>
                    {Theme::ALL.into_iter().map(|t| view! {
                        <label class="check">
                            <input type="radio" name="theme" value=t.code() checked=prefs.theme == t/>
                            <span>{t.label_vi()}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="hint" role="status">
                    {move || match saved.get() {
                        Some(true) => "Đã lưu.",
                        Some(false) => "Không lưu được cài đặt trên điện thoại này.",
                        None => "",
                    }}
                </p>
            </form>
        </section>
    }
}
