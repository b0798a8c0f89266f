//! `mingbai`: build, preview and check the policy site; compute a household's case.

mod new;
mod serve;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "mingbai",
    version,
    about = "明白 · 扶贫政策明白卡：build the policy site, check content, compute a case"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build leaves it untouched).
    Build {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Templates and static files.
        #[arg(long, default_value = "site")]
        site: PathBuf,
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// The built browser calculator (scripts/build-web.sh writes it to target/web-dist);
        /// without it the site is complete but its calculator pages say it is not included.
        #[arg(long, value_name = "DIR")]
        calculator: Option<PathBuf>,
    },
    /// Build, serve on 127.0.0.1:PORT, and rebuild when content/ or site/ change.
    Serve {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "site")]
        site: PathBuf,
        #[arg(long, default_value = "public")]
        out: PathBuf,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The built browser calculator (scripts/build-web.sh writes it to target/web-dist);
        /// without it the site is complete but its calculator pages say it is not included.
        #[arg(long, value_name = "DIR")]
        calculator: Option<PathBuf>,
    },
    /// Check content and templates and report every error; writes nothing.
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "site")]
        site: PathBuf,
        /// Also list every value marked S (种子报告) with the seed line it is quoted from.
        #[arg(long)]
        quotes: bool,
        /// The built browser calculator (scripts/build-web.sh writes it to target/web-dist);
        /// without it the site is complete but its calculator pages say it is not included.
        #[arg(long, value_name = "DIR")]
        calculator: Option<PathBuf>,
    },
    /// What a county has (each parameter by date, with status and source), or with --needed what
    /// each calculator needs. A county whose calculators lack parameters gets every missing one.
    Params {
        /// The jurisdiction id (the folder under content/, e.g. daixian).
        county: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Print the parameters each calculator needs (the list in content/README.md).
        #[arg(long)]
        needed: bool,
    },
    /// 新建一个县：写出起步内容（名称、上一级、每个计算器的示例参数和算例），马上能检查、生成和计算；
    /// 国家和省的政策自动沿用，不用抄。Create a starter county under a province.
    New {
        /// 县的文件夹名：小写英文字母、数字和“-”，如 shilixian（the folder under content/）.
        id: String,
        /// 县的名称，如 示例县.
        #[arg(long)]
        name: String,
        /// 上一级省的文件夹名，如 shanxi、hebei、shaanxi、anhui.
        #[arg(long)]
        parent: String,
        /// 行政区划代码（6位数字）；不写就先用占位代码，以后再改.
        #[arg(long)]
        code: Option<String>,
        /// 起步文件的施行日期（示例，以后再改），如 2026-01-01；不写就是今年1月1日.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Compute a case (JSON, see crates/mingbai-calc/README.md) from FILE or stdin ("-").
    Calc {
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Print the summary as JSON instead of the Chinese explanation.
        #[arg(long)]
        json: bool,
    },
    /// Compute every household of a roster (CSV or .xlsx, columns in crates/mingbai-roster/README.md)
    /// and write the results as CSV next to it; bad rows get a row-numbered error, good rows are computed.
    Batch {
        roster: PathBuf,
        /// Where to write the results (default: ROSTER-结果.csv beside the roster).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The date for rows whose 计算日期 is empty (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            site,
            out,
            calculator,
        } => build(&content, &site, calculator.as_deref(), &out),
        Command::Serve {
            content,
            site,
            out,
            port,
            calculator,
        } => serve::run(&content, &site, calculator.as_deref(), &out, port),
        Command::Check {
            content,
            site,
            quotes,
            calculator,
        } => check(&content, &site, calculator.as_deref(), quotes),
        Command::Params {
            county,
            content,
            needed,
        } => params(county.as_deref(), &content, needed),
        Command::New {
            id,
            name,
            parent,
            code,
            from,
            content,
        } => new::run(&new::Request {
            id,
            name,
            parent,
            code,
            from,
            content,
        }),
        Command::Calc {
            file,
            content,
            json,
        } => calc(&file, &content, json),
        Command::Batch {
            roster,
            out,
            content,
            as_of,
        } => batch(&roster, out, &content, as_of.as_deref()),
    }
}

/// Exit codes: 0 every row computed, 1 some rows have errors (the results are still written),
/// 2 the roster or the content could not be used at all.
fn batch(roster: &Path, out: Option<PathBuf>, content: &Path, as_of: Option<&str>) -> ExitCode {
    let default_as_of = match as_of.map(mingbai_calc::Date::parse).transpose() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("--as-of: {e}");
            return ExitCode::from(2);
        }
    };
    let loaded = match mingbai_content::load(content) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            eprintln!(
                "cannot load parameters: {} error(s) in {}",
                e.len(),
                content.display()
            );
            return ExitCode::from(2);
        }
    };
    let out = out.unwrap_or_else(|| mingbai_roster::default_output(roster));
    let options = mingbai_roster::Options {
        default_as_of,
        threads: None,
    };
    match mingbai_roster::run_with(roster, &out, &loaded.params, &options) {
        Ok(report) => {
            print!("{report}");
            if report.errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Printed QR codes carry `base_url`; a placeholder address sends every reader nowhere.
fn warn_placeholder(site: &mingbai_content::Site, content: &Path) {
    if site.placeholder_base_url() {
        eprintln!(
            "注意：网站地址 base_url = \"{url}\" 是占位地址，打印的明白卡上的二维码扫了打不开。\n\
             请在 {file} 里把 base_url 改成本站正式发布的地址（以 / 结尾），再重新生成。\n\
             warning: base_url \"{url}\" is a placeholder: the QR codes on the print sheets point nowhere.",
            url = site.base_url,
            file = content.join("_site.toml").display()
        );
    }
}

/// A site without the calculator is complete; one line says how to include it.
fn note_calculator(calculator: Option<&Path>) {
    if calculator.is_none() {
        eprintln!("{}", mingbai_site::NO_CALCULATOR_HINT);
    }
}

fn build(content: &Path, site: &Path, calculator: Option<&Path>, out: &Path) -> ExitCode {
    let start = std::time::Instant::now();
    match mingbai_site::build_with(content, site, calculator, out) {
        Ok(r) => {
            if let Ok(c) = mingbai_content::load(content) {
                warn_placeholder(&c.site, content);
            }
            note_calculator(calculator);
            eprintln!(
                "built {} pages ({} files, {} KB) into {} in {:.2}s",
                r.pages,
                r.files,
                r.bytes / 1024,
                out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!(
                "build failed: {} error(s); {} was not changed",
                e.len(),
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn check(content: &Path, site: &Path, calculator: Option<&Path>, list_quotes: bool) -> ExitCode {
    let loaded = match mingbai_content::load(content) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{} error(s)", e.len());
            return ExitCode::FAILURE;
        }
    };
    match mingbai_content::audit::audit(&loaded) {
        Ok(quoted) => {
            if list_quotes {
                for q in &quoted {
                    let line = q.line.map(|l| format!(":{l}")).unwrap_or_default();
                    let note = q
                        .note
                        .as_deref()
                        .map(|n| format!("（{n}）"))
                        .unwrap_or_default();
                    println!(
                        "{}{line}: {} = {} ← 种子报告{} {}:{}：“{}”{note}",
                        q.file.display(),
                        q.field,
                        q.value,
                        q.seed,
                        q.seed_file.display(),
                        q.seed_line,
                        q.text.split_whitespace().collect::<String>()
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{} error(s)", e.len());
            return ExitCode::FAILURE;
        }
    }
    match mingbai_site::render_site_with(&loaded, site, calculator) {
        Ok(output) => {
            let base_path = loaded
                .site
                .base_url
                .splitn(4, '/')
                .nth(3)
                .map(|p| format!("/{p}"))
                .unwrap_or_else(|| "/".into());
            let problems = mingbai_site::linkcheck::check(&output, &base_path);
            for p in &problems {
                eprintln!("{p}");
            }
            if !problems.is_empty() {
                eprintln!("{} broken link(s) in the rendered site", problems.len());
                warn_placeholder(&loaded.site, content);
                return ExitCode::FAILURE;
            }
            let docs = loaded.docs().count();
            eprintln!(
                "ok: {} jurisdictions, {} documents, {} files",
                loaded.jurisdictions.len(),
                docs,
                output.len()
            );
            warn_placeholder(&loaded.site, content);
            note_calculator(calculator);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{} error(s)", e.len());
            ExitCode::FAILURE
        }
    }
}

fn params(county: Option<&str>, content: &Path, needed: bool) -> ExitCode {
    if needed || county.is_none() {
        return emit(&mingbai_content::needed::needed_markdown());
    }
    let county = county.unwrap_or_default();
    let loaded = match mingbai_content::load(content) {
        Ok(c) => c,
        Err(e) => {
            // Incomplete calculators are among these, each with everything it still lacks.
            eprintln!("{e}");
            eprintln!("{} error(s)", e.len());
            return ExitCode::FAILURE;
        }
    };
    let Some(p) = loaded.params.get(county) else {
        let known: Vec<&str> = loaded.jurisdictions.iter().map(|j| j.id.as_str()).collect();
        eprintln!("没有“{county}”这个县（有：{}）", known.join("、"));
        return ExitCode::FAILURE;
    };
    let value = serde_json::to_value(p).unwrap_or_default();
    println!("{}（{county}）", p.name);
    for &calc in mingbai_calc::Calculator::ALL {
        let Some(sets) = value.get(calc.key()).and_then(|v| v.as_array()) else {
            continue;
        };
        if sets.is_empty() {
            continue;
        }
        println!("\n[{}] {}", calc.key(), calc.zh());
        for set in sets {
            let from = set.get("from").and_then(|v| v.as_str()).unwrap_or("?");
            let to = set.get("to").and_then(|v| v.as_str());
            match to {
                Some(to) => println!("  {from} 至 {to}"),
                None => println!("  {from} 起"),
            }
            if let Some(params) = set.get("params") {
                print_figures(params, calc.key());
            }
        }
    }
    ExitCode::SUCCESS
}

/// Each figure (`{ v, s, src, doc }`) under `v`, one line: path = value [status] source (document).
fn print_figures(v: &serde_json::Value, path: &str) {
    match v {
        serde_json::Value::Object(m) if m.contains_key("v") && m.contains_key("s") => {
            let value = match &m["v"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let get = |k: &str| m.get(k).and_then(|x| x.as_str()).unwrap_or_default();
            let label = mingbai_calc::labels::param_label(path)
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            println!(
                "    {path}{label} = {value} [{}] {}（文件 {}）",
                get("s"),
                get("src"),
                get("doc")
            );
        }
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                print_figures(x, &format!("{path}.{k}"));
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let id = x.get("id").and_then(|v| v.as_str()).map(str::to_string);
                print_figures(
                    x,
                    &format!("{path}.{}", id.unwrap_or_else(|| i.to_string())),
                );
            }
        }
        _ => {}
    }
}

fn calc(file: &str, content: &Path, json: bool) -> ExitCode {
    let (name, text) = if file == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("stdin: cannot read: {e}");
            return ExitCode::FAILURE;
        }
        ("stdin".to_string(), s)
    } else {
        match std::fs::read_to_string(file) {
            Ok(s) => (file.to_string(), s),
            Err(e) => {
                eprintln!("{file}: cannot read: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    let case: mingbai_calc::Case = match serde_path_to_error::deserialize(&mut de) {
        Ok(c) => c,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.inner();
            let at = if inner.line() > 0 {
                format!(":{}:{}", inner.line(), inner.column())
            } else {
                String::new()
            };
            let mut msg = inner.to_string();
            // serde_json appends " at line L column C"; the position is already in front.
            if let Some(cut) = msg.find(" at line ") {
                msg.truncate(cut);
            }
            let field = if path == "." {
                String::new()
            } else {
                format!("{path}: ")
            };
            eprintln!("{name}{at}: {field}{msg}");
            return ExitCode::FAILURE;
        }
    };
    let loaded = match mingbai_content::load(content) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            eprintln!(
                "cannot load parameters: {} error(s) in {}",
                e.len(),
                content.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(params) = loaded.params.get(&case.jurisdiction) else {
        let known: Vec<&str> = loaded.params.keys().map(String::as_str).collect();
        eprintln!(
            "{name}: jurisdiction: unknown “{}” (one of: {})",
            case.jurisdiction,
            known.join(", ")
        );
        return ExitCode::FAILURE;
    };
    match mingbai_calc::compute(&case, params) {
        Ok(summary) => {
            let text = if json {
                match serde_json::to_string_pretty(&summary) {
                    Ok(s) => s + "\n",
                    Err(e) => {
                        eprintln!("cannot write JSON: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                mingbai_calc::render_text(&summary)
            };
            emit(&text)
        }
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes a command's output. A reader that stops early (`mingbai calc case.json | head`) is not an
/// error; `print!` would panic on the closed pipe.
fn emit(text: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}
