//! The roster's columns: their Chinese headers, the other names a cadre may have used, and where
//! each one sits in a given file.

/// One input column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Col {
    Seq,
    Village,
    Head,
    Jurisdiction,
    Place,
    AsOf,
    Size,
    Category,
    Disabled,
    PatientAge,
    StayDates,
    StayLevels,
    InCounty,
    StayTotals,
    StayCompliant,
    ChronicLevel,
    ChronicTotal,
    ChronicCompliant,
    Scheme,
    JiandangMovers,
    TongbuMovers,
    Area,
    Cost,
    Conditions,
    WholeVillage,
    Children,
    Income,
    StoppedMonth,
    PreviousIncome,
    TekunDispersed,
    TekunCentralized,
}

/// How a column is documented and recognised.
#[derive(Clone, Copy, Debug)]
pub struct ColumnDoc {
    pub col: Col,
    /// The header to use.
    pub name: &'static str,
    /// Other headers accepted for it.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// What to write in it, for `--help`-style listings.
    pub what: &'static str,
}

/// How many columns there are (`Col` has one variant per entry of [`COLUMNS`], in that order).
pub const N_COLUMNS: usize = 31;

macro_rules! columns {
    ($( $col:ident, $name:literal, [$($alias:literal),*], $req:literal, $what:literal; )*) => {
        /// Every input column, in the order of the documented template.
        pub const COLUMNS: &[ColumnDoc] = &[
            $( ColumnDoc { col: Col::$col, name: $name, aliases: &[$($alias),*], required: $req, what: $what }, )*
        ];
    };
}

columns! {
    Seq, "序号", ["编号", "户编号"], false, "原样抄到结果里，便于对照";
    Village, "村组", ["村", "村名", "所在村", "村民小组", "行政村"], false, "原样抄到结果里";
    Head, "户主姓名", ["户主", "姓名"], false, "原样抄到结果里";
    Jurisdiction, "地区", ["地区代码", "县市"], true, "地区代码（daixian）或名称（代县）";
    Place, "所在县区", ["所在县", "县区"], false, "市级地区里的县，如保定市的“阜平县”（试点政策用）";
    AsOf, "计算日期", ["核算日期", "日期"], true, "按哪一天的政策计算，如 2019-09-01";
    Size, "家庭人口", ["家庭人口数", "人口数", "人口"], true, "全家人数";
    Category, "户类别", ["户属性", "户类型", "人员类别", "类别"], true, "建档立卡、低保、特困、边缘、一般";
    Disabled, "有残疾人", ["是否有残疾人", "家中有残疾人"], false, "是/否，空着算“否”";
    PatientAge, "就医人年龄", ["患者年龄", "就医人员年龄"], false, "住院或门诊慢特病的那个人的周岁";
    StayDates, "住院日期", ["入院日期", "出院日期"], false, "空着按计算日期；多次住院用分号隔开";
    StayLevels, "住院级别", ["医院级别", "住院医院级别"], false, "乡镇、县级、市级、省级；多次住院用分号隔开";
    InCounty, "县域内就医", ["县内就医", "是否县域内就医"], false, "是/否；空着时乡镇、县级算县内，市级、省级算县外";
    StayTotals, "住院总费用", ["住院费用"], false, "元；多次住院用分号隔开，如 12000;8000";
    StayCompliant, "住院合规费用", ["住院政策范围内费用", "住院合规"], false, "元，政策范围内的部分；次数与总费用一致";
    ChronicLevel, "门诊慢特病级别", ["慢病门诊级别", "慢特病门诊级别"], false, "空着按县级";
    ChronicTotal, "门诊慢特病总费用", ["慢病门诊总费用", "慢特病门诊总费用", "慢病门诊费用"], false, "元，全年合计";
    ChronicCompliant, "门诊慢特病合规费用", ["慢病门诊合规费用", "慢特病门诊合规费用"], false, "元，全年合计";
    Scheme, "安置方式", ["搬迁安置方式", "住房保障方式"], false, "集中安置、分散安置、危房改造";
    JiandangMovers, "建档立卡搬迁人数", ["搬迁人数"], false, "搬迁的建档立卡人口";
    TongbuMovers, "同步搬迁人数", ["同步搬迁人口"], false, "一起搬迁的非贫困人口，空着算0";
    Area, "建房面积", ["住房面积", "安置房面积"], false, "平方米";
    Cost, "建房费用", ["建房成本", "改造费用", "建房总费用"], false, "元";
    Conditions, "已满足条件", ["已完成", "拆旧复垦情况"], false, "双签（签订拆旧复垦协议）、拆旧、复垦、腾退中已做到的，用顿号隔开";
    WholeVillage, "整村搬迁", ["是否整村搬迁"], false, "是/否，空着算“否”；拆旧复垦奖励只发给整村搬迁户";
    Children, "子女学段", ["在读子女", "在校子女", "子女就学"], false, "每个孩子一项，用分号隔开，如 小学寄宿;中职2年级";
    Income, "家庭年收入", ["家庭总收入", "家庭全年收入"], false, "元，全家一年的总收入（不是人均）";
    StoppedMonth, "收入超标月份", ["收入超过低保标准月份"], false, "收入超过低保标准的月份，如 2019-05（渐退从下个月起算）";
    PreviousIncome, "原家庭年收入", ["超标前家庭年收入"], false, "元，收入超标前全家一年的收入";
    TekunDispersed, "分散供养特困人数", ["分散供养人数"], false, "在家分散供养的特困人员人数";
    TekunCentralized, "集中供养特困人数", ["集中供养人数"], false, "在敬老院等集中供养的特困人员人数";
}

pub fn doc(col: Col) -> &'static ColumnDoc {
    // COLUMNS lists every variant, in declaration order.
    COLUMNS.iter().find(|d| d.col == col).unwrap_or(&COLUMNS[0])
}

pub fn name(col: Col) -> &'static str {
    doc(col).name
}

/// A header cell as a cadre writes it: spaces and line breaks inside, a unit in brackets after
/// it (`家庭年收入（元）`), a star for a required column.
pub fn normalise(header: &str) -> String {
    let mut h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{feff}')
        .collect();
    loop {
        let trimmed = strip_bracketed_suffix(&h);
        if trimmed.len() == h.len() {
            break;
        }
        h = trimmed.to_string();
    }
    h
}

fn strip_bracketed_suffix(h: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if let Some(inner) = h.strip_suffix(close) {
            if let Some(i) = inner.rfind(open) {
                if i > 0 {
                    return &h[..i];
                }
            }
        }
    }
    h
}

fn recognise(header: &str) -> Option<Col> {
    let h = normalise(header);
    COLUMNS
        .iter()
        .find(|d| d.name == h || d.aliases.contains(&h.as_str()))
        .map(|d| d.col)
}

/// Where each known column sits in one file.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// The position of each column in the row, by `Col as usize` (the order of [`COLUMNS`]).
    index: [Option<usize>; N_COLUMNS],
    /// Headers that are not roster columns (kept out of the computation; reported).
    pub ignored: Vec<String>,
    pub width: usize,
}

/// A header row that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderProblem {
    Missing(Vec<&'static str>),
    Duplicate {
        column: &'static str,
        first: String,
        second: String,
    },
}

impl Header {
    /// `has_default_as_of`: the caller gives a date for rows without one, so 计算日期 may be absent.
    pub fn from_cells(cells: &[String], has_default_as_of: bool) -> Result<Header, HeaderProblem> {
        let width = cells
            .iter()
            .rposition(|c| !c.trim().is_empty())
            .map_or(0, |i| i + 1);
        let mut header = Header {
            width,
            ..Header::default()
        };
        for (i, cell) in cells.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            match recognise(cell) {
                Some(col) => {
                    if let Some(j) = header.index[col as usize] {
                        return Err(HeaderProblem::Duplicate {
                            column: name(col),
                            first: cells.get(j).cloned().unwrap_or_default(),
                            second: cell.clone(),
                        });
                    }
                    header.index[col as usize] = Some(i);
                }
                None => header.ignored.push(cell.trim().to_string()),
            }
        }
        let missing: Vec<&'static str> = COLUMNS
            .iter()
            .filter(|d| d.required && header.index[d.col as usize].is_none())
            .filter(|d| !(has_default_as_of && d.col == Col::AsOf))
            .map(|d| d.name)
            .collect();
        if missing.is_empty() {
            Ok(header)
        } else {
            Err(HeaderProblem::Missing(missing))
        }
    }

    /// Whether a row looks like the header: it names the 地区 or 户类别 column.
    pub fn looks_like_header(cells: &[String]) -> bool {
        cells
            .iter()
            .any(|c| matches!(recognise(c), Some(Col::Jurisdiction | Col::Category)))
    }

    /// The cell of `col` in `cells`, trimmed; empty when the column or the cell is absent.
    pub fn get<'a>(&self, cells: &'a [String], col: Col) -> &'a str {
        self.index[col as usize]
            .and_then(|i| cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// Every column's cell of a row at once, indexed by `Col as usize`.
    pub fn texts<'a>(&self, cells: &'a [String]) -> [&'a str; N_COLUMNS] {
        std::array::from_fn(|c| {
            self.index[c]
                .and_then(|i| cells.get(i))
                .map_or("", |s| s.trim())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_as_cadres_write_them() {
        assert_eq!(normalise(" 家庭年收入（元） "), "家庭年收入");
        assert_eq!(normalise("有残疾人(是/否)"), "有残疾人");
        assert_eq!(normalise("*地区"), "地区");
        assert_eq!(normalise("住院总\n费用"), "住院总费用");
        assert_eq!(recognise("户主"), Some(Col::Head));
        assert_eq!(recognise("联系电话"), None);
    }

    #[test]
    fn every_column_is_documented_once() {
        let mut seen = std::collections::BTreeSet::new();
        for d in COLUMNS {
            assert!(seen.insert(d.col), "{:?} twice", d.col);
            for n in std::iter::once(&d.name).chain(d.aliases) {
                assert_eq!(recognise(n), Some(d.col), "{n}");
            }
        }
        assert_eq!(seen.len(), N_COLUMNS);
        for (i, d) in COLUMNS.iter().enumerate() {
            assert_eq!(d.col as usize, i, "COLUMNS is in the order of Col");
        }
    }

    #[test]
    fn missing_and_duplicate_columns() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let e = Header::from_cells(&cells(&["户主姓名", "地区", "户类别"]), false).unwrap_err();
        assert_eq!(e, HeaderProblem::Missing(vec!["计算日期", "家庭人口"]));
        assert!(Header::from_cells(&cells(&["地区", "户类别", "家庭人口"]), true).is_ok());
        let e = Header::from_cells(
            &cells(&["地区", "计算日期", "家庭人口", "户类别", "人口"]),
            false,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            HeaderProblem::Duplicate {
                column: "家庭人口",
                ..
            }
        ));
    }
}
