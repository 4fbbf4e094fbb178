//! The app's addresses the server writes into links.

/// The app's addresses that carry a code, which the server writes into
/// links (the join link a QR code holds, a unit's sign-in link) and the
/// app's router matches: one spelling for both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppLink {
    /// Joining an event (`/tham-gia#ma=CODE`).
    Join,
    /// A unit's screen, where a phone signs in for the unit (`/don-vi#ma=CODE`).
    UnitSignIn,
}

impl AppLink {
    /// The name the code goes under in the link's fragment.
    pub const CODE_KEY: &'static str = "ma";

    /// The first part of the address's path.
    pub fn segment(self) -> &'static str {
        match self {
            AppLink::Join => "tham-gia",
            AppLink::UnitSignIn => "don-vi",
        }
    }

    /// The link on the server at `base` (scheme and host) that opens this
    /// address with `code`.
    pub fn to(self, base: &str, code: &str) -> String {
        format!("{base}/{}#{}={code}", self.segment(), Self::CODE_KEY)
    }
}
