//! Chinese full-text search with no server.
//!
//! The site generator calls [`build_index`] once per build and writes the result as
//! `search-index.json`; `site/static/search.js` loads that file in the browser, tokenizes the
//! query with the same rules as [`tokenize`] and ranks with the same rules as [`search`]. The
//! Rust [`search`] exists so that tests can prove what the browser will answer.
//!
//! ```
//! use mingbai_search::{build_index, search, SearchDoc};
//! let docs = vec![SearchDoc {
//!     url: "daixian/yulu/".into(),
//!     title: "雨露计划职业教育补助".into(),
//!     text: "每生每年补助3000元。".into(),
//!     ..Default::default()
//! }];
//! let index = build_index(&docs);
//! assert_eq!(search(&index, "雨露計劃").unwrap()[0].url, "daixian/yulu/");
//! assert_eq!(search(&index, "3000元").unwrap().len(), 1);
//! ```

mod fold;
mod index;
mod tokenize;

pub use fold::{fold_char, is_han, t2s_table};
pub use index::{
    build_index, search, search_from, Index, IndexError, SearchDoc, SearchHit, FORMAT_VERSION,
};
pub use tokenize::tokenize;
