//! Invariants of the engine over generated households and parameters.

mod common;

use common::{jurisdiction, medical, MedicalKnobs, Scope, Scopes};
use mingbai_calc::{compute, Case, Money, Summary};
use proptest::prelude::*;
use serde_json::{json, Value};

const RATES: [&str; 6] = ["0", "0.3", "0.5", "0.75", "0.9", "1"];
const KINDS: [&str; 3] = ["inpatient", "chronic_outpatient", "outpatient"];
const LEVELS: [&str; 4] = ["township", "county", "city", "province"];
const CATEGORIES: [&str; 5] = ["jiandang", "dibao", "tekun", "edge", "general"];

/// A scope: `None` (all visits) or a non-empty subset of the kinds and of the levels.
pub fn scope() -> impl Strategy<Value = Option<Scope>> {
    prop::option::of((1u8..8, 1u8..16).prop_map(|(k, l)| {
        Scope {
            kinds: KINDS
                .iter()
                .enumerate()
                .filter(|(i, _)| k & (1 << i) != 0)
                .map(|(_, s)| *s)
                .collect(),
            levels: LEVELS
                .iter()
                .enumerate()
                .filter(|(i, _)| l & (1 << i) != 0)
                .map(|(_, s)| *s)
                .collect(),
        }
    }))
}

fn scopes() -> impl Strategy<Value = Scopes> {
    (
        scope(),
        scope(),
        scope(),
        scope(),
        scope(),
        scope(),
        prop::option::of(1u8..16),
    )
        .prop_map(
            |(basic, serious, assistance, full_aid, min_ratio, oop_cap, bonus)| Scopes {
                basic,
                serious,
                assistance,
                full_aid,
                min_ratio,
                oop_cap,
                chronic_bonus_levels: bonus.map(|l| {
                    LEVELS
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| l & (1 << i) != 0)
                        .map(|(_, s)| *s)
                        .collect()
                }),
            },
        )
}

fn knobs() -> impl Strategy<Value = MedicalKnobs> {
    (
        prop::array::uniform4(0i64..5000),
        prop::array::uniform4(0usize..RATES.len()),
        0i64..50_000,
        0usize..RATES.len(),
        0i64..50_000,
        prop::option::of(prop::array::uniform4(0i64..20_000)),
        any::<bool>(),
        prop::option::of(0usize..RATES.len()),
        prop::option::of(0u32..100),
        any::<bool>(),
        scopes(),
    )
        .prop_map(
            |(
                deductibles,
                rates,
                threshold,
                ar,
                assistance_cap,
                oop,
                counts,
                min_ratio,
                age,
                from_threshold,
                scopes,
            )| {
                MedicalKnobs {
                    deductibles,
                    rates: rates.map(|i| RATES[i]),
                    threshold,
                    assistance_rate: RATES[ar],
                    assistance_cap,
                    oop_caps: oop,
                    counts_noncompliant: counts,
                    min_ratio: min_ratio.map(|i| RATES[i]),
                    full_aid_age: age,
                    bands_from: if from_threshold { "threshold" } else { "zero" },
                    scopes,
                }
            },
        )
}

/// (date day of year, level, kind, in county, total 分, compliant 分)
type VisitSpec = (u32, usize, usize, bool, i64, i64);

fn visits() -> impl Strategy<Value = Vec<VisitSpec>> {
    prop::collection::vec(
        (
            1u32..=28,
            0usize..4,
            0usize..3,
            any::<bool>(),
            0i64..50_000_000,
            0i64..=100,
        ),
        0..6,
    )
    .prop_map(|vs| {
        vs.into_iter()
            .map(|(day, level, kind, in_county, total, pct)| {
                (day, level, kind, in_county, total, total * pct / 100)
            })
            .collect()
    })
}

fn covers(scope: &Option<Scope>, level: usize, kind: usize) -> bool {
    scope
        .as_ref()
        .is_none_or(|s| s.kinds.contains(&KINDS[kind]) && s.levels.contains(&LEVELS[level]))
}

fn in_scope(scope: &Option<Scope>, v: &VisitSpec) -> bool {
    covers(scope, v.1, v.2)
}

/// The (level, kind) pairs none of `scopes` covers.
fn outside(scopes: &[&Option<Scope>]) -> Vec<(usize, usize)> {
    (0..LEVELS.len())
        .flat_map(|l| (0..KINDS.len()).map(move |k| (l, k)))
        .filter(|&(l, k)| scopes.iter().all(|s| !covers(s, l, k)))
        .collect()
}

/// The scope the engine gets for 医疗救助 (joined with 大病保险's, see common::medical).
fn assistance_scope(k: &MedicalKnobs) -> Option<Scope> {
    match (&k.scopes.assistance, &k.scopes.serious) {
        (Some(a), Some(s)) => Some(Scope {
            kinds: KINDS
                .iter()
                .filter(|x| a.kinds.contains(x) || s.kinds.contains(x))
                .copied()
                .collect(),
            levels: LEVELS
                .iter()
                .filter(|x| a.levels.contains(x) || s.levels.contains(x))
                .copied()
                .collect(),
        }),
        _ => None,
    }
}

/// An extra visit: (level, kind), in county, total 分, compliant % of total.
type Extra = ((usize, usize), bool, i64, i64);

/// The person's result for `vs`, and for `vs` plus the extra visit on the last day of the year
/// (after every other visit, so it cannot use up a yearly limit before them).
fn with_and_without(
    k: &MedicalKnobs,
    cat: usize,
    age: u32,
    vs: &[VisitSpec],
    ((level, kind), in_county, total, pct): Extra,
) -> (
    mingbai_calc::medical::PersonResult,
    mingbai_calc::medical::PersonResult,
) {
    let p = jurisdiction(medical(k));
    let before = compute(&medical_case(cat, age, vs), &p)
        .unwrap()
        .medical
        .unwrap()
        .persons
        .remove(0);
    let mut case = serde_json::to_value(medical_case(cat, age, vs)).unwrap();
    let extra = json!({ "date": "2019-12-31", "level": LEVELS[level], "kind": KINDS[kind], "in_county": in_county,
                        "total": Money::from_fen(total).to_string(), "compliant": Money::from_fen(total * pct / 100).to_string() });
    case["medical"]["persons"][0]["visits"]
        .as_array_mut()
        .unwrap()
        .push(extra);
    let after = compute(&serde_json::from_value(case).unwrap(), &p)
        .unwrap()
        .medical
        .unwrap()
        .persons
        .remove(0);
    (before, after)
}

fn visit_json(v: &VisitSpec) -> Value {
    let (day, level, kind, in_county, total, compliant) = *v;
    json!({ "date": format!("2019-{:02}-{:02}", (day % 12) + 1, day), "level": LEVELS[level], "kind": KINDS[kind],
            "in_county": in_county, "total": Money::from_fen(total).to_string(), "compliant": Money::from_fen(compliant).to_string() })
}

fn medical_case(category: usize, age: u32, visits: &[VisitSpec]) -> Case {
    let v = json!({ "jurisdiction": "test", "as_of": "2019-12-31", "household": { "size": 1, "category": CATEGORIES[category] },
        "medical": { "persons": [{ "age": age, "visits": visits.iter().map(visit_json).collect::<Vec<_>>() }] } });
    serde_json::from_value(v).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn medical_layers_add_up_and_respect_caps(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits()) {
        let p = jurisdiction(medical(&k));
        let s = compute(&medical_case(cat, age, &vs), &p).unwrap();
        let r = &s.medical.unwrap().persons[0];
        prop_assert_eq!(r.fund_total.plus(r.patient_total), r.total, "paid + patient share = total");
        prop_assert_eq!(r.patient_compliant.plus(r.patient_noncompliant), r.patient_total);
        for layer in [r.basic, r.serious, r.assistance, r.full_aid, r.ratio_topup, r.cap_fund, r.patient_compliant, r.patient_noncompliant] {
            prop_assert!(!layer.is_negative(), "no layer negative");
        }
        prop_assert!(r.fund_total <= r.total);
        if let Some(cap) = r.cap {
            // The cap holds for the visits it covers; the others' shares come on top.
            let outside = |f: fn(&VisitSpec) -> i64| Money::from_fen(vs.iter().filter(|v| !in_scope(&k.scopes.oop_cap, v)).map(f).sum());
            if k.counts_noncompliant {
                prop_assert!(r.patient_total <= cap.plus(outside(|v| v.4)));
            } else {
                prop_assert!(r.patient_compliant <= cap.plus(outside(|v| v.5)), "patient 合规 share never above the cap");
            }
        }
    }

    #[test]
    fn a_higher_bill_never_lowers_the_patients_share(k in knobs(), cat in 0usize..5, age in 0u32..=120,
                                                      vs in visits().prop_filter("a visit", |v| !v.is_empty()),
                                                      which in any::<prop::sample::Index>(), extra in 0i64..5_000_000, extra_pct in 0i64..=100) {
        let p = jurisdiction(medical(&k));
        let before = compute(&medical_case(cat, age, &vs), &p).unwrap().medical.unwrap().persons[0].patient_total;
        let mut more = vs.clone();
        let i = which.index(more.len());
        more[i].4 += extra;
        more[i].5 += extra * extra_pct / 100;
        let after = compute(&medical_case(cat, age, &more), &p).unwrap().medical.unwrap().persons[0].patient_total;
        prop_assert!(after >= before, "patient share fell from {} to {}", before, after);
    }

    #[test]
    fn subsidies_grow_with_members(members in 1u32..20, tongbu in 0u32..5, centralized in any::<bool>()) {
        let p = jurisdiction(medical(&MedicalKnobs::default()));
        let total = |n: u32| {
            let c: Case = serde_json::from_value(json!({ "jurisdiction": "test", "as_of": "2019-06-01",
                "household": { "size": n + tongbu, "category": "jiandang" },
                "relocation": { "scheme": "relocation", "mode": if centralized { "centralized" } else { "dispersed" },
                                "jiandang_members": n, "tongbu_members": tongbu } })).unwrap();
            compute(&c, &p).unwrap().relocation.unwrap().total
        };
        prop_assert!(total(members + 1) > total(members));
    }

    #[test]
    fn taper_months_equal_the_parameter(disabled in any::<bool>(), size in 1u32..10, month in 1u32..=12, later in 0u32..30) {
        let p = jurisdiction(medical(&MedicalKnobs::default()));
        let as_of = format!("{}-{:02}-15", 2017 + (month + later - 1) / 12, (month + later - 1) % 12 + 1);
        let c: Case = serde_json::from_value(json!({ "jurisdiction": "test", "as_of": as_of,
            "household": { "size": size, "category": "dibao", "has_disabled_member": disabled },
            "dibao": { "annual_income": 2900 * size, "taper": { "stopped_month": format!("2017-{month:02}"), "previous_annual_income": 1000 * size } } })).unwrap();
        let t = compute(&c, &p).unwrap().dibao.unwrap().taper.unwrap();
        let expected = if disabled { 18 } else { 12 };
        prop_assert_eq!(t.months, expected);
        prop_assert_eq!(t.first_month.months_until(t.last_month) + 1, i64::from(expected));
        prop_assert_eq!(t.months_left, expected.saturating_sub(later.saturating_sub(1)).min(expected));
        prop_assert_eq!(t.amount_left, t.monthly_benefit.times(t.months_left));
    }

    /// A member in 特困 support is paid that, not counted again: one more such member never raises
    /// the household's 低保 (nor its 渐退 payment).
    #[test]
    fn a_tekun_member_never_increases_dibao(size in 1u32..10, tekun in 0u32..9, centralized in any::<bool>(),
                                             income in 0i64..60_000, previous in 0i64..20_000, tapering in any::<bool>()) {
        prop_assume!(tekun < size);
        let p = jurisdiction(medical(&MedicalKnobs::default()));
        let dibao = |k: u32| {
            let (d, c) = if centralized { (0, k) } else { (k, 0) };
            let mut input = json!({ "annual_income": income, "tekun_dispersed": d, "tekun_centralized": c });
            if tapering {
                input["taper"] = json!({ "stopped_month": "2017-03", "previous_annual_income": previous });
            }
            let c: Case = serde_json::from_value(json!({ "jurisdiction": "test", "as_of": "2017-06-15",
                "household": { "size": size, "category": "dibao" }, "dibao": input })).unwrap();
            compute(&c, &p).map(|s| s.dibao.unwrap())
        };
        let (before, after) = (dibao(tekun), dibao(tekun + 1));
        if let (Ok(b), Ok(a)) = (&before, &after) {
            prop_assert!(a.annual_benefit <= b.annual_benefit, "{} → {}", b.annual_benefit, a.annual_benefit);
            prop_assert!(a.monthly_benefit <= b.monthly_benefit);
            prop_assert_eq!(a.members_counted + a.tekun_members, size);
            // A household that falls out of 低保 because its others' per-capita income rises may
            // enter a 渐退 period (that is the taper's own rule); between two tapers, fewer counted
            // members never pay more.
            if let (Some(tb), Some(ta)) = (&b.taper, &a.taper) {
                prop_assert!(ta.monthly_benefit <= tb.monthly_benefit);
            }
        }
        // With more members in 特困 support a taper can only lose its benefit, never gain one.
        if before.is_err() {
            prop_assert!(after.is_err() || after.unwrap().taper.is_none());
        }
    }

    /// Paid now never includes a reward whose conditions are not all met, nor one the household is
    /// outside of (整村搬迁 only); what is still to come is total − paid now, in no total.
    #[test]
    fn paid_now_never_includes_an_unmet_reward(jiandang in 0u32..8, tongbu in 0u32..4, whole_village in any::<bool>(),
                                               village_only in any::<bool>(), agreements in any::<bool>(), tongbu_counted in any::<bool>(),
                                               met in proptest::collection::vec(0usize..4, 0..4), centralized in any::<bool>()) {
        prop_assume!(jiandang + tongbu > 0);
        let mut p = jurisdiction(medical(&MedicalKnobs::default()));
        let flag = |v: bool| Some(mingbai_calc::P { v, s: mingbai_calc::Status::V, src: None, doc: None });
        for r in &mut p.relocation[0].params.rewards {
            r.whole_village_only = flag(village_only);
            r.agreements_required = flag(agreements);
            r.tongbu_counted = flag(tongbu_counted);
        }
        const CONDITIONS: [&str; 4] = ["agreements", "demolition", "reclamation", "vacate"];
        let met: Vec<&str> = met.iter().map(|i| CONDITIONS[*i]).collect();
        let c: Case = serde_json::from_value(json!({ "jurisdiction": "test", "as_of": "2019-06-01",
            "household": { "size": jiandang + tongbu, "category": "jiandang" },
            "relocation": { "scheme": "relocation", "mode": if centralized { "centralized" } else { "dispersed" },
                            "jiandang_members": jiandang, "tongbu_members": tongbu, "whole_village": whole_village,
                            "conditions_met": met } })).unwrap();
        let s = compute(&c, &p).unwrap();
        let r = s.relocation.as_ref().unwrap();
        let reward = r.items.iter().find(|i| i.condition.is_some());
        if village_only && !whole_village {
            prop_assert!(reward.is_none(), "a reward for 整村搬迁 only was listed");
        }
        if let Some(i) = reward {
            let all_met = met.contains(&"vacate") && (!agreements || met.contains(&"agreements"));
            prop_assert_eq!(i.paid, all_met);
            prop_assert_eq!(i.paid, i.waiting_for.is_empty());
            let counted = jiandang + if tongbu_counted { tongbu } else { 0 };
            prop_assert_eq!(i.amount, Money::yuan(10000).times(counted));
        }
        let paid = Money::sum(r.items.iter().filter(|i| i.paid).map(|i| i.amount));
        prop_assert_eq!(r.paid_now, paid);
        prop_assert_eq!(r.to_come, r.total.minus(r.paid_now));
        prop_assert_eq!(s.totals.housing_subsidy, r.paid_now);
        prop_assert_eq!(s.totals.one_time, r.paid_now);
        prop_assert_eq!(s.totals.housing_to_come, r.to_come);
    }

    #[test]
    fn case_and_summary_round_trip(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits()) {
        let p = jurisdiction(medical(&k));
        let case = medical_case(cat, age, &vs);
        let back: Case = serde_json::from_str(&serde_json::to_string(&case).unwrap()).unwrap();
        prop_assert_eq!(&back, &case);
        let s = compute(&case, &p).unwrap();
        let back: Summary = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        prop_assert_eq!(back, s);
        let params_back: mingbai_calc::JurisdictionParams = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        prop_assert_eq!(params_back, p);
    }

    #[test]
    fn figures_without_traces_are_the_same_figures(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits()) {
        let p = jurisdiction(medical(&k));
        let case = medical_case(cat, age, &vs);
        let mut traced = compute(&case, &p).unwrap();
        let figures = mingbai_calc::compute_figures(&case, &p).unwrap();
        prop_assert!(figures.medical.as_ref().unwrap().persons.iter().all(|r| r.trace.steps.is_empty()));
        for r in &mut traced.medical.as_mut().unwrap().persons {
            r.trace.steps.clear();
        }
        prop_assert_eq!(figures, traced);
    }

    /// Any JSON shaped roughly like a case either fails to parse, is refused with an error, or computes.
    #[test]
    fn no_input_panics(size in any::<i64>(), income in any::<i64>(), age in any::<i64>(), total in any::<i64>(), compliant in any::<i64>(),
                       date in "[0-9]{4}-[0-9]{2}-[0-9]{2}", month in "[0-9]{4}-[0-9]{2}", text in "\\PC{0,12}", members in any::<u32>()) {
        let p = jurisdiction(medical(&MedicalKnobs { oop_caps: Some([1, 2, 3, 4]), min_ratio: Some("0.8"), full_aid_age: Some(60), ..MedicalKnobs::default() }));
        let candidates = [
            json!({ "jurisdiction": "test", "as_of": date, "household": { "size": size, "category": "dibao" },
                    "dibao": { "annual_income": income, "taper": { "stopped_month": month, "previous_annual_income": text } } }),
            json!({ "jurisdiction": "test", "as_of": date, "household": { "size": 2, "category": "jiandang" },
                    "medical": { "persons": [{ "age": age, "visits": [{ "date": date, "level": "city", "kind": "inpatient", "total": total, "compliant": compliant }] }] } }),
            json!({ "jurisdiction": "test", "as_of": date, "household": { "size": 2, "category": "jiandang" },
                    "relocation": { "scheme": "relocation", "mode": "centralized", "jiandang_members": members, "tongbu_members": members, "area_m2": text, "cost": total } }),
            json!({ "jurisdiction": "test", "as_of": "2019-09-01", "household": { "size": 2, "category": "jiandang" },
                    "education": { "children": [{ "stage": "undergraduate", "year": members, "tuition_and_lodging": total }] } }),
        ];
        for v in candidates {
            if let Ok(case) = serde_json::from_value::<Case>(v) {
                let _ = compute(&case, &p);
            }
        }
    }

    // A rule applies only where its clause applies: one property per layer. Each adds a visit
    // outside the layer's scope (any kind and level no scope named covers) on 31 December and
    // compares the layer's yearly payment for the person with and without it.

    /// 基本医保: the payment is unchanged (the visit is paid nothing and uses up no limit).
    #[test]
    fn basic_ignores_visits_outside_its_scope(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits(),
                                              which in any::<prop::sample::Index>(), in_county in any::<bool>(), total in 0i64..50_000_000, pct in 0i64..=100) {
        let out = outside(&[&k.scopes.basic]);
        if out.is_empty() { return Ok(()); }
        let (before, after) = with_and_without(&k, cat, age, &vs, (out[which.index(out.len())], in_county, total, pct));
        prop_assert_eq!(before.basic, after.basic);
    }

    /// 大病保险: the payment is unchanged (its amount is the in-scope visits' remainders only).
    #[test]
    fn serious_ignores_visits_outside_its_scope(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits(),
                                                which in any::<prop::sample::Index>(), in_county in any::<bool>(), total in 0i64..50_000_000, pct in 0i64..=100) {
        let out = outside(&[&k.scopes.serious]);
        if out.is_empty() { return Ok(()); }
        let (before, after) = with_and_without(&k, cat, age, &vs, (out[which.index(out.len())], in_county, total, pct));
        prop_assert_eq!(before.serious, after.serious);
    }

    /// 医疗救助: the payment is unchanged (its scope includes 大病保险's, so the visit changes
    /// neither layer).
    #[test]
    fn assistance_ignores_visits_outside_its_scope(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits(),
                                                   which in any::<prop::sample::Index>(), in_county in any::<bool>(), total in 0i64..50_000_000, pct in 0i64..=100) {
        let out = outside(&[&assistance_scope(&k)]);
        if out.is_empty() { return Ok(()); }
        let (before, after) = with_and_without(&k, cat, age, &vs, (out[which.index(out.len())], in_county, total, pct));
        prop_assert_eq!(before.serious, after.serious);
        prop_assert_eq!(before.assistance, after.assistance);
    }

    /// 兜底 (全额救助, 住院保底, 136 封顶): a visit outside all three 兜底 scopes never raises what
    /// any of them pays, nor changes the cap level; when it is also outside 医疗救助's scope (and
    /// so 大病保险's) each pays exactly the same. Inside those yearly scopes it can lower a 兜底:
    /// the 大病保险 and 医疗救助 it brings count towards the covered visits first (see medical/mod.rs).
    #[test]
    fn backstops_ignore_visits_outside_their_scope(k in knobs(), cat in 0usize..5, age in 0u32..=120, vs in visits(),
                                                   which in any::<prop::sample::Index>(), in_county in any::<bool>(), total in 0i64..50_000_000, pct in 0i64..=100) {
        let out = outside(&[&k.scopes.full_aid, &k.scopes.min_ratio, &k.scopes.oop_cap]);
        if out.is_empty() { return Ok(()); }
        let x = out[which.index(out.len())];
        let (before, after) = with_and_without(&k, cat, age, &vs, (x, in_county, total, pct));
        prop_assert!(after.full_aid <= before.full_aid);
        prop_assert!(after.ratio_topup <= before.ratio_topup);
        prop_assert!(after.cap_fund <= before.cap_fund);
        prop_assert_eq!(before.cap, after.cap);
        if !covers(&assistance_scope(&k), x.0, x.1) {
            prop_assert_eq!(before.full_aid, after.full_aid);
            prop_assert_eq!(before.ratio_topup, after.ratio_topup);
            prop_assert_eq!(before.cap_fund, after.cap_fund);
        }
    }
}
