//! Fuzz target (b): the calculator's JSON input.
//!
//! Bytes → `serde_json::from_slice::<Case>` → `compute` against the real parameters of every
//! jurisdiction in `content/` (loaded once). The engine promises never to panic on any input, so a
//! panic anywhere here is a finding. Beyond "no panic" it checks what must hold for every case
//! that parses:
//! - `compute` and `compute_figures` (no trace) agree: both succeed with the same totals, or both
//!   refuse;
//! - a `Summary` survives JSON (what the CLI prints and the browser reads) and renders as text;
//! - a `Case` survives JSON unchanged (the browser calculator serializes the form into one).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mingbai_calc::{compute, compute_figures, render_text, Case, JurisdictionParams, Summary};

fn params() -> &'static Vec<JurisdictionParams> {
    static P: OnceLock<Vec<JurisdictionParams>> = OnceLock::new();
    P.get_or_init(|| {
        let dir = std::env::var_os("MINGBAI_CONTENT")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../content")));
        let content = mingbai_content::load(&dir)
            .unwrap_or_else(|e| panic!("content/ must load for this target:\n{e}"));
        content.params.into_values().collect()
    })
}

fn check(case: &Case, p: &JurisdictionParams) {
    let full = compute(case, p);
    let figures = compute_figures(case, p);
    match (&full, &figures) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.totals, b.totals, "compute and compute_figures disagree");
            assert_eq!(a.uses_assumption, b.uses_assumption);
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "compute and compute_figures refuse differently"),
        _ => panic!("one of compute/compute_figures failed: {full:?} vs {figures:?}"),
    }
    if let Ok(s) = full {
        let text = render_text(&s);
        assert!(!text.is_empty());
        let json = serde_json::to_string(&s).expect("a Summary serializes");
        let back: Summary = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("a Summary does not read back: {e}\n{json}"));
        assert_eq!(back, s, "a Summary changed through JSON");
    }
}

fuzz_target!(|data: &[u8]| {
    let all = params();
    let Ok(case) = serde_json::from_slice::<Case>(data) else {
        return;
    };
    let json = serde_json::to_string(&case).expect("a Case serializes");
    let back: Case = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("a Case does not read back: {e}\n{json}"));
    assert_eq!(back, case, "a Case changed through JSON");

    // As given (another jurisdiction's parameters are refused), then against every jurisdiction.
    for p in all {
        if p.id == case.jurisdiction {
            check(&case, p);
        }
        let mut c = case.clone();
        c.jurisdiction = p.id.clone();
        check(&c, p);
    }
});
