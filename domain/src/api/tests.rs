use super::*;
use crate::rules::Refusal;
use crate::EventId;
use std::collections::HashSet;

/// The links the server writes are read back as the code they carry.
#[test]
fn app_links_carry_their_code() {
    let join = AppLink::Join.to("https://ngayhoi.example.vn", "7K3M-Q9XH-2D4P");
    assert_eq!(
        join,
        "https://ngayhoi.example.vn/tham-gia#ma=7K3M-Q9XH-2D4P"
    );
    assert_eq!(
        crate::protocol::code_from_scan(&join).as_deref(),
        Some("7K3M-Q9XH-2D4P")
    );
    let unit = AppLink::UnitSignIn.to("https://a.vn", "ABCD");
    assert_eq!(unit, "https://a.vn/don-vi#ma=ABCD");
}

/// A refused bundle is answered under the code the bundle itself gives.
#[test]
fn bundle_errors_answer_their_own_codes() {
    use crate::{BundleError as B, DomainError};
    let errors = [
        B::TooLarge { bytes: 1 },
        B::NotABundle(String::new()),
        B::UnsupportedVersion(9),
        B::Malformed(String::new()),
        B::TooManyRecords(1),
        B::ChecksumMismatch,
        B::ForeignRecord,
        B::InvalidRecord(DomainError::NotFound("step")),
        B::StampAhead { wall: 2, now: 1 },
        B::WrongEvent {
            expected: crate::EventId::random(),
            found: crate::EventId::random(),
        },
    ];
    for e in &errors {
        assert_eq!(Code::from(e).as_str(), e.code());
    }
}

#[test]
fn routes_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for &(method, path) in ROUTES {
        assert!(
            seen.insert((method, path)),
            "{} {path} twice",
            method.as_str()
        );
        assert!(path.starts_with(PREFIX), "{path}");
        assert!(!path.ends_with('/'), "{path}");
        let mut names = HashSet::new();
        for segment in path.split('/').skip(1) {
            assert!(!segment.is_empty(), "{path}: an empty segment");
            let param = segment.starts_with('{') || segment.ends_with('}');
            if param {
                let name = segment
                    .strip_prefix('{')
                    .and_then(|s| s.strip_suffix('}'))
                    .unwrap_or_else(|| panic!("{path}: {segment}"));
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()),
                    "{path}: {segment}"
                );
                assert!(names.insert(name), "{path}: {name} twice");
            } else {
                assert!(
                    segment
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{path}: {segment}"
                );
            }
        }
    }
    // Two paths the router could not tell apart: the same segments with
    // parameters in the same places (their names aside) under the same
    // method.
    let shapes: HashSet<_> = ROUTES
        .iter()
        .map(|(m, p)| {
            let shape: Vec<_> = p
                .split('/')
                .map(|s| if s.starts_with('{') { "{}" } else { s })
                .collect();
            (*m, shape)
        })
        .collect();
    assert_eq!(shapes.len(), ROUTES.len());
}

/// Each declaration's parameters are as many as its path has.
fn arity<E: Endpoint>(values: E::Params) {
    let filled = values.fill(E::PATH);
    assert!(!filled.contains('{') && !filled.contains('}'), "{filled}");
    assert_eq!(
        filled.split('/').count(),
        E::PATH.split('/').count(),
        "{}",
        E::PATH
    );
}

#[test]
fn every_parameter_is_filled() {
    let event = EventId(uuid::Uuid::nil());
    let s = || "x".to_string();
    arity::<Health>(());
    arity::<Register>(());
    arity::<Join>(());
    arity::<Sync>((event,));
    arity::<Rotate>((event,));
    arity::<Leave>((event,));
    arity::<Enrol>(());
    arity::<Home>(());
    arity::<ReportsBelow>(());
    arity::<Dashboard>(());
    arity::<Period>(());
    arity::<UnitHome>((s(),));
    arity::<Rename>((s(),));
    arity::<AddUnit>((s(),));
    arity::<Audit>((s(),));
    arity::<IssueCode>((s(),));
    arity::<WithdrawCode>((s(),));
    arity::<OwnDeadline>((s(),));
    arity::<SetDeadline>((s(),));
    arity::<Attach>((event,));
    arity::<Reports>((event,));
    arity::<Decide>((event, s()));
    arity::<History>((event,));
    arity::<Devices>((event,));
    arity::<UndoDevice>((event, s()));
    assert_eq!(ROUTES.len(), 25);
}

#[test]
fn params_fill_in_order() {
    let event = EventId(uuid::Uuid::nil());
    assert_eq!(
        Decide::url(&(event, "s-1".into()), &()),
        "/api/events/00000000-0000-0000-0000-000000000000/reports/s-1/decision"
    );
    assert_eq!(
        UnitHome::url(&("05836".into(),), &2026.into()),
        "/api/units/05836?year=2026"
    );
    assert_eq!(Home::url(&(), &YearQuery::default()), "/api/units/me");
    assert_eq!(Register::url(&(), &()), "/api/events");
    assert_eq!(
        Period::url(
            &(),
            &PeriodQuery {
                from: 2015,
                to: 2020
            }
        ),
        "/api/units/me/period?from=2015&to=2020"
    );
    assert_eq!(params(UndoDevice::PATH), ["id", "device"]);
}

#[test]
fn queries_write_what_the_server_reads() {
    let event = EventId(uuid::Uuid::nil());
    let query = HistoryQuery {
        record: Some("step/a b".into()),
        ..Default::default()
    };
    assert_eq!(
        History::url(&(event,), &query),
        "/api/events/00000000-0000-0000-0000-000000000000/history?record=step/a%20b"
    );
    let query = HistoryQuery {
        record: None,
        after: 5,
        limit: Some(10),
    };
    let url = History::url(&(event,), &query);
    assert!(url.ends_with("/history?after=5&limit=10"), "{url}");
}

#[test]
fn codes_are_unique_and_keep_the_rule_books() {
    let strings: HashSet<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(strings.len(), Code::ALL.len());
    let refusals = [
        Refusal::NotFound,
        Refusal::Forbidden,
        Refusal::ReadOnly,
        Refusal::Revoked,
        Refusal::UnitHasPhones,
        Refusal::LevelNotBelow,
        Refusal::UndoSelf,
    ];
    for refusal in refusals {
        assert!(Code::ALL.contains(&Code::Rule(refusal)));
        assert_eq!(Code::Rule(refusal).as_str(), refusal.code());
    }
    // Every bundle refusal's code is declared.
    let bundle = [
        crate::BundleError::ChecksumMismatch,
        crate::BundleError::ForeignRecord,
    ];
    for e in bundle {
        assert!(strings.contains(e.code()), "{}", e.code());
    }
}

#[test]
fn no_route_declares_a_code_twice() {
    fn check<E: Endpoint>() {
        let all: Vec<_> = E::ERRORS.iter().chain(ANY_ROUTE).collect();
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{}", E::PATH);
    }
    check::<Register>();
    check::<Sync>();
    check::<Rotate>();
    check::<Leave>();
    check::<AddUnit>();
    check::<IssueCode>();
    check::<Attach>();
    check::<Decide>();
    check::<UndoDevice>();
}
