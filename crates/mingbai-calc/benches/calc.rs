//! Households per second for each calculator and for the household summary, on one core.
//! Run: `cargo bench -p mingbai-calc` (criterion prints the throughput as elem/s).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{jurisdiction, medical, MedicalKnobs};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use mingbai_calc::{compute, compute_figures, Case};
use serde_json::json;

fn case(v: serde_json::Value) -> Case {
    match serde_json::from_value(v) {
        Ok(c) => c,
        Err(e) => panic!("bench case: {e}"),
    }
}

fn benches(c: &mut Criterion) {
    let knobs = MedicalKnobs {
        oop_caps: Some([1000, 1000, 3000, 6000]),
        min_ratio: Some("0.80"),
        full_aid_age: Some(60),
        ..MedicalKnobs::default()
    };
    let params = jurisdiction(medical(&knobs));
    let household = json!({ "size": 4, "category": "jiandang", "has_disabled_member": true });
    let medical_input = json!({ "persons": [{ "age": 63, "visits": [
        { "date": "2019-02-03", "level": "county", "kind": "inpatient", "total": "23000", "compliant": "21000" },
        { "date": "2019-05-20", "level": "city", "kind": "inpatient", "total": "48000", "compliant": "41000" },
        { "date": "2019-07-01", "level": "township", "kind": "chronic_outpatient", "total": "1800", "compliant": "1800" } ] }] });
    let relocation_input = json!({ "scheme": "relocation", "mode": "centralized", "jiandang_members": 4, "area_m2": 100, "cost": 150000, "conditions_met": ["vacate"] });
    let education_input = json!({ "children": [{ "stage": "primary", "boarding": true }, { "stage": "undergraduate", "tuition_and_lodging": 7000 }] });
    let dibao_input = json!({ "annual_income": 13000, "taper": { "stopped_month": "2019-03", "previous_annual_income": 6000 } });
    let with = |key: &str, input: &serde_json::Value| {
        let mut v =
            json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": household });
        v[key] = input.clone();
        case(v)
    };
    let all = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": household,
        "medical": medical_input, "relocation": relocation_input, "education": education_input, "dibao": dibao_input }),
    );

    let mut group = c.benchmark_group("households");
    group.throughput(Throughput::Elements(1));
    for (name, case) in [
        ("medical_year", with("medical", &medical_input)),
        ("relocation", with("relocation", &relocation_input)),
        ("education", with("education", &education_input)),
        ("dibao_taper", with("dibao", &dibao_input)),
        ("summary_all_four", all),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| compute(black_box(&case), black_box(&params)))
        });
        group.bench_function(format!("{name}_figures_only"), |b| {
            b.iter(|| compute_figures(black_box(&case), black_box(&params)))
        });
    }
    group.finish();
}

criterion_group!(calc, benches);
criterion_main!(calc);
