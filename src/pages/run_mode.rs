use crate::pwa::ScreenWakeLock;
use crate::session::{use_event, use_session};
use crate::time::utc_offset_minutes;
use domain::kinds::program::ProgramProgress;
use domain::text::format::format_hhmm;
use domain::StepId;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// Run mode for the day: tick each step as it happens.
#[component]
pub fn RunModePage() -> impl IntoView {
    let event = use_event();
    // The screen stays on while this page is open, where the browser allows it.
    let wake_lock = SendWrapper::new(ScreenWakeLock::acquire());
    on_cleanup(move || drop(wake_lock));

    // One memo for the whole list: every row reads its timing from it.
    let progress = Memo::new(move |_| event.with(|s| s.progress(utc_offset_minutes())));
    let order = move || {
        progress.with(|p| {
            p.as_ref()
                .map(|p| p.steps.iter().map(|s| s.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };

    // Keep the step happening now in view (on opening, and after each tick
    // moves it on): the officer beside the stage has one hand free.
    // After the frame is painted, not before: scrolling needs the layout,
    // which a frame callback would force ahead of the first paint.
    Effect::new(move |shown: Option<Option<StepId>>| {
        let now = progress.with(|p| p.as_ref().and_then(|p| p.current));
        if now.is_some() && shown != Some(now) {
            request_animation_frame(|| {
                set_timeout(scroll_current_into_view, std::time::Duration::ZERO)
            });
        }
        now
    });

    view! {
        <section class="page run-mode">
            <h1>"Điều hành buổi lễ"</h1>
            <ProgressSummary progress=progress/>
            <ol class="run-list">
                <For each=order key=|id| *id let:id>
                    <RunStepItem id=id progress=progress/>
                </For>
            </ol>
        </section>
    }
}

fn scroll_current_into_view() {
    let Some(current) = document()
        .query_selector("li[aria-current=step]")
        .ok()
        .flatten()
    else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"center".into());
    let _ = js_sys::Reflect::set(&options, &"behavior".into(), &"smooth".into());
    if let Ok(scroll) = js_sys::Reflect::get(&current, &"scrollIntoView".into()) {
        let _ = js_sys::Function::from(scroll).call1(&current, &options);
    }
}

fn delay_text(delay: i32) -> String {
    match delay {
        0 => "đúng giờ".to_string(),
        d if d > 0 => format!("trễ {d} phút"),
        d => format!("sớm {} phút", -d),
    }
}

/// Steps done, and how far the day runs behind or ahead of plan.
#[component]
fn ProgressSummary(progress: Memo<Option<ProgramProgress>>) -> impl IntoView {
    view! {
        <div class="card progress-summary" role="status">
            {move || progress.with(|p| p.as_ref().map(|p| {
                let timing = p.latest_delay.map(|d| format!(" · Hiện {} so với kế hoạch", delay_text(d)));
                format!("Đã xong {}/{} bước{}", p.done, p.total, timing.unwrap_or_default())
            }))}
        </div>
    }
}

/// One step as a checkbox: ticking records the time it happened.
#[component]
fn RunStepItem(id: StepId, progress: Memo<Option<ProgramProgress>>) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let step = move |f: fn(&domain::Step) -> bool| {
        move || {
            event
                .with(|s| s.steps.get(&id).is_some_and(f))
                .unwrap_or(false)
        }
    };
    let number =
        move || progress.with(|p| p.as_ref().and_then(|p| p.position(id)).map_or(0, |i| i + 1));
    let done = step(|s| s.is_done());
    let skipped = step(|s| s.skipped.value);
    let is_current = move || progress.with(|p| p.as_ref().is_some_and(|p| p.current == Some(id)));
    let input_id = format!("run-{id}");

    let toggle = move |ev: leptos::ev::MouseEvent| {
        // The box changes only once the tick is saved: the saved state redraws it.
        ev.prevent_default();
        let now_done = !done();
        session.run(event, move |s, stamp, now| {
            s.tick_step(id, now_done, now, stamp)
        });
    };

    let details = move || {
        let mut parts = Vec::new();
        if let Some(performer) = event
            .with(|s| s.steps.get(&id).map(|s| s.performer.value.clone()))
            .flatten()
            .filter(|p| !p.is_empty())
        {
            parts.push(performer);
        }
        if let Some(t) = progress.with(|p| {
            p.as_ref()
                .and_then(|p| p.steps.iter().find(|s| s.id == id).cloned())
        }) {
            if let Some(p) = t.planned {
                parts.push(format!("Dự kiến {}", format_hhmm(p)));
            }
            if let Some(a) = t.actual {
                let late = t
                    .delay
                    .map(|d| format!(" ({})", delay_text(d)))
                    .unwrap_or_default();
                parts.push(format!("Thực hiện lúc {}{late}", format_hhmm(a)));
            }
        }
        if skipped() {
            parts.push("Bỏ qua".to_string());
        }
        parts.join(" · ")
    };

    view! {
        <li class="run-step" class:current=is_current class:done=done class:skipped=skipped
            aria-current=move || is_current().then_some("step")>
            <input type="checkbox" id=input_id.clone() prop:checked=done on:click=toggle/>
            <label for=input_id>
                <span class="step-num">{number}". "</span>
                <span class="step-title">{move || event.with(|s| s.steps.get(&id).map(|s| s.title.value.clone())).flatten()}</span>
                <span class="badge">{move || if is_current() { "Đang diễn ra" } else { "" }}</span>
                <span class="step-details">{details}</span>
            </label>
        </li>
    }
}
