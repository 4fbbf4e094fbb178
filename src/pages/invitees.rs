use crate::components::{
    add_entry, entry_key, remove_entry, ChoiceSelect, FormValues, RecordHistory, RemoveButton,
};
use crate::pages::InviteeImport;
use crate::session::{use_event, use_session, EventCtx};
use crate::time::clock_time;
use domain::kinds::invitee::index::{patterns, SearchIndex};
use domain::kinds::invitee::InviteeControl;
use domain::kinds::invitee::{Category, Invitee, InviteeFields};
use domain::state::summary::{InviteeCounts, InviteeOverview};
use domain::text::markup::escape_markup;
use domain::{Item, ItemId};
use leptos::prelude::*;
use std::fmt::Write;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// The most rows shown at once: a phone shows fewer, and beyond this the
/// officer types another letter. Keeps each keystroke's work small with
/// thousands of invitees.
const SHOWN: usize = 20;

/// What the search last matched, so that typing on narrows it instead of
/// scanning everyone again: `(query patterns joined, index identity, positions)`.
type Narrowing = (String, usize, Vec<u32>);

/// Invitees and check-in at the door: search by name without diacritics,
/// tick who arrived, add walk-ins, import the list.
///
/// The rows are written as one piece of HTML and their controls handled by
/// one listener on the list: with thousands of people, each keystroke must
/// answer within a frame on a cheap phone, and building reactive rows was
/// the cost that missed it (docs/BENCHMARKS.md).
#[component]
pub fn InviteesPage() -> impl IntoView {
    crate::mark("app:invitees-screen");
    let event = use_event();
    let session = use_session();
    let query = RwSignal::new(String::new());
    let filter = RwSignal::new(Filter::All);
    let editing: RwSignal<Option<ItemId>> = RwSignal::new(None);
    // One pass over the list after each change: the counts, and whether
    // the search must be built again.
    let overview = Memo::new(move |_| event.with(|s| s.invitee_overview()).unwrap_or_default());
    let index = search_index(event, overview);
    let narrowing: StoredValue<Narrowing> = StoredValue::new((String::new(), 0, Vec::new()));
    // (rows as HTML, rows shown, people matching)
    let results = Memo::new(move |_| {
        let pats = patterns(&query.get());
        let joined = pats.concat();
        let filter = filter.get();
        index.with(|index| {
            let identity = Arc::as_ptr(index) as usize;
            let matching: Vec<u32> = narrowing.with_value(|(q, id, found)| {
                let within = (*id == identity && joined.starts_with(q.as_str()) && !q.is_empty())
                    .then_some(found.as_slice());
                index.search(&pats, within)
            });
            let page = event
                .with(|s| {
                    let mut html = String::new();
                    let (mut shown, mut total) = (0, 0);
                    // With no filter, every match counts: only the rows shown
                    // are looked up.
                    if filter == Filter::All {
                        for &i in &matching {
                            let id = index.entries[i as usize].id;
                            if let Some(p) = s.entry::<Invitee>(id) {
                                row_html(&mut html, p);
                                shown += 1;
                                if shown == SHOWN {
                                    break;
                                }
                            }
                        }
                        return (html, shown, matching.len());
                    }
                    for &i in &matching {
                        let id = index.entries[i as usize].id;
                        let person = s.entry::<Invitee>(id);
                        if filter != Filter::All
                            && !filter.admits(person.is_some_and(Invitee::is_present))
                        {
                            continue;
                        }
                        total += 1;
                        if shown < SHOWN {
                            if let Some(p) = person {
                                row_html(&mut html, p);
                                shown += 1;
                            }
                        }
                    }
                    (html, shown, total)
                })
                .unwrap_or_default();
            narrowing.set_value((joined, identity, matching));
            page
        })
    });
    // For the heading and the table by group: redrawn only when they change.
    let tally = Memo::new(move |_| overview.with(|o| o.counts.clone()));
    let counts =
        move || tally.with(|t| format!("Đã đến {}/{} khách mời", t.total.present, t.total.listed));
    let more = move || {
        results.with(|(_, shown, total)| {
            (total > shown).then(|| {
                format!(
                    "Còn {} người nữa. Gõ thêm chữ để tìm đúng người.",
                    total - shown
                )
            })
        })
    };
    // One listener for every row's checkbox: `data-id` says whose it is.
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(id) = input
            .get_attribute("data-id")
            .and_then(|s| ItemId::parse(&s))
        else {
            return;
        };
        let present = input.checked();
        session.run(event, move |st, stamp, now| {
            st.update::<Invitee>(id, stamp, |f| f.checked_in = present.then_some(now))
        });
    };
    // And one for every row's "Sửa" button.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("[data-edit]").ok().flatten())
            .and_then(|e| e.get_attribute("data-edit"))
            .and_then(|s| ItemId::parse(&s));
        if let Some(id) = id {
            editing.set(Some(id));
        }
    };
    view! {
        <section class="page">
            <h1>"Khách mời"</h1>
            <p role="status" class="invitee-count"><strong>{counts}</strong></p>
            <div class="search-bar">
                <input type="search" class="search" aria-label="Tìm khách mời theo tên"
                    placeholder="Tìm tên, không cần dấu" autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
                <select aria-label="Lọc" on:change=move |ev| filter.set(Filter::from_code(&event_target_value(&ev)))>
                    <option value="all">"Tất cả"</option>
                    <option value="absent">"Chưa đến"</option>
                    <option value="present">"Đã đến"</option>
                </select>
            </div>
            {move || editing.get().map(|id| view! { <EditInvitee id=id editing=editing/> })}
            <ul class="invitee-list" inner_html=move || results.with(|r| r.0.clone())
                on:change=on_change on:click=on_click></ul>
            <p class="hint">{more}</p>
            {move || {
                let q = query.get();
                (results.with(|r| r.2 == 0) && !q.trim().is_empty()).then(|| view! { <WalkInButton name=q/> })
            }}
            <CategoryCounts counts=tally/>
            <details class="card">
                <summary>"Thêm khách mời"</summary>
                <AddInviteeForm/>
            </details>
            <details class="card">
                <summary>"Nhập danh sách từ tệp CSV hoặc dán"</summary>
                <InviteeImport/>
            </details>
        </section>
    }
}

/// One person's row: a checkbox to check them in (untick to undo), their
/// title, category and arrival time, and a button to correct them. Every
/// text is escaped: names come from officers and files.
fn row_html(out: &mut String, i: &Invitee) {
    let id = i.id;
    let name = escape_markup(&i.name.value);
    let present = i.checked_in.value;
    let mut details = vec![i.title.value.as_str(), i.category.value.label_vi()];
    if i.walk_in.value {
        details.push("đến trực tiếp");
    }
    details.retain(|p| !p.is_empty());
    let details = escape_markup(&details.join(" · "));
    let when = present
        .map(|ms| format!("Đến lúc {}", clock_time(ms)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<li class=\"invitee{done}\"><label class=\"check check-big\">\
         <input type=\"checkbox\" data-id=\"{id}\"{checked}>\
         <span class=\"invitee-name\">{name}</span></label>\
         <p class=\"invitee-details\">{details} <span class=\"invitee-time\">{when}</span></p>\
         <button type=\"button\" class=\"btn btn-small\" data-edit=\"{id}\" \
         aria-label=\"Sửa thông tin {name}\">Sửa</button></li>",
        done = if present.is_some() { " done" } else { "" },
        checked = if present.is_some() { " checked" } else { "" },
    );
}

/// Which invitees the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Absent,
    Present,
}

impl Filter {
    fn from_code(code: &str) -> Filter {
        match code {
            "absent" => Filter::Absent,
            "present" => Filter::Present,
            _ => Filter::All,
        }
    }

    fn admits(self, present: bool) -> bool {
        match self {
            Filter::All => true,
            Filter::Absent => !present,
            Filter::Present => present,
        }
    }
}

/// The invitees prepared for search, behind an `Arc` so reading it copies
/// nothing. Rebuilt only when someone's name, title or phone changes or the
/// list itself does (the overview's `search_key`): a check-in changes none
/// of these.
fn search_index(
    event: EventCtx,
    overview: Memo<InviteeOverview>,
) -> Memo<Arc<SearchIndex<ItemId>>> {
    let fingerprint = Memo::new(move |_| overview.with(|o| o.search_key));
    Memo::new(move |_| {
        // Read, not just tracked: a memo computes (and so learns its own
        // sources) only when read.
        let _ = fingerprint.get();
        let index = event
            .with_untracked_state(|s| SearchIndex::of(s.entries::<Invitee>().map(|i| (i.id, i))))
            .unwrap_or_default();
        crate::mark("app:invitees-indexed");
        let index = Arc::new(index);
        // The word-start lists once the list is drawn: ready before the
        // first letter is typed, and not in the way of the first frame.
        let later = Arc::clone(&index);
        request_animation_frame(move || {
            set_timeout(move || later.prepare_prefixes(), Duration::ZERO)
        });
        index
    })
}

/// Correcting a person's details, or removing them.
#[component]
fn EditInvitee(id: ItemId, editing: RwSignal<Option<ItemId>>) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let session_for_remove = session.clone();
    let current = event
        .with_untracked_state(|s| s.entry::<Invitee>(id).map(Item::fields))
        .flatten()
        .unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let values = FormValues::of(&ev).entries();
        session
            .run(event, move |s, stamp, _| {
                let mut fields = s.entry::<Invitee>(id).map(Item::fields).unwrap_or_default();
                for (name, value) in &values {
                    fields.set(name, value)?;
                }
                s.save::<Invitee>(Some(id), fields, stamp)
            })
            .then(move |saved| {
                if saved {
                    editing.set(None);
                }
            });
    };
    let name = current.name.clone();
    let remove = Callback::new(move |_| {
        remove_entry::<Invitee>(&session_for_remove, event, id);
        editing.set(None);
    });
    view! {
        <form class="card form invitee-edit" on:submit=submit>
            <h2>{format!("Sửa: {name}")}</h2>
            <InviteeFieldsInputs fields=current/>
            <button type="submit" class="btn btn-primary btn-block">"Lưu"</button>
            <div class="quick-links">
                <button type="button" class="btn" on:click=move |_| editing.set(None)>"Đóng"</button>
                <RemoveButton what=Signal::stored(name) on_remove=remove/>
            </div>
            <RecordHistory record={entry_key::<Invitee>(id)}/>
        </form>
    }
}

/// The inputs of a person's details, filled with `fields`.
#[component]
fn InviteeFieldsInputs(fields: InviteeFields) -> impl IntoView {
    view! {
        <label class="field">
            <span>"Họ tên"</span>
            <input type="text" name=InviteeControl::Name.name() maxlength=domain::text::MAX_TEXT_ATTR required value=fields.name/>
        </label>
        <label class="field">
            <span>"Chức vụ, đơn vị"</span>
            <input type="text" name=InviteeControl::Title.name() maxlength=domain::text::MAX_TEXT_ATTR value=fields.title/>
        </label>
        <label class="field">
            <span>"Nhóm"</span>
            <ChoiceSelect name=InviteeControl::Category.name() selected=Signal::stored(fields.category)/>
        </label>
        <label class="field">
            <span>"Số điện thoại"</span>
            <input type="tel" name=InviteeControl::Phone.name() maxlength="20" value=fields.phone/>
        </label>
    }
}

/// Adding someone who is not on the list.
#[component]
fn AddInviteeForm() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<Invitee>(&session, event, &ev, |f, now| {
            // Someone added at the door is, by definition, here.
            if f.walk_in {
                f.checked_in = Some(now);
            }
        });
    };
    view! {
        <form class="form" on:submit=submit>
            <InviteeFieldsInputs fields=InviteeFields { category: Category::Public, ..Default::default() }/>
            <label class="check">
                <input type="checkbox" name=InviteeControl::WalkIn.name()/>
                <span>"Khách đến trực tiếp, không có giấy mời (ghi nhận đã đến)"</span>
            </label>
            <button type="submit" class="btn btn-primary btn-block">"Thêm"</button>
        </form>
    }
}

/// One tap to add the person just searched for as a walk-in, checked in.
#[component]
fn WalkInButton(name: String) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let label = format!("Thêm “{}” là khách đến trực tiếp", name.trim());
    let add = move |_| {
        let name = name.clone();
        session.run(event, move |s, stamp, now| {
            let fields = InviteeFields {
                name,
                category: Category::Public,
                walk_in: true,
                checked_in: Some(now),
                ..Default::default()
            };
            s.save::<Invitee>(None, fields, stamp)
        });
    };
    view! {
        <p class="empty">"Không tìm thấy ai."</p>
        <button type="button" class="btn btn-block" on:click=add>{label}</button>
    }
}

/// Arrivals per category, in protocol order.
#[component]
fn CategoryCounts(
    /// The list's counts, computed once by the page.
    counts: Memo<InviteeCounts>,
) -> impl IntoView {
    let rows = move || {
        counts
            .with(|c| c.by_category.clone())
            .into_iter()
            .map(|(c, n)| {
                view! {
                    <tr>
                        <th scope="row">{c.label_vi()}</th>
                        <td>{format!("{}/{}", n.present, n.listed)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <details class="card">
            <summary>"Số đã đến theo nhóm"</summary>
            <table class="figures"><tbody>{rows}</tbody></table>
        </details>
    }
}
