//! The event-day lists: saving from forms, two phones on one list, and the
//! summary the report is built from.

use domain::kinds::award::{Award, AwardFields, AwardForm};
use domain::kinds::banner::{Banner, BannerFields};
use domain::kinds::budget::{BudgetFields, BudgetLine, FundSource};
use domain::kinds::decoration::Decoration;
use domain::kinds::forum::{Opinion, OpinionFields, OpinionStatus};
use domain::kinds::invitee::list::parse_list;
use domain::kinds::invitee::{Category, Invitee, InviteeFields};
use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
use domain::state::summary::{CategoryCount, InviteeCounts};
use domain::{DomainError, EventState, Hlc, Item, ItemId, Record};

mod support;
use support::*;

/// Two phones that start from the same new event.
fn two_phones() -> (Phone, Phone) {
    let mut a = Phone::new(0);
    let mut b = Phone::new(1);
    for r in created(&mut a.clock) {
        a.receive(&r);
        b.receive(&r);
    }
    (a, b)
}

/// Applies a command's record on the phone that made it.
fn made(record: Result<Record, DomainError>, phone: &mut Phone) -> Record {
    let record = record.unwrap();
    phone.receive(&record);
    record
}

fn person(name: &str, category: Category) -> InviteeFields {
    InviteeFields {
        name: name.into(),
        category,
        ..Default::default()
    }
}

#[test]
fn two_phones_checking_in_the_same_person_count_them_once() {
    let (mut a, mut b) = two_phones();
    let stamp = a.clock.tick(100);
    let an = made(
        a.state
            .save::<Invitee>(None, person("Nguyễn Văn An", Category::Public), stamp),
        &mut a,
    );
    b.receive(&an);
    let id = ItemId(an.key().id);

    // Both officers find him and tick him, neither online.
    let sa = a.clock.tick(200);
    let ra = made(
        a.state
            .update::<Invitee>(id, sa, |f| f.checked_in = Some(200)),
        &mut a,
    );
    let sb = b.clock.tick(205);
    let rb = made(
        b.state
            .update::<Invitee>(id, sb, |f| f.checked_in = Some(205)),
        &mut b,
    );
    a.receive(&rb);
    b.receive(&ra);

    assert_eq!(a.state, b.state);
    let summary = a.state.summary(0);
    assert_eq!(summary.invitees_total.present, 1);
    assert_eq!(summary.invitees_total.listed, 1);
    // The later check-in time wins on both phones.
    assert_eq!(
        a.state.entry::<Invitee>(id).unwrap().checked_in.value,
        Some(205)
    );
}

#[test]
fn hand_ins_logged_on_two_phones_add_up_after_sync() {
    let (mut a, mut b) = two_phones();
    let log = |p: &mut Phone, kind, quantity, now| {
        let stamp = p.clock.tick(now);
        let fields = OutreachFields {
            kind,
            quantity,
            at: now,
            ..Default::default()
        };
        made(p.state.save::<Outreach>(None, fields, stamp), p)
    };
    let from_a = [
        log(&mut a, OutreachKind::Guns, 2, 100),
        log(&mut a, OutreachKind::Explosives, 1500, 101),
    ];
    let from_b = [
        log(&mut b, OutreachKind::Guns, 1, 100),
        log(&mut b, OutreachKind::Rounds, 40, 102),
        log(&mut b, OutreachKind::Explosives, 250, 103),
    ];
    for r in &from_a {
        b.receive(r);
    }
    for r in &from_b {
        a.receive(r);
    }
    assert_eq!(a.state, b.state);
    let totals = a.state.summary(0).outreach;
    assert_eq!(totals[&OutreachKind::Guns].quantity, 3);
    assert_eq!(totals[&OutreachKind::Guns].entries, 2);
    assert_eq!(totals[&OutreachKind::Rounds].quantity, 40);
    assert_eq!(
        OutreachKind::Explosives.format_quantity(totals[&OutreachKind::Explosives].quantity),
        "1,75 kg"
    );
    assert!(!totals.contains_key(&OutreachKind::Detonators));
}

#[test]
fn saving_a_form_restamps_only_the_fields_that_changed() {
    let (mut a, mut b) = two_phones();
    let stamp = a.clock.tick(100);
    let r = made(
        a.state
            .save::<Invitee>(None, person("Trần Thị Bình", Category::Prestige), stamp),
        &mut a,
    );
    b.receive(&r);
    let id = ItemId(r.key().id);

    // A fixes the phone number while B, later, checks her in: both stand.
    let sa = a.clock.tick(300);
    let mut fields = a.state.entry::<Invitee>(id).unwrap().fields();
    fields.phone = "0912 345 678".into();
    let ra = made(a.state.save::<Invitee>(Some(id), fields, sa), &mut a);
    let sb = b.clock.tick(200);
    let rb = made(
        b.state
            .update::<Invitee>(id, sb, |f| f.checked_in = Some(200)),
        &mut b,
    );
    a.receive(&rb);
    b.receive(&ra);
    let merged = a.state.entry::<Invitee>(id).unwrap().fields();
    assert_eq!(merged.phone, "0912 345 678");
    assert_eq!(merged.checked_in, Some(200));
    assert_eq!(a.state, b.state);
}

#[test]
fn removed_entries_leave_the_lists_and_the_totals() {
    let (mut a, _) = two_phones();
    let stamp = a.clock.tick(100);
    let r = made(
        a.state.save::<Outreach>(
            None,
            OutreachFields {
                kind: OutreachKind::Blades,
                quantity: 5,
                ..Default::default()
            },
            stamp,
        ),
        &mut a,
    );
    let id = ItemId(r.key().id);
    let stamp = a.clock.tick(200);
    made(a.state.remove::<Outreach>(id, stamp), &mut a);
    assert_eq!(a.state.entries::<Outreach>().count(), 0);
    assert!(a.state.summary(0).outreach.is_empty());
    // An edit of a removed entry is refused rather than resurrecting it.
    let stamp = a.clock.tick(300);
    assert_eq!(
        a.state.update::<Outreach>(id, stamp, |f| f.quantity = 6),
        Err(DomainError::NotFound("entry"))
    );
}

#[test]
fn forms_refuse_what_does_not_fit() {
    let (a, _) = two_phones();
    let stamp = Hlc::new(device(0)).tick(1);
    assert_eq!(
        a.state
            .save::<Invitee>(None, person("   ", Category::Public), stamp),
        Err(DomainError::Empty { field: "name" })
    );
    let no_quantity = OutreachFields {
        kind: OutreachKind::Guns,
        ..Default::default()
    };
    assert_eq!(
        a.state.save::<Outreach>(None, no_quantity, stamp),
        Err(DomainError::Empty { field: "quantity" })
    );
    let huge = BudgetFields {
        item: "Âm thanh".into(),
        planned: u64::MAX,
        ..Default::default()
    };
    assert_eq!(
        a.state.save::<BudgetLine>(None, huge, stamp),
        Err(DomainError::OutOfRange("amount"))
    );
}

#[test]
fn a_record_from_outside_is_checked_like_a_form() {
    let stamp = Hlc::new(device(0)).tick(1);
    let mut invitee = Invitee::blank(ItemId::new(1), stamp);
    invitee.name.value = "x".repeat(201);
    assert!(Record::Invitee(invitee.clone()).validate().is_err());
    invitee.name.value = "Lê Văn Cường".into();
    assert!(Record::Invitee(invitee).validate().is_ok());
    let mut opinion = Opinion::blank(ItemId::new(2), stamp);
    opinion.content.value = "Đường liên thôn xuống cấp".into();
    opinion.answer.value = "a".repeat(2001);
    assert!(Record::Opinion(opinion).validate().is_err());
}

#[test]
fn new_events_come_with_the_standard_decoration_jobs_once() {
    let (mut a, mut b) = two_phones();
    let jobs: Vec<&Decoration> = a.state.entries::<Decoration>().collect();
    assert_eq!(jobs.len(), 4);
    assert!(jobs
        .iter()
        .all(|j| j.due.value.unwrap().iso() == "2026-07-18"));
    let stamp = a.clock.tick(5);
    assert_eq!(a.state.missing_standard_decorations(stamp), None);

    // An event from before the jobs were automatic: two phones add them at
    // once and still end with four.
    let mut old_a = EventState::empty(a.state.id);
    old_a.meta = a.state.meta.clone();
    let old_b = old_a.clone();
    let sa = a.clock.tick(10);
    let sb = b.clock.tick(11);
    let from_a = old_a.missing_standard_decorations(sa).unwrap();
    let from_b = old_b.missing_standard_decorations(sb).unwrap();
    for r in from_a.into_iter().chain(from_b) {
        old_a.apply(r).unwrap();
    }
    assert_eq!(old_a.entries::<Decoration>().count(), 4);
}

#[test]
fn the_banner_follows_the_event_until_someone_edits_it() {
    let (mut a, _) = two_phones();
    let meta = a.state.meta.clone().unwrap();
    let banner = a.state.banner();
    assert_eq!(banner.effective_lines(&meta)[1], "NGÀY HỘI");
    assert_eq!(banner.size_cm(), (600, 300));

    let stamp = a.clock.tick(50);
    let mut lines = banner.effective_lines(&meta);
    lines[0] = "ỦY BAN NHÂN DÂN XÃ TÂN LẬP".into();
    let fields = BannerFields {
        lines,
        width_cm: 800,
        height_cm: 400,
    };
    made(
        a.state
            .save::<Banner>(Some(ItemId(a.state.id.0)), fields, stamp),
        &mut a,
    );
    let banner = a.state.banner();
    assert_eq!(
        banner.effective_lines(&meta)[0],
        "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    );
    assert_eq!(banner.size_cm(), (800, 400));
}

#[test]
fn the_summary_holds_every_figure_of_the_report() {
    let (mut a, _) = two_phones();
    let save = |p: &mut Phone, r: fn(&EventState, domain::Stamp) -> Result<Record, DomainError>| {
        let stamp = p.clock.tick(1_000);
        made(r(&p.state, stamp), p)
    };
    save(&mut a, |s, st| {
        let mut f = person("Nguyễn Văn An", Category::Leaders);
        f.checked_in = Some(1);
        s.save::<Invitee>(None, f, st)
    });
    save(&mut a, |s, st| {
        s.save::<Invitee>(None, person("Trần Thị Bình", Category::Leaders), st)
    });
    save(&mut a, |s, st| {
        let mut f = person("Hoàng Văn Em", Category::Public);
        f.walk_in = true;
        f.checked_in = Some(2);
        s.save::<Invitee>(None, f, st)
    });
    save(&mut a, |s, st| {
        s.save::<Award>(
            None,
            AwardFields {
                recipient: "Thôn Đông".into(),
                collective: true,
                form: AwardForm::GiayKhen,
                presented_at: Some(3),
                ..Default::default()
            },
            st,
        )
    });
    save(&mut a, |s, st| {
        s.save::<Award>(
            None,
            AwardFields {
                recipient: "Ông Lê Văn Cường".into(),
                ..Default::default()
            },
            st,
        )
    });
    for status in [
        OpinionStatus::Answered,
        OpinionStatus::FollowUp,
        OpinionStatus::Open,
    ] {
        let stamp = a.clock.tick(1_000);
        let f = OpinionFields {
            content: "Xin lắp thêm đèn đường".into(),
            status,
            ..Default::default()
        };
        made(a.state.save::<Opinion>(None, f, stamp), &mut a);
    }
    for (item, source, planned, actual) in [
        (
            "Âm thanh, ánh sáng",
            FundSource::NganSach,
            5_000_000,
            Some(4_500_000),
        ),
        ("Quà tặng", FundSource::XaHoiHoa, 3_000_000, None),
    ] {
        let stamp = a.clock.tick(1_000);
        let f = BudgetFields {
            item: item.into(),
            source,
            planned,
            actual,
        };
        made(a.state.save::<BudgetLine>(None, f, stamp), &mut a);
    }
    for _ in 0..150 {
        let tap = a.state.tap(a.device, 1);
        a.receive(&tap);
    }

    let s = a.state.summary(420);
    assert_eq!(s.program.total, 11);
    assert_eq!(s.invitees.len(), 2);
    assert_eq!(s.invitees[0].0, Category::Leaders, "protocol order");
    assert_eq!((s.invitees[0].1.listed, s.invitees[0].1.present), (2, 1));
    assert_eq!(s.invitees_total.present, 2);
    assert_eq!(s.walk_ins, 1);
    assert_eq!(s.headcount, 150);
    assert_eq!(s.attendance, 152);
    assert_eq!((s.awards, s.awards_presented), (2, 1));
    assert_eq!(
        (s.opinions, s.opinions_answered, s.opinions_following),
        (3, 1, 1)
    );
    assert_eq!(s.budget_total.planned, 8_000_000);
    assert_eq!(s.budget_total.actual, 4_500_000);
    assert_eq!(s.budget[&FundSource::XaHoiHoa].planned, 3_000_000);
}

#[test]
fn an_imported_list_becomes_invitees() {
    let (mut a, _) = two_phones();
    let list = parse_list("Nguyễn Văn An,Chủ tịch UBND xã,lãnh đạo\nTrần Thị Bình,,uy tín\n");
    let stamp = a.clock.tick(10);
    let records = a
        .state
        .add_all::<Invitee>(list.rows.into_iter().map(|(_, f)| f), stamp)
        .unwrap();
    assert_eq!(records.len(), 2);
    assert_ne!(records[0].key(), records[1].key());
    for r in &records {
        a.receive(r);
    }
    assert_eq!(a.state.summary(0).invitees_total.listed, 2);

    // The same list again, plus one new person and a repeat inside the file.
    let again = parse_list(
        "NGUYEN VAN AN,,lãnh đạo\nTrần Thị Bình,,uy tín\nLê Văn Cường,,\nLê Văn Cường,,\n",
    );
    let (fresh, repeated) = a.state.new_invitees(again.rows);
    let names: Vec<&str> = fresh.iter().map(|(_, f)| f.name.as_str()).collect();
    assert_eq!(names, vec!["Lê Văn Cường"]);
    assert_eq!(repeated, vec![1, 2, 4]);
}

#[test]
fn the_invitee_search_is_rebuilt_for_names_not_for_check_ins() {
    let (mut a, mut b) = two_phones();
    let empty = a.state.invitee_overview();
    assert_eq!(empty.counts, InviteeCounts::default());
    let stamp = a.clock.tick(100);
    let an = made(
        a.state
            .save::<Invitee>(None, person("Nguyễn Văn An", Category::Public), stamp),
        &mut a,
    );
    b.receive(&an);
    let id = ItemId(an.key().id);
    let listed = a.state.invitee_overview();
    assert_ne!(listed.search_key, empty.search_key, "someone added");
    let one = |present| CategoryCount { listed: 1, present };
    assert_eq!(listed.counts.by_category, vec![(Category::Public, one(0))]);
    assert_eq!(listed.counts.total, one(0));

    let stamp = a.clock.tick(200);
    made(
        a.state
            .update::<Invitee>(id, stamp, |f| f.checked_in = Some(200)),
        &mut a,
    );
    let arrived = a.state.invitee_overview();
    assert_eq!(arrived.search_key, listed.search_key, "a check-in");
    assert_eq!(arrived.counts.by_category, vec![(Category::Public, one(1))]);
    assert_eq!(arrived.counts.total, one(1));
    assert_eq!(arrived.counts.walk_ins, 0);

    for (at, change) in [
        (
            300,
            (|f: &mut InviteeFields| f.name = "Nguyễn Văn Ân".into()) as fn(&mut InviteeFields),
        ),
        (400, |f| f.title = "Trưởng thôn".into()),
        (500, |f| f.phone = "0912345678".into()),
    ] {
        let before = a.state.invitee_overview().search_key;
        let stamp = a.clock.tick(at);
        made(a.state.update::<Invitee>(id, stamp, change), &mut a);
        assert_ne!(
            a.state.invitee_overview().search_key,
            before,
            "a change at {at}"
        );
    }

    // A name corrected on another phone and synced.
    let before = a.state.invitee_overview().search_key;
    let stamp = b.clock.tick(600);
    let renamed = made(
        b.state
            .update::<Invitee>(id, stamp, |f| f.name = "Nguyễn Văn Ấn".into()),
        &mut b,
    );
    a.receive(&renamed);
    assert_ne!(a.state.invitee_overview().search_key, before, "a sync");

    // Removed: off the list and out of the counts.
    let before = a.state.invitee_overview();
    let stamp = a.clock.tick(700);
    made(a.state.remove::<Invitee>(id, stamp), &mut a);
    let removed = a.state.invitee_overview();
    assert_ne!(removed.search_key, before.search_key, "a removal");
    assert_eq!(removed.counts, InviteeCounts::default());
}
