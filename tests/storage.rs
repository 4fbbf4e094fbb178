//! Storage in a real browser: IndexedDB in headless Chromium, a fresh
//! database per test.

use domain::{Day, EventId, EventState, Hlc, Level, NewEvent, Record};
use ngayhoi::error::AppError;
use ngayhoi::storage::Db;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database, deleted when the test is done with it.
struct TestDb {
    name: String,
    db: Option<Db>,
}

impl TestDb {
    async fn new() -> TestDb {
        let name = format!("test-{}", uuid::Uuid::new_v4());
        let db = Db::open_named(&name).await.expect("open");
        TestDb { name, db: Some(db) }
    }

    fn db(&self) -> &Db {
        self.db.as_ref().unwrap()
    }

    async fn reopen(&mut self) {
        self.db.take().unwrap().close();
        self.db = Some(Db::open_named(&self.name).await.expect("reopen"));
    }

    async fn delete(mut self) {
        self.db.take().unwrap().close();
        Db::delete_named(&self.name).await.expect("delete");
    }
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

async fn create(db: &Db, clock: &mut Hlc, name: &str) -> (EventId, EventState) {
    let id = EventId::random();
    let records = EventState::create(id, new_event(name), clock.tick(1_000)).unwrap();
    let stored = db.commit(id, &records, clock).await.unwrap();
    (id, EventState::from_records(id, stored).unwrap())
}

#[wasm_bindgen_test]
async fn the_device_clock_is_created_once_and_persisted() {
    let mut t = TestDb::new().await;
    let first = t.db().clock().await.unwrap();
    let mut clock = first.clone();
    let (id, _) = create(t.db(), &mut clock, "UBND xã Tân Lập").await;
    t.reopen().await;
    let again = t.db().clock().await.unwrap();
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
    let mut clock = t.db().clock().await.unwrap();
    let (id, state) = create(t.db(), &mut clock, "Công an phường <script>1</script>").await;
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
    let mut clock = t.db().clock().await.unwrap();
    let (a, _) = create(t.db(), &mut clock, "Xã A").await;
    let (b, state_b) = create(t.db(), &mut clock, "Xã B").await;
    let tap = state_b.tap(clock.device, 3);
    t.db().commit(b, &[tap], &clock).await.unwrap();
    assert_eq!(t.db().load_event(a).await.unwrap().headcount(), 0);
    assert_eq!(t.db().load_event(b).await.unwrap().headcount(), 3);
    t.delete().await;
}

#[wasm_bindgen_test]
async fn a_commit_merges_with_what_is_stored() {
    let t = TestDb::new().await;
    let mut clock = t.db().clock().await.unwrap();
    let (id, state) = create(t.db(), &mut clock, "Xã Tân Lập").await;
    let step = state.program()[1].id;
    let older = state
        .tick_step(step, true, 5_000, clock.tick(5_000))
        .unwrap();
    let newer = state
        .rename_step(step, "Lễ chào cờ Tổ quốc", clock.tick(6_000))
        .unwrap();
    // The newer write lands first; the older one arrives late (say, from a file).
    t.db().commit(id, &[newer], &clock).await.unwrap();
    let stored = t.db().commit(id, &[older], &clock).await.unwrap();
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
    let mut clock = t.db().clock().await.unwrap();
    let (id, state) = create(t.db(), &mut clock, "Xã Tân Lập").await;
    let before_clock = t.db().clock().await.unwrap();
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
        .db()
        .commit(id, &[tap, other[0].clone()], &clock_after)
        .await;
    assert!(matches!(result, Err(AppError::Invalid(_))), "{result:?}");
    assert_eq!(
        t.db().load_event(id).await.unwrap().headcount(),
        0,
        "the tap before the failure was rolled back"
    );
    assert_eq!(
        t.db().clock().await.unwrap(),
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
