//! The engine beside its peers on the same work: the yearly medical pipeline of
//! `shared/peers/openfisca-medical` (基本医保 → 大病保险 → 医疗救助 → "136" cap) on the peers' own
//! SplitMix64 population, rebuilt here draw for draw, with the peers' parameters mapped onto the
//! engine; then every other calculator on a synthetic population of its own.
//!
//! Run: `cargo run --release -p mingbai-calc --example peers -- [N] [--repeat R] [--traced M]`
//! (N persons, default 1,000,000; best of R passes, default 5; the traced path on the first M,
//! default 200,000). `scripts/bench.sh` runs it and then the peers themselves. Prints figures only;
//! nothing is asserted except that the population is the peers' (its checksum, when N is one the
//! peers published).
//!
//! Where the engine's rules differ from the peers', and what it costs per person (printed):
//! - the engine rounds every product of an amount and a rate to the 分 (its one rounding rule); the
//!   peers compute in f64 without rounding. The difference is a few 分 at most per person.
//! - the engine pays 基本医保 per stay, with the 起付线 of each stay; the peers' inputs are yearly
//!   totals per hospital level, so each level becomes one inpatient stay (same figures).
//! - the "136" cap level: the peers take the highest level with a compliant cost above 0, the engine
//!   the highest level of the covered visits. The non-compliant cost rides on the person's lowest
//!   stay, or on a township stay of 0 compliant cost when there is none; the township cap is set to
//!   the peers' no-hospital cap (1000), so the level never changes a figure.
//! - the peers have no yearly limits on 基本医保 or 大病保险; the engine's are set to 1000万元,
//!   far above any cost of the population.

#[path = "../tests/common/mod.rs"]
mod common;

use mingbai_calc::medical::{Level, MedicalInput, Person, Visit, VisitKind};
use mingbai_calc::{
    compute, compute_figures, CalcError, Case, Category, Date, Household, JurisdictionParams,
    Money, Summary,
};
use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// Counts heap allocations, to print how many each path makes per person.
struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// ---------------------------------------------------------------- the peers' population

const SEED: u64 = 20_240_601;
const SLOTS: u64 = 14;
const ZERO_PERCENT: [u64; 4] = [40, 60, 80, 50];
const SCALE_MAX_YUAN: [u64; 5] = [1_000, 10_000, 50_000, 150_000, 300_000];

fn splitmix64(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add(k.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One person of `population.py`: costs in 分 (county, city, province, non-compliant).
#[derive(Clone, Copy)]
struct Inputs {
    poor: bool,
    age: u32,
    fen: [i64; 4],
}

fn person(i: u64) -> Inputs {
    let d = |slot: u64| splitmix64(SEED, i * SLOTS + slot);
    let mut fen = [0i64; 4];
    for (f, out) in fen.iter_mut().enumerate() {
        let s = 2 + 3 * f as u64;
        let modulus = SCALE_MAX_YUAN[(d(s + 1) % 5) as usize] * 100 + 1;
        let amount = d(s + 2) % modulus;
        *out = if d(s) % 100 < ZERO_PERCENT[f] {
            0
        } else {
            amount as i64
        };
    }
    Inputs {
        poor: d(0) % 100 < 30,
        age: (d(1) % 91) as u32,
        fen,
    }
}

/// `bench_numpy.compute` for one person, in f64 in the peers' order: their patient_share (yuan).
fn peer_patient_share(p: &Inputs) -> f64 {
    let cost = p.fen.map(|f| f as f64 / 100.0);
    let (d, r) = ([600.0, 1200.0, 2000.0], [0.70, 0.60, 0.50]);
    let basic_l = |l: usize| {
        let (ded, rate) = if p.poor {
            (d[l] * 0.5, r[l] + 0.05)
        } else {
            (d[l], r[l])
        };
        (cost[l] - ded).max(0.0) * rate
    };
    let basic = (basic_l(0) + basic_l(1)) + basic_l(2);
    let total = (cost[0] + cost[1]) + cost[2];
    let r1 = total - basic;
    let base = (r1 - if p.poor { 5000.0 } else { 10000.0 }).max(0.0);
    let b1 = base.min(40000.0);
    let b2 = (base - 40000.0).clamp(0.0, 50000.0);
    let b3 = (base - 90000.0).max(0.0);
    let k = |r: f64| if p.poor { r + 0.05 } else { r };
    let critical = (b1 * k(0.60) + b2 * k(0.70)) + b3 * k(0.80);
    let r2 = r1 - critical;
    let assistance = if p.poor {
        (r2 * 0.70).min(20000.0)
    } else {
        0.0
    };
    let r3 = r2 - assistance;
    let cap = if cost[2] > 0.0 {
        6000.0
    } else if cost[1] > 0.0 {
        3000.0
    } else {
        1000.0
    };
    let fund = if p.poor { (r3 - cap).max(0.0) } else { 0.0 };
    (r3 - fund) + cost[3]
}

/// Neumaier's compensated sum: the peers' checksum is an exactly rounded sum.
fn neumaier(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for v in values {
        let t = sum + v;
        c += if sum.abs() >= v.abs() {
            (sum - t) + v
        } else {
            (v - t) + sum
        };
        sum = t;
    }
    sum + c
}

// ---------------------------------------------------------------- the peers' parameters

fn fig(v: Value) -> Value {
    json!({ "v": v, "s": "A", "src": "shared/peers/openfisca-medical (assumed example values)" })
}

fn peer_params() -> JurisdictionParams {
    let all = fig(
        json!({ "kinds": ["inpatient"], "levels": ["township", "county", "city", "province"] }),
    );
    let level = |d: i64, r: &str| json!({ "deductible": fig(json!(d)), "rate": fig(json!(r)) });
    let outpatient = json!({ "deductible": fig(json!(0)), "rate": fig(json!("0.5")), "annual_cap": fig(json!(0)) });
    let medical = json!({
        "basic": {
            "scope": all, "annual_limit": fig(json!(10_000_000)),
            "inpatient": { "township": level(600, "0.70"), "county": level(600, "0.70"),
                           "city": level(1200, "0.60"), "province": level(2000, "0.50") },
            "chronic_outpatient": outpatient, "outpatient": outpatient,
            "poor": { "categories": ["jiandang"], "deductible_factor": fig(json!("0.5")),
                      "inpatient_rate_bonus": fig(json!("0.05")) }
        },
        "serious": {
            "scope": all, "threshold": fig(json!(10000)), "bands_from": fig(json!("threshold")),
            "bands": fig(json!([{ "upto": 40000, "rate": "0.60" }, { "upto": 90000, "rate": "0.70" }, { "rate": "0.80" }])),
            "annual_cap": fig(json!(10_000_000)),
            "poor": { "categories": ["jiandang"], "threshold_factor": fig(json!("0.5")), "band_rate_bonus": fig(json!("0.05")) }
        },
        "assistance": { "scope": all, "categories": ["jiandang"], "deductible": fig(json!(0)),
                        "rate": fig(json!("0.70")), "annual_cap": fig(json!(20000)) },
        "backstop": { "oop_cap": {
            "scope": all, "categories": ["jiandang"],
            "township": fig(json!(1000)), "county": fig(json!(1000)), "city": fig(json!(3000)), "province": fig(json!(6000)),
            "level_rule": fig(json!("highest_level_used")), "counts_noncompliant": fig(json!(false)) } }
    });
    let v = json!({ "id": "peers", "name": "对照",
                    "medical": [{ "from": "2017-01-01", "params": medical }] });
    let p: JurisdictionParams = match serde_json::from_value(v) {
        Ok(p) => p,
        Err(e) => panic!("peer parameters: {e}"),
    };
    if let Err(e) = p.validate() {
        panic!("peer parameters: {e:?}");
    }
    p
}

fn date(month: u8) -> Date {
    Date::new(2024, month, 10).unwrap_or_else(|| panic!("a date in 2024"))
}

/// The person as a case: one inpatient stay per level used, in date order.
fn case_of(p: &Inputs) -> Case {
    let levels = [Level::County, Level::City, Level::Province];
    let mut visits: Vec<Visit> = levels
        .iter()
        .zip(p.fen)
        .enumerate()
        .filter(|(_, (_, fen))| *fen > 0)
        .map(|(i, (level, fen))| Visit {
            date: date(i as u8 + 2),
            level: *level,
            kind: VisitKind::Inpatient,
            in_county: true,
            total: Money::from_fen(fen),
            compliant: Money::from_fen(fen),
        })
        .collect();
    let nc = Money::from_fen(p.fen[3]);
    if nc > Money::ZERO {
        match visits.first_mut() {
            Some(v) => v.total = v.total.plus(nc),
            None => visits.push(Visit {
                date: date(1),
                level: Level::Township,
                kind: VisitKind::Inpatient,
                in_county: true,
                total: nc,
                compliant: Money::ZERO,
            }),
        }
    }
    let category = if p.poor {
        Category::Jiandang
    } else {
        Category::General
    };
    Case {
        jurisdiction: "peers".to_string(),
        as_of: Date::new(2024, 12, 31).unwrap_or_else(|| panic!("a date")),
        household: Household {
            size: 1,
            category,
            has_disabled_member: false,
            place: None,
        },
        medical: Some(MedicalInput {
            persons: vec![Person {
                name: String::new(),
                age: p.age,
                category: None,
                visits,
            }],
        }),
        relocation: None,
        education: None,
        dibao: None,
    }
}

// ---------------------------------------------------------------- timing

const CHUNK: u64 = 65_536;

type Calc = fn(&Case, &JurisdictionParams) -> Result<Summary, CalcError>;

/// What a pass adds up, so that nothing is optimised away.
fn patient_fen(s: &Summary) -> i64 {
    s.totals.medical_patient_pays.fen()
}

/// Seconds to compute `cases` on `threads` threads with `f`, and the sum of the patients' shares.
fn run(cases: &[Case], params: &JurisdictionParams, threads: usize, f: Calc) -> (f64, i64) {
    let one = |part: &[Case]| -> i64 {
        part.iter()
            .map(|c| match f(black_box(c), params) {
                Ok(s) => patient_fen(&s),
                Err(e) => panic!("{e:?}"),
            })
            .sum()
    };
    let t = Instant::now();
    let sum = if threads <= 1 {
        one(cases)
    } else {
        let size = cases.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = cases
                .chunks(size)
                .map(|part| s.spawn(move || one(part)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
        })
    };
    (t.elapsed().as_secs_f64(), sum)
}

/// Best of `repeat` passes over `n` persons built chunk by chunk (building is not timed).
fn persons_per_second(
    n: u64,
    repeat: usize,
    params: &JurisdictionParams,
    threads: usize,
    f: Calc,
) -> (f64, i64) {
    let mut best = f64::INFINITY;
    let mut total = 0;
    for _ in 0..repeat {
        let (mut secs, mut sum) = (0.0, 0i64);
        let mut start = 0;
        while start < n {
            let end = (start + CHUNK).min(n);
            let cases: Vec<Case> = (start..end).map(|i| case_of(&person(i))).collect();
            let (s, x) = run(&cases, params, threads, f);
            secs += s;
            sum += x;
            start = end;
        }
        best = best.min(secs);
        total = sum;
    }
    (n as f64 / best, total)
}

/// Heap allocations and bytes per case of `f` over `cases`.
fn allocations(cases: &[Case], params: &JurisdictionParams, f: Calc) -> (f64, f64) {
    let (a, b) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    for c in cases {
        black_box(f(c, params).ok());
    }
    let n = cases.len().max(1) as f64;
    (
        (ALLOCS.load(Relaxed) - a) as f64 / n,
        (BYTES.load(Relaxed) - b) as f64 / n,
    )
}

// ---------------------------------------------------------------- the other calculators

fn other_cases(calc: &str, n: u64) -> Vec<Case> {
    let d = |i: u64, slot: u64| splitmix64(SEED ^ 0x5eed, i * 8 + slot);
    let cats = ["jiandang", "dibao", "tekun", "edge", "general"];
    let stages = [
        "preschool",
        "primary",
        "junior",
        "senior",
        "vocational",
        "higher_vocational",
        "undergraduate",
    ];
    (0..n)
        .map(|i| {
            let category = cats[(d(i, 0) % 5) as usize];
            let mut v = json!({ "jurisdiction": "test", "as_of": "2019-12-31",
                                "household": { "size": 1 + d(i, 1) % 6, "category": category, "has_disabled_member": d(i, 2) % 10 == 0 } });
            v[calc] = match calc {
                "relocation" => json!({ "scheme": "relocation",
                    "mode": if d(i, 3) % 2 == 0 { "centralized" } else { "dispersed" },
                    "jiandang_members": 1 + d(i, 4) % 6, "area_m2": 20 + d(i, 5) % 130,
                    "cost": 50_000 + d(i, 6) % 150_000,
                    "conditions_met": if d(i, 7) % 2 == 0 { json!(["vacate"]) } else { json!([]) } }),
                "education" => {
                    let children: Vec<Value> = (0..1 + d(i, 3) % 3)
                        .map(|c| {
                            let stage = stages[(d(i, 4 + c) % 7) as usize];
                            let mut child = json!({ "stage": stage, "boarding": d(i, 7) % 2 == 0 });
                            if stage == "undergraduate" || stage == "higher_vocational" {
                                child["tuition_and_lodging"] = json!(3000 + d(i, 7) % 9000);
                            }
                            child
                        })
                        .collect();
                    json!({ "children": children })
                }
                _ => {
                    let mut dibao = json!({ "annual_income": d(i, 3) % 20_000 });
                    if d(i, 4) % 3 == 0 {
                        dibao["taper"] = json!({ "stopped_month": format!("2019-{:02}", 1 + d(i, 5) % 12),
                                                 "previous_annual_income": d(i, 6) % 8_000 });
                    }
                    dibao
                }
            };
            match serde_json::from_value(v) {
                Ok(c) => c,
                Err(e) => panic!("{calc} case: {e}"),
            }
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let n = args
        .first()
        .and_then(|a| a.parse::<u64>().ok())
        .unwrap_or(1_000_000);
    let repeat = opt("--repeat").unwrap_or(5).max(1) as usize;
    let traced_n = opt("--traced").unwrap_or(200_000).min(n);
    let params = peer_params();

    // The population, checked against the peers' fingerprints and checksum.
    let t = Instant::now();
    let people: Vec<Inputs> = (0..n).map(person).collect();
    let poor = people.iter().filter(|p| p.poor).count();
    let peer: Vec<f64> = people.iter().map(peer_patient_share).collect();
    let checksum = neumaier(peer.iter().copied());
    let published = match n {
        100_000 => Some(("30088", 3_437_444_528.83)),
        1_000_000 => Some(("299647", 34_347_995_697.16)),
        _ => None,
    };
    println!(
        "population: N {n}, poor {poor}, built and computed in f64 in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    println!("peer formula in Rust f64: checksum {checksum:.2}");
    match published {
        Some((p, c)) => println!(
            "  peers' published figures: poor {p}, checksum {c:.2} — {}",
            if p == poor.to_string() && format!("{checksum:.2}") == format!("{c:.2}") {
                "same population, same results"
            } else {
                "DIFFERENT: the population is not the peers'"
            }
        ),
        None => println!("  (the peers published checksums for N = 100000 and 1000000 only)"),
    }

    // Where the engine's figures differ from the peers' (the rounding to the 分; see the top).
    let (mut diff_sum, mut diff_max, mut differ) = (0.0f64, 0.0f64, 0u64);
    let mut engine_total = 0i64;
    for (p, share) in people.iter().zip(&peer) {
        let s = compute_figures(&case_of(p), &params).unwrap_or_else(|e| panic!("{e:?}"));
        let fen = s.totals.medical_patient_pays.fen();
        engine_total += fen;
        let diff = (fen as f64 - share * 100.0).abs();
        diff_sum += diff;
        diff_max = diff_max.max(diff);
        if fen != (share * 100.0).round() as i64 {
            differ += 1;
        }
    }
    println!(
        "engine vs peers, patient share: mean |diff| {:.3} 分, max {:.2} 分, {differ} of {n} persons differ after rounding the peers' figure to the 分; sum {:.2} 元 vs {checksum:.2} 元",
        diff_sum / n as f64,
        diff_max,
        engine_total as f64 / 100.0
    );
    drop(peer);
    drop(people);

    let sample: Vec<Case> = (0..CHUNK.min(n)).map(|i| case_of(&person(i))).collect();
    let (fa, fb) = allocations(&sample, &params, compute_figures);
    let (ta, tb) = allocations(&sample, &params, compute);
    println!("allocations per person: compute_figures {fa:.2} ({fb:.0} bytes), compute {ta:.2} ({tb:.0} bytes)");

    let (one, s1) = persons_per_second(n, repeat, &params, 1, compute_figures);
    let (two, s2) = persons_per_second(n, repeat, &params, 2, compute_figures);
    let (traced, _) = persons_per_second(traced_n, repeat.min(3), &params, 1, compute);
    assert_eq!(s1, s2, "the threads computed other figures");
    println!("mingbai compute_figures, 1 thread: {one:.0} persons/s (best of {repeat}, N {n})");
    println!("mingbai compute_figures, 2 threads: {two:.0} persons/s");
    println!(
        "mingbai compute (full trace), 1 thread: {traced:.0} persons/s (best of {}, first {traced_n})",
        repeat.min(3)
    );

    // Every other calculator, on a synthetic population of its own.
    let knobs = common::MedicalKnobs::default();
    let own = common::jurisdiction(common::medical(&knobs));
    let m = (n / 5).max(1);
    for calc in ["relocation", "education", "dibao"] {
        let cases = other_cases(calc, m);
        let ok = cases
            .iter()
            .filter(|c| compute_figures(c, &own).is_ok())
            .count();
        let (fa, _) = allocations(&cases, &own, compute_figures);
        let best = |f: Calc, reps: usize| {
            (0..reps)
                .map(|_| {
                    let t = Instant::now();
                    for c in &cases {
                        black_box(f(black_box(c), &own).ok());
                    }
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let figures = m as f64 / best(compute_figures, repeat);
        let traced = m as f64 / best(compute, repeat.min(3));
        println!(
            "{calc}: compute_figures {figures:.0} households/s ({fa:.2} allocations each), compute {traced:.0}/s (N {m}, {ok} computed, the rest refused)"
        );
    }
}
