//! Roster batch for village cadres: every household of a roster (one row per household, Chinese
//! column headers, CSV or a spreadsheet) computed with `mingbai-calc`, written to a result CSV
//! next to it. A bad row gets its error (`第N行 列名: 原因`) in the 错误 column and the other rows are
//! still computed. Rows are read, computed and written a chunk at a time, so a roster of any
//! length runs in bounded memory (spreadsheets other than .xlsx are read whole by calamine).
//!
//! `run`/`run_with` read and write files (the CLI); `run_bytes` computes a roster held in memory
//! on the calling thread and is what the browser roster page runs, compiled to wasm32.

mod cell;
mod columns;
mod output;
mod row;
mod source;
mod template;

pub use columns::{ColumnDoc, COLUMNS};
pub use output::OUTPUT_COLUMNS;
#[cfg(feature = "template-xlsx")]
pub use template::template_xlsx;
pub use template::{template_csv, template_rows};

use mingbai_calc::{Date, JurisdictionParams};
use row::{Context, Outcome, RawRow};
use source::{RowSource, SourceError};
use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Rows computed together; with ~30 short cells a row, a chunk is a few MB.
const CHUNK: usize = 4096;
/// Rows above the header that may hold a title (“XX村脱贫户花名册”).
const TITLE_ROWS: usize = 10;
/// Errors kept in the report for printing; the output file has all of them.
const SAMPLE_ERRORS: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The date for rows whose 计算日期 is empty (the CLI may pass today's date); with it the
    /// 计算日期 column may be left out altogether.
    pub default_as_of: Option<Date>,
    /// Threads computing rows (reading and writing go on alongside, on the calling thread);
    /// `None`: one per core.
    pub threads: Option<usize>,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub input: PathBuf,
    pub output: PathBuf,
    /// Household rows read (blank rows and the header not counted); as many rows are written.
    pub rows: u64,
    pub computed: u64,
    pub errors: u64,
    /// Computed rows whose figures rest on at least one assumed (示例) parameter.
    pub with_assumptions: u64,
    /// Computed rows dated after the last day some parameters are known for (the last known used).
    pub past_known: u64,
    /// The row the header was found on.
    pub header_row: u64,
    /// Headers that are not roster columns: left out of the computation (a misspelt header
    /// shows up here).
    pub ignored_columns: Vec<String>,
    /// The first errors, as written in the 错误 column.
    pub first_errors: Vec<String>,
}

impl fmt::Display for BatchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "共{}户：计算{}户，出错{}户",
            self.rows, self.computed, self.errors
        )?;
        if self.errors > 0 {
            write!(f, "（原因见结果中的“错误”列）")?;
        }
        writeln!(f, "；结果已写入 {}", self.output.display())?;
        if self.with_assumptions > 0 {
            writeln!(
                f,
                "其中{}户的结果用到示例参数：{}。",
                self.with_assumptions,
                mingbai_calc::ASSUMPTION_NOTICE
            )?;
        }
        if self.past_known > 0 {
            writeln!(
                f,
                "其中{}户的计算日期晚于本站掌握的参数的最后日期，按最后已知的标准计算，以当地最新文件为准。",
                self.past_known
            )?;
        }
        if !self.ignored_columns.is_empty() {
            writeln!(
                f,
                "以下列不是花名册的列，未参与计算：{}",
                self.ignored_columns.join("、")
            )?;
        }
        for e in &self.first_errors {
            writeln!(f, "  {e}")?;
        }
        if self.errors > self.first_errors.len() as u64 {
            writeln!(
                f,
                "  ……另有{}行出错",
                self.errors - self.first_errors.len() as u64
            )?;
        }
        Ok(())
    }
}

/// A problem with the file as a whole; nothing is written (a previous result file is left as it was).
#[derive(Debug)]
pub enum RosterError {
    /// Not a .csv/.txt/.tsv/.xlsx/.xlsm/.xls/.xlsb/.ods file.
    UnknownFormat { file: PathBuf },
    /// The file cannot be opened or read (`row`: where reading stopped).
    Read {
        file: PathBuf,
        row: Option<u64>,
        reason: String,
    },
    /// No row of the file is a header with the required columns.
    MissingColumns {
        file: PathBuf,
        row: Option<u64>,
        missing: Vec<&'static str>,
    },
    /// Two headers name the same column (`人口` and `家庭人口`).
    DuplicateColumn {
        file: PathBuf,
        row: u64,
        column: &'static str,
        first: String,
        second: String,
    },
    /// The result cannot be written.
    Write { file: PathBuf, reason: String },
    /// The output path is the input file.
    SameFile { file: PathBuf },
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RosterError::UnknownFormat { file } => {
                write!(
                    f,
                    "{}: 不认识的文件类型，请用 .csv 或 .xlsx（也可 .xls、.ods）",
                    file.display()
                )
            }
            RosterError::Read {
                file,
                row: Some(row),
                reason,
            } => write!(f, "{}: 第{row}行: {reason}", file.display()),
            RosterError::Read {
                file,
                row: None,
                reason,
            } => write!(f, "{}: {reason}", file.display()),
            RosterError::MissingColumns { file, row, missing } => {
                let names: Vec<String> = missing.iter().map(|m| format!("“{m}”")).collect();
                let required: Vec<&str> = COLUMNS
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| c.name)
                    .collect();
                match row {
                    Some(row) => write!(
                        f,
                        "{}: 第{row}行的表头缺少必填列{}",
                        file.display(),
                        names.join("、")
                    )?,
                    None => write!(f, "{}: 没有找到表头（文件是空的？）", file.display())?,
                }
                write!(f, "（必填列：{}）", required.join("、"))
            }
            RosterError::DuplicateColumn {
                file,
                row,
                column,
                first,
                second,
            } => write!(
                f,
                "{}: 第{row}行的表头里“{first}”和“{second}”都是“{column}”列，请删掉一列",
                file.display()
            ),
            RosterError::Write { file, reason } => {
                write!(f, "{}: 无法写入结果：{reason}", file.display())
            }
            RosterError::SameFile { file } => {
                write!(f, "{}: 结果文件不能与花名册是同一个文件", file.display())
            }
        }
    }
}

impl std::error::Error for RosterError {}

/// Where the result goes by default: `roster.csv` → `roster-结果.csv`, in the same folder.
pub fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "roster".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}-结果.csv"))
}

/// Computes every household of the roster at `input` (.csv or .xlsx; also .xls, .xlsb, .ods)
/// and writes the result CSV to `output`. `params`: the jurisdictions by id, as loaded by
/// `mingbai-content`.
pub fn run(
    input: &Path,
    output: &Path,
    params: &BTreeMap<String, JurisdictionParams>,
) -> Result<BatchReport, RosterError> {
    run_with(input, output, params, &Options::default())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
    OtherSheet,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => Some(Format::Csv),
        "xlsx" | "xlsm" => Some(Format::Xlsx),
        "xls" | "xlsb" | "ods" => Some(Format::OtherSheet),
        _ => None,
    }
}

pub fn run_with(
    input: &Path,
    output: &Path,
    params: &BTreeMap<String, JurisdictionParams>,
    options: &Options,
) -> Result<BatchReport, RosterError> {
    let format = format_of(input).ok_or_else(|| RosterError::UnknownFormat {
        file: input.to_path_buf(),
    })?;
    let read_error = |e: std::io::Error| RosterError::Read {
        file: input.to_path_buf(),
        row: None,
        reason: format!("无法打开：{e}"),
    };
    let file = File::open(input).map_err(read_error)?;
    if let (Ok(a), Ok(b)) = (input.canonicalize(), output.canonicalize()) {
        if a == b {
            return Err(RosterError::SameFile {
                file: input.to_path_buf(),
            });
        }
    }

    // Written beside the result and renamed over it at the end: a failed run leaves no half file.
    let name = output
        .file_name()
        .map_or_else(|| "result.csv".into(), |n| n.to_string_lossy().into_owned());
    let temp = output.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let write_error = |e: std::io::Error| RosterError::Write {
        file: output.to_path_buf(),
        reason: e.to_string(),
    };
    let out = File::create(&temp).map_err(write_error)?;

    let result = (|| {
        let mut report = match format {
            Format::Csv => {
                let mut src = source::csv_source(file).map_err(|e| from_source(input, e))?;
                batch(
                    &mut src,
                    input,
                    (BufWriter::new(out), output),
                    params,
                    options,
                    &mut |_| {},
                    None,
                )?
            }
            Format::Xlsx => {
                drop(file);
                let mut book: calamine::Xlsx<_> =
                    calamine::open_workbook(input).map_err(|e| RosterError::Read {
                        file: input.to_path_buf(),
                        row: None,
                        reason: format!("不是有效的 xlsx 文件：{e}"),
                    })?;
                let sheet = source::first_sheet_name(&book).ok_or_else(|| RosterError::Read {
                    file: input.to_path_buf(),
                    row: None,
                    reason: "工作簿里没有工作表".into(),
                })?;
                let mut src = source::XlsxSource::new(&mut book, &sheet)
                    .map_err(|e| from_source(input, e))?;
                batch(
                    &mut src,
                    input,
                    (BufWriter::new(out), output),
                    params,
                    options,
                    &mut |_| {},
                    None,
                )?
            }
            Format::OtherSheet => {
                drop(file);
                let mut book =
                    calamine::open_workbook_auto(input).map_err(|e| RosterError::Read {
                        file: input.to_path_buf(),
                        row: None,
                        reason: format!("无法读取表格：{e}"),
                    })?;
                use calamine::Reader;
                let range = book
                    .worksheet_range_at(0)
                    .ok_or_else(|| RosterError::Read {
                        file: input.to_path_buf(),
                        row: None,
                        reason: "工作簿里没有工作表".into(),
                    })?
                    .map_err(|e| RosterError::Read {
                        file: input.to_path_buf(),
                        row: None,
                        reason: format!("无法读取第一个工作表：{e}"),
                    })?;
                let mut src = source::RangeSource::new(range);
                batch(
                    &mut src,
                    input,
                    (BufWriter::new(out), output),
                    params,
                    options,
                    &mut |_| {},
                    None,
                )?
            }
        };
        report.input = input.to_path_buf();
        report.output = output.to_path_buf();
        Ok(report)
    })();
    match result {
        Ok(report) => {
            std::fs::rename(&temp, output).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                write_error(e)
            })?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// The same for a CSV stream: reads `input`, writes the result CSV to `output`. `file` names the
/// input in errors.
pub fn run_csv<R: Read + 'static, W: Write>(
    input: R,
    output: W,
    file: &Path,
    params: &BTreeMap<String, JurisdictionParams>,
    options: &Options,
) -> Result<BatchReport, RosterError> {
    let mut src = source::csv_source(input).map_err(|e| from_source(file, e))?;
    let mut report = batch(
        &mut src,
        file,
        (output, Path::new("<output>")),
        params,
        options,
        &mut |_| {},
        None,
    )?;
    report.input = file.to_path_buf();
    Ok(report)
}

/// Files larger than this are refused by `run_bytes` before reading: the browser holds the roster,
/// the result and the table in memory at once.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// A roster held in memory (`name` gives its type by its extension, as for `run`, and names it
/// in errors): the result CSV, byte for byte what `run` writes for the same file. Rows are
/// computed on the calling thread, a few hundred at a time; `progress` hears the rows done after
/// each.
pub fn run_bytes(
    bytes: Vec<u8>,
    name: &str,
    params: &BTreeMap<String, JurisdictionParams>,
    options: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<(BatchReport, Vec<u8>), RosterError> {
    run_bytes_with(bytes, name, params, options, progress, None)
}

/// A good row's case, for its household's printed 明白卡.
#[derive(Clone, Debug)]
pub struct RowCase {
    /// The row of the roster (as in 行号).
    pub number: u64,
    /// 户主姓名 as written.
    pub head: String,
    pub case: mingbai_calc::Case,
}

/// Rows whose cases to keep while a roster runs.
struct Cases<'a> {
    wanted: &'a dyn Fn(u64) -> bool,
    out: Vec<RowCase>,
}

/// The cases of the good rows of a roster held in memory that `wanted` picks (by row number), in
/// roster order: what `run_bytes` computes for them, ready to be computed with traces for a card.
pub fn cases_bytes(
    bytes: Vec<u8>,
    name: &str,
    params: &BTreeMap<String, JurisdictionParams>,
    options: &Options,
    wanted: &dyn Fn(u64) -> bool,
) -> Result<Vec<RowCase>, RosterError> {
    let mut cases = Cases {
        wanted,
        out: Vec::new(),
    };
    run_bytes_with(bytes, name, params, options, &mut |_| {}, Some(&mut cases))?;
    Ok(cases.out)
}

fn run_bytes_with(
    bytes: Vec<u8>,
    name: &str,
    params: &BTreeMap<String, JurisdictionParams>,
    options: &Options,
    progress: &mut dyn FnMut(u64),
    cases: Option<&mut Cases>,
) -> Result<(BatchReport, Vec<u8>), RosterError> {
    let file = Path::new(name);
    let read_error = |reason: String| RosterError::Read {
        file: file.to_path_buf(),
        row: None,
        reason,
    };
    let format = format_of(file).ok_or_else(|| RosterError::UnknownFormat {
        file: file.to_path_buf(),
    })?;
    if bytes.is_empty() {
        return Err(read_error("文件是空的（0字节），请选花名册文件".into()));
    }
    if bytes.len() > MAX_BYTES {
        return Err(read_error(format!(
            "文件太大（{}MB），网页上一次最多算{}MB（约十万户），请把花名册分成几个文件",
            bytes.len().div_ceil(1024 * 1024),
            MAX_BYTES / 1024 / 1024
        )));
    }
    let zipped = bytes.starts_with(b"PK\x03\x04");
    let one_thread = Options {
        threads: Some(1),
        ..options.clone()
    };
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let sink = (&mut out, Path::new("<output>"));
    let mut report = match format {
        Format::Csv if zipped => {
            return Err(read_error(
                "这是压缩文件或Excel表格，不是CSV文本；Excel表格请保存为 .xlsx 后再选".into(),
            ))
        }
        Format::Csv => {
            let mut src = source::csv_source(std::io::Cursor::new(bytes))
                .map_err(|e| from_source(file, e))?;
            batch(&mut src, file, sink, params, &one_thread, progress, cases)?
        }
        Format::Xlsx => {
            if !zipped {
                return Err(read_error(
                    "不是有效的 xlsx 文件（内容不是Excel表格），请在Excel里另存为“Excel 工作簿(.xlsx)”后再选".into(),
                ));
            }
            use calamine::Reader;
            let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
                read_error(format!(
                    "不是有效的 xlsx 文件（压缩包里没有Excel表格的内容），请在Excel里另存为“Excel 工作簿(.xlsx)”后再选（{e}）"
                ))
            })?;
            let sheet = source::first_sheet_name(&book)
                .ok_or_else(|| read_error("工作簿里没有工作表".into()))?;
            let mut src =
                source::XlsxSource::new(&mut book, &sheet).map_err(|e| from_source(file, e))?;
            batch(&mut src, file, sink, params, &one_thread, progress, cases)?
        }
        Format::OtherSheet => {
            use calamine::Reader;
            let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .map_err(|e| read_error(format!("无法读取表格：{e}")))?;
            let range = book
                .worksheet_range_at(0)
                .ok_or_else(|| read_error("工作簿里没有工作表".into()))?
                .map_err(|e| read_error(format!("无法读取第一个工作表：{e}")))?;
            let mut src = source::RangeSource::new(range);
            batch(&mut src, file, sink, params, &one_thread, progress, cases)?
        }
    };
    report.input = file.to_path_buf();
    Ok((report, out))
}

fn from_source(file: &Path, e: SourceError) -> RosterError {
    RosterError::Read {
        file: file.to_path_buf(),
        row: e.row,
        reason: e.reason,
    }
}

fn batch<S: RowSource, W: Write>(
    src: &mut S,
    file: &Path,
    (out, out_name): (W, &Path),
    params: &BTreeMap<String, JurisdictionParams>,
    options: &Options,
    progress: &mut dyn FnMut(u64),
    mut cases: Option<&mut Cases>,
) -> Result<BatchReport, RosterError> {
    let has_default = options.default_as_of.is_some();
    let next = |src: &mut S| -> Result<Option<RawRow>, RosterError> {
        loop {
            match src.next_row().map_err(|e| from_source(file, e))? {
                Some(r) if r.is_blank() => continue,
                other => return Ok(other),
            }
        }
    };

    // The header: the first row naming 地区 or 户类别, within the first few rows.
    let mut first: Option<RawRow> = None;
    let mut seen = 0;
    let (header, header_row) = loop {
        let Some(r) = next(src)? else {
            let (row, cells) = first.map_or((None, Vec::new()), |f| (Some(f.number), f.cells));
            let missing = match columns::Header::from_cells(&cells, has_default) {
                Err(columns::HeaderProblem::Missing(m)) => m,
                _ => COLUMNS
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| c.name)
                    .collect(),
            };
            return Err(RosterError::MissingColumns {
                file: file.to_path_buf(),
                row,
                missing,
            });
        };
        if columns::Header::looks_like_header(&r.cells) || seen >= TITLE_ROWS {
            let number = r.number;
            let target = if columns::Header::looks_like_header(&r.cells) {
                r
            } else {
                first.unwrap_or(r)
            };
            match columns::Header::from_cells(&target.cells, has_default) {
                Ok(h) => break (h, number),
                Err(columns::HeaderProblem::Missing(missing)) => {
                    return Err(RosterError::MissingColumns {
                        file: file.to_path_buf(),
                        row: Some(target.number),
                        missing,
                    })
                }
                Err(columns::HeaderProblem::Duplicate {
                    column,
                    first,
                    second,
                }) => {
                    return Err(RosterError::DuplicateColumn {
                        file: file.to_path_buf(),
                        row: target.number,
                        column,
                        first,
                        second,
                    })
                }
            }
        }
        seen += 1;
        first.get_or_insert(r);
    };

    let ctx = Context::new(params, options.default_as_of);
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let mut writer = output::Writer::new(out).map_err(|e| write_error(out_name, e))?;
    let mut report = BatchReport {
        header_row,
        ignored_columns: header.ignored.clone(),
        ..BatchReport::default()
    };
    let mut emit = |outcomes: Vec<Outcome>,
                    report: &mut BatchReport,
                    writer: &mut output::Writer<W>|
     -> Result<(), RosterError> {
        for outcome in outcomes {
            report.rows += 1;
            match &outcome.result {
                Ok(f) => {
                    report.computed += 1;
                    report.with_assumptions += u64::from(f.uses_assumption);
                    report.past_known += u64::from(f.past_known);
                }
                Err(e) => {
                    report.errors += 1;
                    if report.first_errors.len() < SAMPLE_ERRORS {
                        report.first_errors.push(e.clone());
                    }
                }
            }
            writer
                .write(&outcome)
                .map_err(|e| write_error(out_name, e))?;
        }
        progress(report.rows);
        Ok(())
    };
    let read_chunk = |src: &mut S, size: usize| -> Result<Vec<RawRow>, RosterError> {
        let mut chunk: Vec<RawRow> = Vec::with_capacity(size);
        while chunk.len() < size {
            match next(src)? {
                Some(mut r) => {
                    check_width(&mut r, header.width);
                    chunk.push(r);
                }
                None => break,
            }
        }
        Ok(chunk)
    };
    // One thread (and the browser, where a wasm32 module has no threads): read, compute and write
    // in small chunks, so that the caller hears of progress often.
    if threads == 1 || cfg!(target_arch = "wasm32") {
        loop {
            let chunk = read_chunk(src, CHUNK / 8)?;
            if chunk.is_empty() {
                break;
            }
            if let Some(cases) = cases.as_deref_mut() {
                for r in chunk.iter().filter(|r| (cases.wanted)(r.number)) {
                    if let Some((case, head)) = row::case_of(r, &header, &ctx) {
                        cases.out.push(RowCase {
                            number: r.number,
                            head,
                            case,
                        });
                    }
                }
            }
            let outcomes = chunk
                .iter()
                .map(|r| row::process(r, &header, &ctx))
                .collect();
            emit(outcomes, &mut report, &mut writer)?;
        }
        writer.finish().map_err(|e| write_error(out_name, e))?;
        return Ok(report);
    }
    // This thread reads and writes while the workers compute: chunk k+1 is read while chunk k is
    // computed, and chunk k is written while chunk k+1 is.
    std::thread::scope(|s| -> Result<(), RosterError> {
        let mut running: Running = Vec::new();
        loop {
            let chunk = read_chunk(src, CHUNK)?;
            let done = chunk.is_empty();
            let started = spawn_chunk(s, chunk, &header, &ctx, threads);
            let outcomes = join_chunk(std::mem::replace(&mut running, started));
            emit(outcomes, &mut report, &mut writer)?;
            if done {
                return Ok(());
            }
        }
    })?;
    writer.finish().map_err(|e| write_error(out_name, e))?;
    Ok(report)
}

fn write_error(file: &Path, e: std::io::Error) -> RosterError {
    RosterError::Write {
        file: file.to_path_buf(),
        reason: e.to_string(),
    }
}

/// A value in a cell with no header is most likely a row shifted by one cell: say so.
fn check_width(r: &mut RawRow, width: usize) {
    if r.problem.is_some() {
        return;
    }
    let extra: Vec<&str> = r
        .cells
        .iter()
        .skip(width)
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if !extra.is_empty() {
        r.problem = Some(format!(
            "最后一列之后还有内容“{}”（没有列名），是不是错位了？",
            extra.join("”“")
        ));
    }
}

/// A chunk being computed: a worker per part, with the row numbers of its part.
type Running<'s> = Vec<(std::thread::ScopedJoinHandle<'s, Vec<Outcome>>, Vec<u64>)>;

fn spawn_chunk<'s, 'e: 's>(
    s: &'s std::thread::Scope<'s, 'e>,
    mut chunk: Vec<RawRow>,
    header: &'e columns::Header,
    ctx: &'e Context,
    threads: usize,
) -> Running<'s> {
    let per = chunk.len().div_ceil(threads).max(256);
    let mut running = Vec::new();
    while !chunk.is_empty() {
        let rest = chunk.split_off(per.min(chunk.len()));
        let part = std::mem::replace(&mut chunk, rest);
        let numbers = part.iter().map(|r| r.number).collect();
        let handle = s.spawn(move || {
            part.iter()
                .map(|r| row::process(r, header, ctx))
                .collect::<Vec<_>>()
        });
        running.push((handle, numbers));
    }
    running
}

fn join_chunk(running: Running) -> Vec<Outcome> {
    let mut out = Vec::new();
    for (handle, numbers) in running {
        match handle.join() {
            Ok(v) => out.extend(v),
            // The engine does not panic; should a worker die anyway, its rows are still written.
            Err(_) => out.extend(numbers.into_iter().map(|n| Outcome {
                number: n,
                ids: Default::default(),
                result: Err(format!("第{n}行: 计算时出现内部错误")),
            })),
        }
    }
    out
}
