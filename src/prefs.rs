//! The officer's own small preferences, kept in LocalStorage (never event data).

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "ngayhoi.prefs";

/// Colour themes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Light, strong contrast for sunlight.
    #[default]
    Light,
    /// Dark, for evening events and battery.
    Dark,
    /// Black on white, largest contrast, for bright sun.
    Sun,
}

impl Theme {
    /// Every theme, in the order the settings list them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Sun, Theme::Dark];

    /// The label in settings.
    pub fn label_vi(self) -> &'static str {
        match self {
            Theme::Light => "Sáng",
            Theme::Sun => "Ngoài nắng (tương phản cao nhất)",
            Theme::Dark => "Tối",
        }
    }

    /// The value of `data-theme` on `<html>`.
    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Sun => "sun",
            Theme::Dark => "dark",
        }
    }
}

/// What the officer set on this phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The officer's name as shown to others.
    pub display_name: String,
    /// The colour theme.
    pub theme: Theme,
}

impl Prefs {
    /// Reads the preferences; defaults if none or unreadable.
    pub fn load() -> Prefs {
        // Read as bytes, the one JSON reader the rest of the app uses.
        LocalStorage::raw()
            .get_item(KEY)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_slice(text.as_bytes()).ok())
            .unwrap_or_default()
    }

    /// Saves the preferences. A full LocalStorage only loses a preference.
    pub fn save(&self) -> bool {
        LocalStorage::set(KEY, self).is_ok()
    }

    /// Applies the theme to the page.
    pub fn apply_theme(&self) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", self.theme.code());
        }
    }
}
