//! Labelled inputs with their message beside them. Plain functions rather than components: the
//! whole form re-renders on each keystroke anyway, and fewer components make a smaller module.

use crate::case::Errors;
use crate::form::Form;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What every field needs: the text typed so far, the messages, and where to send changes.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub form: Rc<Form>,
    pub errors: Rc<Errors>,
    pub set: Callback<(String, String)>,
}

/// `medical.persons[0].visits[1].total` → `mb-medical-persons-0-visits-1-total`
pub fn dom_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 3);
    id.push_str("mb-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    id.trim_end_matches('-').to_string()
}

/// What kind of entry a field wants, shown greyed in the empty input (never a value of its own).
fn placeholder(path: &str) -> Option<&'static str> {
    let last = path.rsplit('.').next().unwrap_or(path);
    Some(match last {
        "size" => "如 3",
        "age" => "如 67",
        "total" => "如 12000 或 1.2万",
        "compliant" => "如 10000",
        "jiandang_members" => "如 3",
        "tongbu_members" | "tekun_dispersed" | "tekun_centralized" => "没有就填 0",
        "annual_income" | "previous_annual_income" => "如 6000",
        "year" => "如 1",
        "name" => "如 奶奶",
        _ => return None,
    })
}

pub enum Input<'a> {
    /// Free text for amounts: `inputmode` opens the number pad, letters stay possible so that a
    /// wrong entry is shown and explained rather than silently dropped.
    Decimal,
    Integer,
    Text,
    Date,
    Month,
    Select(&'a [(&'a str, &'a str)]),
}

impl Ctx {
    pub fn error(&self, path: &str) -> Option<&str> {
        self.errors.get(path).map(String::as_str)
    }

    /// The message of a path that has no input of its own (a list, an item), if any.
    pub fn message(&self, path: &str) -> Html {
        match self.error(path) {
            Some(msg) => {
                html! { <p class="mb-err" id={format!("{}-err", dom_id(path))} role="alert">{msg}</p> }
            }
            None => html! {},
        }
    }

    pub fn field(&self, path: &str, label: &str, hint: Option<&str>, input: Input<'_>) -> Html {
        let id = dom_id(path);
        let err = self.error(path);
        let err_id = format!("{id}-err");
        let hint_id = format!("{id}-hint");
        let described = match (hint.is_some(), err.is_some()) {
            (true, true) => Some(format!("{hint_id} {err_id}")),
            (true, false) => Some(hint_id.clone()),
            (false, true) => Some(err_id.clone()),
            (false, false) => None,
        };
        let invalid = err.map(|_| "true");
        let value = self.form.get(path).to_string();
        let key = path.to_string();
        let set = self.set.clone();
        let control = match input {
            Input::Select(options) => {
                let onchange = Callback::from(move |e: Event| {
                    let el: HtmlSelectElement = e.target_unchecked_into();
                    set.emit((key.clone(), el.value()));
                });
                // Nothing picked yet: say so, rather than show a first option that is not chosen.
                let unpicked = value.is_empty() && !options.iter().any(|(k, _)| k.is_empty());
                html! {
                    <select id={id.clone()} data-field={path.to_string()} aria-invalid={invalid} aria-describedby={described} {onchange}>
                        if unpicked { <option value="" selected=true disabled=true>{"请选择"}</option> }
                        { for options.iter().map(|(k, zh)| html! {
                            <option value={k.to_string()} selected={*k == value}>{*zh}</option>
                        }) }
                    </select>
                }
            }
            other => {
                let (kind, mode) = match other {
                    Input::Decimal => ("text", Some("decimal")),
                    Input::Integer => ("text", Some("numeric")),
                    Input::Date => ("date", None),
                    Input::Month => ("month", None),
                    _ => ("text", None),
                };
                let oninput = Callback::from(move |e: InputEvent| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    set.emit((key.clone(), el.value()));
                });
                let placeholder = placeholder(path);
                html! {
                    <input type={kind} inputmode={mode} id={id.clone()} data-field={path.to_string()} {value} {placeholder}
                        autocomplete="off" aria-invalid={invalid} aria-describedby={described} {oninput} />
                }
            }
        };
        html! {
            <div class="mb-field">
                <label for={id.clone()}>{label}</label>
                {control}
                if let Some(h) = hint { <span class="mb-hint" id={hint_id}>{h}</span> }
                if let Some(msg) = err { <p class="mb-err" id={err_id} role="alert">{msg}</p> }
            </div>
        }
    }

    pub fn check(&self, path: &str, label: &str) -> Html {
        let id = dom_id(path);
        let key = path.to_string();
        let set = self.set.clone();
        let onchange = Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            set.emit((
                key.clone(),
                if el.checked() {
                    "true".into()
                } else {
                    String::new()
                },
            ));
        });
        html! {
            <div class="mb-field">
                <label class="mb-check" for={id.clone()}>
                    <input type="checkbox" id={id} data-field={path.to_string()} checked={self.form.flag(path)} {onchange} />
                    <span>{label}</span>
                </label>
                { self.message(path) }
            </div>
        }
    }
}
