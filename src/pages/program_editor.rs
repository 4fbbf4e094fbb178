use crate::session::{use_event, use_session, EventCtx};
use domain::text::format_hhmm;
use domain::{Step, StepId};
use leptos::prelude::*;

/// The program editor: the standard steps, adapted to the commune.
#[component]
pub fn ProgramEditorPage() -> impl IntoView {
    let event = use_event();
    let order = Memo::new(move |_| {
        event.state.with(|s| {
            s.as_ref()
                .map(|s| s.program().iter().map(|st| st.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! {
        <section class="page">
            <h1>"Chương trình phần lễ"</h1>
            <p class="hint">"Chương trình chuẩn 11 bước. Sắp xếp, thêm bước riêng, ghi người thực hiện và giờ dự kiến."</p>
            <ol class="step-editor-list">
                <For each=move || order.get() key=|id| *id let:id>
                    <ProgramStepEditor id=id order=order/>
                </For>
            </ol>
            <AddStepForm/>
        </section>
    }
}

/// The current copy of one step, tracked.
fn step_memo(event: EventCtx, id: StepId) -> Memo<Option<Step>> {
    Memo::new(move |_| {
        event
            .state
            .with(|s| s.as_ref().and_then(|s| s.steps.get(&id).cloned()))
    })
}

/// One step in the editor: title, who, when, move, skip, remove.
#[component]
fn ProgramStepEditor(id: StepId, order: Memo<Vec<StepId>>) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let step = step_memo(event, id);
    let position = Memo::new(move |_| order.with(|o| o.iter().position(|s| *s == id)));
    let number = move || position.get().map(|p| p + 1).unwrap_or(0);
    let is_first = move || position.get() == Some(0);
    let is_last = move || order.with(|o| o.last() == Some(&id));
    let title = move || {
        step.with(|s| {
            s.as_ref()
                .map(|s| s.title.value.clone())
                .unwrap_or_default()
        })
    };
    let optional = move || step.with(|s| s.as_ref().is_some_and(|s| s.optional));
    let skipped = move || step.with(|s| s.as_ref().is_some_and(|s| s.skipped.value));
    let confirming = RwSignal::new(false);

    let s = session.clone();
    let rename = move |ev| {
        let v = event_target_value(&ev);
        s.run_one(event, move |st, stamp, _| st.rename_step(id, &v, stamp));
    };
    let s = session.clone();
    let set_performer = move |ev| {
        let v = event_target_value(&ev);
        s.run_one(event, move |st, stamp, _| st.set_performer(id, &v, stamp));
    };
    let s = session.clone();
    let set_planned = move |ev| {
        let v = event_target_value(&ev);
        s.run_one(event, move |st, stamp, _| st.set_planned(id, &v, stamp));
    };
    let s = session.clone();
    let set_skipped = move |ev| {
        let on = event_target_checked(&ev);
        s.run_one(event, move |st, stamp, _| st.set_skipped(id, on, stamp));
    };
    let s = session.clone();
    let move_by = move |up: bool| {
        s.run_one(event, move |st, stamp, _| st.move_step(id, up, stamp));
    };
    let move_up = move_by.clone();
    let remove = move |_| {
        if confirming.get_untracked() {
            session.run_one(event, move |st, stamp, _| st.remove_step(id, stamp));
        } else {
            confirming.set(true);
        }
    };

    view! {
        <li class="step-edit" class:skipped=skipped>
            <div class="step-edit-head">
                <span class="step-num" aria-hidden="true">{number}"."</span>
                <input type="text" class="step-title-input" maxlength="200"
                    aria-label=move || format!("Tên bước {}", number())
                    prop:value=title on:change=rename/>
            </div>
            <Show when=optional>
                <label class="check">
                    <input type="checkbox" prop:checked=skipped on:change=set_skipped.clone()/>
                    <span>"Bỏ qua năm nay (bước “nếu có”)"</span>
                </label>
            </Show>
            <div class="step-edit-fields">
                <label class="field">
                    <span>"Người thực hiện"</span>
                    <input type="text" maxlength="200"
                        prop:value=move || step.with(|s| s.as_ref().map(|s| s.performer.value.clone()).unwrap_or_default())
                        on:change=set_performer/>
                </label>
                <label class="field field-time">
                    <span>"Giờ dự kiến"</span>
                    <input type="time"
                        prop:value=move || step.with(|s| s.as_ref().and_then(|s| s.planned.value).map(format_hhmm).unwrap_or_default())
                        on:change=set_planned/>
                </label>
            </div>
            <div class="step-edit-actions">
                <button type="button" class="btn" disabled=is_first
                    aria-label=move || format!("Đưa «{}» lên", title())
                    on:click=move |_| move_up(true)>"↑ Lên"</button>
                <button type="button" class="btn" disabled=is_last
                    aria-label=move || format!("Đưa «{}» xuống", title())
                    on:click=move |_| move_by(false)>"↓ Xuống"</button>
                <button type="button" class="btn btn-danger"
                    aria-label=move || if confirming.get() { format!("Xác nhận xóa «{}»", title()) } else { format!("Xóa «{}»", title()) }
                    on:click=remove>
                    {move || if confirming.get() { "Xác nhận xóa" } else { "Xóa" }}
                </button>
            </div>
        </li>
    }
}

/// Adding a local step at the end of the program.
#[component]
fn AddStepForm() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let title = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = title.get_untracked();
        let session = session.clone();
        leptos::task::spawn_local(async move {
            match session
                .change(event, move |st, stamp, _| Ok(vec![st.add_step(&v, stamp)?]))
                .await
            {
                Ok(()) => title.set(String::new()),
                Err(e) => session.report(&e),
            }
        });
    };
    view! {
        <form class="card form add-step" on:submit=submit>
            <label class="field">
                <span>"Thêm bước riêng của đơn vị"</span>
                <input type="text" maxlength="200" placeholder="Ví dụ: Biểu diễn võ thuật"
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="btn btn-primary btn-block">"Thêm bước"</button>
        </form>
    }
}
