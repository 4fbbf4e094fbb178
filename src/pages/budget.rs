use crate::components::{
    add_entry, entry_ids, follow, on_field_change, read, remove_entry, BudgetTable, ChoiceSelect,
    RemoveButton,
};
use crate::session::{use_event, use_session};
use domain::kinds::budget::BudgetControl;
use domain::kinds::budget::{BudgetLine, FundSource};
use domain::text::format::format_decimal;
use domain::ItemId;
use leptos::prelude::*;

/// The day's budget: planned and actual cost per item, by source.
#[component]
pub fn BudgetPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let ids = entry_ids::<BudgetLine>(event);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        add_entry::<BudgetLine>(&session, event, &ev, |_, _| {});
    };
    view! {
        <section class="page">
            <h1>"Kinh phí"</h1>
            <BudgetTable/>
            <ul class="entry-list">
                <For each=move || ids.get() key=|id| *id let:id>
                    <BudgetRow id=id/>
                </For>
            </ul>
            <form class="card form" on:submit=submit>
                <h2>"Thêm khoản chi"</h2>
                <label class="field">
                    <span>"Nội dung chi"</span>
                    <input type="text" name=BudgetControl::Item.name() maxlength=domain::text::MAX_TEXT_ATTR required placeholder="Ví dụ: Âm thanh, ánh sáng"/>
                </label>
                <label class="field">
                    <span>"Nguồn kinh phí"</span>
                    <ChoiceSelect name=BudgetControl::Source.name() selected=Signal::stored(FundSource::NganSach)/>
                </label>
                <label class="field">
                    <span>"Dự kiến (đồng)"</span>
                    <input type="text" inputmode="numeric" name=BudgetControl::Planned.name() required placeholder="Ví dụ: 5.000.000"/>
                </label>
                <label class="field">
                    <span>"Thực chi (đồng), nếu đã biết"</span>
                    <input type="text" inputmode="numeric" name=BudgetControl::Actual.name()/>
                </label>
                <button type="submit" class="btn btn-primary btn-block">"Thêm khoản chi"</button>
            </form>
        </section>
    }
}

/// One budget line, each field saved on change.
#[component]
fn BudgetRow(id: ItemId) -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let item = read(event, id, |b: &BudgetLine| b.item.value.clone());
    let on_change = on_field_change::<BudgetLine>(session.clone(), event, id);
    view! {
        <li class="card entry" on:change=on_change>
            <label class="field">
                <span>"Nội dung chi"</span>
                <input type="text" name=BudgetControl::Item.name() maxlength=domain::text::MAX_TEXT_ATTR use:follow=Signal::derive(item)/>
            </label>
            <label class="field">
                <span>"Nguồn kinh phí"</span>
                <ChoiceSelect name=BudgetControl::Source.name() selected=Signal::derive(read(event, id, |b: &BudgetLine| b.source.value))/>
            </label>
            <div class="entry-fields two">
                <label class="field">
                    <span>"Dự kiến (đồng)"</span>
                    <input type="text" inputmode="numeric" name=BudgetControl::Planned.name()
                        use:follow=Signal::derive(read(event, id, |b: &BudgetLine| format_decimal(b.planned.value, 0)))/>
                </label>
                <label class="field">
                    <span>"Thực chi (đồng)"</span>
                    <input type="text" inputmode="numeric" name=BudgetControl::Actual.name()
                        use:follow=Signal::derive(read(event, id, |b: &BudgetLine| b.actual.value.map(|a| format_decimal(a, 0)).unwrap_or_default()))/>
                </label>
            </div>
            <RemoveButton what=Signal::derive(item) on_remove=Callback::new(move |_| remove_entry::<BudgetLine>(&session, event, id))/>
        </li>
    }
}
