use crate::components::{
    add_entry, entry_ids, follow, on_field_change, read, remove_entry, RemoveButton,
};
use crate::session::{use_event, use_session};
use domain::kinds::decoration::Decoration;
use domain::kinds::decoration::DecorationControl;
use domain::ItemId;
use leptos::prelude::*;

/// Decoration jobs (khánh tiết): the standard ones from 18 July, and local ones.
#[component]
pub fn DecorationList() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let ids = entry_ids::<Decoration>(event);
    let done = move || {
        event
            .with(|s| {
                let all: Vec<bool> = s.entries::<Decoration>().map(|d| d.done.value).collect();
                format!(
                    "Đã xong {}/{} việc",
                    all.iter().filter(|d| **d).count(),
                    all.len()
                )
            })
            .unwrap_or_default()
    };
    let missing = move || {
        event
            .with(|s| !s.has_standard_decorations())
            .unwrap_or(false)
    };
    let s = session.clone();
    let add_standard = move |_| {
        s.run(event, |st, stamp, _| {
            Ok(st.missing_standard_decorations(stamp).unwrap_or_default())
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<Decoration>(&session, event, &ev, |_, _| {});
    };
    view! {
        <section>
            <h2>"Công việc trang trí"</h2>
            <p role="status"><strong>{done}</strong></p>
            {move || missing().then(|| view! {
                <button type="button" class="btn btn-block" on:click=add_standard.clone()>"Thêm các việc chuẩn (treo cờ, băng rôn, khẩu hiệu…)"</button>
            })}
            <ul class="entry-list">
                <For each=move || ids.get() key=|id| *id let:id>
                    <DecorationRow id=id/>
                </For>
            </ul>
            <form class="card form" on:submit=submit>
                <h3>"Thêm việc"</h3>
                <label class="field">
                    <span>"Việc cần làm"</span>
                    <input type="text" name=DecorationControl::Job.name() maxlength=domain::text::MAX_TEXT_ATTR required/>
                </label>
                <label class="field">
                    <span>"Ở đâu"</span>
                    <input type="text" name=DecorationControl::Place.name() maxlength=domain::text::MAX_TEXT_ATTR/>
                </label>
                <label class="field">
                    <span>"Người phụ trách"</span>
                    <input type="text" name=DecorationControl::Assignee.name() maxlength=domain::text::MAX_TEXT_ATTR/>
                </label>
                <label class="field">
                    <span>"Hạn xong"</span>
                    <input type="date" name=DecorationControl::Due.name()/>
                </label>
                <button type="submit" class="btn btn-primary btn-block">"Thêm việc"</button>
            </form>
        </section>
    }
}

/// One job: done or not, and its details, each saved on change.
#[component]
fn DecorationRow(id: ItemId) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let job = read(event, id, |d: &Decoration| d.job.value.clone());
    let done = read(event, id, |d: &Decoration| d.done.value);
    let on_change = on_field_change::<Decoration>(session.clone(), event, id);
    view! {
        <li class="card entry" class:done=done on:change=on_change>
            <label class="check check-big">
                <input type="checkbox" name=DecorationControl::Done.name() prop:checked=done/>
                <span>{move || format!("Xong: {}", job())}</span>
            </label>
            <label class="field">
                <span>"Việc cần làm"</span>
                <input type="text" name=DecorationControl::Job.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(job)/>
            </label>
            <label class="field">
                <span>"Ở đâu"</span>
                <input type="text" name=DecorationControl::Place.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(read(event, id, |d: &Decoration| d.place.value.clone()))/>
            </label>
            <div class="entry-fields two">
                <label class="field">
                    <span>"Người phụ trách"</span>
                    <input type="text" name=DecorationControl::Assignee.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(read(event, id, |d: &Decoration| d.assignee.value.clone()))/>
                </label>
                <label class="field">
                    <span>"Hạn xong"</span>
                    <input type="date" name=DecorationControl::Due.name() use:follow=Signal::derive(read(event, id, |d: &Decoration| d.due.value.map(|d| d.iso()).unwrap_or_default()))/>
                </label>
            </div>
            <RemoveButton what=Signal::derive(job) on_remove=Callback::new(move |_| remove_entry::<Decoration>(&session, event, id))/>
        </li>
    }
}
