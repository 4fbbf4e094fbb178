//! Storage in a real browser: IndexedDB in headless Chromium, a fresh
//! database per test.

use domain::{Day, EventId, EventState, Hlc, Level, NewEvent, Record};
use ngayhoi::error::AppError;
use ngayhoi::storage::{Db, Writer};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database, deleted when the test is done with it.
struct TestDb {
    name: String,
    /// The database's read half and its write half (the session's, in the app).
    db: Option<(Db, Writer)>,
}

impl TestDb {
    async fn new() -> TestDb {
        let name = format!("test-{}", uuid::Uuid::new_v4());
        let db = Db::open_named(&name).await.expect("open");
        TestDb { name, db: Some(db) }
    }

    fn db(&self) -> &Db {
        &self.db.as_ref().unwrap().0
    }

    fn writer(&self) -> &Writer {
        &self.db.as_ref().unwrap().1
    }

    async fn reopen(&mut self) {
        self.db.take().unwrap().0.close();
        self.db = Some(Db::open_named(&self.name).await.expect("reopen"));
    }

    async fn delete(mut self) {
        self.db.take().unwrap().0.close();
        Db::delete_named(&self.name).await.expect("delete");
    }
}

/// Where a clock that ran ahead is brought back to, in the restamp tests.
const CLOCK_FIXED_AT: u64 = 1_900_000_000_000;

/// What the session does once a clock that ran ahead is right again: every
/// stored change of `id` stamped after [`CLOCK_FIXED_AT`], stamped anew
/// (see `Session::rebase`).
async fn restamp_after_clock_fixed(db: &Db, id: EventId, clock: &mut Hlc) -> Vec<Record> {
    clock.rebase(CLOCK_FIXED_AT);
    db.load_event(id)
        .await
        .unwrap()
        .restamped_ahead(CLOCK_FIXED_AT, || clock.tick(1_800_000_000_000))
}

/// Writes `value` under `key` in the `device` store of database `name`
/// directly, as something other than this app's storage code would.
async fn put_raw(name: &str, key: String, value: wasm_bindgen::JsValue) {
    put_raw_in(name, "device", key, value).await
}

/// [`put_raw`] in any store.
async fn put_raw_in(name: &str, store: &str, key: String, value: wasm_bindgen::JsValue) {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    let raw = Database::open(name).await.unwrap();
    let tx = raw
        .transaction(store)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store(store)
        .unwrap()
        .put(value)
        .with_key(key)
        .primitive()
        .unwrap()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    raw.close();
}

fn new_event(name: &str) -> NewEvent {
    NewEvent {
        host_name: name.into(),
        level: Level::Xa,
        place: "Sân vận động xã".into(),
        date: Day::traditional(2026).unwrap(),
        showcase: true,
    }
}

async fn create(writer: &Writer, clock: &mut Hlc, name: &str) -> (EventId, EventState) {
    let id = EventId::random();
    let records = EventState::create(id, new_event(name), clock.tick(1_000)).unwrap();
    let stored = writer.commit(id, &records, clock).await.unwrap();
    (id, EventState::from_records(id, stored).unwrap())
}

#[wasm_bindgen_test]
async fn the_device_clock_is_created_once_and_persisted() {
    let mut t = TestDb::new().await;
    let first = t.writer().clock().await.unwrap();
    let mut clock = first.clone();
    let (id, _) = create(t.writer(), &mut clock, "UBND xã Tân Lập").await;
    t.reopen().await;
    let again = t.writer().clock().await.unwrap();
    assert_eq!(again.device, first.device, "device id survives a reload");
    assert_eq!(
        again, clock,
        "the clock saved with the write is the one read back"
    );
    assert!(t.db().load_event(id).await.is_ok());
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_created_event_loads_back_whole_after_reopening() {
    let mut t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Công an phường <script>1</script>").await;
    t.reopen().await;
    let loaded = t.db().load_event(id).await.unwrap();
    assert_eq!(loaded, state);
    assert_eq!(loaded.program().len(), 11);
    let listed = t.db().events().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].host_name.value,
        "Công an phường <script>1</script>"
    );
    t.delete().await;
}

#[wasm_bindgen_test]
async fn records_of_two_events_stay_apart() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (a, _) = create(t.writer(), &mut clock, "Xã A").await;
    let (b, state_b) = create(t.writer(), &mut clock, "Xã B").await;
    let tap = state_b.tap(clock.device, 3);
    t.writer().commit(b, &[tap], &clock).await.unwrap();
    assert_eq!(t.db().load_event(a).await.unwrap().headcount(), 0);
    assert_eq!(t.db().load_event(b).await.unwrap().headcount(), 3);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_commit_merges_with_what_is_stored() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let step = state.program()[1].id;
    let older = state
        .tick_step(step, true, 5_000, clock.tick(5_000))
        .unwrap();
    let newer = state
        .rename_step(step, "Lễ chào cờ Tổ quốc", clock.tick(6_000))
        .unwrap();
    // The newer write lands first; the older one arrives late (say, from a file).
    t.writer().commit(id, &[newer], &clock).await.unwrap();
    let stored = t.writer().commit(id, &[older], &clock).await.unwrap();
    let Record::Step(s) = &stored[0] else {
        panic!("a step")
    };
    assert_eq!(
        s.title.value, "Lễ chào cờ Tổ quốc",
        "the late record did not undo the rename"
    );
    assert_eq!(
        s.done_at.value,
        Some(5_000),
        "and its own field was merged in"
    );
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_failing_write_leaves_nothing_half_written() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let before_clock = t.writer().clock().await.unwrap();
    let tap = state.tap(clock.device, 5);
    // A record of another event in the same batch makes the write fail part-way.
    let (_, other) = {
        let mut c = clock.clone();
        let other_id = EventId::random();
        let recs = EventState::create(other_id, new_event("Xã khác"), c.tick(9_000)).unwrap();
        (other_id, recs)
    };
    let mut clock_after = clock.clone();
    clock_after.tick(10_000);
    let result = t
        .writer()
        .commit(id, &[tap, other[0].clone()], &clock_after)
        .await;
    assert!(matches!(result, Err(AppError::Invalid(_))), "{result:?}");
    assert_eq!(
        t.db().load_event(id).await.unwrap().headcount(),
        0,
        "the tap before the failure was rolled back"
    );
    assert_eq!(
        t.writer().clock().await.unwrap(),
        before_clock,
        "the clock was not advanced"
    );
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_missing_event_is_reported_as_such() {
    let t = TestDb::new().await;
    let result = t.db().load_event(EventId::random()).await;
    assert_eq!(result, Err(AppError::EventNotFound));
    t.delete().await;
}

// ---- Sync: the outbox, links, and what the server sends back ----

use domain::protocol::AccessGrant;
use ngayhoi::storage::SyncLink;

fn link(event: EventId) -> SyncLink {
    SyncLink {
        grant: AccessGrant {
            event,
            code: "7K3M-Q9XH-2D4P".into(),
            token: "t".repeat(64),
            join_url: "http://127.0.0.1/tham-gia?ma=7K3M-Q9XH-2D4P".into(),
            qr_svg: "<svg/>".into(),
        },
        cursor: 0,
        push_all: true,
        last_success_ms: None,
        unit: None,
        protocol: domain::protocol::PROTOCOL,
    }
}

#[wasm_bindgen_test]
async fn a_link_read_by_an_older_app_is_read_again_from_the_start() {
    let t = TestDb::new().await;
    let event = EventId::random();
    // As an app before protocol 3 saved it: no protocol kept, well read.
    let mut old = serde_json::to_value(link(event)).unwrap();
    old.as_object_mut().unwrap().remove("protocol");
    old["cursor"] = 420.into();
    let old: SyncLink = serde_json::from_value(old).unwrap();
    t.writer().save_link(&old).await.unwrap();
    let mut stored = t.db().link(event).await.unwrap().unwrap();
    assert_eq!((stored.protocol, stored.cursor), (0, 420));
    stored.upgrade_protocol();
    assert_eq!(
        (stored.protocol, stored.cursor),
        (domain::protocol::PROTOCOL, 0)
    );
    // Once upgraded, the cursor goes on.
    stored.cursor = 7;
    stored.upgrade_protocol();
    assert_eq!(stored.cursor, 7);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn every_local_change_waits_in_the_outbox_until_acknowledged() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    assert_eq!(
        t.db().pending_count(id).await.unwrap(),
        16,
        "the event, its 11 steps and its 4 standard decoration jobs"
    );

    // A tap, then the server acknowledges everything it had at that moment.
    clock.tick(2_000);
    t.writer()
        .commit(id, &[state.tap(clock.device, 5)], &clock)
        .await
        .unwrap();
    let snapshot = t.db().outbox(id).await.unwrap();
    assert_eq!(snapshot.len(), 17);
    // Meanwhile, another tap: its record must stay in the outbox.
    let tapped = t.db().load_event(id).await.unwrap();
    clock.tick(3_000);
    t.writer()
        .commit(id, &[tapped.tap(clock.device, 1)], &clock)
        .await
        .unwrap();

    let mut l = link(id);
    l.cursor = 42;
    l.push_all = false;
    t.writer()
        .apply_remote(id, &[], &snapshot, &l, &clock)
        .await
        .unwrap();
    let left = t.db().outbox(id).await.unwrap();
    assert_eq!(
        left.len(),
        1,
        "only the change made during the sync is left: {left:?}"
    );
    assert!(left[0].0.contains("/headcount/"));
    assert_eq!(t.db().link(id).await.unwrap(), Some(l));
    t.delete().await;
}

#[wasm_bindgen_test]
async fn records_from_the_server_merge_without_entering_the_outbox() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let other_device = domain::DeviceId::random();
    let theirs = state.tap(other_device, 20);
    let before = t.db().pending_count(id).await.unwrap();
    t.writer().save_link(&link(id)).await.unwrap();
    t.writer()
        .apply_remote(id, &[theirs], &[], &link(id), &clock)
        .await
        .unwrap();
    assert_eq!(t.db().pending_count(id).await.unwrap(), before);
    assert_eq!(t.db().load_event(id).await.unwrap().headcount(), 20);
    assert_eq!(t.db().links().await.unwrap().len(), 1);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_version_1_database_climbs_the_ladder_and_keeps_its_data() {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;

    // A database as the first release of the app left it.
    let name = format!("test-v1-{}", uuid::Uuid::new_v4());
    let v1 = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("events").build()?;
            db.create_object_store("records").build()?;
            db.create_object_store("device").build()?;
            Ok(())
        })
        .await
        .unwrap();
    let mut clock = Hlc::new(domain::DeviceId::random());
    let id = EventId::random();
    let records = EventState::create(id, new_event("Xã cũ"), clock.tick(1_000)).unwrap();
    {
        let tx = v1
            .transaction(["events", "records"])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        for r in &records {
            let json = serde_json::to_string(r).unwrap();
            let (store, key) = match r {
                Record::Event(_) => ("events", id.to_string()),
                _ => ("records", format!("{id}/{}", r.key())),
            };
            tx.object_store(store)
                .unwrap()
                .put(json)
                .with_key(key)
                .primitive()
                .unwrap()
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    v1.close();

    let (db, _) = Db::open_named(&name).await.unwrap();
    let loaded = db.load_event(id).await.unwrap();
    assert_eq!(loaded.program().len(), 11, "the old event is intact");
    assert_eq!(
        db.pending_count(id).await.unwrap(),
        0,
        "the new outbox store exists"
    );
    assert_eq!(
        db.links().await.unwrap(),
        vec![],
        "and so does the sync store"
    );
    db.close();
    Db::delete_named(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn taps_from_two_tabs_of_one_phone_add_up() {
    // The installed app and a browser tab: two connections, one device.
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, _) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let (other_tab, other_tab_writer) = Db::open_named(&t.name).await.unwrap();
    for _ in 0..5 {
        clock.tick(2_000);
        t.writer()
            .tap(id, clock.device, 1, Uuid::new_v4(), &clock)
            .await
            .unwrap();
    }
    for _ in 0..3 {
        clock.tick(3_000);
        other_tab_writer
            .tap(id, clock.device, 1, Uuid::new_v4(), &clock)
            .await
            .unwrap();
    }
    clock.tick(4_000);
    let last = other_tab_writer
        .tap(id, clock.device, -1, Uuid::new_v4(), &clock)
        .await
        .unwrap();
    let Record::Headcount(tally) = last else {
        panic!("a tally")
    };
    assert_eq!((tally.increments, tally.corrections), (8, 1));
    assert_eq!(t.db().load_event(id).await.unwrap().headcount(), 7);
    other_tab.close();
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_tap_written_twice_counts_once() {
    // The tap's own write, and the replay of its journal entry at the next
    // start (another connection): whichever comes second changes nothing.
    let mut t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, _) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let tap = Uuid::new_v4();
    clock.tick(2_000);
    t.writer()
        .tap(id, clock.device, 5, tap, &clock)
        .await
        .unwrap();
    let (replaying, replaying_writer) = Db::open_named(&t.name).await.unwrap();
    clock.tick(3_000);
    let again = replaying_writer
        .tap(id, clock.device, 5, tap, &clock)
        .await
        .unwrap();
    let Record::Headcount(tally) = again else {
        panic!("a tally")
    };
    assert_eq!(tally.net(), 5, "the replay returns the tally as stored");
    // Another tap with its own id still counts.
    clock.tick(4_000);
    replaying_writer
        .tap(id, clock.device, 1, Uuid::new_v4(), &clock)
        .await
        .unwrap();
    replaying.close();
    t.reopen().await;
    assert_eq!(t.db().load_event(id).await.unwrap().headcount(), 6);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn marks_of_counted_taps_are_forgotten_only_when_old() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, _) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let tap = Uuid::new_v4();
    let now = js_sys::Date::now() as u64;
    clock.tick(2_000);
    t.writer()
        .tap(id, clock.device, 1, tap, &clock)
        .await
        .unwrap();
    // A day-old cut-off keeps a mark made just now.
    t.writer().forget_taps(now - 86_400_000).await.unwrap();
    clock.tick(3_000);
    t.writer()
        .tap(id, clock.device, 1, tap, &clock)
        .await
        .unwrap();
    assert_eq!(t.db().load_event(id).await.unwrap().headcount(), 1);
    // Past the cut-off the mark goes (and the tap would count again), and
    // nothing else in the device store does.
    t.writer().forget_taps(now + 60_000).await.unwrap();
    clock.tick(4_000);
    t.writer()
        .tap(id, clock.device, 1, tap, &clock)
        .await
        .unwrap();
    assert_eq!(t.db().load_event(id).await.unwrap().headcount(), 2);
    assert_eq!(t.writer().clock().await.unwrap(), clock);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn an_imported_invitee_list_is_stored_whole_and_checks_in_merge() {
    use domain::kinds::invitee::list::parse_list;
    use domain::kinds::invitee::Invitee;
    use domain::ItemId;
    let mut t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    // A showcase event's list: 2,000 people in one transaction.
    let text: String = (0..2_000)
        .map(|i| format!("Nguyễn Văn Số {i},Thôn {},uy tín\n", i % 12))
        .collect();
    let list = parse_list(&text);
    assert_eq!(list.rows.len(), 2_000);
    let records = state
        .add_all::<Invitee>(list.rows.into_iter().map(|(_, f)| f), clock.tick(2_000))
        .unwrap();
    t.writer().commit(id, &records, &clock).await.unwrap();
    t.reopen().await;
    let loaded = t.db().load_event(id).await.unwrap();
    assert_eq!(loaded.summary(0).invitees_total.listed, 2_000);

    // Two check-ins of one person (a file from another phone arriving late)
    // leave one person present.
    let first = ItemId(records[0].key().id);
    let a = loaded
        .update::<Invitee>(first, clock.tick(3_000), |f| f.checked_in = Some(3_000))
        .unwrap();
    let b = loaded
        .update::<Invitee>(first, clock.tick(3_100), |f| f.checked_in = Some(3_100))
        .unwrap();
    t.writer().commit(id, &[b], &clock).await.unwrap();
    t.writer().commit(id, &[a], &clock).await.unwrap();
    let loaded = t.db().load_event(id).await.unwrap();
    assert_eq!(loaded.summary(0).invitees_total.present, 1);
    assert_eq!(
        loaded.entry::<Invitee>(first).unwrap().checked_in.value,
        Some(3_100),
        "the late file did not undo the later check-in"
    );
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_screen_reads_only_the_kinds_it_shows_and_the_rest_later_equals_the_whole() {
    use domain::kinds::invitee::{Invitee, InviteeFields};
    use domain::RecordKind;
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let people = (0..300).map(|i| InviteeFields {
        name: format!("Người {i}"),
        ..Default::default()
    });
    let records = state.add_all::<Invitee>(people, clock.tick(2_000)).unwrap();
    let tap = state.tap(clock.device, 4);
    t.writer()
        .commit(id, &[records, vec![tap]].concat(), &clock)
        .await
        .unwrap();
    let whole = t.db().load_event(id).await.unwrap();

    // The gate's kinds: the program and the count, no invitee read.
    let frame = [RecordKind::Step, RecordKind::Headcount];
    let mut gate = t.db().load_event_holding(id, &frame).await.unwrap();
    assert!(gate.holds(&frame) && !gate.holds(&[RecordKind::Invitee]));
    assert_eq!(gate.program().len(), 11);
    assert_eq!(gate.headcount(), 4);
    assert!(gate.items.is_empty(), "no list entry read");
    assert_eq!(gate.meta, whole.meta);

    // The rest, read when a screen needs it: the same event as read whole.
    let rest: Vec<RecordKind> = gate.left_in_storage.iter().copied().collect();
    let read = t.db().records_of(id, &rest).await.unwrap();
    assert_eq!(
        read.iter()
            .filter(|r| matches!(r, Record::Invitee(_)))
            .count(),
        300
    );
    gate.read_kinds(&rest, read).unwrap();
    assert_eq!(gate, whole);
    assert!(matches!(
        t.db().load_event_holding(EventId::random(), &frame).await,
        Err(AppError::EventNotFound)
    ));
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_big_write_over_stored_records_still_merges_and_counts_each_change() {
    use domain::kinds::invitee::{Invitee, InviteeFields};
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let people = (0..100).map(|i| InviteeFields {
        name: format!("Người {i}"),
        ..Default::default()
    });
    let first = state.add_all::<Invitee>(people, clock.tick(2_000)).unwrap();
    let stored = t.writer().commit(id, &first, &clock).await.unwrap();
    let state = EventState::from_records(id, stored).unwrap();
    // Every second person renamed here, later; then a file brings older
    // names for all of them plus 100 new people: one big write.
    let ids: Vec<domain::ItemId> = state.entries::<Invitee>().map(|i| i.id).collect();
    let renamed: Vec<Record> = ids
        .iter()
        .step_by(2)
        .map(|&p| {
            state
                .update::<Invitee>(p, clock.tick(9_000), |f| f.name = "Tên mới".into())
                .unwrap()
        })
        .collect();
    t.writer().commit(id, &renamed, &clock).await.unwrap();
    let older = domain::Stamp {
        wall: 3_000,
        counter: 0,
        device: clock.device,
    };
    let mut late: Vec<Record> = ids
        .iter()
        .map(|&p| {
            state
                .update::<Invitee>(p, older, |f| f.title = "Khách".into())
                .unwrap()
        })
        .collect();
    let more = (0..100).map(|i| InviteeFields {
        name: format!("Khách mới {i}"),
        ..Default::default()
    });
    late.extend(state.add_all::<Invitee>(more, clock.tick(9_500)).unwrap());
    t.writer().commit(id, &late, &clock).await.unwrap();

    let loaded = t.db().load_event(id).await.unwrap();
    assert_eq!(loaded.entries::<Invitee>().count(), 200);
    assert_eq!(
        loaded
            .entries::<Invitee>()
            .filter(|i| i.name.value == "Tên mới")
            .count(),
        50,
        "the late file did not undo a later rename"
    );
    assert!(ids
        .iter()
        .all(|&p| loaded.entry::<Invitee>(p).unwrap().title.value == "Khách"));
    // Each change counted: the renamed waited twice before the file, so three.
    let key = |p: domain::ItemId| format!("invitee/{}", p.0);
    let db = t.db();
    assert_eq!(db.pending_of(id, &key(ids[0])).await.unwrap().unwrap().1, 3);
    assert_eq!(db.pending_of(id, &key(ids[1])).await.unwrap().unwrap().1, 2);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn every_event_day_list_round_trips_through_storage() {
    use domain::kinds::award::{Award, AwardFields};
    use domain::kinds::banner::{Banner, BannerFields};
    use domain::kinds::budget::{BudgetFields, BudgetLine};
    use domain::kinds::forum::{Opinion, OpinionFields};
    use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
    use domain::ItemId;
    let mut t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let records = vec![
        state
            .save::<Banner>(
                Some(ItemId(id.0)),
                BannerFields {
                    lines: vec!["CÔNG AN XÃ TÂN LẬP".into()],
                    width_cm: 850,
                    height_cm: 0,
                },
                clock.tick(2_000),
            )
            .unwrap(),
        state
            .save::<Outreach>(
                None,
                OutreachFields {
                    kind: OutreachKind::Explosives,
                    quantity: 1_500,
                    at: 2_000,
                    ..Default::default()
                },
                clock.tick(2_000),
            )
            .unwrap(),
        state
            .save::<Award>(
                None,
                AwardFields {
                    recipient: "Thôn Đông".into(),
                    ..Default::default()
                },
                clock.tick(2_000),
            )
            .unwrap(),
        state
            .save::<Opinion>(
                None,
                OpinionFields {
                    content: "Xin lắp đèn đường".into(),
                    ..Default::default()
                },
                clock.tick(2_000),
            )
            .unwrap(),
        state
            .save::<BudgetLine>(
                None,
                BudgetFields {
                    item: "Âm thanh".into(),
                    planned: 5_000_000,
                    ..Default::default()
                },
                clock.tick(2_000),
            )
            .unwrap(),
    ];
    let stored = t.writer().commit(id, &records, &clock).await.unwrap();
    assert_eq!(stored, records);
    let mut expected = state.clone();
    for r in records {
        expected.apply(r).unwrap();
    }
    t.reopen().await;
    let loaded = t.db().load_event(id).await.unwrap();
    assert_eq!(loaded, expected);
    let summary = loaded.summary(0);
    assert_eq!(summary.outreach[&OutreachKind::Explosives].quantity, 1_500);
    assert_eq!(summary.budget_total.planned, 5_000_000);
    assert_eq!(loaded.banner().size_cm(), (850, 300));
    // Every local change waits to be sent, the lists' included.
    let waiting = t.db().pending_count(id).await.unwrap();
    assert_eq!(waiting as usize, loaded.records().count());
    t.delete().await;
}

#[wasm_bindgen_test]
async fn two_versions_of_one_record_in_one_commit_both_count() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let step = state.program()[1].id;
    // A file may carry the same record twice; its writes run together.
    let ticked = state
        .tick_step(step, true, 5_000, clock.tick(5_000))
        .unwrap();
    let renamed = state
        .rename_step(step, "Chào cờ", clock.tick(6_000))
        .unwrap();
    let stored = t
        .writer()
        .commit(id, &[ticked, renamed], &clock)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    let loaded = t.db().load_event(id).await.unwrap();
    let s = &loaded.steps[&step];
    assert_eq!(s.title.value, "Chào cờ");
    assert_eq!(s.done_at.value, Some(5_000));
    t.delete().await;
}

#[wasm_bindgen_test]
async fn the_phones_unit_is_kept_until_it_signs_out() {
    use domain::unit::{Unit, UnitLevel};
    use ngayhoi::storage::Enrolled;
    let mut t = TestDb::new().await;
    assert_eq!(t.db().enrolment().await.unwrap(), None);
    let enrolled = Enrolled {
        token: "u".repeat(64),
        unit: Unit {
            code: "05836".into(),
            name: "Xã Tân Hương".into(),
            level: UnitLevel::Xa,
            parent: Some("19".into()),
        },
        home: None,
    };
    t.writer().save_enrolment(&enrolled).await.unwrap();
    t.reopen().await;
    assert_eq!(t.db().enrolment().await.unwrap(), Some(enrolled));
    // The clock beside it is untouched by either.
    let clock = t.writer().clock().await.unwrap();
    t.writer().forget_enrolment().await.unwrap();
    assert_eq!(t.db().enrolment().await.unwrap(), None);
    assert_eq!(t.writer().clock().await.unwrap(), clock);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_claim_is_kept_and_restamped_records_replace_the_stored_ones() {
    let mut t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, claim) = EventId::new_claimed();
    t.writer().save_claim(id, &claim).await.unwrap();
    // A change made while the phone's clock ran a month ahead.
    let ahead = 2_000_000_000_000u64;
    let records = EventState::create(id, new_event("Xã Tân Lập"), clock.tick(ahead)).unwrap();
    t.writer().commit(id, &records, &clock).await.unwrap();
    t.reopen().await;
    assert_eq!(
        t.db().claim(id).await.unwrap().as_deref(),
        Some(claim.as_str())
    );
    assert_eq!(t.db().claim(EventId::random()).await.unwrap(), None);

    // The clock is right again: everything after the limit is restamped and
    // replaces what was stored (a merge would keep the future stamps).
    let restamped = restamp_after_clock_fixed(t.db(), id, &mut clock).await;
    assert_eq!(restamped.len(), records.len());
    t.writer().replace(id, &restamped, &clock).await.unwrap();
    let back = t.db().load_event(id).await.unwrap();
    assert!(back
        .records()
        .filter_map(|r| r.max_stamp())
        .all(|s| s.wall <= CLOCK_FIXED_AT));
    assert_eq!(back.meta.as_ref().unwrap().host_name.value, "Xã Tân Lập");
    t.delete().await;
}

#[wasm_bindgen_test]
async fn the_waiting_count_counts_changes_not_records() {
    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, _) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let created = t.db().pending_count(id).await.unwrap();
    // Three taps at the gate change one record three times.
    for n in 0..3u64 {
        clock.tick(2_000 + n);
        t.writer()
            .tap(id, clock.device, 1, Uuid::new_v4(), &clock)
            .await
            .unwrap();
    }
    assert_eq!(t.db().pending_count(id).await.unwrap(), created + 3);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_list_read_from_its_copy_is_never_older_than_the_records() {
    use domain::kinds::invitee::{Invitee, InviteeFields};
    use domain::RecordKind;
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let people = |from: usize, n: usize| {
        (from..from + n).map(|i| InviteeFields {
            name: format!("Người {i}"),
            ..Default::default()
        })
    };
    let kinds = [RecordKind::Invitee, RecordKind::Headcount];
    // What a screen reads, checked against the event read whole.
    let names = |records: &mut dyn Iterator<Item = Record>| {
        let mut names: Vec<String> = records
            .filter_map(|r| match r {
                Record::Invitee(i) => Some(i.name.value),
                _ => None,
            })
            .collect();
        names.sort();
        names
    };
    let read = async |expected: usize| {
        let read = t.db().records_of(id, &kinds).await.unwrap();
        let listed = names(&mut read.clone().into_iter());
        let mut gate = t.db().load_event_holding(id, &[]).await.unwrap();
        gate.read_kinds(&kinds, read).unwrap();
        let whole = t.db().load_event(id).await.unwrap();
        assert_eq!(listed.len(), expected);
        assert!(
            listed == names(&mut whole.records()),
            "the list read is the stored one"
        );
        assert_eq!(gate.headcount(), whole.headcount());
        whole.headcount()
    };

    // What the phone keeps beside the records: the copy, and what changed since.
    let copy = format!("copy/{id}/{}", RecordKind::Invitee.as_str());
    let kept = async |key: String| -> Option<wasm_bindgen::JsValue> {
        let raw = Database::open(t.name.as_str()).await.unwrap();
        let tx = raw.transaction("device").build().unwrap();
        let value: Option<wasm_bindgen::JsValue> = tx
            .object_store("device")
            .unwrap()
            .get(key)
            .primitive()
            .unwrap()
            .await
            .unwrap();
        drop(tx);
        raw.close();
        value
    };
    let changes = async || {
        kept(format!("{copy}/changed"))
            .await
            .and_then(|v| v.as_string())
    };

    let first = state
        .add_all::<Invitee>(people(0, 50), clock.tick(2_000))
        .unwrap();
    t.writer().commit(id, &first, &clock).await.unwrap();
    assert!(
        kept(copy.clone()).await.is_none(),
        "no copy before a screen reads"
    );
    read(50).await;
    assert!(kept(copy.clone()).await.is_some());
    assert_eq!(changes().await.as_deref(), Some("[]"));
    read(50).await; // from the copy

    // A local change of the kind: the copy stays, the change is noted.
    let one = state
        .add_all::<Invitee>(people(50, 1), clock.tick(3_000))
        .unwrap();
    t.writer().commit(id, &one, &clock).await.unwrap();
    assert!(kept(copy.clone()).await.is_some());
    assert!(changes().await.unwrap().contains(&format!("{id}/invitee/")));
    read(51).await;
    read(51).await;

    // A tap at the gate (another kind, written its own way).
    t.writer()
        .tap(id, clock.device, 4, Uuid::new_v4(), &clock)
        .await
        .unwrap();
    assert_eq!(read(51).await, 4);

    // Records from the server.
    let theirs = state
        .add_all::<Invitee>(people(51, 1), clock.tick(4_000))
        .unwrap();
    t.writer().save_link(&link(id)).await.unwrap();
    t.writer()
        .apply_remote(id, &theirs, &[], &link(id), &clock)
        .await
        .unwrap();
    read(52).await;

    // Restamped records written over the stored ones.
    let restamped = state
        .add_all::<Invitee>(people(52, 1), clock.tick(5_000))
        .unwrap();
    t.writer().replace(id, &restamped, &clock).await.unwrap();
    read(53).await;

    // Hundreds of changes at once (an import): the copy is dropped, then
    // made again at the next read.
    let many = state
        .add_all::<Invitee>(people(53, 250), clock.tick(6_000))
        .unwrap();
    t.writer().commit(id, &many, &clock).await.unwrap();
    assert!(kept(copy.clone()).await.is_none());
    assert!(changes().await.is_none());
    read(303).await;
    assert_eq!(changes().await.as_deref(), Some("[]"));

    // A broken copy is read again from the records, and made anew.
    put_raw(
        &t.name,
        format!("copy/{id}/{}", RecordKind::Invitee.as_str()),
        js_sys::Uint8Array::from(&b"{not json"[..]).into(),
    )
    .await;
    assert_eq!(read(303).await, 4);
    assert_eq!(read(303).await, 4);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_kept_answer_is_read_back_whether_kept_as_bytes_or_as_text_by_an_older_app() {
    let t = TestDb::new().await;
    assert_eq!(t.db().cached("dashboard/2026").await.unwrap(), None);
    let json = r#"{"năm":2026}"#;
    t.writer()
        .save_cached("dashboard/2026", json.as_bytes())
        .await
        .unwrap();
    assert_eq!(
        t.db().cached("dashboard/2026").await.unwrap().as_deref(),
        Some(json.as_bytes())
    );

    // As the app before this one kept it: text.
    put_raw(&t.name, "cache/dashboard/2025".into(), json.into()).await;
    assert_eq!(
        t.db().cached("dashboard/2025").await.unwrap().as_deref(),
        Some(json.as_bytes())
    );
    t.delete().await;
}

#[wasm_bindgen_test]
async fn read_copies_never_hide_a_restamp_or_a_change_an_older_app_wrote() {
    use domain::kinds::invitee::{Invitee, InviteeFields};
    use domain::RecordKind;

    let t = TestDb::new().await;
    let mut clock = t.writer().clock().await.unwrap();
    let (id, state) = create(t.writer(), &mut clock, "Xã Tân Lập").await;
    let kinds = [RecordKind::Invitee];
    let person = |name: &str| InviteeFields {
        name: name.into(),
        ..Default::default()
    };
    let invitees = async || {
        let mut listed = t.db().load_event_holding(id, &[]).await.unwrap();
        let read = t.db().records_of(id, &kinds).await.unwrap();
        listed.read_kinds(&kinds, read).unwrap();
        listed
            .entries::<Invitee>()
            .map(|i| (i.name.value.clone(), i.name.stamp.wall))
            .collect::<Vec<_>>()
    };

    // Written while the clock ran a month ahead, and read (a copy is made).
    let ahead = 2_000_000_000_000u64;
    let written = state
        .add_all::<Invitee>([person("Người 1")], clock.tick(ahead))
        .unwrap();
    t.writer().commit(id, &written, &clock).await.unwrap();
    assert_eq!(invitees().await, [("Người 1".to_string(), ahead)]);

    // The clock is right again: restamped records replace the stored ones,
    // and the read shows the restamped ones, not the copy's future stamps.
    let restamped = restamp_after_clock_fixed(t.db(), id, &mut clock).await;
    t.writer().replace(id, &restamped, &clock).await.unwrap();
    let after = invitees().await;
    assert_eq!(after.len(), 1);
    assert!(
        after[0].1 <= CLOCK_FIXED_AT,
        "future stamp shown: {after:?}"
    );
    invitees().await; // a copy again

    // An older app in another tab writes a person without keeping the
    // copies; then this app writes something else (a tap).
    let theirs = state
        .add_all::<Invitee>([person("Người 2")], clock.tick(1_800_000_100_000))
        .unwrap();
    let record = &theirs[0];
    put_raw_in(
        &t.name,
        "records",
        format!("{id}/{}", record.key()),
        serde_json::to_string(record).unwrap().into(),
    )
    .await;
    put_raw(&t.name, "copy/clock".into(), "1.0".into()).await;
    t.writer()
        .tap(id, clock.device, 1, Uuid::new_v4(), &clock)
        .await
        .unwrap();
    let names: Vec<String> = invitees().await.into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Người 2".to_string()));
    t.delete().await;
}
