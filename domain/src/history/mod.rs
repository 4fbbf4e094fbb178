//! Who changed what: a record's change as one entry per field, old value →
//! new value, read from the records themselves (every field of a record is a
//! register `[value, stamp]`, or a plain count for the gate's tallies), so
//! the history needs no list of fields to keep up to date.

pub mod undo;

use crate::kinds::Record;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One field of one record, changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// The field's name as the record stores it (`title`, `done_at`, …).
    pub field: String,
    /// Its value before (`null` for a new record), without its stamp.
    pub old: Value,
    /// Its value after, without its stamp.
    pub new: Value,
    /// The stamp of the new value (`[wall_ms, counter, device]`), if it is
    /// a register.
    pub stamp: Option<Value>,
    /// The stamp of the value before, if it is a register: with `old`, the
    /// write it replaced (undoing a phone may need a record's first values,
    /// which its creation entry does not repeat).
    #[serde(default)]
    pub old_stamp: Option<Value>,
}

/// The field name of a record's creation: one entry, a marker with no
/// values (a list of 2,000 invitees imported is 2,000 small entries, not
/// 12,000); a first value is read back from the record while it stands,
/// and from the change that replaced it (`old`, `old_stamp`) after.
pub const CREATED: &str = "*";

/// The fields that differ between `before` and `after`, in the record's
/// field order; a new record (no `before`) is one [`CREATED`] entry.
pub fn field_changes(before: Option<&Record>, after: &Record) -> Vec<FieldChange> {
    let Some(before) = before else {
        return vec![FieldChange {
            field: CREATED.to_string(),
            old: Value::Null,
            new: Value::Null,
            stamp: None,
            old_stamp: None,
        }];
    };
    let new = fields(after);
    let old = fields(before);
    let mut out = Vec::new();
    for (name, value) in new {
        let previous = old.get(&name).cloned().unwrap_or(Value::Null);
        if previous == value {
            continue;
        }
        let (old_value, old_stamp) = split(previous);
        let (new_value, stamp) = split(value);
        // A restamp that kept the value is kept too (the history shows it
        // as nothing): undoing a phone must know whose write is latest.
        out.push(FieldChange {
            field: name,
            old: old_value,
            new: new_value,
            stamp,
            old_stamp,
        });
    }
    out
}

/// A record's fields by name, as it is stored: `{"kind": {fields}}`'s
/// inner object.
pub(crate) fn fields(r: &Record) -> serde_json::Map<String, Value> {
    match serde_json::to_value(r) {
        Ok(Value::Object(tagged)) => match tagged.into_iter().next() {
            Some((_, Value::Object(fields))) => fields,
            _ => serde_json::Map::new(),
        },
        _ => serde_json::Map::new(),
    }
}

/// A change in words, as the history lists it: "đánh dấu xong", "đổi tên
/// bước: «Lễ chào cờ» → «Chào cờ»", "tạo", "xóa". `utc_offset_minutes`
/// for the times a change sets (a step done at 08:03).
pub fn describe_vi(field: &str, old: &Value, new: &Value, utc_offset_minutes: i32) -> String {
    let text = |v: &Value| match v {
        Value::Null => "(trống)".to_string(),
        Value::String(s) if s.is_empty() => "(trống)".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "có".to_string(),
        Value::Bool(false) => "không".to_string(),
        other => other.to_string(),
    };
    let at = |v: &Value| {
        v.as_u64().map(|ms| {
            crate::text::format::format_hhmm(crate::text::format::local_minutes(
                ms,
                utc_offset_minutes,
            ))
        })
    };
    match field {
        CREATED => "tạo mới".to_string(),
        "removed" => match serde_json::from_value::<crate::Tombstone>(new.clone()) {
            Ok(t) if t.is_removed() => "xóa".to_string(),
            _ => "khôi phục".to_string(),
        },
        "done_at" | "checked_in" | "presented_at" => match at(new) {
            Some(t) => format!("đánh dấu xong lúc {t}"),
            None => "bỏ đánh dấu".to_string(),
        },
        "increments" => format!("đếm thêm {} người", diff(old, new)),
        "left_out" => match serde_json::from_value::<crate::Tombstone>(new.clone()) {
            Ok(t) if t.is_removed() => "không tính số người máy này đếm".to_string(),
            _ => "tính lại số người máy này đếm".to_string(),
        },
        "corrections" => format!("bớt {} người", diff(old, new)),
        "source" if new == "imported" => "nhập từ tệp số liệu các năm trước".to_string(),
        "source" => "nhập trên ứng dụng".to_string(),
        _ => {
            // A figure of a unit's year is stored under its key.
            let name = crate::movement::figures::Figure::from_key(field)
                .map_or_else(|| field_vi(field).to_string(), |f| f.name_vi());
            format!("đổi {name}: «{}» → «{}»", text(old), text(new))
        }
    }
}

fn diff(old: &Value, new: &Value) -> u64 {
    new.as_u64()
        .unwrap_or(0)
        .saturating_sub(old.as_u64().unwrap_or(0))
}

/// A field's name for officers.
fn field_vi(field: &str) -> &str {
    match field {
        "title" => "tên bước",
        "performer" => "người thực hiện",
        "planned" => "giờ dự kiến",
        "skipped" => "bỏ qua",
        "order" => "thứ tự",
        "host_name" => "tên đơn vị tổ chức",
        "place" => "địa điểm",
        "date" => "ngày tổ chức",
        "level" => "cấp tổ chức",
        "showcase" => "điểm chỉ đạo",
        "name" => "họ tên",
        "quantity" => "số lượng",
        "text" => "nội dung",
        "lines" => "dòng chữ",
        "kind" => "loại",
        "households" => "số hộ",
        "people" => "số người",
        "since" => "thời điểm bắt đầu",
        "stopped" => "thời điểm dừng hoạt động",
        "typical" => "tiêu biểu",
        "results" => "kết quả",
        other => other,
    }
}

/// A register's `[value, stamp]` as the value and the stamp; anything else
/// as itself, with no stamp.
pub(crate) fn split(v: Value) -> (Value, Option<Value>) {
    match v {
        Value::Array(mut pair)
            if pair.len() == 2 && matches!(&pair[1], Value::Array(s) if s.len() == 3) =>
        {
            let stamp = pair.pop();
            (pair.pop().unwrap_or(Value::Null), stamp)
        }
        other => (other, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::clock::{DeviceId, Hlc};
    use crate::{EventId, EventState, NewEvent, Tally};
    use serde_json::json;
    use uuid::Uuid;

    #[test]
    fn a_change_is_listed_field_by_field_with_its_values_and_stamp() {
        let id = EventId(Uuid::from_u128(8));
        let mut clock = Hlc::new(DeviceId(Uuid::from_u128(1)));
        let records = EventState::create(id, NewEvent::example(), clock.tick(1_000)).unwrap();
        let state = EventState::from_records(id, records.clone()).unwrap();
        let step = state.program()[1].id;
        let before = state.record(&crate::RecordKey {
            kind: crate::RecordKind::Step,
            id: step.0,
        });
        let renamed = state
            .rename_step(step, "Chào cờ", clock.tick(2_000))
            .unwrap();
        let changes = field_changes(before.as_ref(), &renamed);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].field, "title");
        assert_eq!(changes[0].old, json!("Lễ chào cờ"));
        assert_eq!(changes[0].new, json!("Chào cờ"));
        assert_eq!(changes[0].stamp.as_ref().unwrap()[0], json!(2_000));
        // A new record: one entry, every field's first value.
        let created = field_changes(None, &records[0]);
        assert_eq!(created.len(), 1);
        assert_eq!(created[0].field, CREATED);
        assert_eq!(created[0].new, Value::Null);
        // The gate's tallies are plain counts.
        let device = DeviceId(Uuid::from_u128(2));
        let five = Record::Headcount(Tally::zero(device).tapped(5));
        let six = Record::Headcount(Tally::zero(device).tapped(5).tapped(1));
        let tap = field_changes(Some(&five), &six);
        assert_eq!(tap.len(), 1);
        assert_eq!(
            (tap[0].field.as_str(), &tap[0].old, &tap[0].new),
            ("increments", &json!(5), &json!(6))
        );
        assert_eq!(tap[0].stamp, None);
        assert!(field_changes(Some(&six), &six).is_empty());
    }

    #[test]
    fn changes_read_as_an_officer_would_say_them() {
        // 01:03 UTC is 08:03 in Việt Nam.
        let at = json!(1_787_101_380_000u64);
        assert_eq!(
            describe_vi("done_at", &Value::Null, &at, 420),
            "đánh dấu xong lúc 08:03"
        );
        assert_eq!(
            describe_vi("done_at", &at, &Value::Null, 420),
            "bỏ đánh dấu"
        );
        assert_eq!(
            describe_vi("title", &json!("Lễ chào cờ"), &json!("Chào cờ"), 420),
            "đổi tên bước: «Lễ chào cờ» → «Chào cờ»"
        );
        assert_eq!(
            describe_vi("increments", &json!(5), &json!(8), 420),
            "đếm thêm 3 người"
        );
        assert_eq!(
            describe_vi(CREATED, &Value::Null, &json!({}), 420),
            "tạo mới"
        );
        // A unit's year: each figure by its name, an import as such.
        assert_eq!(
            describe_vi("tips_valuable", &json!(60), &json!(90), 420),
            "đổi Tin có giá trị: «60» → «90»"
        );
        assert_eq!(
            describe_vi("source", &json!("entered"), &json!("imported"), 420),
            "nhập từ tệp số liệu các năm trước"
        );
        let device = "00000000-0000-0000-0000-000000000001";
        assert_eq!(
            describe_vi("removed", &Value::Null, &json!([1, 0, device]), 420),
            "xóa"
        );
        assert_eq!(
            describe_vi(
                "removed",
                &json!([1, 0, device]),
                &json!({"removed": [1, 0, device], "restored": [2, 0, device]}),
                420
            ),
            "khôi phục"
        );
    }
}
