//! Prints how long building, parsing and querying an index of synthetic policy pages takes.
//! Run: `cargo bench -p mingbai-search` (add `-- 2000` to change the number of documents;
//! set MINGBAI_BENCH_INDEX=<file> to keep the index, e.g. to time `search.js` on it).

use std::time::{Duration, Instant};

use mingbai_search::{build_index, Index, SearchDoc};

const PHRASES: &[&str] = &[
    "建档立卡贫困人口",
    "住院合规费用报销比例",
    "先诊疗后付费",
    "一站式结算",
    "大病保险",
    "医疗救助",
    "易地扶贫搬迁",
    "集中安置",
    "分散安置",
    "旧房拆除奖励",
    "雨露计划",
    "职业教育",
    "生活补助",
    "农村低保标准",
    "渐退期",
    "特困人员供养",
    "扶贫小额信贷",
    "光伏扶贫电站",
    "危房改造",
    "公益岗位",
    "貧困學生補助生活費",
    "醫療保障",
];
const JURISDICTIONS: &[&str] = &["代县", "保定市", "镇巴县", "旌德县", "宿松县"];
const CATEGORIES: &[&str] = &["健康扶贫", "易地搬迁", "教育扶贫", "兜底保障", "金融扶贫"];

/// xorshift64: deterministic, so every run measures the same documents.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

fn docs(n: usize) -> Vec<SearchDoc> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let mut text = String::new();
            for _ in 0..60 {
                text.push_str(rng.pick(PHRASES));
                text.push_str(&format!("{}元，", (rng.next() % 300) * 100));
            }
            SearchDoc {
                url: format!("j{}/policy-{i}/", i % 50),
                title: format!("{}{}第{i}号", rng.pick(PHRASES), rng.pick(PHRASES)),
                jurisdiction: rng.pick(JURISDICTIONS).into(),
                category: rng.pick(CATEGORIES).into(),
                summary: format!("{}，每人{}元。", rng.pick(PHRASES), rng.next() % 10000),
                text,
            }
        })
        .collect()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let docs = docs(n);
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let mut json = String::new();
    let build = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                json = build_index(&docs);
                t.elapsed()
            })
            .collect(),
    );
    if let Some(path) = std::env::var_os("MINGBAI_BENCH_INDEX") {
        std::fs::write(&path, &json).expect("MINGBAI_BENCH_INDEX is writable");
    }
    let t = Instant::now();
    let index = Index::from_json(&json).expect("index written by build_index parses");
    let parse = t.elapsed();

    println!(
        "documents:        {n} ({:.1} MB of text)",
        text_bytes as f64 / 1e6
    );
    println!("build_index:      {build:.2?} (median of 3)");
    println!("index size:       {:.2} MB", json.len() as f64 / 1e6);
    println!("Index::from_json: {parse:.2?}");
    for q in ["雨露计划", "3000元", "136", "貧困學生", "元"] {
        let t = Instant::now();
        let hits = index.search(q);
        println!(
            "search {q:<8}    {:>9.2?}  {} hits",
            t.elapsed(),
            hits.len()
        );
    }
}
