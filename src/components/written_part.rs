//! One part of a document the officer writes (the report's, a review's):
//! a line or a box of paragraphs showing what is stored, saved by its
//! form's change handler under its `name`.

use crate::components::follow;
use leptos::prelude::*;

/// A field of a document's written parts.
#[component]
pub fn WrittenPart(
    name: &'static str,
    label: &'static str,
    long: bool,
    value: Signal<String>,
) -> impl IntoView {
    let control = if long {
        view! { <textarea name=name rows="4" maxlength=domain::text::MAX_LONG_TEXT_ATTR use:follow=value></textarea> }.into_any()
    } else {
        view! { <input type="text" name=name maxlength=domain::text::MAX_TEXT_ATTR use:follow=value/> }.into_any()
    };
    view! {
        <label class="field">
            <span>{label}</span>
            {control}
        </label>
    }
}
