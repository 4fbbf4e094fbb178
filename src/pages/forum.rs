use crate::components::{
    add_entry, entry_ids, entry_key, follow, on_field_change, read, remove_entry, ChoiceSelect,
    RecordHistory, RemoveButton,
};
use crate::session::{use_event, use_session};
use domain::kinds::forum::OpinionControl;
use domain::kinds::forum::{Opinion, OpinionStatus};
use domain::ItemId;
use leptos::prelude::*;

/// The forum "Công an lắng nghe ý kiến Nhân dân": each opinion and its answer.
#[component]
pub fn ForumPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let ids = entry_ids::<Opinion>(event);
    let counts = move || {
        event
            .with(|s| {
                let c = s.opinion_counts();
                format!(
                    "{} ý kiến · {} đã trả lời · {} đang xử lý",
                    c.raised, c.answered, c.following
                )
            })
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<Opinion>(&session, event, &ev, |_, _| {});
    };
    view! {
        <section class="page">
            <h1>"Công an lắng nghe ý kiến Nhân dân"</h1>
            <p role="status"><strong>{counts}</strong></p>
            <form class="card form" on:submit=submit>
                <h2>"Ghi ý kiến"</h2>
                <label class="field">
                    <span>"Người nêu ý kiến (có thể để trống)"</span>
                    <input type="text" name=OpinionControl::Who.name() maxlength=domain::text::MAX_TEXT_ATTR/>
                </label>
                <label class="field">
                    <span>"Chủ đề"</span>
                    <input type="text" name=OpinionControl::Topic.name() maxlength=domain::text::MAX_TEXT_ATTR placeholder="Ví dụ: An ninh trật tự, đất đai"/>
                </label>
                <label class="field">
                    <span>"Nội dung ý kiến"</span>
                    <textarea name=OpinionControl::Content.name() rows="3" maxlength=domain::text::MAX_LONG_TEXT_ATTR required></textarea>
                </label>
                <label class="field">
                    <span>"Trả lời hoặc hướng xử lý"</span>
                    <textarea name=OpinionControl::Answer.name() rows="2" maxlength=domain::text::MAX_LONG_TEXT_ATTR></textarea>
                </label>
                <label class="field">
                    <span>"Tình trạng"</span>
                    <ChoiceSelect name=OpinionControl::Status.name() selected=Signal::stored(OpinionStatus::Open)/>
                </label>
                <button type="submit" class="btn btn-primary btn-block">"Lưu ý kiến"</button>
            </form>
            <ul class="entry-list">
                <For each=move || ids.get().into_iter().rev() key=|id| *id let:id>
                    <OpinionRow id=id/>
                </For>
            </ul>
        </section>
    }
}

/// One opinion: what was said, and its answer and status, saved on change.
#[component]
fn OpinionRow(id: ItemId) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let content = read(event, id, |o: &Opinion| o.content.value.clone());
    let heading = read(event, id, |o: &Opinion| {
        let who = if o.who.value.is_empty() {
            "Người dân"
        } else {
            &o.who.value
        };
        match o.topic.value.as_str() {
            "" => who.to_string(),
            topic => format!("{who} · {topic}"),
        }
    });
    let status = read(event, id, |o: &Opinion| o.status.value);
    let on_change = on_field_change::<Opinion>(session.clone(), event, id);
    view! {
        <li class="card entry" class:done=move || status().is_answered() on:change=on_change>
            <p class="entry-title">{heading}</p>
            <label class="field">
                <span>"Nội dung ý kiến"</span>
                <textarea name=OpinionControl::Content.name() rows="3" maxlength=domain::text::MAX_LONG_TEXT_ATTR use:follow=Signal::derive(content)></textarea>
            </label>
            <label class="field">
                <span>"Trả lời hoặc hướng xử lý"</span>
                <textarea name=OpinionControl::Answer.name() rows="2" maxlength=domain::text::MAX_LONG_TEXT_ATTR
                    use:follow=Signal::derive(read(event, id, |o: &Opinion| o.answer.value.clone()))></textarea>
            </label>
            <label class="field">
                <span>"Tình trạng"</span>
                <ChoiceSelect name=OpinionControl::Status.name() selected=Signal::derive(status)/>
            </label>
            <RemoveButton what=Signal::derive(heading) on_remove=Callback::new(move |_| remove_entry::<Opinion>(&session, event, id))/>
            <RecordHistory record={entry_key::<Opinion>(id)}/>
        </li>
    }
}
