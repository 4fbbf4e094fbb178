use crate::components::{follow, ChangedField, FormValues, RecordHistory, RemoveButton};
use crate::session::{use_event, use_session};
use domain::text::format::format_hhmm;
use domain::{DomainError, Step, StepId};
use leptos::prelude::*;

/// The program editor: the standard steps, adapted to the commune.
#[component]
pub fn ProgramEditorPage() -> impl IntoView {
    let event = use_event();
    let order = Memo::new(move |_| {
        event
            .with(|s| s.program().iter().map(|st| st.id).collect::<Vec<_>>())
            .unwrap_or_default()
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

/// One step in the editor: title, who, when, move, skip, remove.
#[component]
fn ProgramStepEditor(id: StepId, order: Memo<Vec<StepId>>) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    // Reads one field of this step, tracked.
    let field = move |f: fn(&Step) -> String| {
        move || {
            event
                .with(|s| s.steps.get(&id).map(f))
                .flatten()
                .unwrap_or_default()
        }
    };
    let flag = move |f: fn(&Step) -> bool| {
        move || {
            event
                .with(|s| s.steps.get(&id).is_some_and(f))
                .unwrap_or(false)
        }
    };
    let position = move || order.with(|o| o.iter().position(|s| *s == id));
    let number = move || position().map_or(0, |p| p + 1);
    let is_first = move || position() == Some(0);
    let is_last = move || order.with(|o| o.last() == Some(&id));
    let title = field(|s| s.title.value.clone());
    // Fixed when the step was created: no need to track it.
    let optional = event.state.with_untracked(|s| {
        s.as_ref()
            .and_then(|s| s.steps.get(&id))
            .is_some_and(|s| s.optional)
    });
    let skipped = flag(|s| s.skipped.value);

    // One handler for the row's fields: each control says which it is.
    let s = session.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(f) = ChangedField::of(&ev) else {
            return;
        };
        s.run(event, move |st, stamp, _| match f.name.as_str() {
            "title" => st.rename_step(id, &f.value, stamp),
            "performer" => st.set_performer(id, &f.value, stamp),
            "planned" => st.set_planned(id, &f.value, stamp),
            "skipped" => st.set_skipped(id, f.checked, stamp),
            other => Err(DomainError::UnknownControl(other.to_string())),
        });
    };
    let s = session.clone();
    let move_by = move |up: bool| {
        s.run(event, move |st, stamp, _| st.move_step(id, up, stamp));
    };
    let move_up = move_by.clone();
    let remove = Callback::new(move |_| {
        session.run(event, move |st, stamp, _| st.remove_step(id, stamp));
    });

    view! {
        <li class="step-edit" class:skipped=skipped on:change=on_change>
            <div class="step-edit-head">
                <span class="step-num" aria-hidden="true">{number}"."</span>
                <input type="text" class="step-title-input" maxlength=domain::text::MAX_TEXT_ATTR
                    aria-label=move || format!("Tên bước {}", number())
                    name="title" use:follow=Signal::derive(title)/>
            </div>
            {optional.then(|| view! {
                <label class="check">
                    <input type="checkbox" name="skipped" prop:checked=skipped/>
                    <span>"Bỏ qua năm nay (bước “nếu có”)"</span>
                </label>
            })}
            <div class="step-edit-fields">
                <label class="field">
                    <span>"Người thực hiện"</span>
                    <input type="text" maxlength=domain::text::MAX_TEXT_ATTR
                        name="performer" use:follow=Signal::derive(field(|s| s.performer.value.clone()))/>
                </label>
                <label class="field field-time">
                    <span>"Giờ dự kiến"</span>
                    <input type="time"
                        name="planned" use:follow=Signal::derive(field(|s| s.planned.value.map(format_hhmm).unwrap_or_default()))/>
                </label>
            </div>
            <div class="step-edit-actions">
                <button type="button" class="btn" disabled=is_first
                    aria-label=move || format!("Đưa «{}» lên", title())
                    on:click=move |_| move_up(true)>"↑ Lên"</button>
                <button type="button" class="btn" disabled=is_last
                    aria-label=move || format!("Đưa «{}» xuống", title())
                    on:click=move |_| move_by(false)>"↓ Xuống"</button>
                <RemoveButton what=Signal::derive(title) on_remove=remove/>
            </div>
            <RecordHistory record=format!("step/{}", id.0)/>
        </li>
    }
}

/// Adding a local step at the end of the program.
#[component]
fn AddStepForm() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = FormValues::of(&ev);
        let v = form.text("title");
        session
            .run(event, move |st, stamp, _| st.add_step(&v, stamp))
            .then(move |saved| {
                if saved {
                    form.reset();
                }
            });
    };
    view! {
        <form class="card form add-step" on:submit=submit>
            <label class="field">
                <span>"Thêm bước riêng của đơn vị"</span>
                <input type="text" name="title" maxlength=domain::text::MAX_TEXT_ATTR placeholder="Ví dụ: Biểu diễn võ thuật"/>
            </label>
            <button type="submit" class="btn btn-primary btn-block">"Thêm bước"</button>
        </form>
    }
}
