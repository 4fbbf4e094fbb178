use crate::files;
use crate::session::{use_event, use_session};
use domain::kinds::invitee::list::parse_list;
use domain::kinds::invitee::{Invitee, InviteeFields};
use leptos::prelude::*;

/// What an import would add, shown before anything is saved.
#[derive(Clone)]
struct ImportPlan {
    rows: Vec<InviteeFields>,
    repeated: usize,
    bad: Vec<String>,
}

/// Importing a list: pick a CSV file or paste lines, see what would be
/// added and what is wrong with each bad row, then confirm.
#[component]
pub fn InviteeImport() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let plan: RwSignal<Option<ImportPlan>> = RwSignal::new(None);
    let pasted = RwSignal::new(String::new());
    let preview = move |text: String| {
        let list = parse_list(&text);
        let (rows, repeated) = event
            .with_untracked_state(|s| s.new_invitees(list.rows))
            .unwrap_or_default();
        let bad = list
            .bad
            .iter()
            .map(|b| match b.line {
                0 => b.message.clone(),
                line => format!("Dòng {line}: {}", b.message),
            })
            .collect();
        plan.set(Some(ImportPlan {
            rows: rows.into_iter().map(|(_, f)| f).collect(),
            repeated: repeated.len(),
            bad,
        }));
    };
    let s = session.clone();
    let on_pick = move |ev: leptos::ev::Event| {
        let s = s.clone();
        leptos::task::spawn_local(async move {
            match files::read_picked(&ev).await {
                Some(Ok(text)) => preview(text),
                Some(Err(e)) => s.report(&e),
                None => {}
            }
        });
    };
    let confirm = move |_| {
        let Some(p) = plan.get_untracked() else {
            return;
        };
        session
            .run(event, move |s, stamp, _| {
                s.add_all::<Invitee>(p.rows, stamp)
            })
            .then(move |saved| {
                if saved {
                    plan.set(None);
                    pasted.set(String::new());
                }
            });
    };
    view! {
        <div class="form">
            <p class="hint">"Mỗi dòng một người: họ tên, chức vụ/đơn vị, nhóm, số điện thoại (chỉ họ tên là bắt buộc). Nhóm ghi theo tên, ví dụ “uy tín”, “cấp trên”, hoặc số 1–8."</p>
            <label class="field">
                <span>"Chọn tệp CSV"</span>
                <input type="file" accept=".csv,.txt,text/csv,text/plain" on:change=on_pick/>
            </label>
            <label class="field">
                <span>"Hoặc dán danh sách"</span>
                <textarea rows="4" prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" class="btn btn-block" on:click=move |_| preview(pasted.get_untracked())>"Xem trước"</button>
            {move || plan.get().map(|p| {
                let count = p.rows.len();
                view! {
                    <div class="card import-preview" role="status">
                        <p><strong>{format!("Sẽ thêm {count} người.")}</strong></p>
                        {(p.repeated > 0).then(|| view! { <p>{format!("Bỏ qua {} người đã có trong danh sách.", p.repeated)}</p> })}
                        {(!p.bad.is_empty()).then(|| view! {
                            <p>{format!("{} dòng không nhập được:", p.bad.len())}</p>
                            <ul class="bad-rows">{p.bad.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        })}
                        <div class="quick-links">
                            <button type="button" class="btn btn-primary" disabled=count == 0 on:click=confirm.clone()>
                                {format!("Nhập {count} người")}
                            </button>
                            <button type="button" class="btn" on:click=move |_| plan.set(None)>"Hủy"</button>
                        </div>
                    </div>
                }
            })}
        </div>
    }
}
