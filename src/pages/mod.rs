//! One page per file, named for what the officer sees.

mod awards;
mod banner;
mod budget;
mod decorations;
mod event_list;
mod event_overview;
mod event_page;
mod forum;
mod headcount;
mod invitee_import;
mod invitees;
mod join;
mod outreach;
mod program_editor;
mod run_mode;
mod settings;
mod summary;

pub use awards::AwardsPage;
pub use banner::BannerPage;
pub use budget::BudgetPage;
pub use decorations::DecorationList;
pub use event_list::EventListPage;
pub use event_overview::EventOverviewPage;
pub use event_page::{EventPage, EventScreens};
pub use forum::ForumPage;
pub use headcount::HeadcountPage;
pub use invitee_import::InviteeImport;
pub use invitees::InviteesPage;
pub use join::JoinPage;
pub use outreach::OutreachPage;
pub use program_editor::ProgramEditorPage;
pub use run_mode::RunModePage;
pub use settings::SettingsPage;
pub use summary::SummaryPage;
