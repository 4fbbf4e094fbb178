//! The screens of an event, named once: the address each opens at, the
//! label officers see, and the part of the app that draws it. Routes, tabs,
//! the overview's menu and the update banner all read them from here.

use domain::{EventId, RecordKind};

/// One screen of an event (`/su-kien/<id>/<slug>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Tổng quan: the event's details, menu and sync.
    Overview,
    /// Điều hành: ticking the ceremony's steps.
    RunMode,
    /// Đếm người: the gate headcount.
    Gate,
    /// Khách mời: the invitees at the door.
    Invitees,
    /// Dân vận: the outreach table.
    Outreach,
    /// Chương trình: the program editor.
    Program,
    /// Khánh tiết: banner and decorations.
    Banner,
    /// Khen thưởng.
    Awards,
    /// Diễn đàn: the forum's opinions.
    Forum,
    /// Kinh phí.
    Budget,
    /// Tổng kết: the figures for the report.
    Summary,
    /// Báo cáo kết quả: the report to the level above.
    Report,
}

/// What the event's frame always holds: its program, the gate's tallies and
/// the report as submitted (the overview says what is due next).
pub const FRAME_KINDS: &[RecordKind] = &[
    RecordKind::Step,
    RecordKind::Headcount,
    RecordKind::Submission,
];

/// The part of the app (a wasm module fetched on first use) that draws a
/// screen; see [`crate::lazy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// With the event's frame: opens at once, every time, on the day.
    Event,
    /// The day's other screens.
    Day,
    /// Preparation and report.
    Preparation,
}

impl Screen {
    /// Every screen.
    pub const ALL: [Screen; 12] = [
        Screen::Overview,
        Screen::RunMode,
        Screen::Gate,
        Screen::Invitees,
        Screen::Outreach,
        Screen::Program,
        Screen::Banner,
        Screen::Awards,
        Screen::Forum,
        Screen::Budget,
        Screen::Summary,
        Screen::Report,
    ];

    /// The bottom tabs: the day's busiest screens, in thumb reach.
    pub const TABS: [Screen; 5] = [
        Screen::Overview,
        Screen::RunMode,
        Screen::Gate,
        Screen::Invitees,
        Screen::Outreach,
    ];

    /// The overview's menu of the other screens.
    pub const MENU: [Screen; 7] = [
        Screen::Program,
        Screen::Banner,
        Screen::Awards,
        Screen::Forum,
        Screen::Budget,
        Screen::Summary,
        Screen::Report,
    ];

    /// The last part of its address ("" for the overview).
    pub fn slug(self) -> &'static str {
        match self {
            Screen::Overview => "",
            Screen::RunMode => "dieu-hanh",
            Screen::Gate => "dem-nguoi",
            Screen::Invitees => "khach-moi",
            Screen::Outreach => "dan-van",
            Screen::Program => "chuong-trinh",
            Screen::Banner => "khanh-tiet",
            Screen::Awards => "khen-thuong",
            Screen::Forum => "dien-dan",
            Screen::Budget => "kinh-phi",
            Screen::Summary => "tong-ket",
            Screen::Report => "bao-cao",
        }
    }

    /// Its name in tabs and menus.
    pub fn label(self) -> &'static str {
        match self {
            Screen::Overview => "Tổng quan",
            Screen::RunMode => "Điều hành",
            Screen::Gate => "Đếm người",
            Screen::Invitees => "Khách mời",
            Screen::Outreach => "Dân vận",
            Screen::Program => "Chương trình phần lễ",
            Screen::Banner => "Khánh tiết, băng rôn",
            Screen::Awards => "Khen thưởng",
            Screen::Forum => "Diễn đàn lắng nghe ý kiến",
            Screen::Budget => "Kinh phí",
            Screen::Summary => "Tổng kết Ngày hội",
            Screen::Report => "Báo cáo kết quả",
        }
    }

    /// The part of the app that draws it.
    pub fn module(self) -> Module {
        match self {
            Screen::Overview | Screen::RunMode | Screen::Gate => Module::Event,
            Screen::Invitees | Screen::Outreach => Module::Day,
            Screen::Program
            | Screen::Banner
            | Screen::Awards
            | Screen::Forum
            | Screen::Budget
            | Screen::Summary
            | Screen::Report => Module::Preparation,
        }
    }

    /// The records it shows: the event frame reads these (with
    /// [`FRAME_KINDS`]) and leaves the rest in storage, so an event's long
    /// lists slow only the screens that show them.
    pub fn kinds(self) -> &'static [RecordKind] {
        match self {
            Screen::Overview | Screen::RunMode | Screen::Gate | Screen::Program => FRAME_KINDS,
            Screen::Invitees => &[RecordKind::Invitee],
            Screen::Outreach => &[RecordKind::Outreach],
            Screen::Banner => &[RecordKind::Banner, RecordKind::Decoration],
            Screen::Awards => &[RecordKind::Award],
            Screen::Forum => &[RecordKind::Opinion],
            Screen::Budget => &[RecordKind::Budget],
            // The figures and the report draw on everything.
            Screen::Summary | Screen::Report => RecordKind::ALL,
        }
    }

    /// The screen a slug names.
    pub fn from_slug(slug: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The screen an address opens, if it is an event's.
    pub fn of_path(path: &str) -> Option<Screen> {
        let rest = path.strip_prefix("/su-kien/")?;
        let slug = rest.split_once('/').map_or("", |(_, slug)| slug);
        Screen::from_slug(slug.trim_end_matches('/'))
    }

    /// The event an address opens, if it is an event's: `/su-kien/<id>` or
    /// `/su-kien/<id>/<screen>`, as the route matches them.
    pub fn event_of_path(path: &str) -> Option<EventId> {
        let rest = path.strip_prefix("/su-kien/")?;
        let (id, screen) = rest.split_once('/').unwrap_or((rest, ""));
        if screen.contains('/') {
            return None;
        }
        EventId::parse(id)
    }

    /// Its address for `event`.
    pub fn path(self, event: EventId) -> String {
        match self {
            Screen::Overview => format!("/su-kien/{event}"),
            s => format!("/su-kien/{event}/{}", s.slug()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_screen_opens_at_its_own_address() {
        let event = EventId(uuid::Uuid::from_u128(7));
        for screen in Screen::ALL {
            assert_eq!(Screen::from_slug(screen.slug()), Some(screen));
            assert_eq!(Screen::of_path(&screen.path(event)), Some(screen));
            assert_eq!(Screen::event_of_path(&screen.path(event)), Some(event));
        }
        assert_eq!(Screen::of_path("/cai-dat"), None);
        assert_eq!(Screen::event_of_path("/cai-dat"), None);
        assert_eq!(Screen::event_of_path("/su-kien/khong-phai-ma"), None);
        // No route matches a deeper address: no screen would take the frame.
        let deeper = format!("{}/a", Screen::RunMode.path(event));
        assert_eq!(Screen::event_of_path(&deeper), None);
        assert_eq!(Screen::from_slug("khong-co"), None);
        let labels: std::collections::HashSet<_> = Screen::ALL.map(Screen::label).into();
        assert_eq!(labels.len(), Screen::ALL.len());
    }
}
