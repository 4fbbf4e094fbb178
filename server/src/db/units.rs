//! The units: their tree, the phones enrolled in them, the deadlines the
//! level above sets, the reports submitted, and what the roll-up reads of
//! the units below one. Each is a file of its own; their names are all
//! here, as handlers and tools call them.

mod audit;
mod deadlines;
mod enrolment;
mod reads;
mod submissions;
mod tree;

pub use audit::{audit_list, AUDIT_ENTRIES};
pub use deadlines::{deadline, deadlines, nearest_deadline, own_deadline, set_deadline};
pub use enrolment::{
    enrol, has_active_phones, issue_code, operator_issue_code, operator_withdraw, withdraw_phones,
    CODE_LIFETIME_MS, OPERATOR, OUTSTANDING_CODES,
};
pub use reads::{events_below, latest_submissions_below, EventBelow};
pub use submissions::{
    decide, record_submission, report_state, submission_row, submissions, SubmissionRow,
};
pub(crate) use tree::unit_row;
pub use tree::{
    add_child, attach_event, children, event_unit_path, is_unit_token, load_units, member,
    rename_child, unit, Loaded, Member,
};
