use crate::session::{use_event, use_session};
use crate::sync::units;
use crate::time::{clock_time, utc_offset_minutes};
use domain::protocol::EventDevice;
use leptos::prelude::*;

/// "Lịch sử" of one record (a step, an invitee…): who changed what, when,
/// as the server kept it. Read on demand; a phone whose event is not shared
/// is told the history lives on the server.
#[component]
pub fn RecordHistory(
    /// The record, `kind/id`.
    record: String,
) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let lines: RwSignal<Option<Result<Vec<String>, String>>> = RwSignal::new(None);
    // What this phone has not sent yet: known with no connection.
    let unsent: RwSignal<Option<String>> = RwSignal::new(None);
    let open = move |_| {
        if lines.with_untracked(Option::is_some) {
            lines.set(None);
            unsent.set(None);
            return;
        }
        let (s, record) = (session.clone(), record.clone());
        leptos::task::spawn_local(async move {
            if let Ok(Some((at, n))) = s.db().pending_of(event.id, &record).await {
                unsent.set(Some(format!(
                    "Trên máy này: {n} thay đổi chưa gửi lên máy chủ, lần cuối lúc {}.",
                    clock_time(at)
                )));
            }
            let got = units::history(&s, event.id, &record).await;
            lines.set(Some(match got {
                Ok(entries) => Ok(entries.iter().filter_map(history_line).collect()),
                Err(e) => Err(e.message_vi()),
            }));
        });
    };
    view! {
        <button type="button" class="btn btn-small" on:click=open>"Lịch sử"</button>
        {move || unsent.get().map(|u| view! { <p class="hint">{u}</p> })}
        {move || lines.get().map(|l| match l {
            Ok(l) if l.is_empty() => view! { <p class="hint">"Chưa có thay đổi nào trên máy chủ."</p> }.into_any(),
            Ok(l) => view! {
                <ol class="history">{l.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ol>
            }.into_any(),
            Err(m) => view! { <p class="hint" role="status">{m}</p> }.into_any(),
        })}
    }
}

/// The history key (`kind/id`) of list entry `id` of kind `T`.
pub fn entry_key<T: domain::Item + domain::Kind>(id: domain::ItemId) -> String {
    domain::RecordKey {
        kind: T::KIND,
        id: id.0,
    }
    .to_string()
}

/// One entry of the history as a line: who (the officer's name and the
/// phone), when, what, and what became of it. A restamp that kept the
/// value says nothing to an officer and is left out.
fn history_line(e: &domain::protocol::HistoryEntry) -> Option<String> {
    use domain::history::undo::Outcome;
    if e.old == e.new && e.outcome == Outcome::Applied && e.field != domain::history::CREATED {
        return None;
    }
    let phone = e
        .device
        .as_deref()
        .map(|d| format!("máy {}", &d[..d.len().min(4)]))
        .unwrap_or_else(|| "máy khác".into());
    let who = if e.officer.is_empty() {
        phone
    } else {
        format!("{} ({phone})", e.officer)
    };
    let what = domain::history::describe_vi(&e.field, &e.old, &e.new, utc_offset_minutes());
    let became = match e.outcome {
        Outcome::Applied => "",
        Outcome::Lost => " — sửa cùng lúc trên 2 máy: giá trị ghi sau được giữ",
        Outcome::Undo => " — hoàn tác",
        Outcome::Refused => " — bị từ chối, không lưu",
    };
    Some(format!(
        "{who} lúc {}: {what}{became}",
        clock_time(e.received_at)
    ))
}

/// "Các máy tham gia": each phone of a shared event with its officer, when
/// it joined and last synced, and what it contributed; and, for a phone
/// gone wrong, "Gỡ máy và hoàn tác" (the server lets only the event's unit
/// or the phone that shared it).
#[component]
pub fn EventDevices() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let me = session.device().to_string();
    let list: RwSignal<Option<Result<Vec<EventDevice>, String>>> = RwSignal::new(None);
    let status = RwSignal::new(String::new());
    let load = {
        let s = session.clone();
        move || {
            let s = s.clone();
            leptos::task::spawn_local(async move {
                let got = units::devices(&s, event.id).await;
                list.set(Some(got.map_err(|e| e.message_vi())));
            });
        }
    };
    let open = {
        let load = load.clone();
        move |_| {
            if list.with_untracked(Option::is_some) {
                list.set(None);
            } else {
                load();
            }
        }
    };
    let undo = move |device: String, who: String| {
        let (s, load) = (session.clone(), load.clone());
        let asked = format!(
            "Gỡ {who} khỏi Ngày hội và hoàn tác mọi thay đổi máy này đã gửi? Máy này sẽ không đồng bộ được nữa."
        );
        if !window().confirm_with_message(&asked).unwrap_or(false) {
            return;
        }
        leptos::task::spawn_local(async move {
            match units::undo_device(&s, event.id, &device).await {
                Ok(done) => {
                    status.set(format!(
                        "Đã gỡ {who} và hoàn tác {} mục. Các máy sẽ nhận lại số liệu cũ khi đồng bộ. Mã tham gia mới: {} (mã cũ không dùng được nữa; các máy đã tham gia vẫn đồng bộ bình thường).",
                        done.records, done.code
                    ));
                    load();
                }
                Err(e) => status.set(e.message_vi()),
            }
        });
    };
    view! {
        <button type="button" class="btn btn-block" on:click=open>"Các máy tham gia"</button>
        <p class="hint" role="status">{move || status.get()}</p>
        {move || list.get().map(|l| match l {
            Ok(l) => view! {
                <ul class="devices">{l.into_iter().map(|d| {
                    let who = if d.officer.is_empty() { "Chưa đặt tên".to_string() } else { d.officer.clone() };
                    let short = d.device[..d.device.len().min(4)].to_string();
                    let last = d
                        .last_sync_at
                        .map_or_else(|| "chưa đồng bộ".into(), |t| format!("đồng bộ lúc {}", clock_time(t)));
                    let revoked = if d.revoked { " · đã bị khóa" } else { "" };
                    let unit = if d.unit.is_empty() { String::new() } else { format!(" · {}", d.unit) };
                    let line = format!(
                        "{who} (máy {short}){unit} · tham gia lúc {} · {last} · {} thay đổi · đếm {} người{revoked}",
                        clock_time(d.joined_at),
                        d.changes,
                        d.taps
                    );
                    let can_undo = !d.revoked && d.device != me;
                    let (device, name) = (d.device.clone(), format!("{who} (máy {short})"));
                    let undo = undo.clone();
                    view! {
                        <li>
                            {line}
                            {can_undo.then(|| view! {
                                <button type="button" class="btn btn-small"
                                    on:click=move |_| undo(device.clone(), name.clone())>"Gỡ máy và hoàn tác"</button>
                            })}
                        </li>
                    }
                }).collect_view()}</ul>
            }.into_any(),
            Err(m) => view! { <p class="hint" role="status">{m}</p> }.into_any(),
        })}
    }
}
