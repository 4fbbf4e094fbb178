//! Pieces shared by several pages.

mod app_header;
mod event_tabs;
mod notice_banner;
mod update_banner;

pub use app_header::AppHeader;
pub use event_tabs::EventTabs;
pub use notice_banner::NoticeBanner;
pub use update_banner::UpdateBanner;
