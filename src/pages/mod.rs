//! One page per file, named for what the officer sees; here, the entries
//! of the modules that hold the screens opened less often.

mod awards;
mod banner;
mod budget;
mod dashboard;
mod decorations;
mod event_list;
mod event_overview;
mod event_page;
mod forum;
mod headcount;
mod invitee_import;
mod invitees;
pub(crate) mod join;
mod movement;
mod outreach;
mod program_editor;
mod report;
mod run_mode;
mod settings;
mod summary;
mod unit;

pub use awards::AwardsPage;
pub use banner::BannerPage;
pub use budget::BudgetPage;
pub use dashboard::DashboardPage;
pub use decorations::DecorationList;
pub use event_list::EventListPage;
pub use event_overview::EventOverviewPage;
pub use event_page::{read_frame_at_start, EventPage};
pub use forum::ForumPage;
pub use headcount::HeadcountPage;
pub use invitee_import::InviteeImport;
pub use invitees::InviteesPage;
pub use join::JoinPage;
pub use movement::{MovementPage, PeriodPage, ReviewPage};
pub use outreach::OutreachPage;
pub use program_editor::ProgramEditorPage;
pub use report::ReportPage;
pub use run_mode::RunModePage;
pub use settings::SettingsPage;
pub use summary::SummaryPage;
pub use unit::UnitPage;

use crate::error::AppError;
use crate::lazy::{lazy_view, split_entry};
use crate::screens::{Address, DayScreen, PreparationScreen, Screen};
use leptos::prelude::*;

split_entry!(
    day_screens,
    preload preload_day_screens,
    /// The day's screens besides run mode and the gate.
    pub(crate) fn day_screens(screen: DayScreen) -> Result<AnyView, AppError> {
        Ok(match screen {
            DayScreen::Invitees => view! { <InviteesPage/> }.into_any(),
            DayScreen::Outreach => view! { <OutreachPage/> }.into_any(),
        })
    }
);

split_entry!(
    preparation_screens,
    preload preload_preparation_screens,
    /// The screens of preparation and report.
    pub(crate) fn preparation_screens(screen: PreparationScreen) -> Result<AnyView, AppError> {
        Ok(match screen {
            PreparationScreen::Program => view! { <ProgramEditorPage/> }.into_any(),
            PreparationScreen::Banner => view! { <BannerPage/> }.into_any(),
            PreparationScreen::Awards => view! { <AwardsPage/> }.into_any(),
            PreparationScreen::Forum => view! { <ForumPage/> }.into_any(),
            PreparationScreen::Budget => view! { <BudgetPage/> }.into_any(),
            PreparationScreen::Summary => view! { <SummaryPage/> }.into_any(),
            PreparationScreen::Report => view! { <ReportPage/> }.into_any(),
        })
    }
);

split_entry!(
    preparation_screens,
    /// The officer's preferences, rarely opened.
    fn settings_module() -> Result<AnyView, AppError> {
        Ok(view! { <SettingsPage/> }.into_any())
    }
);

/// The officer's preferences (`/cai-dat`).
pub fn settings_screen() -> AnyView {
    lazy_view!(settings_module())
}

split_entry!(
    units,
    preload preload_units,
    /// The unit this phone acts for, and the units below it.
    fn unit_module() -> Result<AnyView, AppError> {
        Ok(view! { <UnitPage/> }.into_any())
    }
);

/// "Đơn vị" (`/don-vi`).
pub fn unit_screen() -> AnyView {
    lazy_view!(unit_module())
}

split_entry!(
    units,
    preload preload_dashboard,
    /// The level above's dashboard, in the units module with the unit's
    /// screen: each needs most of the other's code (the unit's sign-in, its
    /// requests, the tree), and one module with all of it starts faster
    /// than two sharing many small pieces.
    fn dashboard_module() -> Result<AnyView, AppError> {
        Ok(view! { <DashboardPage/> }.into_any())
    }
);

/// "Tổng hợp" (`/tong-hop`).
pub fn dashboard_screen() -> AnyView {
    lazy_view!(dashboard_module())
}

split_entry!(
    movement,
    preload preload_movement,
    /// The unit's ledger: its years' figures, its models, past years.
    fn movement_module() -> Result<AnyView, AppError> {
        Ok(view! { <MovementPage/> }.into_any())
    }
);

/// "Phong trào" (`/phong-trao`).
pub fn movement_screen() -> AnyView {
    lazy_view!(movement_module())
}

split_entry!(
    movement,
    /// The movement of the units below over a period.
    fn period_module() -> Result<AnyView, AppError> {
        Ok(view! { <PeriodPage/> }.into_any())
    }
);

/// "Tổng hợp theo giai đoạn" (`/giai-doan`).
pub fn period_screen() -> AnyView {
    lazy_view!(period_module())
}

split_entry!(
    movement,
    /// A unit's review of a period.
    fn review_module() -> Result<AnyView, AppError> {
        Ok(view! { <ReviewPage/> }.into_any())
    }
);

/// "Báo cáo sơ kết, tổng kết" (`/bao-cao-giai-doan`).
pub fn review_screen() -> AnyView {
    lazy_view!(review_module())
}

/// Fetches the module that draws `screen`, beyond the event module (which
/// draws the overview, run mode and the gate).
pub(crate) async fn preload_screen(screen: Screen) {
    match screen {
        Screen::Event(_) => {}
        Screen::Day(_) => {
            let _ = preload_day_screens().await;
        }
        Screen::Preparation(_) => {
            let _ = preload_preparation_screens().await;
        }
    }
}

/// Starts fetching the modules the address opens, so that they come while
/// the app opens storage rather than after. A module that cannot come is
/// said by its screen, which asks again.
pub fn preload_modules_of(path: &str) {
    let path = path.to_owned();
    // Started at once (see `start_now`): the modules' fetches begin before
    // the first render rather than after it.
    crate::start_now(async move {
        if Address::Dashboard.holds(&path) {
            let _ = preload_dashboard().await;
        } else if [Address::Movement, Address::Period, Address::Review]
            .iter()
            .any(|a| a.holds(&path))
        {
            let _ = preload_movement().await;
        } else if Address::Unit.holds(&path) {
            let _ = preload_units().await;
        } else if let Some(screen) = Screen::of_path(&path) {
            let _ = futures::join!(event_page::preload_event_screens(), preload_screen(screen));
            crate::mark("app:modules");
        }
    });
}
