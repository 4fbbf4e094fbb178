//! Prints bundles, for the docs and the benchmarks:
//!
//! - `cargo run -p domain --example bundle` — a small example bundle (JSON);
//! - `cargo run -p domain --example bundle -- size 2000` — the size of a bundle
//!   of an event with 2,000 invitees, half checked in, raw and gzip.

use domain::kinds::invitee::{Category, Invitee, InviteeFields};
use domain::{Bundle, Day, DeviceId, EventId, EventState, Hlc, Level, NewEvent};
use uuid::Uuid;

fn event(extra: usize) -> (EventState, DeviceId) {
    let device = DeviceId(Uuid::from_u128(0x6f1c_0000_0000_4000_8000_0000_0000_0001));
    let mut clock = Hlc::new(device);
    let id = EventId(Uuid::from_u128(0x8c1f_0000_0000_4000_8000_0000_0000_0002));
    let start = 1_787_097_600_000; // 19/8/2026 07:00 in Việt Nam
    let new = NewEvent {
        host_name: "Ủy ban nhân dân xã Tân Lập".into(),
        level: Level::Xa,
        place: "Sân vận động xã Tân Lập".into(),
        date: Day::traditional(2026).unwrap(),
        showcase: true,
    };
    let mut state =
        EventState::from_records(id, EventState::create(id, new, clock.tick(start)).unwrap())
            .unwrap();
    let flag = state.program()[1].id;
    let tick = state
        .tick_step(flag, true, start + 300_000, clock.tick(start + 300_000))
        .unwrap();
    state.apply(tick).unwrap();
    state.apply(state.tap(device, 148)).unwrap();
    // A showcase event's named list, half of it checked in.
    for i in 0..extra {
        let fields = InviteeFields {
            name: format!("Nguyễn Văn Khách Mời Số {i}"),
            title: "Trưởng thôn Đông, Hội Cựu chiến binh xã".to_string(),
            category: Category::ALL[i % Category::ALL.len()],
            phone: format!("09{i:08}"),
            walk_in: false,
            checked_in: (i % 2 == 0).then_some(start + 600_000 + i as u64),
        };
        let r = state
            .save::<Invitee>(None, fields, clock.tick(start + 1_000 + i as u64))
            .unwrap();
        state.apply(r).unwrap();
    }
    (state, device)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("size") => {
            let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2_000);
            let (state, device) = event(n);
            let json = Bundle::of_state(&state, device).to_json();
            let gzip = gzip_len(json.as_bytes());
            println!(
                "records: {}, raw: {} bytes, gzip: {} bytes",
                state.records().count(),
                json.len(),
                gzip
            );
        }
        _ => {
            let (state, device) = event(0);
            let json = serde_json::to_string_pretty(&Bundle::of_state(&state, device)).unwrap();
            println!("{json}");
        }
    }
}

/// gzip -9 of the bytes, through the system's gzip (no compression crate needed).
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("gzip")
        .arg("-9")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len()
}
