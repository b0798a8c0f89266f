//! Parameter sets built in code for the engine's own tests (the jurisdictions' real parameters are
//! tested through `content/` by the golden cases in tests/golden/calc).
#![allow(dead_code)]

use mingbai_calc::JurisdictionParams;
use serde_json::{json, Value};

pub fn fig(v: Value, s: &str) -> Value {
    json!({ "v": v, "s": s, "src": "test", "doc": "test-doc" })
}

/// Knobs a property test varies; the defaults are the 安康 2019 typical figures.
#[derive(Clone, Debug)]
pub struct MedicalKnobs {
    pub deductibles: [i64; 4],
    pub rates: [&'static str; 4],
    pub threshold: i64,
    pub assistance_rate: &'static str,
    pub assistance_cap: i64,
    pub oop_caps: Option<[i64; 4]>,
    pub counts_noncompliant: bool,
    pub min_ratio: Option<&'static str>,
    pub full_aid_age: Option<u32>,
    /// `"zero"` or `"threshold"`
    pub bands_from: &'static str,
    pub scopes: Scopes,
}

/// Each layer's scope as (kinds, levels); `None` = all.
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    pub basic: Option<Scope>,
    pub serious: Option<Scope>,
    /// Joined with the serious scope, as the engine requires.
    pub assistance: Option<Scope>,
    pub full_aid: Option<Scope>,
    pub min_ratio: Option<Scope>,
    pub oop_cap: Option<Scope>,
    pub chronic_bonus_levels: Option<Vec<&'static str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    pub kinds: Vec<&'static str>,
    pub levels: Vec<&'static str>,
}

pub const ALL_KINDS: [&str; 3] = ["inpatient", "chronic_outpatient", "outpatient"];
pub const ALL_LEVELS: [&str; 4] = ["township", "county", "city", "province"];

fn scope_fig(s: &Option<Scope>) -> Value {
    match s {
        Some(s) => fig(json!({ "kinds": s.kinds, "levels": s.levels }), "A"),
        None => fig(json!({ "kinds": ALL_KINDS, "levels": ALL_LEVELS }), "A"),
    }
}

fn union(a: &Option<Scope>, b: &Option<Scope>) -> Option<Scope> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let mut kinds = a.kinds.clone();
            kinds.extend(b.kinds.iter().filter(|k| !a.kinds.contains(k)));
            let mut levels = a.levels.clone();
            levels.extend(b.levels.iter().filter(|l| !a.levels.contains(l)));
            Some(Scope { kinds, levels })
        }
        _ => None,
    }
}

impl Default for MedicalKnobs {
    fn default() -> Self {
        MedicalKnobs {
            deductibles: [200, 600, 2000, 2000],
            rates: ["0.80", "0.70", "0.60", "0.55"],
            threshold: 10000,
            assistance_rate: "0.70",
            assistance_cap: 10000,
            oop_caps: None,
            counts_noncompliant: false,
            min_ratio: None,
            full_aid_age: None,
            bands_from: "zero",
            scopes: Scopes::default(),
        }
    }
}

pub fn medical(k: &MedicalKnobs) -> Value {
    let poor = json!(["jiandang", "dibao", "tekun"]);
    let level = |i: usize| json!({ "deductible": fig(json!(k.deductibles[i]), "A"), "rate": fig(json!(k.rates[i]), "A") });
    let mut backstop = serde_json::Map::new();
    if let Some(c) = k.oop_caps {
        backstop.insert(
            "oop_cap".into(),
            json!({
                "scope": scope_fig(&k.scopes.oop_cap),
                "categories": ["jiandang"],
                "township": fig(json!(c[0]), "R"), "county": fig(json!(c[1]), "R"),
                "city": fig(json!(c[2]), "R"), "province": fig(json!(c[3]), "R"),
                "level_rule": fig(json!("highest_level_used"), "A"),
                "counts_noncompliant": fig(json!(k.counts_noncompliant), "A"),
            }),
        );
    }
    if let Some(r) = k.min_ratio {
        backstop.insert(
            "min_inpatient_ratio".into(),
            json!({ "scope": scope_fig(&k.scopes.min_ratio), "categories": ["jiandang"], "ratio": fig(json!(r), "S") }),
        );
    }
    if let Some(age) = k.full_aid_age {
        backstop.insert(
            "full_aid".into(),
            json!({ "scope": scope_fig(&k.scopes.full_aid), "categories": ["jiandang", "dibao", "tekun", "edge", "general"], "min_age": fig(json!(age), "S"),
                    "in_county_only": fig(json!(true), "S"), "from": fig(json!("2016-03-01"), "S") }),
        );
    }
    json!({
        "basic": {
            "scope": scope_fig(&k.scopes.basic),
            "annual_limit": fig(json!(150000), "A"),
            "inpatient": { "township": level(0), "county": level(1), "city": level(2), "province": level(3) },
            "chronic_outpatient": { "deductible": fig(json!(0), "A"), "rate": fig(json!("0.60"), "A"), "annual_cap": fig(json!(5000), "A") },
            "outpatient": { "deductible": fig(json!(0), "A"), "rate": fig(json!("0.50"), "A"), "annual_cap": fig(json!(400), "A") },
            "poor": { "categories": poor, "deductible_factor": fig(json!("0.5"), "R"),
                      "inpatient_rate_bonus": fig(json!("0.05"), "R"), "chronic_outpatient_rate_bonus": fig(json!("0.20"), "A"),
                      "chronic_outpatient_levels": fig(json!(k.scopes.chronic_bonus_levels.clone().unwrap_or(ALL_LEVELS.to_vec())), "A") }
        },
        "serious": {
            "scope": scope_fig(&k.scopes.serious),
            "bands_from": fig(json!(k.bands_from), "A"),
            "threshold": fig(json!(k.threshold), "A"),
            "bands": fig(json!([{ "upto": 50000, "rate": "0.60" }, { "upto": 100000, "rate": "0.70" }, { "rate": "0.80" }]), "A"),
            "annual_cap": fig(json!(300000), "A"),
            "poor": { "categories": poor, "threshold_factor": fig(json!("0.5"), "R"),
                      "band_rate_bonus": fig(json!("0.05"), "R"), "uncapped": fig(json!(true), "R") }
        },
        "assistance": {
            "scope": scope_fig(&union(&k.scopes.assistance, &k.scopes.serious)),
            "categories": poor, "deductible": fig(json!(0), "A"),
            "rate": fig(json!(k.assistance_rate), "R"), "annual_cap": fig(json!(k.assistance_cap), "A")
        },
        "backstop": backstop,
    })
}

pub fn relocation() -> Value {
    json!({
        "build_subsidy": { "centralized": fig(json!(25000), "V"), "dispersed": fig(json!(15000), "V") },
        "rewards": [{ "id": "vacate", "name": "旧宅基地腾退奖励", "condition": "vacate", "per_person": fig(json!(10000), "V") }],
        "caps": { "area_per_person_m2": fig(json!(25), "V"), "self_funding_per_person": fig(json!(3000), "R"),
                  "self_funding_per_household": fig(json!(10000), "R") },
        "renovation": { "per_household": fig(json!(14000), "S"), "categories": ["jiandang", "dibao", "tekun", "disabled"] }
    })
}

pub fn dibao() -> Value {
    json!({
        "standard": fig(json!(2900), "S"), "taper_months": fig(json!(12), "S"), "taper_months_disabled": fig(json!(18), "S"),
        "tekun_dispersed": fig(json!(4000), "S"), "tekun_centralized": fig(json!(6000), "S")
    })
}

pub fn education() -> Value {
    let item = |id: &str,
                stages: Value,
                boarding: &str,
                kind: &str,
                period: &str,
                amount: Option<i64>| {
        let mut v = json!({ "id": id, "name": id, "stages": stages, "categories": ["jiandang", "dibao", "tekun"],
                            "boarding": boarding, "kind": kind, "period": period });
        if let Some(a) = amount {
            v["amount"] = fig(json!(a), "V");
        }
        v
    };
    let mut loan = item(
        "loan",
        json!(["undergraduate", "higher_vocational"]),
        "any",
        "loan",
        "annual",
        Some(8000),
    );
    loan["loan_floor"] = fig(json!(1000), "V");
    json!({ "items": [
        item("boarding_primary", json!(["primary"]), "boarding", "grant", "annual", Some(1000)),
        item("yulu", json!(["vocational", "higher_vocational"]), "any", "grant", "annual", Some(3000)),
        item("senior_fee", json!(["senior"]), "any", "waiver", "annual", None),
        loan,
    ]})
}

pub fn jurisdiction(medical: Value) -> JurisdictionParams {
    let set =
        |params: Value| json!([{ "from": "2016-01-01", "to": "2020-12-31", "params": params }]);
    let v = json!({
        "id": "test", "name": "测试县",
        "medical": set(medical), "relocation": set(relocation()), "education": set(education()), "dibao": set(dibao()),
    });
    match serde_json::from_value(v) {
        Ok(p) => p,
        Err(e) => panic!("test parameters do not deserialize: {e}"),
    }
}
