//! Fuzzes bundle parsing: any bytes either parse into a bundle that passes
//! its own checks and survives a round trip, or are refused — never a panic.
#![no_main]

use domain::{Bundle, EventState};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(bundle) = Bundle::parse(data) {
        assert!(bundle.check().is_ok());
        let again = Bundle::parse(bundle.to_json().as_bytes()).expect("a parsed bundle re-parses");
        assert_eq!(again, bundle);
        // Whatever a bundle holds merges without error into its own event.
        let mut state = EventState::empty(bundle.event);
        for record in bundle.records {
            state.apply(record).expect("records of the bundle's event merge");
        }
    }
});
