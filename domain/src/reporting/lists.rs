//! An event's lists as tables for the office: the invitees with their
//! check-in times, the outreach entries, the awards and the forum's
//! opinions — what the Excel export of an event holds.

use crate::kinds::award::Award;
use crate::kinds::forum::Opinion;
use crate::kinds::invitee::Invitee;
use crate::kinds::outreach::Outreach;
use crate::state::EventState;
use crate::text::format::{format_date_time, format_decimal};

/// A cell: text, or a number in stored units with its decimal places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text as it is.
    Text(String),
    /// A number: stored value and decimal places (explosives in kg: 3).
    Number(u64, u32),
}

impl Cell {
    /// As the screen writes it (1.534; 1,5).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(v, d) => format_decimal(*v, *d),
        }
    }
}

/// One list: its sheet's name, its headers and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name (at most 31 characters, as Excel allows).
    pub name: &'static str,
    /// Column headers.
    pub head: Vec<&'static str>,
    /// Rows, in the order entries were added.
    pub rows: Vec<Vec<Cell>>,
}

/// The event's four lists; times at `utc_offset_minutes`.
pub fn tables(state: &EventState, utc_offset_minutes: i32) -> Vec<Table> {
    let t = |s: &str| Cell::Text(s.to_string());
    let when = |ms: Option<u64>| {
        Cell::Text(ms.map_or_else(String::new, |m| format_date_time(m, utc_offset_minutes)))
    };
    let invitees = state
        .entries::<Invitee>()
        .map(|i| {
            vec![
                t(&i.name.value),
                t(&i.title.value),
                t(i.category.value.label_vi()),
                t(&i.phone.value),
                t(if i.walk_in.value { "Có" } else { "" }),
                when(i.checked_in.value),
            ]
        })
        .collect();
    let outreach = state
        .entries::<Outreach>()
        .map(|o| {
            let kind = o.kind.value;
            let decimals = if kind == crate::kinds::outreach::OutreachKind::Explosives {
                3
            } else {
                0
            };
            vec![
                t(kind.label_vi()),
                Cell::Number(o.quantity.value, decimals),
                t(kind.unit_vi()),
                Cell::Number(o.value.value, 0),
                when(Some(o.at.value)),
                t(&o.note.value),
            ]
        })
        .collect();
    let awards = state
        .entries::<Award>()
        .map(|a| {
            vec![
                t(&a.recipient.value),
                t(if a.collective.value {
                    "Tập thể"
                } else {
                    "Cá nhân"
                }),
                t(a.form.value.label_vi()),
                t(&a.issuer.value),
                t(&a.decision.value),
                when(a.presented_at.value),
            ]
        })
        .collect();
    let opinions = state
        .entries::<Opinion>()
        .map(|o| {
            vec![
                t(&o.who.value),
                t(&o.topic.value),
                t(&o.content.value),
                t(&o.answer.value),
                t(o.status.value.label_vi()),
            ]
        })
        .collect();
    vec![
        Table {
            name: "Khách mời",
            head: vec![
                "Họ tên",
                "Chức vụ, đơn vị",
                "Thành phần",
                "Số điện thoại",
                "Đến không có giấy mời",
                "Giờ đến",
            ],
            rows: invitees,
        },
        Table {
            name: "Dân vận",
            head: vec![
                "Nội dung",
                "Số lượng",
                "Đơn vị tính",
                "Giá trị (đồng)",
                "Thời gian",
                "Ghi chú",
            ],
            rows: outreach,
        },
        Table {
            name: "Khen thưởng",
            head: vec![
                "Được khen",
                "Tập thể/cá nhân",
                "Hình thức",
                "Cấp khen",
                "Số quyết định",
                "Đã trao lúc",
            ],
            rows: awards,
        },
        Table {
            name: "Ý kiến",
            head: vec!["Người nêu", "Chủ đề", "Nội dung", "Trả lời", "Tình trạng"],
            rows: opinions,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::invitee::InviteeFields;
    use crate::kinds::outreach::{OutreachFields, OutreachKind};
    use crate::merge::clock::{DeviceId, Hlc};
    use crate::{EventId, NewEvent};
    use uuid::Uuid;

    #[test]
    fn the_lists_hold_every_entry_with_its_times() {
        let id = EventId(Uuid::from_u128(4));
        let mut clock = Hlc::new(DeviceId(Uuid::from_u128(1)));
        let records = EventState::create(id, NewEvent::example(), clock.tick(1_000)).unwrap();
        let mut state = EventState::from_records(id, records).unwrap();
        let person = InviteeFields {
            name: "Nguyễn Văn An".into(),
            checked_in: Some(1_787_103_000_000),
            ..Default::default()
        };
        let r = state
            .save::<Invitee>(None, person, clock.tick(2_000))
            .unwrap();
        state.apply(r).unwrap();
        let kg = OutreachFields {
            kind: OutreachKind::Explosives,
            quantity: 1_500,
            at: 1_787_103_000_000,
            ..Default::default()
        };
        let r = state.save::<Outreach>(None, kg, clock.tick(3_000)).unwrap();
        state.apply(r).unwrap();
        let t = tables(&state, 420);
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].rows[0][0], Cell::Text("Nguyễn Văn An".into()));
        assert_eq!(t[0].rows[0][5].display(), "08:30 ngày 19/08/2026");
        assert_eq!(t[1].rows[0][1], Cell::Number(1_500, 3));
        assert_eq!(t[1].rows[0][1].display(), "1,5");
        assert!(t[2].rows.is_empty() && t[3].rows.is_empty());
        assert!(t.iter().all(|x| x.name.chars().count() <= 31));
    }
}
