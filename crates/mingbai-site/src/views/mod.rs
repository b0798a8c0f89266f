//! What the templates see, and which page is rendered with which template.

mod model;
mod pages;
mod queue;

pub use model::PolicyView;
pub(crate) use queue::render_pages;
