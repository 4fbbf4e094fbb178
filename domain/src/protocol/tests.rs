use super::*;
use crate::kinds::event::Day;
use crate::unit::Unit;

#[test]
fn a_refresh_with_nothing_new_has_the_same_figures_and_a_change_does_not() {
    let unit = |code: &str, parent: Option<&str>| Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level: crate::unit::UnitLevel::Xa,
        parent: parent.map(Into::into),
    };
    let kept = Dashboard {
        unit: unit("H", None),
        year: 2026,
        generated_at: 1_000,
        units: vec![unit("X1", Some("H"))],
        events: vec![EventStatus {
            event: EventId::random(),
            unit: "X1".into(),
            figures: crate::reporting::rollup::EventFigures::default(),
            latest: None,
            due: Day::traditional(2026).unwrap(),
            grace_days: DEFAULT_GRACE_DAYS,
        }],
    };
    let later = Dashboard {
        generated_at: 31_000,
        ..kept.clone()
    };
    assert!(kept.same_figures(&later));
    let mut more = later.clone();
    more.events[0].figures.attendance = 150;
    assert!(!kept.same_figures(&more));
    let mut renamed = later;
    renamed.units[0].name = "Xã Mới".into();
    assert!(!kept.same_figures(&renamed));
}

#[test]
fn a_scan_gives_the_code_from_a_link_or_a_bare_code() {
    assert_eq!(
        code_from_scan("https://ngayhoi.example.vn/tham-gia?ma=7K3M-Q9XH-2D4P").as_deref(),
        Some("7K3M-Q9XH-2D4P")
    );
    assert_eq!(
        code_from_scan("https://ngayhoi.example.vn/tham-gia#ma=7K3M-Q9XH-2D4P").as_deref(),
        Some("7K3M-Q9XH-2D4P")
    );
    assert_eq!(
        code_from_scan("http://10.0.0.2:8080/tham-gia?ma=7K3M-Q9XH-2D4P&x=1").as_deref(),
        Some("7K3M-Q9XH-2D4P")
    );
    assert_eq!(
        code_from_scan(" 7k3m q9xh 2d4p ").as_deref(),
        Some("7k3m q9xh 2d4p")
    );
    assert_eq!(code_from_scan("https://example.com/other"), None);
    assert_eq!(code_from_scan(""), None);
}
