use crate::error::AppError;
use crate::files;
use crate::lazy::{run_entry, split_entry, Entry};
use crate::screens::{EventScreen, Screen};
use crate::session::{use_session, Session};
use domain::{Bundle, EventId, EventState, ImportPreview};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;

/// Importing a bundle file: pick it, see what it would change, then apply or
/// cancel. A damaged, edited or foreign file gets a message and changes nothing.
#[component]
pub fn ImportFile(
    /// On an event's screen, only files of that event are accepted.
    #[prop(optional)]
    only: Option<EventId>,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let pending: RwSignal<Option<(SendWrapper<Bundle>, ImportPreview)>> = RwSignal::new(None);

    let s = session.clone();
    let on_pick = move |ev: leptos::ev::Event| {
        let s = s.clone();
        leptos::task::spawn_local(async move {
            let Some(read) = files::read_picked(&ev).await else {
                return;
            };
            // The checks (and the code to read a bundle) are in the sync
            // module, fetched only when a file is picked.
            let checked = async { run_entry!(checked_file(s.clone(), read?, only)) };
            match checked.await {
                Ok(p) => pending.set(Some(p)),
                Err(e) => s.report(&e),
            }
        });
    };
    let s = session.clone();
    let apply = move |_| {
        let Some((bundle, _)) = pending.get_untracked() else {
            return;
        };
        let s = s.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let bundle = bundle.take();
            let id = bundle.event;
            let imported: Result<(), AppError> =
                async { run_entry!(imported_file(s.clone(), bundle)) }.await;
            match imported {
                Ok(()) => {
                    pending.set(None);
                    if only.is_none() {
                        navigate(
                            &Screen::Event(EventScreen::Overview).path(id),
                            Default::default(),
                        );
                    }
                }
                Err(e) => s.report(&e),
            }
        });
    };

    view! {
        <label class="btn btn-block file-pick">
            "Nhập từ tệp…"
            <input type="file" accept=".json,application/json" class="visually-hidden" on:change=on_pick/>
        </label>
        {move || pending.get().map(|(_, p)| view! {
            <div class="card import-preview" role="dialog" aria-label="Xem trước khi nhập tệp">
                <p><strong>{p.host_name.clone()}</strong></p>
                <p>{describe(&p)}</p>
                <div class="quick-links">
                    <button type="button" class="btn btn-primary" disabled=!p.changes_anything() on:click=apply.clone()>
                        "Áp dụng"
                    </button>
                    <button type="button" class="btn" on:click=move |_| pending.set(None)>"Hủy"</button>
                </div>
            </div>
        })}
    }
}

fn describe(p: &ImportPreview) -> String {
    if !p.changes_anything() {
        return "Tệp không có gì mới so với dữ liệu trên máy này.".into();
    }
    let what = if p.new_event {
        "Ngày hội mới trên máy này. "
    } else {
        ""
    };
    format!(
        "{what}Sẽ thêm {} và cập nhật {} mục. Chương trình: {} → {} bước, đã xong {} → {}. Số người ở cổng: {} → {}.",
        p.added, p.changed, p.steps_before, p.steps_after, p.done_before, p.done_after, p.headcount_before, p.headcount_after
    )
}

split_entry!(
    sync,
    /// Reads and checks a picked file, and what importing it would change here.
    fn checked_file(
        session: Session,
        text: String,
        only: Option<EventId>,
    ) -> Entry<(SendWrapper<Bundle>, ImportPreview)> {
        Ok(Box::pin(check(session, text, only)))
    }
);

split_entry!(
    sync,
    /// Imports a checked file (see [`Session::import`]).
    fn imported_file(session: Session, bundle: Bundle) -> Entry<()> {
        Ok(Box::pin(async move { session.import(bundle).await }))
    }
);

/// Reads and checks a picked bundle, and what importing it would change here.
async fn check(
    session: Session,
    text: String,
    only: Option<EventId>,
) -> Result<(SendWrapper<Bundle>, ImportPreview), AppError> {
    let bundle = Bundle::parse(text.as_bytes())?;
    // Stamps from the far future would win every later edit here and move
    // this phone's clock there too: such a file is refused whole.
    bundle.check_stamps(crate::time::now_ms())?;
    if let Some(id) = only {
        bundle.expect_event(id)?;
    }
    let here = match session.db().load_event(bundle.event).await {
        Ok(state) => state,
        Err(AppError::EventNotFound) => EventState::empty(bundle.event),
        Err(e) => return Err(e),
    };
    let preview = here.preview(&bundle.records);
    if preview.new_event && preview.host_name.is_empty() {
        return Err(AppError::Bundle(domain::BundleError::Malformed(
            "no event record".into(),
        )));
    }
    Ok((SendWrapper::new(bundle), preview))
}
