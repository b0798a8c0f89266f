//! Where rows come from: a CSV file in whatever encoding Excel or WPS saved it, or the first sheet
//! of a spreadsheet. Every source yields [`RawRow`]s one at a time, so that memory stays bounded.

use crate::row::RawRow;
use calamine::{Data, DataRef, Reader, Xlsx, XlsxCellReader};
use encoding_rs::GB18030;
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::io::{Cursor, Read, Seek};

/// A reason a source could not go on, with the row it stopped at when known.
#[derive(Debug)]
pub struct SourceError {
    pub row: Option<u64>,
    pub reason: String,
}

pub trait RowSource {
    fn next_row(&mut self) -> Result<Option<RawRow>, SourceError>;
}

// ---------------------------------------------------------------- CSV

pub struct CsvSource<R: Read> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
}

/// Excel on a Chinese Windows saves "CSV (逗号分隔)" in GBK and "CSV UTF-8" with a BOM; WPS and
/// LibreOffice save UTF-8. The first 64 KiB decide: a BOM, else valid UTF-8, else GB18030 (a
/// superset of GBK). "Unicode 文本" is UTF-16 with a BOM and tabs between cells.
pub fn csv_source<R: Read + 'static>(
    mut input: R,
) -> Result<CsvSource<Box<dyn Read>>, SourceError> {
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut input)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| SourceError {
            row: None,
            reason: format!("读取失败：{e}"),
        })?;
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let utf8_bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let valid_utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A character cut at the end of the 64 KiB is not an error.
        Err(e) => e.error_len().is_none(),
    };
    let preview: String = if utf16 {
        let (text, _, _) = encoding_rs::Encoding::for_bom(&head).map_or(
            (std::borrow::Cow::Borrowed(""), GB18030, false),
            |(enc, _)| enc.decode(&head),
        );
        text.into_owned()
    } else if utf8_bom || valid_utf8 {
        String::from_utf8_lossy(&head).into_owned()
    } else {
        GB18030.decode(&head).0.into_owned()
    };
    let delimiter = delimiter(&preview);
    // A newline at the very end, so that every record is terminated (see `next_row`).
    let whole = Cursor::new(head).chain(input).chain(Cursor::new(b"\n"));
    let decoded: Box<dyn Read> = if utf16 || utf8_bom {
        Box::new(
            DecodeReaderBytesBuilder::new()
                .utf8_passthru(true)
                .strip_bom(true)
                .build(whole),
        )
    } else if valid_utf8 {
        Box::new(whole)
    } else {
        Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(GB18030))
                .build(whole),
        )
    };
    // Records end at `\n` alone: with the default CRLF handling the csv crate dates a record from
    // the `\n` left over by the previous one, and row numbers come out one short. The `\r` that
    // then ends the last cell is dropped in `next_row`.
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(decoded);
    Ok(CsvSource {
        reader,
        record: csv::ByteRecord::new(),
    })
}

/// Tab when the first line has more tabs than commas (Excel's "文本文件(制表符分隔)").
fn delimiter(preview: &str) -> u8 {
    let first = preview.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let tabs = first.matches('\t').count();
    if tabs > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

impl<R: Read> RowSource for CsvSource<R> {
    fn next_row(&mut self) -> Result<Option<RawRow>, SourceError> {
        let line = self.reader.position().line();
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                // The csv crate dates a record from the end of the one before, blank lines in
                // between not counted; the line it ends on, less its own line breaks, is exact.
                let inside: u64 = self
                    .record
                    .iter()
                    .map(|f| f.iter().filter(|b| **b == b'\n').count() as u64)
                    .sum();
                let number = self
                    .reader
                    .position()
                    .line()
                    .saturating_sub(inside + 1)
                    .max(1);
                let mut problem = None;
                let last = self.record.len().saturating_sub(1);
                let cells = self
                    .record
                    .iter()
                    .enumerate()
                    .map(|(i, f)| if i == last { f.strip_suffix(b"\r").unwrap_or(f) } else { f })
                    .map(|f| match std::str::from_utf8(f) {
                        Ok(s) => s.to_string(),
                        Err(_) => {
                            problem = Some("这一行有乱码（不是UTF-8也不是GBK文字），请把文件另存为“CSV UTF-8”后重试".to_string());
                            String::from_utf8_lossy(f).into_owned()
                        }
                    })
                    .collect();
                Ok(Some(RawRow {
                    number,
                    cells,
                    problem,
                }))
            }
            Err(e) => Err(SourceError {
                row: Some(line),
                reason: format!("读取失败：{e}"),
            }),
        }
    }
}

// ---------------------------------------------------------------- xlsx (streamed)

/// The first sheet of an .xlsx, read cell by cell as the file is unzipped.
pub struct XlsxSource<'a, RS: Read + Seek> {
    cells: XlsxCellReader<'a, RS>,
    pending: Option<(u32, u32, String)>,
    done: bool,
}

pub fn first_sheet_name<RS: Read + Seek>(book: &Xlsx<RS>) -> Option<String> {
    book.sheet_names().first().cloned()
}

impl<'a, RS: Read + Seek> XlsxSource<'a, RS> {
    pub fn new(book: &'a mut Xlsx<RS>, sheet: &str) -> Result<Self, SourceError> {
        let cells = book
            .worksheet_cells_reader(sheet)
            .map_err(|e| SourceError {
                row: None,
                reason: format!("读取工作表“{sheet}”失败：{e}"),
            })?;
        Ok(XlsxSource {
            cells,
            pending: None,
            done: false,
        })
    }

    fn next_cell(&mut self) -> Result<Option<(u32, u32, String)>, SourceError> {
        if let Some(c) = self.pending.take() {
            return Ok(Some(c));
        }
        if self.done {
            return Ok(None);
        }
        match self.cells.next_cell() {
            Ok(Some(cell)) => {
                let (row, col) = cell.get_position();
                Ok(Some((row, col, data_ref_text(cell.get_value()))))
            }
            Ok(None) => {
                self.done = true;
                Ok(None)
            }
            Err(e) => Err(SourceError {
                row: None,
                reason: format!("读取失败：{e}"),
            }),
        }
    }
}

impl<RS: Read + Seek> RowSource for XlsxSource<'_, RS> {
    fn next_row(&mut self) -> Result<Option<RawRow>, SourceError> {
        let Some((row, col, text)) = self.next_cell()? else {
            return Ok(None);
        };
        let mut cells = Vec::new();
        put(&mut cells, col, text);
        while let Some((r, c, t)) = self.next_cell()? {
            if r != row {
                self.pending = Some((r, c, t));
                break;
            }
            put(&mut cells, c, t);
        }
        Ok(Some(RawRow {
            number: u64::from(row) + 1,
            cells,
            problem: None,
        }))
    }
}

fn put(cells: &mut Vec<String>, col: u32, text: String) {
    let col = usize::try_from(col).unwrap_or(usize::MAX);
    // A cell far to the right (a note in column XFD) must not allocate thousands of blanks: the
    // roster has about thirty columns.
    if col >= 1024 {
        if !text.trim().is_empty() {
            cells.push(text);
        }
        return;
    }
    if cells.len() <= col {
        cells.resize(col + 1, String::new());
    }
    cells[col] = text;
}

// ---------------------------------------------------------------- .xls, .xlsb, .ods (in memory)

/// Older and other spreadsheet formats: calamine reads the whole first sheet, then rows are
/// handed out one by one.
pub struct RangeSource {
    range: calamine::Range<Data>,
    next: usize,
    first_row: u64,
}

impl RangeSource {
    pub fn new(range: calamine::Range<Data>) -> RangeSource {
        let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
        RangeSource {
            range,
            next: 0,
            first_row,
        }
    }
}

impl RowSource for RangeSource {
    fn next_row(&mut self) -> Result<Option<RawRow>, SourceError> {
        if self.next >= self.range.height() {
            return Ok(None);
        }
        let start_col = self.range.start().map_or(0, |(_, c)| c as usize);
        let mut cells = vec![String::new(); start_col];
        cells.extend((0..self.range.width()).map(|c| {
            self.range
                .get((self.next, c))
                .map(data_text)
                .unwrap_or_default()
        }));
        let number = self.first_row + self.next as u64 + 1;
        self.next += 1;
        Ok(Some(RawRow {
            number,
            cells,
            problem: None,
        }))
    }
}

// ---------------------------------------------------------------- cell values

/// A number as a cadre would read it in the cell: Excel keeps `0.1 + 0.2` as 0.30000000000000004
/// and shows 0.3, so six decimals are kept and the zeros after them dropped.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let s = format!("{f:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_datetime() {
        let (y, m, day, ..) = d.to_ymd_hms_milli();
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        float_text(d.as_f64())
    }
}

fn data_ref_text(v: &DataRef) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(d) => date_text(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.chars().take(10).collect(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn data_text(v: &Data) -> String {
    match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => date_text(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: Vec<u8>) -> Vec<RawRow> {
        let mut src = csv_source(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        while let Some(r) = src.next_row().unwrap() {
            out.push(r);
        }
        out
    }

    #[test]
    fn gbk_utf8_bom_and_tabs() {
        let text = "户主姓名,地区\n张三,代县\n";
        let (gbk, _, _) = GB18030.encode(text);
        for bytes in [
            text.as_bytes().to_vec(),
            [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            gbk.into_owned(),
        ] {
            let r = rows(bytes);
            assert_eq!(r[0].cells, vec!["户主姓名", "地区"]);
            assert_eq!(r[1].cells, vec!["张三", "代县"]);
            assert_eq!(r[1].number, 2);
        }
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "户主姓名\t地区\r\n李四\t镇巴县\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let r = rows(utf16);
        assert_eq!(r[1].cells, vec!["李四", "镇巴县"]);
        assert_eq!(r[1].number, 2);
    }

    #[test]
    fn row_numbers_with_crlf_and_quoted_line_breaks() {
        let r = rows(b"title,,\r\n,,\r\na,b\r\n\"x\r\ny\",2\r\n3,\"4\"\r\n\r\n\n5,6".to_vec());
        let numbers: Vec<u64> = r.iter().map(|r| r.number).collect();
        // Line 7 holds only `\r`: a blank row, which the batch skips.
        assert_eq!(numbers, vec![1, 2, 3, 4, 6, 7, 9]);
        assert!(r[5].is_blank());
        assert_eq!(r[3].cells, vec!["x\r\ny", "2"]);
        assert_eq!(r[4].cells, vec!["3", "4"]);
    }

    #[test]
    fn a_bad_byte_after_the_first_64_kib_marks_its_row_only() {
        let mut bytes = b"a,b\n".to_vec();
        while bytes.len() < 70 * 1024 {
            bytes.extend_from_slice("张三,代县\n".as_bytes());
        }
        bytes.extend_from_slice(b"\xff\xfe,x\n");
        bytes.extend_from_slice("李四,镇巴县\n".as_bytes());
        let r = rows(bytes);
        let n = r.len();
        assert!(r[n - 2]
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("乱码")));
        assert_eq!(r[n - 1].cells, vec!["李四", "镇巴县"]);
        assert!(r[n - 1].problem.is_none());
        assert_eq!(r[n - 1].number, n as u64);
    }

    #[test]
    fn numbers_as_shown() {
        assert_eq!(float_text(12000.0), "12000");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(1234.56), "1234.56");
        assert_eq!(float_text(1234.567), "1234.567");
    }
}
