//! Worked examples from shared/policy-reference.md and edge cases, on parameters built in code.

mod common;

use common::{jurisdiction, medical, MedicalKnobs};
use mingbai_calc::{compute, Case, Money};
use serde_json::json;

fn case(v: serde_json::Value) -> Case {
    serde_json::from_value(v).unwrap()
}

fn yuan(y: i64) -> Money {
    Money::yuan(y)
}

#[test]
fn b3_baoding_dibao_2700_a_year_225_a_month() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let c = case(json!({ "jurisdiction": "test", "as_of": "2016-06-01",
        "household": { "size": 3, "category": "dibao" }, "dibao": { "annual_income": 6000 } }));
    let d = compute(&c, &p).unwrap().dibao.unwrap();
    assert!(d.eligible);
    assert_eq!(d.annual_benefit, yuan(2700));
    assert_eq!(d.monthly_benefit, yuan(225));
}

#[test]
fn b4_relocation_household_of_four() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let c = case(json!({ "jurisdiction": "test", "as_of": "2019-06-01",
        "household": { "size": 4, "category": "jiandang" },
        "relocation": { "scheme": "relocation", "mode": "centralized", "jiandang_members": 4, "area_m2": 100,
                        "cost": 150000, "conditions_met": [] } }));
    let r = compute(&c, &p).unwrap().relocation.unwrap();
    assert_eq!(r.total, yuan(140_000));
    assert_eq!(r.paid_now, yuan(100_000));
    assert_eq!(r.self_funding_cap, Some(yuan(10_000)));
    assert_eq!(r.household_pays, Some(yuan(50_000)));
    assert_eq!(r.self_funding_within_cap, Some(false));
    assert_eq!(r.area_over_cap, Some(false));
    assert!(!r.items[1].paid, "the 腾退 reward waits for its condition");
}

#[test]
fn area_over_the_cap_is_reported_not_hidden() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let c = case(json!({ "jurisdiction": "test", "as_of": "2019-06-01",
        "household": { "size": 2, "category": "jiandang" },
        "relocation": { "scheme": "relocation", "mode": "dispersed", "jiandang_members": 2, "area_m2": "50.5" } }));
    let r = compute(&c, &p).unwrap().relocation.unwrap();
    assert_eq!(r.area_cap_m2, Some(50));
    assert_eq!(r.area_over_cap, Some(true));
}

#[test]
fn b2_daixian_136_city_cap() {
    // 建档立卡, one 市级 stay, 合规 40000 of 42000; assistance capped at 0 so that layers 2–4 leave
    // more than the 3000 cap. Poor: 起付 2000 × 0.5 = 1000, rate 60% + 5 = 65%.
    let k = MedicalKnobs {
        oop_caps: Some([1000, 1000, 3000, 6000]),
        assistance_cap: 0,
        ..MedicalKnobs::default()
    };
    let p = jurisdiction(medical(&k));
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": "jiandang" },
        "medical": { "persons": [{ "age": 50, "visits": [
            { "date": "2019-05-01", "level": "city", "kind": "inpatient", "total": 42000, "compliant": 40000 } ] }] } }),
    );
    let r = &compute(&c, &p).unwrap().medical.unwrap().persons[0];
    // (40000 − 1000) × 65% = 25350
    assert_eq!(r.basic, yuan(25350));
    // 大病: threshold 10000 × 0.5 = 5000; (14650 − 5000) × 65% = 6272.50
    assert_eq!(r.serious, Money::parse("6272.50").unwrap());
    assert_eq!(r.assistance, Money::ZERO);
    // left after layers 2–4: 8377.50 → 市级 cap 3000, the fund pays 5377.50
    assert_eq!(r.cap_fund, Money::parse("5377.50").unwrap());
    assert_eq!(r.patient_compliant, yuan(3000));
    assert_eq!(r.patient_noncompliant, yuan(2000));
    assert_eq!(r.fund_total.plus(r.patient_total), r.total);
}

#[test]
fn zhenba_inpatient_topped_up_to_80_percent() {
    let k = MedicalKnobs {
        min_ratio: Some("0.80"),
        assistance_cap: 0,
        ..MedicalKnobs::default()
    };
    let p = jurisdiction(medical(&k));
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": "jiandang" },
        "medical": { "persons": [{ "age": 50, "visits": [
            { "date": "2019-05-01", "level": "county", "kind": "inpatient", "total": 10000, "compliant": 10000 } ] }] } }),
    );
    let r = &compute(&c, &p).unwrap().medical.unwrap().persons[0];
    assert_eq!(r.patient_compliant, yuan(2000));
    assert!(r.ratio_topup > Money::ZERO);
}

#[test]
fn fuping_full_aid_for_60_plus_in_county() {
    let k = MedicalKnobs {
        full_aid_age: Some(60),
        ..MedicalKnobs::default()
    };
    let p = jurisdiction(medical(&k));
    let visits = json!([
        { "date": "2019-03-01", "level": "county", "kind": "inpatient", "in_county": true, "total": 12000, "compliant": 10000 },
        { "date": "2019-04-01", "level": "province", "kind": "outpatient", "in_county": false, "total": 1000, "compliant": 1000 }
    ]);
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": "general" },
        "medical": { "persons": [{ "age": 61, "visits": visits }] } }),
    );
    let r = &compute(&c, &p).unwrap().medical.unwrap().persons[0];
    // in county: (10000 − 600) × 70% = 6580 from 基本医保, the other 3420 from 全额救助
    assert_eq!(r.full_aid, yuan(3420));
    // out of county: 1000 × 50% = 500, over the 400 yearly outpatient cap; the patient keeps 600
    assert_eq!(r.patient_compliant, yuan(600));
    let c59 = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": "general" },
        "medical": { "persons": [{ "age": 59, "visits": visits }] } }),
    );
    assert_eq!(
        compute(&c59, &p).unwrap().medical.unwrap().persons[0].full_aid,
        Money::ZERO
    );
}

#[test]
fn taper_18_months_with_a_disabled_member() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let c = case(json!({ "jurisdiction": "test", "as_of": "2019-03-15",
        "household": { "size": 3, "category": "dibao", "has_disabled_member": true },
        "dibao": { "annual_income": 12000, "taper": { "stopped_month": "2018-11", "previous_annual_income": 6000 } } }));
    let t = compute(&c, &p).unwrap().dibao.unwrap().taper.unwrap();
    assert_eq!(t.months, 18);
    assert_eq!(t.first_month.to_string(), "2018-12");
    assert_eq!(t.last_month.to_string(), "2020-05");
    assert_eq!(t.months_left, 15); // 2019-03 … 2020-05
    assert_eq!(t.amount_left, yuan(225 * 15));
}

#[test]
fn education_items_by_stage() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2019-09-01", "household": { "size": 4, "category": "jiandang" },
        "education": { "children": [
            { "stage": "primary", "boarding": true },
            { "stage": "vocational", "year": 2 },
            { "stage": "undergraduate", "tuition_and_lodging": 6500 },
            { "stage": "senior" } ] } }),
    );
    let e = compute(&c, &p).unwrap().education.unwrap();
    assert_eq!(e.children[0].grants_total, yuan(1000));
    assert_eq!(e.children[1].grants_total, yuan(3000));
    assert_eq!(e.children[2].loans_total, yuan(6500));
    assert_eq!(e.children[3].items.len(), 1);
    assert_eq!(e.grants_total, yuan(4000));
}

#[test]
fn absurd_input_is_an_error_naming_the_field() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let bad = [
        (
            json!({ "size": 0, "category": "dibao" }),
            json!({ "annual_income": 1 }),
            "household.size",
        ),
        (
            json!({ "size": 3, "category": "dibao" }),
            json!({ "annual_income": "-5" }),
            "dibao.annual_income",
        ),
    ];
    for (household, dibao, field) in bad {
        let c = case(
            json!({ "jurisdiction": "test", "as_of": "2019-01-01", "household": household, "dibao": dibao }),
        );
        assert_eq!(compute(&c, &p).unwrap_err().field, field);
    }
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": "jiandang" },
        "medical": { "persons": [{ "age": 200, "visits": [] }] } }),
    );
    assert_eq!(compute(&c, &p).unwrap_err().field, "medical.persons[0].age");
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": "jiandang" },
        "medical": { "persons": [{ "age": 20, "visits": [
            { "date": "2019-05-01", "level": "city", "kind": "inpatient", "total": 100, "compliant": 200 } ] }] } }),
    );
    assert_eq!(
        compute(&c, &p).unwrap_err().field,
        "medical.persons[0].visits[0].compliant"
    );
    // Before the first known date: nothing known applies, and the message names the ranges.
    let c = case(
        json!({ "jurisdiction": "test", "as_of": "2015-12-31", "household": { "size": 1, "category": "jiandang" },
        "dibao": { "annual_income": 0 } }),
    );
    let e = compute(&c, &p).unwrap_err();
    assert_eq!(e.field, "dibao.as_of");
    assert!(
        e.zh.contains("2015年12月31日早于") && e.zh.contains("2016年1月1日至2020年12月31日"),
        "{}",
        e.zh
    );
}

#[test]
fn a_date_after_the_last_known_uses_the_last_known_and_says_so() {
    let p = jurisdiction(medical(&MedicalKnobs::default()));
    let ask = |as_of: &str| {
        case(
            json!({ "jurisdiction": "test", "as_of": as_of, "household": { "size": 1, "category": "dibao" },
            "dibao": { "annual_income": 0 } }),
        )
    };
    let last_day = compute(&ask("2020-12-31"), &p).unwrap();
    assert!(last_day.notices.is_empty());
    let later = compute(&ask("2030-01-01"), &p).unwrap();
    // The same figures as on the last known day…
    assert_eq!(later.dibao, last_day.dibao);
    // …and one sentence that says which day the parameters are known until.
    assert_eq!(later.notices.len(), 1);
    let n = &later.notices[0];
    assert_eq!(n.known_until.to_string(), "2020-12-31");
    assert!(n.zh.contains("只到2020年12月31日"), "{}", n.zh);
    assert!(n.zh.contains("按最后已知的标准计算"), "{}", n.zh);
}

#[test]
fn a_bad_rate_names_its_path() {
    let mut m = medical(&MedicalKnobs::default());
    m["basic"]["inpatient"]["county"]["rate"]["v"] = json!("1.2");
    let err = serde_json::from_value::<mingbai_calc::MedicalParams>(m)
        .unwrap_err()
        .to_string();
    assert!(err.contains("1.2 is not a rate between 0 and 1"), "{err}");
}
