//! The bundle format: round trips, strict refusals, and that a phone pulling
//! "changes since its cursor" ends with the server's full state.

use domain::protocol::bundle::{checksum, Bundle, BundleError, MAX_BYTES};
use domain::{EventId, EventState, Hlc, Record, RecordKey};
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

mod support;
use support::*;

fn sample_state() -> (EventState, Hlc) {
    let mut clock = Hlc::new(device(0));
    let mut state = EventState::empty(event_id());
    for r in created(&mut clock) {
        state.apply(r).unwrap();
    }
    let flag = state.program()[1].id;
    let tick = state
        .tick_step(flag, true, 1_787_099_400_000, clock.tick(1_787_099_400_000))
        .unwrap();
    state.apply(tick).unwrap();
    state.apply(state.tap(device(0), 30)).unwrap();
    (state, clock)
}

fn json(bundle: &Bundle) -> serde_json::Value {
    serde_json::from_str(&bundle.to_json()).unwrap()
}

fn parse_value(v: &serde_json::Value) -> Result<Bundle, BundleError> {
    Bundle::parse(serde_json::to_string(v).unwrap().as_bytes())
}

#[test]
fn a_bundle_round_trips_to_the_same_state() {
    let (state, _) = sample_state();
    let bundle = Bundle::of_state(&state, device(0));
    let parsed = Bundle::parse(bundle.to_json().as_bytes()).unwrap();
    assert_eq!(parsed, bundle);
    let rebuilt = EventState::from_records(parsed.event, parsed.records).unwrap();
    assert_eq!(rebuilt, state);
}

#[test]
fn whitespace_does_not_matter_but_edits_do() {
    let (state, _) = sample_state();
    let bundle = Bundle::of_state(&state, device(0));
    let pretty = serde_json::to_string_pretty(&json(&bundle)).unwrap();
    assert_eq!(Bundle::parse(pretty.as_bytes()).unwrap(), bundle);

    // Change the gate count by hand, without fixing the checksum.
    let tampered = bundle
        .to_json()
        .replace("\"increments\":30", "\"increments\":3000");
    assert_ne!(tampered, bundle.to_json());
    assert_eq!(
        Bundle::parse(tampered.as_bytes()),
        Err(BundleError::ChecksumMismatch)
    );
}

#[test]
fn other_versions_and_formats_are_refused_by_name() {
    let (state, _) = sample_state();
    let mut v = json(&Bundle::of_state(&state, device(0)));
    // Nothing restored: written as version 1, which older apps read.
    assert_eq!(v["version"], 1);
    // Versions 2 and 3 are read too; 4 and 0 are named.
    for known in [2, 3] {
        v["version"] = known.into();
        assert!(parse_value(&v).is_ok());
    }
    for unknown in [4, 0] {
        v["version"] = unknown.into();
        assert_eq!(
            parse_value(&v),
            Err(BundleError::UnsupportedVersion(unknown))
        );
    }
    v["version"] = 1.into();
    v["format"] = "something-else".into();
    assert!(matches!(parse_value(&v), Err(BundleError::NotABundle(_))));
    assert!(matches!(
        Bundle::parse(b"PK\x03\x04 a zip file"),
        Err(BundleError::NotABundle(_))
    ));
    assert!(matches!(
        Bundle::parse(b""),
        Err(BundleError::NotABundle(_))
    ));
    assert!(matches!(
        Bundle::parse(b"[1,2,3]"),
        Err(BundleError::NotABundle(_))
    ));
}

#[test]
fn malformed_content_is_refused_whole() {
    let (state, _) = sample_state();
    let good = json(&Bundle::of_state(&state, device(0)));

    let mut unknown_field = good.clone();
    unknown_field["extra"] = true.into();
    assert!(matches!(
        parse_value(&unknown_field),
        Err(BundleError::Malformed(_))
    ));

    let mut bad_stamp = good.clone();
    bad_stamp["records"][1]["step"]["title"][1][0] = serde_json::json!(9_999_999_999_999_u64);
    assert!(matches!(
        parse_value(&bad_stamp),
        Err(BundleError::Malformed(_))
    ));

    let mut bad_key = good.clone();
    bad_key["records"][1]["step"]["order"][0] = "a-0".into();
    assert!(matches!(
        parse_value(&bad_key),
        Err(BundleError::Malformed(_))
    ));

    let mut bad_device = good.clone();
    bad_device["device"] = "not-a-device".into();
    assert!(matches!(
        parse_value(&bad_device),
        Err(BundleError::Malformed(_))
    ));
}

#[test]
fn oversized_bundles_are_refused_before_parsing() {
    let big = vec![b' '; MAX_BYTES + 1];
    assert_eq!(
        Bundle::parse(&big),
        Err(BundleError::TooLarge {
            bytes: MAX_BYTES + 1
        })
    );
}

#[test]
fn records_must_belong_to_the_event_and_fit_the_model() {
    let (state, mut clock) = sample_state();
    // A valid checksum does not make another event's record acceptable.
    let other = EventId(Uuid::from_u128(0xF));
    let mut records: Vec<Record> = state.records().collect();
    if let Some(Record::Event(meta)) = records.first_mut() {
        meta.id = other;
    }
    let foreign = Bundle::new(state.id, device(0), records);
    assert_eq!(
        Bundle::parse(foreign.to_json().as_bytes()),
        Err(BundleError::ForeignRecord)
    );

    // A title no phone could have typed.
    let step = state.program()[0].id;
    let mut long = state
        .edit_step(step, clock.tick(2), |s, st| {
            s.title.set("x".repeat(500), st)
        })
        .unwrap();
    if let Record::Step(s) = &mut long {
        assert_eq!(s.title.value.len(), 500);
    }
    let bundle = Bundle::new(state.id, device(0), vec![long]);
    assert!(matches!(
        Bundle::parse(bundle.to_json().as_bytes()),
        Err(BundleError::InvalidRecord(_))
    ));
}

#[test]
fn a_bundle_names_its_event() {
    let (state, _) = sample_state();
    let bundle = Bundle::of_state(&state, device(0));
    assert!(bundle.expect_event(state.id).is_ok());
    let other = EventId(Uuid::from_u128(0xF));
    assert_eq!(
        bundle.expect_event(other),
        Err(BundleError::WrongEvent {
            expected: other,
            found: state.id
        })
    );
}

#[test]
fn the_checksum_covers_every_record() {
    let (state, _) = sample_state();
    let records: Vec<Record> = state.records().collect();
    let all = checksum(&records);
    assert!(all.starts_with("sha256:") && all.len() == 7 + 64);
    assert_ne!(checksum(&records[1..]), all);
}

// ---- Changes since a cursor ----

/// The server's side of sync, as the domain sees it: a replica plus the
/// sequence number at which each record last changed.
struct Journal {
    state: EventState,
    seq: u64,
    changed_at: BTreeMap<RecordKey, u64>,
}

impl Journal {
    fn push(&mut self, records: &[Record]) {
        for r in records {
            if let Some(stored) = self.state.apply_changed(r.clone()).unwrap() {
                self.seq += 1;
                self.changed_at.insert(stored.key(), self.seq);
            }
        }
    }

    fn changes_since(&self, cursor: u64) -> (Vec<Record>, u64) {
        let records = self
            .changed_at
            .iter()
            .filter(|(_, &seq)| seq > cursor)
            .map(|(key, _)| self.state.record(key).unwrap())
            .collect();
        (records, self.seq)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn pulling_changes_since_a_cursor_ends_with_the_full_state(
        ops in proptest::collection::vec((0u8..3, op(), any::<bool>(), any::<bool>()), 0..40),
    ) {
        let mut phones: Vec<Phone> = (0..3).map(Phone::new).collect();
        let mut journal = Journal { state: EventState::empty(event_id()), seq: 0, changed_at: BTreeMap::new() };
        let first = created(&mut phones[0].clock);
        for r in &first { phones[0].receive(r); }
        let mut unsent: Vec<Vec<Record>> = vec![first, vec![], vec![]];
        let mut reader = EventState::empty(event_id());
        let mut cursor = 0;

        for (now, (d, op, push, pull)) in ops.iter().enumerate() {
            let d = *d as usize;
            let changed = phones[d].run(op, 10 + now as u64);
            unsent[d].extend(changed);
            if *push {
                // Pushes go through the bundle format, as on the wire.
                let bundle = Bundle::new(event_id(), phones[d].device, std::mem::take(&mut unsent[d]));
                let bundle = Bundle::parse(bundle.to_json().as_bytes()).unwrap();
                journal.push(&bundle.records);
                // The phone hears back everything it lacks.
                let (back, _) = journal.changes_since(0);
                for r in &back { phones[d].receive(r); }
            }
            if *pull {
                let (records, next) = journal.changes_since(cursor);
                for r in records { reader.apply(r).unwrap(); }
                cursor = next;
            }
        }
        for (d, pending) in unsent.iter().enumerate() {
            let bundle = Bundle::new(event_id(), phones[d].device, pending.clone());
            journal.push(&bundle.records);
        }
        let (records, _) = journal.changes_since(cursor);
        for r in records { reader.apply(r).unwrap(); }

        prop_assert_eq!(&reader, &journal.state);
        let mut everything = EventState::empty(event_id());
        for phone in &phones { everything.merge(&phone.state).unwrap(); }
        prop_assert_eq!(&everything, &journal.state);
        // Pushing the same bundle again changes nothing.
        let seq = journal.seq;
        let again: Vec<Record> = journal.state.records().collect();
        journal.push(&again);
        prop_assert_eq!(journal.seq, seq);
    }
}

#[test]
fn a_preview_tells_what_an_import_would_change_and_changes_nothing() {
    let (state, mut clock) = sample_state();
    let empty = EventState::empty(state.id);
    let records: Vec<Record> = state.records().collect();
    let fresh = empty.preview(&records);
    assert!(fresh.new_event && fresh.changes_anything());
    assert_eq!((fresh.added, fresh.changed), (records.len(), 0));
    assert_eq!(
        (fresh.steps_after, fresh.done_after, fresh.headcount_after),
        (11, 1, 30)
    );
    assert_eq!(fresh.host_name, "UBND xã Tân Lập");

    // The same file again brings nothing.
    let same = state.preview(&records);
    assert!(!same.new_event && !same.changes_anything());

    // Another phone's tally and a newer title.
    let mut other = state.clone();
    let tap = other.tap(device(1), 20);
    let step = other.program()[0].id;
    let rename = other
        .rename_step(step, "Văn nghệ", clock.tick(9_000_000_000_000))
        .unwrap();
    other.apply(tap.clone()).unwrap();
    other.apply(rename.clone()).unwrap();
    let before = state.clone();
    let p = state.preview(&[tap, rename]);
    assert_eq!((p.added, p.changed), (1, 1));
    assert_eq!((p.headcount_before, p.headcount_after), (30, 50));
    assert_eq!(state, before, "a preview changes nothing");
}

#[test]
fn stamps_far_ahead_of_the_receiver_are_refused() {
    use domain::merge::clock::MAX_AHEAD_MS;
    let (state, _) = sample_state();
    let bundle = Bundle::of_state(&state, device(0));
    let latest = 1_787_099_400_000;
    assert_eq!(bundle.check_stamps(latest), Ok(()));
    assert_eq!(bundle.check_stamps(latest - MAX_AHEAD_MS), Ok(()));
    let err = bundle.check_stamps(latest - MAX_AHEAD_MS - 1).unwrap_err();
    assert_eq!(err.code(), "clock_ahead");
    assert!(err.message_vi().contains("ngày giờ"));
}

#[test]
fn a_restoration_is_written_as_version_2_and_refused_in_a_version_1_bundle() {
    let (state, mut clock) = sample_state();
    let mut step = state.program()[0].clone();
    step.removed.remove(clock.tick(2));
    step.removed.restore(clock.tick(3));
    let bundle = Bundle::new(state.id, device(0), vec![Record::Step(step)]);
    assert_eq!(bundle.version, 2);
    let mut v = json(&bundle);
    assert!(parse_value(&v).is_ok());
    v["version"] = 1.into();
    assert!(matches!(parse_value(&v), Err(BundleError::Malformed(_))));
}
