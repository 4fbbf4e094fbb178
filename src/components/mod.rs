//! Pieces shared by several pages.

mod app_header;
mod choice_select;
mod entry_forms;
mod event_tabs;
mod figures;
mod follow;
mod form_values;
mod import_file;
mod kept;
mod loaded;
mod notice_banner;
mod qr_scan;
mod record_history;
mod report_deadline;
mod report_doc;
mod sync_panel;
mod update_banner;

pub use app_header::AppHeader;
pub use choice_select::ChoiceSelect;
pub use entry_forms::{add_entry, entry_ids, on_field_change, read, remove_entry, RemoveButton};
pub use event_tabs::EventTabs;
pub use figures::{BudgetTable, OutreachTotalsTable};
pub use follow::follow;
pub use form_values::{ChangedField, FormValues};
pub use import_file::ImportFile;
pub use kept::Kept;
pub use loaded::Loaded;
pub use notice_banner::NoticeBanner;
pub use qr_scan::QrScanButton;
pub use record_history::{entry_key, EventDevices, RecordHistory};
pub use report_deadline::{NextDue, ReportDeadline};
pub use report_doc::ReportDocView;
pub use sync_panel::SyncPanel;
pub use update_banner::UpdateBanner;
