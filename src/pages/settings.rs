use crate::prefs::{Prefs, Theme};
use leptos::prelude::*;

/// The officer's own preferences on this phone.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let prefs = RwSignal::new(Prefs::load());
    let saved = RwSignal::new(None::<bool>);
    let update = move |f: Box<dyn FnOnce(&mut Prefs)>| {
        prefs.update(|p| f(p));
        let p = prefs.get_untracked();
        p.apply_theme();
        saved.set(Some(p.save()));
    };
    view! {
        <section class="page">
            <h1>"Cài đặt"</h1>
            <form class="card form" on:submit=|ev| ev.prevent_default()>
                <label class="field">
                    <span>"Tên của bạn (hiện cho cán bộ khác)"</span>
                    <input type="text" maxlength="100" autocomplete="name"
                        prop:value=move || prefs.with(|p| p.display_name.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().to_string();
                            update(Box::new(move |p| p.display_name = v));
                        }/>
                </label>
                <fieldset class="field">
                    <legend>"Giao diện"</legend>
                    {Theme::ALL.into_iter().map(|t| view! {
                        <label class="check">
                            <input type="radio" name="theme" prop:checked=move || prefs.with(|p| p.theme == t)
                                on:change=move |_| update(Box::new(move |p| p.theme = t))/>
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
