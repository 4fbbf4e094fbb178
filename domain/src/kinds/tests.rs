use super::*;

#[test]
fn every_kind_has_one_name_in_keys_and_bundles() {
    let names: std::collections::HashSet<_> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names.len(), RecordKind::ALL.len());
    for kind in RecordKind::ALL {
        let json = serde_json::to_string(kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.as_str()));
        let key = RecordKey {
            kind: *kind,
            id: Uuid::from_u128(3),
        };
        assert_eq!(RecordKey::parse(&key.to_string()), Some(key));
    }
}

/// A record of every kind, as a new event and blank entries make them.
fn one_of_each_kind() -> Vec<Record> {
    use crate::kinds::award::Award;
    use crate::kinds::banner::Banner;
    use crate::kinds::budget::BudgetLine;
    use crate::kinds::decoration::Decoration;
    use crate::kinds::forum::Opinion;
    use crate::kinds::invitee::Invitee;
    use crate::kinds::outreach::Outreach;
    use crate::kinds::report::ReportText;
    use crate::kinds::submission::Submission;
    use crate::merge::items::Item;
    use crate::merge::items::ItemId;
    use crate::{DeviceId, EventId, EventState, Hlc, NewEvent, Tally};
    let device = DeviceId(Uuid::from_u128(1));
    let mut clock = Hlc::new(device);
    let stamp = clock.tick(1);
    let mut records =
        EventState::create(EventId(Uuid::from_u128(2)), NewEvent::example(), stamp).unwrap();
    records.truncate(2); // the event and its first step
    records.push(Record::Headcount(Tally::zero(device).tapped(3)));
    let id = ItemId(Uuid::from_u128(4));
    records.extend([
        Banner::blank(id, stamp).into_record(),
        Decoration::blank(id, stamp).into_record(),
        Invitee::blank(id, stamp).into_record(),
        Outreach::blank(id, stamp).into_record(),
        Opinion::blank(id, stamp).into_record(),
        Award::blank(id, stamp).into_record(),
        BudgetLine::blank(id, stamp).into_record(),
        ReportText::blank(id, stamp).into_record(),
        Submission::blank(id, stamp).into_record(),
        crate::kinds::model::Model::blank(id, stamp).into_record(),
        crate::kinds::review::ReviewText::blank(id, stamp).into_record(),
    ]);
    let mut year = crate::kinds::movement::Movement::blank("05836", 2020, stamp);
    year.figures.insert(
        crate::movement::figures::Figure::Tips,
        crate::Lww::new(3, stamp),
    );
    records.push(year.into_record());
    records
}

#[test]
fn every_kind_is_read_back_as_written() {
    let records = one_of_each_kind();
    let kinds: std::collections::HashSet<_> = records.iter().map(|r| r.key().kind).collect();
    assert_eq!(kinds.len(), RecordKind::ALL.len(), "a kind is missing here");
    let text = serde_json::to_string(&records).unwrap();
    let read: Vec<Record> = serde_json::from_str(&text).unwrap();
    assert_eq!(read, records);
}

#[test]
fn a_record_of_no_known_shape_is_refused() {
    let step = serde_json::to_value(&one_of_each_kind()[1]).unwrap();
    let fields = step["step"].clone();
    let error = |v: serde_json::Value| serde_json::from_value::<Record>(v).unwrap_err().to_string();
    // An unknown kind, named with the kinds there are.
    let unknown = error(serde_json::json!({ "gift": fields }));
    assert!(
        unknown.starts_with("unknown variant `gift`, expected one of `event`, `step`"),
        "{unknown}"
    );
    assert!(unknown.contains("`submission`"), "{unknown}");
    // A kind's fields of another kind, an extra field, no kind, two kinds.
    assert!(error(serde_json::json!({ "headcount": fields })).contains("unknown field"));
    let mut extra = fields.clone();
    extra["colour"] = "red".into();
    assert!(error(serde_json::json!({ "step": extra })).contains("unknown field `colour`"));
    error(serde_json::json!({}));
    error(serde_json::json!("step"));
    let two = format!(r#"{{"step":{fields},"step":{fields}}}"#);
    assert!(serde_json::from_str::<Record>(&two).is_err());
    // A tag that is not a name: an object, a number.
    for tag in [r#"{"step":null}"#, "1"] {
        let text = format!("{{{tag}:{fields}}}");
        assert!(serde_json::from_str::<Record>(&text).is_err(), "{text}");
    }
}

#[test]
fn merging_into_the_stored_copy_says_whether_it_changed() {
    use crate::{DeviceId, Tally};
    let device = DeviceId(Uuid::from_u128(1));
    let five = Record::Headcount(Tally::zero(device).tapped(5));
    let seven = Record::Headcount(Tally::zero(device).tapped(7));
    let new = Record::merge_into(None, &five).unwrap();
    assert!(new.changed);
    let same = Record::merge_into(Some(five.clone()), &five).unwrap();
    assert!(!same.changed);
    let more = Record::merge_into(Some(five.clone()), &seven).unwrap();
    assert!(more.changed && more.record == seven);
    let older = Record::merge_into(Some(seven.clone()), &five).unwrap();
    assert!(!older.changed && older.record == seven);
}

#[test]
fn restamping_replaces_only_the_stamps_ahead() {
    use crate::{DeviceId, EventState, Hlc, NewEvent};
    let device = DeviceId(Uuid::from_u128(1));
    let id = crate::EventId(Uuid::from_u128(9));
    let early = Stamp {
        wall: 1_000,
        counter: 0,
        device,
    };
    let late = Stamp {
        wall: 9_000_000,
        counter: 0,
        device,
    };
    let records = EventState::create(id, NewEvent::example(), early).unwrap();
    let mut step = records
        .iter()
        .find(|r| matches!(r, Record::Step(_)))
        .unwrap()
        .clone();
    let Record::Step(s) = &mut step else {
        unreachable!()
    };
    s.title.stamp = late;
    let mut clock = Hlc::new(device);
    clock.rebase(5_000);
    assert!(step.restamp_ahead(5_000, || clock.tick(2_000)));
    assert!(step.max_stamp().unwrap().wall <= 5_000);
    let Record::Step(s) = &step else {
        unreachable!()
    };
    assert_eq!(s.performer.stamp, early, "stamps within the limit stay");
    assert!(!step.restamp_ahead(5_000, || unreachable!()));
}

#[test]
fn keys_round_trip_through_text() {
    let key = RecordKey {
        kind: RecordKind::Step,
        id: Uuid::from_u128(7),
    };
    assert_eq!(RecordKey::parse(&key.to_string()), Some(key));
    assert_eq!(
        RecordKey::parse("nothing/00000000-0000-0000-0000-000000000007"),
        None
    );
    assert_eq!(RecordKey::parse("step/7"), None);
    assert_eq!(RecordKey::parse("step"), None);
}

/// A form's control is read by the name its kind declares; a name no
/// control has is refused, never ignored.
#[test]
fn a_control_no_kind_declares_is_refused() {
    use crate::kinds::award::{AwardControl, AwardFields};
    use crate::kinds::banner::BannerFields;
    let mut award = AwardFields::default();
    award
        .set(AwardControl::Recipient.name(), "Tổ dân phố 3")
        .unwrap();
    assert_eq!(award.recipient, "Tổ dân phố 3");
    assert!(matches!(
        award.set("recipent", "x"),
        Err(DomainError::UnknownControl(name)) if name == "recipent"
    ));
    assert_eq!(award.recipient, "Tổ dân phố 3");
    let mut banner = BannerFields::default();
    banner.set("line0", "NGÀY HỘI").unwrap();
    assert!(matches!(
        banner.set("title", "x"),
        Err(DomainError::UnknownControl(_))
    ));
}

#[test]
fn a_ledgers_kinds_go_only_in_bundles_that_say_they_can_hold_them() {
    for record in one_of_each_kind() {
        let kind = record.key().kind;
        let ledger = matches!(
            kind,
            RecordKind::Movement | RecordKind::Model | RecordKind::Review
        );
        assert_eq!(record.min_version() >= 3, ledger, "{kind:?}");
        let bundle = crate::Bundle::new(
            crate::EventId(Uuid::from_u128(2)),
            crate::DeviceId(Uuid::from_u128(1)),
            vec![record],
        );
        assert_eq!(bundle.version, if ledger { 3 } else { 1 }, "{kind:?}");
    }
}
