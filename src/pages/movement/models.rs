//! "Mô hình, điển hình tiên tiến": the unit's register of models — what,
//! where, how large, since when, at which level, running or stopped, and
//! the typical ones a review cites.

use crate::components::{
    add_entry, entry_ids, entry_key, follow, on_field_change, read, ChoiceSelect, RecordHistory,
    RemoveButton,
};
use crate::session::{use_event, use_session};
use domain::kinds::event::Level;
use domain::kinds::model::{Model, ModelControl, ModelKind};
use domain::merge::items::Item;
use domain::text::{MAX_LONG_TEXT_ATTR, MAX_TEXT_ATTR};
use domain::ItemId;
use leptos::prelude::*;

/// The register: each model with its details saved on change, and a form
/// to add one.
#[component]
pub fn ModelsRegister() -> impl IntoView {
    let (event, session) = (use_event(), use_session());
    let ids = entry_ids::<Model>(event);
    let counts = move || {
        event
            .with(|s| {
                let models: Vec<_> = s.entries::<Model>().map(|m| m.fields()).collect();
                let running = models.iter().filter(|m| m.stopped.is_none()).count();
                let typical = models.iter().filter(|m| m.typical).count();
                format!(
                    "{} mô hình: {running} đang hoạt động, {} đã dừng; {typical} tiêu biểu.",
                    models.len(),
                    models.len() - running
                )
            })
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<Model>(&session, event, &ev, |_, _| {});
    };
    view! {
        <section class="card">
            <h2>"Mô hình, điển hình tiên tiến"</h2>
            <p role="status">{counts}</p>
            <ul class="entry-list">
                <For each=move || ids.get() key=|id| *id let:id>
                    <ModelRow id=id/>
                </For>
            </ul>
            <form class="form" on:submit=submit>
                <h3>"Thêm mô hình"</h3>
                <ModelFieldsView/>
                <button type="submit" class="btn btn-primary btn-block">"Thêm vào sổ"</button>
            </form>
        </section>
    }
}

/// The controls of a model, empty (the form to add one).
#[component]
fn ModelFieldsView() -> impl IntoView {
    view! {
        <label class="field"><span>"Tên mô hình"</span>
            <input type="text" name=ModelControl::Name.name() maxlength=MAX_TEXT_ATTR required placeholder="Ví dụ: Tổ liên gia tự quản thôn Đông"/></label>
        <label class="field"><span>"Loại mô hình"</span>
            <ChoiceSelect name=ModelControl::Kind.name() selected=Signal::stored(ModelKind::SafeArea)/></label>
        <label class="field"><span>"Địa bàn"</span>
            <input type="text" name=ModelControl::Place.name() maxlength=MAX_TEXT_ATTR/></label>
        <label class="field"><span>"Số hộ"</span>
            <input type="number" name=ModelControl::Households.name() min="0" inputmode="numeric"/></label>
        <label class="field"><span>"Số người"</span>
            <input type="number" name=ModelControl::People.name() min="0" inputmode="numeric"/></label>
        <label class="field"><span>"Hoạt động từ (tháng/năm)"</span>
            <input type="month" name=ModelControl::Since.name() required/></label>
        <label class="field"><span>"Cấp"</span><LevelSelect selected=Signal::stored(Level::Xa)/></label>
        <label class="check">
            <input type="checkbox" name=ModelControl::Typical.name()/>
            <span>"Mô hình tiêu biểu"</span>
        </label>
        <label class="field"><span>"Kết quả nổi bật"</span>
            <textarea name=ModelControl::Results.name() maxlength=MAX_LONG_TEXT_ATTR rows="3"></textarea></label>
    }
}

/// The level a model is built at.
#[component]
fn LevelSelect(#[prop(into)] selected: Signal<Level>) -> impl IntoView {
    let options = Level::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=move || selected.get() == l>{l.label_vi()}</option> })
        .collect_view();
    view! { <select name=ModelControl::Level.name()>{options}</select> }
}

/// One model, each detail saved when the officer leaves its field.
#[component]
fn ModelRow(id: ItemId) -> impl IntoView {
    let (event, session) = (use_event(), use_session());
    let name = read(event, id, |m: &Model| m.name.value.clone());
    let text = move |f: fn(&Model) -> String| Signal::derive(read(event, id, f));
    let month = move |f: fn(&Model) -> Option<domain::text::month::MonthYear>| {
        Signal::derive(read(event, id, move |m: &Model| {
            f(m).map(|x| x.iso()).unwrap_or_default()
        }))
    };
    let stopped = read(event, id, |m: &Model| m.stopped.value);
    let state = move || match stopped() {
        Some(when) => format!("Đã dừng từ {}", when.display_vi()),
        None => "Đang hoạt động".to_string(),
    };
    let on_change = on_field_change::<Model>(session.clone(), event, id);
    view! {
        <li class="card entry">
            <p><strong>{name}</strong> " — " {state}</p>
            <div class="entry-fields" on:change=on_change>
                <label class="field"><span>"Tên mô hình"</span>
                    <input type="text" name=ModelControl::Name.name() maxlength=MAX_TEXT_ATTR use:follow=text(|m| m.name.value.clone())/></label>
                <label class="field"><span>"Loại mô hình"</span>
                    <ChoiceSelect name=ModelControl::Kind.name() selected=Signal::derive(read(event, id, |m: &Model| m.kind.value))/></label>
                <label class="field"><span>"Địa bàn"</span>
                    <input type="text" name=ModelControl::Place.name() maxlength=MAX_TEXT_ATTR use:follow=text(|m| m.place.value.clone())/></label>
                <label class="field"><span>"Số hộ"</span>
                    <input type="number" name=ModelControl::Households.name() min="0" inputmode="numeric" use:follow=text(|m| m.households.value.to_string())/></label>
                <label class="field"><span>"Số người"</span>
                    <input type="number" name=ModelControl::People.name() min="0" inputmode="numeric" use:follow=text(|m| m.people.value.to_string())/></label>
                <label class="field"><span>"Hoạt động từ (tháng/năm)"</span>
                    <input type="month" name=ModelControl::Since.name() use:follow=month(|m| m.since.value)/></label>
                <label class="field"><span>"Dừng hoạt động từ (để trống nếu còn hoạt động)"</span>
                    <input type="month" name=ModelControl::Stopped.name() use:follow=month(|m| m.stopped.value)/></label>
                <label class="field"><span>"Cấp"</span><LevelSelect selected=Signal::derive(read(event, id, |m: &Model| m.level.value))/></label>
                <label class="check">
                    <input type="checkbox" name=ModelControl::Typical.name() prop:checked=read(event, id, |m: &Model| m.typical.value)/>
                    <span>"Mô hình tiêu biểu"</span>
                </label>
                <label class="field"><span>"Kết quả nổi bật"</span>
                    <textarea name=ModelControl::Results.name() maxlength=MAX_LONG_TEXT_ATTR rows="3" use:follow=text(|m| m.results.value.clone())></textarea></label>
            </div>
            <RemoveButton what=Signal::derive(name) on_remove=Callback::new(move |_| crate::components::remove_entry::<Model>(&session, event, id))/>
            <RecordHistory record={entry_key::<Model>(id)}/>
        </li>
    }
}
