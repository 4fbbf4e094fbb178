use crate::components::{
    add_entry, entry_ids, entry_key, follow, on_field_change, read, remove_entry, ChoiceSelect,
    RecordHistory, RemoveButton,
};
use crate::session::{use_event, use_session};
use crate::time::clock_time;
use domain::kinds::award::AwardControl;
use domain::kinds::award::{Award, AwardForm};
use domain::ItemId;
use leptos::prelude::*;

/// Awards read out at step 7: the list, and a tick as each is presented.
#[component]
pub fn AwardsPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let ids = entry_ids::<Award>(event);
    let presented = move || {
        event
            .with(|s| {
                let (all, done) = s.award_counts();
                format!("Đã trao {done}/{all} phần thưởng")
            })
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<Award>(&session, event, &ev, |_, _| {});
    };
    view! {
        <section class="page">
            <h1>"Khen thưởng"</h1>
            <p class="hint">"Công bố quyết định và trao thưởng ở bước 7 của chương trình. Đánh dấu khi đã trao."</p>
            <p role="status"><strong>{presented}</strong></p>
            <ul class="entry-list">
                <For each=move || ids.get() key=|id| *id let:id>
                    <AwardRow id=id/>
                </For>
            </ul>
            <form class="card form" on:submit=submit>
                <h2>"Thêm khen thưởng"</h2>
                <label class="field">
                    <span>"Tập thể hoặc cá nhân được khen"</span>
                    <input type="text" name=AwardControl::Recipient.name() maxlength=domain::text::MAX_TEXT_ATTR required/>
                </label>
                <label class="check">
                    <input type="checkbox" name=AwardControl::Collective.name()/>
                    <span>"Là tập thể"</span>
                </label>
                <label class="field">
                    <span>"Hình thức"</span>
                    <ChoiceSelect name=AwardControl::Form.name() selected=Signal::stored(AwardForm::GiayKhen)/>
                </label>
                <label class="field">
                    <span>"Cấp khen"</span>
                    <input type="text" name=AwardControl::Issuer.name() maxlength=domain::text::MAX_TEXT_ATTR placeholder="Ví dụ: Chủ tịch UBND tỉnh"/>
                </label>
                <label class="field">
                    <span>"Số quyết định"</span>
                    <input type="text" name=AwardControl::Decision.name() maxlength=domain::text::MAX_TEXT_ATTR placeholder="Ví dụ: 123/QĐ-UBND"/>
                </label>
                <button type="submit" class="btn btn-primary btn-block">"Thêm vào danh sách"</button>
            </form>
        </section>
    }
}

/// One award: presented or not, and its details, each saved on change.
#[component]
fn AwardRow(id: ItemId) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let recipient = read(event, id, |a: &Award| a.recipient.value.clone());
    let presented_at = read(event, id, |a: &Award| a.presented_at.value);
    let form = read(event, id, |a: &Award| a.form.value);
    let on_change = on_field_change::<Award>(session.clone(), event, id);
    let s = session.clone();
    let tick = move |ev: leptos::ev::Event| {
        let done = event_target_checked(&ev);
        s.run(event, move |st, stamp, now| {
            st.update::<Award>(id, stamp, |f| f.presented_at = done.then_some(now))
        });
    };
    let when = move || presented_at().map(|ms| format!("Đã trao lúc {}", clock_time(ms)));
    view! {
        <li class="card entry" class:done=move || presented_at().is_some()>
            <label class="check check-big">
                <input type="checkbox" prop:checked=move || presented_at().is_some() on:change=tick/>
                <span>{move || format!("Đã trao: {}", recipient())}</span>
            </label>
            <p class="hint">{when}</p>
            <div class="entry-fields" on:change=on_change>
                <label class="field">
                    <span>"Được khen"</span>
                    <input type="text" name=AwardControl::Recipient.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(recipient)/>
                </label>
                <label class="check">
                    <input type="checkbox" name=AwardControl::Collective.name() prop:checked=read(event, id, |a: &Award| a.collective.value)/>
                    <span>"Là tập thể"</span>
                </label>
                <label class="field">
                    <span>"Hình thức"</span>
                    <ChoiceSelect name=AwardControl::Form.name() selected=Signal::derive(form)/>
                </label>
                <label class="field">
                    <span>"Cấp khen"</span>
                    <input type="text" name=AwardControl::Issuer.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(read(event, id, |a: &Award| a.issuer.value.clone()))/>
                </label>
                <label class="field">
                    <span>"Số quyết định"</span>
                    <input type="text" name=AwardControl::Decision.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(read(event, id, |a: &Award| a.decision.value.clone()))/>
                </label>
            </div>
            <RemoveButton what=Signal::derive(recipient) on_remove=Callback::new(move |_| remove_entry::<Award>(&session, event, id))/>
            <RecordHistory record={entry_key::<Award>(id)}/>
        </li>
    }
}
