//! The app's addresses and the screens of an event, named once: the
//! address each opens at, the label officers see, and the part of the app
//! that draws it. Routes, links, navigation, tabs, the overview's menu and
//! the update banner all read them from here.

use domain::api::AppLink;
use domain::{EventId, RecordKind};

/// The first part of an event's addresses.
pub const EVENT_SEGMENT: &str = "su-kien";

/// Every address of the app, so that no address is written twice: links,
/// navigation and the router all take it from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    /// The events on this phone, and creating one (`/`).
    Events,
    /// The officer's preferences.
    Settings,
    /// Joining an event with a code.
    Join,
    /// "Đơn vị": the unit this phone acts for.
    Unit,
    /// The reports of the units below, on the unit's screen.
    ReportsBelow,
    /// "Tổng hợp": the level above's dashboard.
    Dashboard,
    /// "Phong trào": the unit's ledger (its figures of each year, its
    /// models, the years before the app).
    Movement,
    /// "Tổng hợp theo giai đoạn": the movement of the units below over a
    /// period.
    Period,
    /// "Báo cáo sơ kết, tổng kết": the unit's review of a period.
    Review,
    /// One screen of an event.
    Event(EventId, Screen),
}

impl Address {
    /// The first part of its path, which the router matches ("" for the
    /// event list).
    pub fn segment(self) -> &'static str {
        match self {
            Address::Events => "",
            Address::Settings => "cai-dat",
            Address::Join => AppLink::Join.segment(),
            Address::Unit | Address::ReportsBelow => AppLink::UnitSignIn.segment(),
            Address::Dashboard => "tong-hop",
            Address::Movement => "phong-trao",
            Address::Period => "giai-doan",
            Address::Review => "bao-cao-giai-doan",
            Address::Event(..) => EVENT_SEGMENT,
        }
    }

    /// The element an address's fragment scrolls to, if it has one.
    pub fn fragment(self) -> Option<&'static str> {
        match self {
            Address::ReportsBelow => Some("bao-cao"),
            Address::Events
            | Address::Settings
            | Address::Join
            | Address::Unit
            | Address::Dashboard
            | Address::Movement
            | Address::Period
            | Address::Review
            | Address::Event(..) => None,
        }
    }

    /// Where it is: what a link's `href` and navigation take.
    pub fn path(self) -> String {
        let mut path = format!("/{}", self.segment());
        if let Address::Event(event, screen) = self {
            path.push_str(&format!("/{event}"));
            if !screen.slug().is_empty() {
                path.push_str(&format!("/{}", screen.slug()));
            }
        }
        if let Some(fragment) = self.fragment() {
            path.push_str(&format!("#{fragment}"));
        }
        path
    }

    /// Whether `path` (a location's path name) begins at this address.
    pub fn holds(self, path: &str) -> bool {
        path.strip_prefix('/')
            .is_some_and(|p| p.starts_with(self.segment()))
    }
}

/// One screen of an event (`/su-kien/<id>/<slug>`), by the part of the app
/// (a wasm module fetched on first use, see [`crate::lazy`]) that draws it:
/// each part takes only its own screens, so every match over them is whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// With the event's frame: opens at once, every time, on the day.
    Event(EventScreen),
    /// The day's other screens.
    Day(DayScreen),
    /// Preparation and report.
    Preparation(PreparationScreen),
}

/// The screens the event module draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventScreen {
    /// Tổng quan: the event's details, menu and sync.
    Overview,
    /// Điều hành: ticking the ceremony's steps.
    RunMode,
    /// Đếm người: the gate headcount.
    Gate,
}

/// The screens of the day screens' module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayScreen {
    /// Khách mời: the invitees at the door.
    Invitees,
    /// Dân vận: the outreach table.
    Outreach,
}

/// The screens of the preparation screens' module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreparationScreen {
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

use {DayScreen::*, EventScreen::*, PreparationScreen::*};

impl Screen {
    /// Every screen.
    pub const ALL: [Screen; 12] = [
        Screen::Event(Overview),
        Screen::Event(RunMode),
        Screen::Event(Gate),
        Screen::Day(Invitees),
        Screen::Day(Outreach),
        Screen::Preparation(Program),
        Screen::Preparation(Banner),
        Screen::Preparation(Awards),
        Screen::Preparation(Forum),
        Screen::Preparation(Budget),
        Screen::Preparation(Summary),
        Screen::Preparation(Report),
    ];

    /// The bottom tabs: the day's busiest screens, in thumb reach (the
    /// first five).
    pub const TABS: &[Screen] = Screen::ALL.split_at(5).0;

    /// The overview's menu of the other screens: preparation and report.
    pub const MENU: &[Screen] = Screen::ALL.split_at(5).1;

    /// The last part of its address ("" for the overview).
    pub fn slug(self) -> &'static str {
        match self {
            Screen::Event(Overview) => "",
            Screen::Event(RunMode) => "dieu-hanh",
            Screen::Event(Gate) => "dem-nguoi",
            Screen::Day(Invitees) => "khach-moi",
            Screen::Day(Outreach) => "dan-van",
            Screen::Preparation(Program) => "chuong-trinh",
            Screen::Preparation(Banner) => "khanh-tiet",
            Screen::Preparation(Awards) => "khen-thuong",
            Screen::Preparation(Forum) => "dien-dan",
            Screen::Preparation(Budget) => "kinh-phi",
            Screen::Preparation(Summary) => "tong-ket",
            Screen::Preparation(Report) => "bao-cao",
        }
    }

    /// Its name in tabs and menus.
    pub fn label(self) -> &'static str {
        match self {
            Screen::Event(Overview) => "Tổng quan",
            Screen::Event(RunMode) => "Điều hành",
            Screen::Event(Gate) => "Đếm người",
            Screen::Day(Invitees) => "Khách mời",
            Screen::Day(Outreach) => "Dân vận",
            Screen::Preparation(Program) => "Chương trình phần lễ",
            Screen::Preparation(Banner) => "Khánh tiết, băng rôn",
            Screen::Preparation(Awards) => "Khen thưởng",
            Screen::Preparation(Forum) => "Diễn đàn lắng nghe ý kiến",
            Screen::Preparation(Budget) => "Kinh phí",
            Screen::Preparation(Summary) => "Tổng kết Ngày hội",
            Screen::Preparation(Report) => "Báo cáo kết quả",
        }
    }

    /// The records it shows: the event frame reads these (with
    /// [`FRAME_KINDS`]) and leaves the rest in storage, so an event's long
    /// lists slow only the screens that show them.
    pub fn kinds(self) -> &'static [RecordKind] {
        match self {
            Screen::Event(Overview | RunMode | Gate) | Screen::Preparation(Program) => FRAME_KINDS,
            Screen::Day(Invitees) => &[RecordKind::Invitee],
            Screen::Day(Outreach) => &[RecordKind::Outreach],
            Screen::Preparation(Banner) => &[RecordKind::Banner, RecordKind::Decoration],
            Screen::Preparation(Awards) => &[RecordKind::Award],
            Screen::Preparation(Forum) => &[RecordKind::Opinion],
            Screen::Preparation(Budget) => &[RecordKind::Budget],
            // The figures and the report draw on everything.
            Screen::Preparation(Summary | Report) => RecordKind::ALL,
        }
    }

    /// The screen a slug names.
    pub fn from_slug(slug: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The screen an address opens, if it is an event's.
    pub fn of_path(path: &str) -> Option<Screen> {
        let rest = event_rest(path)?;
        let slug = rest.split_once('/').map_or("", |(_, slug)| slug);
        Screen::from_slug(slug.trim_end_matches('/'))
    }

    /// The event an address opens, if it is an event's: `/su-kien/<id>` or
    /// `/su-kien/<id>/<screen>`, as the route matches them.
    pub fn event_of_path(path: &str) -> Option<EventId> {
        let rest = event_rest(path)?;
        let (id, screen) = rest.split_once('/').unwrap_or((rest, ""));
        if screen.contains('/') {
            return None;
        }
        EventId::parse(id)
    }

    /// Its address for `event`.
    pub fn path(self, event: EventId) -> String {
        Address::Event(event, self).path()
    }
}

/// What follows `/su-kien/` in an event's address.
fn event_rest(path: &str) -> Option<&str> {
    path.strip_prefix('/')?
        .strip_prefix(EVENT_SEGMENT)?
        .strip_prefix('/')
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
        let deeper = format!("{}/a", Screen::Event(RunMode).path(event));
        assert_eq!(Screen::event_of_path(&deeper), None);
        assert_eq!(Screen::from_slug("khong-co"), None);
        assert_eq!(
            Address::Event(event, Screen::Event(Overview)).path(),
            format!("/su-kien/{event}")
        );
        assert_eq!(Address::Events.path(), "/");
        assert_eq!(Address::ReportsBelow.path(), "/don-vi#bao-cao");
        assert!(Address::Unit.holds(&Address::ReportsBelow.path()));
        assert!(Address::Dashboard.holds("/tong-hop"));
        assert!(!Address::Unit.holds("/tong-hop"));
        let labels: std::collections::HashSet<_> = Screen::ALL.map(Screen::label).into();
        assert_eq!(labels.len(), Screen::ALL.len());
    }
}
