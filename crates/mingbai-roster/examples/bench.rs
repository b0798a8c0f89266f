//! Roster batch benchmark: generates a synthetic roster of N households (default 1 000 000) into
//! a temporary folder, runs it CSV to CSV against the real `content/`, and prints the time, the
//! rows per second and the peak memory of the process.
//!
//! ```sh
//! cargo run --release -p mingbai-roster --example bench            # 1 000 000 households
//! cargo run --release -p mingbai-roster --example bench -- 100000 1  # 100 000 households, 1 thread
//! ```
//!
//! The households are the example roster (`examples/roster/roster.csv`: medical, relocation,
//! education and 低保 rows of all four jurisdictions) repeated with varied amounts; one row in a
//! hundred is made bad (合规费用 above 总费用) so that the error path is measured too.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

const EXAMPLE: &str = include_str!("../../../examples/roster/roster.csv");

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let threads: Option<usize> = args.next().and_then(|a| a.parse().ok());

    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let params = match mingbai_content::load(&repo.join("content")) {
        Ok(c) => c.params,
        Err(e) => {
            eprintln!("content/ does not load: {e:?}");
            std::process::exit(1);
        }
    };

    let mut lines = EXAMPLE.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let templates: Vec<Vec<String>> = lines
        .map(|l| {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes());
            rdr.records()
                .next()
                .and_then(Result::ok)
                .map(|r| r.iter().map(str::to_string).collect())
                .unwrap_or_default()
        })
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or(0);
    let (seq, head, total, compliant, income) = (
        col("序号"),
        col("户主姓名"),
        col("住院总费用"),
        col("住院合规费用"),
        col("家庭年收入"),
    );

    let dir = std::env::temp_dir().join(format!("mingbai-roster-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let input = dir.join("roster.csv");
    let output = dir.join("roster-结果.csv");

    let t = Instant::now();
    {
        let file =
            std::fs::File::create(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let mut w = csv::Writer::from_writer(BufWriter::new(file));
        w.write_record(&header).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..rows {
            let mut r = templates[(i as usize) % templates.len()].clone();
            r[seq] = (i + 1).to_string();
            r[head] = format!("户主{}", i + 1);
            let delta = i % 997;
            // Single stays only: "9800;42000" is left as it is.
            if let (Ok(t), Ok(c)) = (r[total].parse::<u64>(), r[compliant].parse::<u64>()) {
                r[total] = (t + delta).to_string();
                r[compliant] = if i % 100 == 99 {
                    (t + delta + 1).to_string()
                } else {
                    (c + delta).to_string()
                };
            }
            if let Ok(v) = r[income].parse::<u64>() {
                r[income] = (v + delta * 3).to_string();
            }
            w.write_record(&r).unwrap_or_else(|e| panic!("{e}"));
        }
        w.into_inner()
            .map_err(|e| e.to_string())
            .and_then(|mut b| b.flush().map_err(|e| e.to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let generated = t.elapsed();
    let in_size = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
    let rss_before = peak_rss_mib();

    let options = mingbai_roster::Options {
        default_as_of: None,
        threads,
    };
    let t = Instant::now();
    let report = match mingbai_roster::run_with(&input, &output, &params, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let secs = t.elapsed().as_secs_f64();
    let out_size = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);

    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!("roster batch, CSV to CSV");
    println!("  households       {}", report.rows);
    println!("  computed/errors  {} / {}", report.computed, report.errors);
    println!(
        "  threads          {}",
        threads.map_or_else(
            || format!(
                "{} (all cores)",
                std::thread::available_parallelism().map_or(1, |n| n.get())
            ),
            |n| n.to_string()
        )
    );
    println!(
        "  input            {:.1} MiB (generated in {:.1} s)",
        mib(in_size),
        generated.as_secs_f64()
    );
    println!("  output           {:.1} MiB", mib(out_size));
    println!("  time             {secs:.2} s");
    println!(
        "  rate             {:.0} households/s",
        report.rows as f64 / secs
    );
    match (rss_before, peak_rss_mib()) {
        (Some(before), Some(after)) => {
            println!("  peak RSS         {after:.1} MiB (before the run {before:.1} MiB)")
        }
        _ => println!("  peak RSS         unknown (no /proc/self/status); try /usr/bin/time -v"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
