//! A tree of units added up from the bottom: each unit's own value, one
//! row per unit below the root (parents before their children), each the
//! total of its subtree, the root's own apart, and the grand total. The
//! statistics sheet ([`crate::reporting::rollup::sheet`]) and the
//! movement's period sheet ([`crate::movement::sheet::period_sheet`]) add
//! their own figures through it.

use crate::unit::{Unit, UnitLevel};
use std::collections::HashMap;

/// The units below a root, by code and by parent.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    root: &'a Unit,
    by_code: HashMap<&'a str, &'a Unit>,
    children: HashMap<&'a str, Vec<&'a Unit>>,
}

/// A row of a tree added up: a unit and the total of its subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a, T> {
    /// The unit.
    pub unit: &'a Unit,
    /// 1 for the units directly below the root, 2 below those, …
    pub depth: u32,
    /// Whether it has units below it: its value is their subtotal.
    pub subtotal: bool,
    /// Its own value and its subtree's.
    pub value: T,
}

/// A tree added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rolled<'a, T> {
    /// The root's own value.
    pub own: T,
    /// One row per unit below, parents before their children, siblings
    /// by name.
    pub rows: Vec<Row<'a, T>>,
    /// The root's own and every row directly below it.
    pub total: T,
}

impl<'a> Tree<'a> {
    /// The tree of `root` over `units` (the units below it, any order).
    pub fn new(root: &'a Unit, units: &'a [Unit]) -> Tree<'a> {
        let by_code = units.iter().map(|u| (u.code.as_str(), u)).collect();
        let mut children: HashMap<&str, Vec<&Unit>> = HashMap::new();
        for u in units {
            if let Some(p) = &u.parent {
                children.entry(p.as_str()).or_default().push(u);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
        }
        Tree {
            root,
            by_code,
            children,
        }
    }

    /// The root.
    pub fn root(&self) -> &'a Unit {
        self.root
    }

    /// The unit with this code: the root, or one of the units given
    /// (whether below the root or not: what is not is never added up).
    pub fn unit(&self, code: &str) -> Option<&'a Unit> {
        if code == self.root.code {
            Some(self.root)
        } else {
            self.by_code.get(code).copied()
        }
    }

    /// How many units it was given, the root aside.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether it was given no unit below the root.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The unit's parent, if it is the root or one of the units given.
    pub fn parent(&self, unit: &Unit) -> Option<&'a Unit> {
        unit.parent.as_deref().and_then(|p| self.unit(p))
    }

    /// Adds up each unit's `own` value (taken out of the map: unit codes
    /// are unique, so each counts in its one row) with `add`. Values of
    /// units not below the root are left out.
    pub fn roll<T: Default + Clone>(
        &self,
        mut own: HashMap<&str, T>,
        add: impl Fn(&mut T, &T),
    ) -> Rolled<'a, T> {
        let mut rows = Vec::new();
        let root_own = own.remove(self.root.code.as_str()).unwrap_or_default();
        let mut total = root_own.clone();
        for child in self.children_of(self.root) {
            let at = self.walk(child, 1, &mut own, &add, &mut rows);
            add(&mut total, &rows[at].value);
        }
        Rolled {
            own: root_own,
            rows,
            total,
        }
    }

    fn children_of(&self, unit: &Unit) -> impl Iterator<Item = &'a Unit> + '_ {
        self.children
            .get(unit.code.as_str())
            .into_iter()
            .flatten()
            .copied()
    }

    /// Adds `unit`'s row (and, after it, its children's); returns where its
    /// row is. Each unit's value is built once, in its row, and its parent
    /// adds it from there: a province has thousands of rows.
    fn walk<T: Default>(
        &self,
        unit: &'a Unit,
        depth: u32,
        own: &mut HashMap<&str, T>,
        add: &impl Fn(&mut T, &T),
        rows: &mut Vec<Row<'a, T>>,
    ) -> usize {
        let at = rows.len();
        rows.push(Row {
            unit,
            depth,
            subtotal: false,
            value: T::default(),
        });
        let mut value = own.remove(unit.code.as_str()).unwrap_or_default();
        let mut any = false;
        for child in self.children_of(unit) {
            let row = self.walk(child, depth + 1, own, add, rows);
            add(&mut value, &rows[row].value);
            any = true;
        }
        rows[at].subtotal = any;
        rows[at].value = value;
        at
    }
}

/// Whether a row is one an office's sheet lists: the units directly
/// below, and the districts and communes further down (hamlets, agencies
/// and schools count in their commune's row, as seed 004's sheets have
/// them).
pub fn is_reporting_row(depth: u32, level: UnitLevel) -> bool {
    depth == 1 || matches!(level, UnitLevel::Huyen | UnitLevel::Xa)
}
