//! The browser calculator. Reads the jurisdiction's parameters from the page it is embedded in
//! (`<script type="application/json" id="mingbai-params">`), mounts into `<section id="calculator">`
//! and computes with `mingbai-calc` on the phone: nothing is sent anywhere.
//!
//! `data-calculator` on the section fixes one calculator (the compact form on a policy page);
//! without it the full calculator opens (every calculator of the jurisdiction and the household
//! summary).

pub mod app;
mod case;
mod field;
mod form;
mod forms;
mod link;
mod nobreak;
mod page;
mod params_json;
mod share;
mod view;

pub use app::{App, AppProps};
pub use case::{build_case, Built};
pub use form::Form;
pub use page::{mount, Mode, PageSetup};

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    page::mount(|host, setup| {
        yew::Renderer::<App>::with_root_and_props(
            host,
            AppProps {
                setup: std::rc::Rc::new(setup),
            },
        )
        .render();
    });
}
