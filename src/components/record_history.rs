use crate::session::{use_event, use_session};
use crate::sync::units;
use crate::time::{clock_time, utc_offset_minutes};
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
    let open = move |_| {
        if lines.with_untracked(Option::is_some) {
            lines.set(None);
            return;
        }
        let (s, record) = (session.clone(), record.clone());
        leptos::task::spawn_local(async move {
            let got = units::history(&s, event.id, &record).await;
            lines.set(Some(match got {
                Ok(entries) => Ok(entries
                    .iter()
                    .map(|e| {
                        let who = e
                            .device
                            .as_deref()
                            .map(|d| format!("Máy {}", &d[..d.len().min(4)]))
                            .unwrap_or_else(|| "Máy khác".into());
                        format!(
                            "{} lúc {}: {}",
                            who,
                            clock_time(e.received_at),
                            domain::history::describe_vi(
                                &e.field,
                                &e.old,
                                &e.new,
                                utc_offset_minutes()
                            )
                        )
                    })
                    .collect()),
                Err(e) => Err(e.message_vi()),
            }));
        });
    };
    view! {
        <button type="button" class="btn btn-small" on:click=open>"Lịch sử"</button>
        {move || lines.get().map(|l| match l {
            Ok(l) if l.is_empty() => view! { <p class="hint">"Chưa có thay đổi nào trên máy chủ."</p> }.into_any(),
            Ok(l) => view! {
                <ol class="history">{l.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ol>
            }.into_any(),
            Err(m) => view! { <p class="hint" role="status">{m}</p> }.into_any(),
        })}
    }
}

/// "Các máy tham gia": each phone of a shared event with its officer, when
/// it joined and last synced, and what it contributed.
#[component]
pub fn EventDevices() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let lines: RwSignal<Option<Result<Vec<String>, String>>> = RwSignal::new(None);
    let open = move |_| {
        if lines.with_untracked(Option::is_some) {
            lines.set(None);
            return;
        }
        let s = session.clone();
        leptos::task::spawn_local(async move {
            let got = units::devices(&s, event.id).await;
            lines.set(Some(match got {
                Ok(list) => Ok(list
                    .iter()
                    .map(|d| {
                        let who = if d.officer.is_empty() { "Chưa đặt tên" } else { &d.officer };
                        let last = d
                            .last_sync_at
                            .map_or_else(|| "chưa đồng bộ".into(), |t| format!("đồng bộ lúc {}", clock_time(t)));
                        let revoked = if d.revoked { " · đã bị khóa" } else { "" };
                        format!(
                            "{who} (máy {}) · tham gia lúc {} · {last} · {} thay đổi · đếm {} người{revoked}",
                            &d.device[..d.device.len().min(4)],
                            clock_time(d.joined_at),
                            d.changes,
                            d.taps
                        )
                    })
                    .collect()),
                Err(e) => Err(e.message_vi()),
            }));
        });
    };
    view! {
        <button type="button" class="btn btn-block" on:click=open>"Các máy tham gia"</button>
        {move || lines.get().map(|l| match l {
            Ok(l) => view! {
                <ul class="devices">{l.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
            }.into_any(),
            Err(m) => view! { <p class="hint" role="status">{m}</p> }.into_any(),
        })}
    }
}
