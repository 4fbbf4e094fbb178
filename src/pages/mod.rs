//! One page per file, named for what the officer sees.

mod event_list;
mod event_overview;
mod event_page;
mod headcount;
mod join;
mod program_editor;
mod run_mode;
mod settings;

pub use event_list::EventListPage;
pub use event_overview::EventOverviewPage;
pub use event_page::EventPage;
pub use headcount::HeadcountPage;
pub use join::JoinPage;
pub use program_editor::ProgramEditorPage;
pub use run_mode::RunModePage;
pub use settings::SettingsPage;
