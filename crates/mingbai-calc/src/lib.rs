//! The rules of mingbai: from a household and a date to what it is entitled to, with the reason for
//! every figure. Pure — no I/O, no clock, no global state — so the same code runs natively and in
//! the browser (wasm32).
//!
//! Entry point: [`compute`] with a [`Case`] and the [`JurisdictionParams`] loaded from `content/`.

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo
    )
)]

mod date;
pub mod dibao;
pub mod education;
mod error;
mod household;
pub mod labels;
pub mod lines;
pub mod medical;
mod money;
mod param;
mod params;
pub mod plain;
pub mod present;
mod rate;
pub mod relocation;
mod report;
pub mod schema;
mod summary;
mod trace;
mod vocab;

pub use date::{Date, Month};
pub use dibao::DibaoParams;
pub use education::EducationParams;
pub use error::CalcError;
pub use household::{Category, Group, Household};
pub use lines::Line;
pub use medical::MedicalParams;
pub use money::{half_width, AmountError, Money};
pub use param::{ParamUse, Status, ASSUMPTION_NOTICE, P};
pub use params::{Calculator, Dated, JurisdictionParams, Notice};
pub use present::{present, Presentation};
pub use rate::Rate;
pub use relocation::RelocationParams;
pub use report::render_text;
pub use summary::{compute, compute_figures, Case, Summary, Totals};
pub use trace::{Step, Trace};
