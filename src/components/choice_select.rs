use domain::Choice;
use leptos::prelude::*;

/// A drop-down of every value of a closed set (a category, a form of
/// award…), submitting the chosen value's code under `name`. Follows
/// `selected` as it changes (another phone's edit, say).
#[component]
pub fn ChoiceSelect<C: Choice + Send + Sync>(
    /// The form field's name.
    name: &'static str,
    /// The value selected.
    selected: Signal<C>,
) -> impl IntoView {
    view! {
        <select name=name>
            {C::all().iter().map(|c| {
                let c = *c;
                view! {
                    <option value=c.code() prop:selected=move || selected.get() == c>{c.label_vi()}</option>
                }
            }).collect_view()}
        </select>
    }
}
