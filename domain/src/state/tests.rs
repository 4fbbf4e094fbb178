use super::*;
use crate::merge::clock::Hlc;

#[test]
fn only_the_records_stamped_past_the_limit_are_restamped() {
    let mut clock = Hlc::new(DeviceId::random());
    let id = EventId::random();
    let new = NewEvent {
        host_name: "Xã Tân Lập".into(),
        level: Level::Xa,
        place: "Sân vận động xã".into(),
        date: Day::traditional(2026).unwrap(),
        showcase: false,
    };
    let records = EventState::create(id, new, clock.tick(1_000)).unwrap();
    let mut state = EventState::from_records(id, records).unwrap();
    let step = state.program()[1].id;
    let ahead = state
        .rename_step(step, "Chào cờ", clock.tick(9_000))
        .unwrap();
    state.apply(ahead).unwrap();

    let mut later = Hlc::new(clock.device);
    let restamped = state.restamped_ahead(5_000, || later.tick(2_000));
    assert_eq!(restamped.len(), 1);
    let Record::Step(s) = &restamped[0] else {
        panic!("the renamed step expected")
    };
    assert_eq!((s.id, s.title.value.as_str()), (step, "Chào cờ"));
    assert!(restamped[0].max_stamp().unwrap().wall <= 5_000);
}
