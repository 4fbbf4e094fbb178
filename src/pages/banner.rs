use crate::components::{entry_key, follow, FormValues, RecordHistory};
use crate::files;
use crate::pages::DecorationList;
use crate::session::{use_event, use_session};
use domain::kinds::banner::{self, BannerFields, MAX_LINES};
use domain::text::format::format_decimal;
use leptos::prelude::*;

/// Khánh tiết: the backdrop's banner text and the decoration jobs.
#[component]
pub fn BannerPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Khánh tiết"</h1>
            <BannerEditor/>
            <DecorationList/>
        </section>
    }
}

/// The banner: each line editable, the backdrop's size, a preview at its
/// proportions, and the files for the print shop.
#[component]
fn BannerEditor() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    // The lines to print and the size, with the template and defaults
    // filled in. Memos: a change elsewhere in the event (a decoration ticked
    // below, say) neither redraws the banner nor resets its inputs.
    let current: Memo<(Vec<String>, (u32, u32))> = Memo::new(move |_| {
        event
            .with(|s| {
                let fields = s.banner();
                let meta = s.meta.as_ref()?;
                Some((fields.effective_lines(meta), fields.size_cm()))
            })
            .flatten()
            .unwrap_or_default()
    });
    let svg = Memo::new(move |_| current.with(|(lines, (w, h))| banner::svg(lines, *w, *h)));
    let line = move |i: usize| move || current.with(|c| c.0.get(i).cloned().unwrap_or_default());
    let metres = move |pick: fn((u32, u32)) -> u32| {
        move || format_decimal(u64::from(pick(current.with(|c| c.1))), 2)
    };

    let s = session.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let values = FormValues::of_current(&ev).entries();
        s.run(event, move |st, stamp, _| {
            let mut fields = BannerFields::default();
            for (name, value) in &values {
                fields.set(name, value)?;
            }
            st.save_banner(fields, stamp)
        });
    };
    let s = session.clone();
    let reset = move |_| {
        s.run(event, move |st, stamp, _| st.reset_banner(stamp));
    };
    let s = session.clone();
    let export_svg = move |_| {
        let text = svg.get_untracked();
        let s = s.clone();
        leptos::task::spawn_local(async move {
            let parts = js_sys::Array::of1(&text.into());
            if let Err(e) = files::offer("bang-ron-ngay-hoi.svg", "image/svg+xml", &parts).await {
                s.report(&e);
            }
        });
    };
    let export_png = move |_| {
        let (w, h) = current.with_untracked(|c| c.1);
        let text = svg.get_untracked();
        let session = session.clone();
        leptos::task::spawn_local(async move {
            // 4000 px across: sharp enough to print a few metres wide.
            let width = 4000;
            let height = (u64::from(width) * u64::from(h) / u64::from(w.max(1))).max(1) as u32;
            let result = async {
                let png = files::svg_to_png(&text, width, height).await?;
                files::offer(
                    "bang-ron-ngay-hoi.png",
                    "image/png",
                    &js_sys::Array::of1(&png),
                )
                .await
            };
            if let Err(e) = result.await {
                session.report(&e);
            }
        });
    };
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let label = move || current.with(|c| c.0.join(" / "));

    view! {
        <div class="card">
            <h2>"Tiêu đề phông nền"</h2>
            <div class="banner-preview" role="img" aria-label=move || format!("Xem trước: {}", label()) inner_html=svg></div>
            <form class="form" on:submit=|ev| ev.prevent_default() on:change=on_change>
                {(0..4).map(|i| line_input(i, line(i))).collect_view()}
                // Lines beyond the template's four, if another phone added some.
                {move || (4..current.with(|c| c.0.len()).min(MAX_LINES)).map(|i| line_input(i, line(i))).collect_view()}
                <div class="entry-fields two">
                    <label class="field">
                        <span>"Chiều rộng (m)"</span>
                        <input type="text" inputmode="decimal" name="width_m" use:follow=Signal::derive(metres(|s| s.0))/>
                    </label>
                    <label class="field">
                        <span>"Chiều cao (m)"</span>
                        <input type="text" inputmode="decimal" name="height_m" use:follow=Signal::derive(metres(|s| s.1))/>
                    </label>
                </div>
            </form>
            <div class="quick-links">
                <button type="button" class="btn" on:click=reset>"Theo mẫu"</button>
                <button type="button" class="btn" on:click=export_png>"Tải ảnh PNG"</button>
                <button type="button" class="btn" on:click=export_svg>"Tải SVG"</button>
                <button type="button" class="btn" on:click=print>"In"</button>
            </div>
            <p class="hint">"Mỗi thay đổi được lưu ngay. “Theo mẫu” lấy lại nội dung từ thông tin Ngày hội."</p>
            <RecordHistory record={entry_key::<domain::kinds::banner::Banner>(domain::ItemId(event.id.0))}/>
        </div>
    }
}

fn line_input(i: usize, value: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    view! {
        <label class="field">
            <span>{format!("Dòng {}", i + 1)}</span>
            <input type="text" name=format!("line{i}") maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(value)/>
        </label>
    }
}
