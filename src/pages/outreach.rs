use crate::components::{
    add_entry, entry_ids, entry_key, read, remove_entry, ChoiceSelect, OutreachTotalsTable,
    RecordHistory, RemoveButton,
};
use crate::session::{use_event, use_session};
use crate::time::clock_time;
use domain::kinds::outreach::OutreachControl;
use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
use domain::text::format::format_money;
use domain::ItemId;
use leptos::prelude::*;

/// The outreach table (dân vận): each hand-in or service as it happens, and
/// the totals per kind.
#[component]
pub fn OutreachPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let ids = entry_ids::<Outreach>(event);
    let kind = RwSignal::new(OutreachKind::Guns);

    let s = session.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<Outreach>(&s, event, &ev, |f, now| f.at = now);
    };
    // The services given one person at a time get a one-tap button each.
    let s = session.clone();
    let one_more = move |k: OutreachKind| {
        let s = s.clone();
        move |_| {
            s.run(event, move |st, stamp, now| {
                let fields = OutreachFields {
                    kind: k,
                    quantity: 1,
                    at: now,
                    ..Default::default()
                };
                st.save::<Outreach>(None, fields, stamp)
            });
        }
    };
    view! {
        <section class="page">
            <h1>"Kết quả dân vận"</h1>
            <div class="quick-links">
                {[OutreachKind::IdCards, OutreachKind::ElectronicId, OutreachKind::MedicalChecks]
                    .into_iter()
                    .map(|k| view! {
                        <button type="button" class="btn" on:click=one_more(k)>{format!("+1 {}", k.label_vi())}</button>
                    })
                    .collect_view()}
            </div>
            <form class="card form" on:submit=submit on:reset=move |_| kind.set(OutreachKind::Guns)>
                <h2>"Ghi nhận"</h2>
                // The unit shown follows the kind picked (the change bubbles up here).
                <label class="field" on:change=move |ev| {
                    if let Some(k) = OutreachKind::from_code(&event_target_value(&ev)) { kind.set(k) }
                }>
                    <span>"Loại"</span>
                    <ChoiceSelect name=OutreachControl::Kind.name() selected=Signal::derive(move || kind.get())/>
                </label>
                <label class="field">
                    <span>{move || format!("Số lượng ({})", kind.get().unit_vi())}</span>
                    <input type="text" inputmode="decimal" name=OutreachControl::Quantity.name() required/>
                </label>
                <Show when=move || kind.get().has_value()>
                    <label class="field">
                        <span>"Trị giá (đồng)"</span>
                        <input type="text" inputmode="numeric" name=OutreachControl::Value.name() placeholder="Ví dụ: 500.000"/>
                    </label>
                </Show>
                <label class="field">
                    <span>"Ghi chú (người giao nộp, chi tiết)"</span>
                    <input type="text" name=OutreachControl::Note.name() maxlength=domain::text::MAX_TEXT_ATTR/>
                </label>
                <button type="submit" class="btn btn-primary btn-block">"Ghi nhận"</button>
            </form>
            <h2>"Tổng theo loại"</h2>
            <OutreachTotalsTable/>
            <h2>"Đã ghi"</h2>
            <ul class="entry-list">
                <For each=move || ids.get().into_iter().rev() key=|id| *id let:id>
                    <OutreachRow id=id/>
                </For>
            </ul>
        </section>
    }
}

/// One logged hand-in or service.
#[component]
fn OutreachRow(id: ItemId) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let text = read(event, id, |o: &Outreach| {
        let k = o.kind.value;
        let mut text = format!(
            "{} {} · {}",
            clock_time(o.at.value),
            k.label_vi(),
            k.format_quantity(o.quantity.value)
        );
        if k.has_value() && o.value.value > 0 {
            text.push_str(&format!(" · {}", format_money(o.value.value)));
        }
        if !o.note.value.is_empty() {
            text.push_str(&format!(" · {}", o.note.value));
        }
        text
    });
    view! {
        <li class="entry-line">
            <span>{text}</span>
            <RemoveButton what=Signal::derive(text) on_remove=Callback::new(move |_| remove_entry::<Outreach>(&session, event, id))/>
            <RecordHistory record={entry_key::<Outreach>(id)}/>
        </li>
    }
}
