use wasm_bindgen::JsCast;
use web_sys::{Element, FormData, HtmlFormElement};

/// The values of a submitted form, read by field name.
///
/// Forms are left to the browser while the officer types, and read once on
/// submit: no signal per field, and nothing re-renders on each keystroke.
pub struct FormValues {
    form: Option<HtmlFormElement>,
    data: Option<FormData>,
}

impl FormValues {
    /// The values of the form that fired `ev`.
    pub fn of(ev: &leptos::ev::SubmitEvent) -> FormValues {
        Self::of_target(ev.target())
    }

    /// The values of the form a bubbling event (`change`, say) reached.
    pub fn of_current(ev: &web_sys::Event) -> FormValues {
        Self::of_target(ev.current_target())
    }

    fn of_target(target: Option<web_sys::EventTarget>) -> FormValues {
        let form = target.and_then(|t| t.dyn_into::<HtmlFormElement>().ok());
        let data = form.as_ref().and_then(|f| FormData::new_with_form(f).ok());
        FormValues { form, data }
    }

    /// A text field's value; empty if absent.
    pub fn text(&self, name: &str) -> String {
        self.data
            .as_ref()
            .and_then(|d| d.get(name).as_string())
            .unwrap_or_default()
    }

    /// Whether a checkbox was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.data.as_ref().is_some_and(|d| d.has(name))
    }

    /// Every named value of the form, in order.
    pub fn entries(&self) -> Vec<(String, String)> {
        let Some(data) = &self.data else {
            return Vec::new();
        };
        js_sys::try_iter(data)
            .ok()
            .flatten()
            .into_iter()
            .flatten()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.ok()?.dyn_into().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    }

    /// Puts `values` (from [`FormValues::entries`]) back into the form's
    /// controls of the same names.
    pub fn restore(&self, values: &[(String, String)]) {
        let Some(form) = &self.form else {
            return;
        };
        for (name, value) in values {
            let Some(control) = form.elements().named_item(name) else {
                continue;
            };
            if control.get_attribute("type").as_deref() == Some("checkbox") {
                let _ = js_sys::Reflect::set(&control, &"checked".into(), &true.into());
            } else {
                let _ = js_sys::Reflect::set(&control, &"value".into(), &value.into());
            }
            // What follows a control (the unit shown for an outreach kind)
            // follows it back too.
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = web_sys::Event::new_with_event_init_dict("change", &init) {
                let _ = control.dispatch_event(&ev);
            }
        }
    }

    /// Empties the form.
    pub fn reset(&self) {
        if let Some(f) = &self.form {
            f.reset();
        }
    }
}

/// The control whose value just changed, from a `change` event that bubbled
/// up to its form or row: one handler serves every field, by `name`.
pub struct ChangedField {
    /// The control's `name` attribute.
    pub name: String,
    /// Its value (for text, date, time and select controls).
    pub value: String,
    /// Whether it is ticked (for checkboxes).
    pub checked: bool,
    /// Whether it is a checkbox.
    pub is_checkbox: bool,
}

impl ChangedField {
    /// The named control that fired `ev`, if any.
    pub fn of(ev: &web_sys::Event) -> Option<ChangedField> {
        let target: Element = ev.target()?.dyn_into().ok()?;
        let name = target.get_attribute("name")?;
        let prop = |key: &str| js_sys::Reflect::get(&target, &key.into()).ok();
        Some(ChangedField {
            name,
            value: prop("value")
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
            checked: prop("checked").and_then(|v| v.as_bool()).unwrap_or(false),
            is_checkbox: target.get_attribute("type").as_deref() == Some("checkbox"),
        })
    }

    /// The value as a form would submit it: a checkbox gives "on" when
    /// ticked and nothing when not.
    pub fn submitted(&self) -> &str {
        match (self.is_checkbox, self.checked) {
            (true, true) => "on",
            (true, false) => "",
            (false, _) => &self.value,
        }
    }
}
