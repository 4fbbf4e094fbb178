//! The floor: route, open IndexedDB, read 11 records, draw 11 checkboxes.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

const STORE: &str = "steps";

/// The 11 steps as stored text, written on first use.
async fn steps() -> Result<Vec<String>, String> {
    let db = Database::open("floor")
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store(STORE).build()?;
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?;
    let tx = db
        .transaction(STORE)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(|e| e.to_string())?;
    let store = tx.object_store(STORE).map_err(|e| e.to_string())?;
    let mut texts: Vec<String> = store
        .get_all()
        .primitive()
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    if texts.is_empty() {
        for i in 1..=11u32 {
            let text = format!("Bước {i} của chương trình phần lễ");
            store
                .put(text.clone())
                .with_key(i)
                .primitive()
                .map_err(|e| e.to_string())?
                .await
                .map_err(|e| e.to_string())?;
            texts.push(text);
        }
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(texts)
}

#[component]
fn RunMode() -> impl IntoView {
    let list = LocalResource::new(steps);
    view! {
        <ol class="run-list">
            {move || list.get().map(|r| match r {
                Ok(texts) => texts.into_iter().map(|t| view! {
                    <li><label><input type="checkbox"/>{t}</label></li>
                }).collect_view().into_any(),
                Err(e) => view! { <li>{e}</li> }.into_any(),
            })}
        </ol>
    }
}

fn main() {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().service_worker().register("/sw.js");
    }
    mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "—">
                    <Route path=path!("/dieu-hanh") view=RunMode/>
                </Routes>
            </Router>
        }
    });
}
