//! One roster row: its cells turned into a [`Case`], computed, and turned into result figures —
//! or into an error that names the row, the column and the reason.

use crate::cell;
use crate::columns::{name, Col, Header, N_COLUMNS};
use mingbai_calc::dibao::{DibaoInput, TaperInput};
use mingbai_calc::education::{Child, EducationInput};
use mingbai_calc::medical::{Level, MedicalInput, Person, Visit, VisitKind};
use mingbai_calc::relocation::RelocationInput;
use mingbai_calc::{CalcError, Calculator, Case, Date, Household, JurisdictionParams, Summary};
use std::collections::{BTreeMap, HashMap};

/// A row as read from the file, before any interpretation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRow {
    /// The row number a spreadsheet shows (the header is usually row 1).
    pub number: u64,
    pub cells: Vec<String>,
    /// Something wrong with the row as a whole (not UTF-8, cells beyond the last column).
    pub problem: Option<String>,
}

impl RawRow {
    pub fn is_blank(&self) -> bool {
        self.problem.is_none() && self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// The parameters and defaults every row is computed with.
pub struct Context<'a> {
    params: &'a BTreeMap<String, JurisdictionParams>,
    by_name: HashMap<String, &'a JurisdictionParams>,
    default_as_of: Option<Date>,
}

impl<'a> Context<'a> {
    pub fn new(
        params: &'a BTreeMap<String, JurisdictionParams>,
        default_as_of: Option<Date>,
    ) -> Context<'a> {
        let mut by_name = HashMap::new();
        for p in params.values() {
            by_name.insert(p.id.to_ascii_lowercase(), p);
            by_name.insert(p.name.clone(), p);
            // 保定 for 保定市, 旌德 for 旌德县 — but not 代 for 代县.
            if let Some(short) = p.name.strip_suffix(['县', '市', '区']) {
                if short.chars().count() >= 2 {
                    by_name.entry(short.to_string()).or_insert(p);
                }
            }
        }
        Context {
            params,
            by_name,
            default_as_of,
        }
    }

    fn lookup(&self, text: &str) -> Option<&'a JurisdictionParams> {
        self.by_name
            .get(text)
            .or_else(|| self.by_name.get(&text.to_ascii_lowercase()))
            .copied()
    }

    fn known(&self) -> String {
        self.params
            .values()
            .map(|p| format!("{}（{}）", p.name, p.id))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The figures of a computed row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// The cells of the figure columns ([`crate::output::FIGURE_LINES`]), in order; empty where
    /// the row did not ask for that calculator.
    pub cells: Vec<String>,
    pub uses_assumption: bool,
    /// The date is after the last day some parameters are known for; the last known were used.
    pub past_known: bool,
}

/// What becomes of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub number: u64,
    /// 序号, 村组, 户主姓名, 地区, 计算日期 as they go into the result.
    pub ids: [String; 5],
    /// The figures, or the complete error text (`第N行 列名: 原因`, several joined by `；`).
    pub result: Result<Figures, String>,
}

/// A problem with one cell (or with the row, when `col` is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct CellError {
    col: Option<Col>,
    reason: String,
}

fn err(col: Col, reason: impl Into<String>) -> CellError {
    CellError {
        col: Some(col),
        reason: reason.into(),
    }
}

/// Where each visit of the case came from, to name the column of an error about it.
#[derive(Clone, Copy, Debug)]
enum Origin {
    Stay {
        index: usize,
        of: usize,
        dated: bool,
    },
    Chronic,
}

pub fn process(raw: &RawRow, header: &Header, ctx: &Context) -> Outcome {
    let get = |c: Col| header.get(&raw.cells, c);
    let mut ids = [
        get(Col::Seq),
        get(Col::Village),
        get(Col::Head),
        get(Col::Jurisdiction),
        get(Col::AsOf),
    ]
    .map(str::to_string);
    // The date as understood (2019/9/1 → 2019-09-01), also on a row that fails for another reason.
    match cell::date(&ids[4]) {
        Ok(d) => ids[4] = d.to_string(),
        Err(_) if ids[4].is_empty() => {
            ids[4] = ctx.default_as_of.map(|d| d.to_string()).unwrap_or_default()
        }
        Err(_) => {}
    }
    let result = match (&raw.problem, build(raw, header, ctx)) {
        (Some(p), _) => Err(vec![CellError {
            col: None,
            reason: p.clone(),
        }]),
        (None, Err(errors)) => Err(errors),
        (None, Ok((case, params, origins))) => match mingbai_calc::compute_figures(&case, params) {
            Ok(summary) => Ok(figures(&summary)),
            Err(e) => Err(vec![from_calc(e, &origins)]),
        },
    };
    let number = raw.number;
    let result = result.map_err(|errors| {
        errors
            .iter()
            .map(|e| match e.col {
                Some(col) => format!("第{number}行 {}: {}", name(col), e.reason),
                None => format!("第{number}行: {}", e.reason),
            })
            .collect::<Vec<_>>()
            .join("；")
    });
    Outcome {
        number,
        ids,
        result,
    }
}

/// The case a good row asks for (for a household's printed card), with 户主姓名; `None` for a row
/// with an error (its error is in the result).
pub fn case_of(
    raw: &RawRow,
    header: &Header,
    ctx: &Context,
) -> Option<(mingbai_calc::Case, String)> {
    if raw.problem.is_some() {
        return None;
    }
    let (case, _, _) = build(raw, header, ctx).ok()?;
    Some((case, header.get(&raw.cells, Col::Head).to_string()))
}

fn figures(s: &Summary) -> Figures {
    Figures {
        cells: crate::output::cells(&mingbai_calc::present(s)),
        uses_assumption: s.uses_assumption,
        past_known: !s.notices.is_empty(),
    }
}

/// Collects the problems of one row instead of stopping at the first, so that a cadre fixes a
/// row in one go.
struct Cells<'r> {
    texts: [&'r str; N_COLUMNS],
    errors: Vec<CellError>,
}

impl<'r> Cells<'r> {
    fn text(&self, col: Col) -> &'r str {
        self.texts[col as usize]
    }
    fn opt<T>(&mut self, col: Col, f: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let t = self.text(col);
        if t.is_empty() {
            return None;
        }
        f(t).map_err(|reason| self.errors.push(err(col, reason)))
            .ok()
    }
    fn required<T>(&mut self, col: Col, f: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        if self.text(col).is_empty() {
            self.errors.push(err(col, "必填，不能为空"));
            return None;
        }
        self.opt(col, f)
    }
    /// Each value of a `;`-separated cell.
    fn each<T>(&mut self, col: Col, f: impl Fn(&str) -> Result<T, String>) -> Vec<T> {
        let items = cell::list(self.text(col));
        let many = items.len() > 1;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match f(item) {
                Ok(v) => out.push(v),
                Err(reason) if many => self.errors.push(err(col, format!("第{}项{reason}", i + 1))),
                Err(reason) => self.errors.push(err(col, reason)),
            }
        }
        out
    }
    /// Columns that only make sense with `trigger` filled in.
    fn only_with(&mut self, trigger: &[Col], dependents: &[Col]) {
        for &col in dependents {
            if !self.text(col).is_empty() {
                let names: Vec<&str> = trigger.iter().map(|c| name(*c)).collect();
                self.errors
                    .push(err(col, format!("填写了此列，但{}为空", names.join("和"))));
            }
        }
    }
}

/// A value per stay: one value for all stays, or one per stay.
fn per_stay<T: Clone>(cells: &mut Cells, col: Col, values: Vec<T>, stays: usize) -> Option<Vec<T>> {
    match values.len() {
        n if n == stays => Some(values),
        1 => values.first().map(|v| vec![v.clone(); stays]),
        0 => None,
        n => {
            cells.errors.push(err(
                col,
                format!("填了{n}项，住院总费用有{stays}次；要么填一项（各次相同），要么每次一项"),
            ));
            None
        }
    }
}

type Built<'a> = (Case, &'a JurisdictionParams, Vec<Origin>);

fn build<'a>(
    raw: &RawRow,
    header: &Header,
    ctx: &Context<'a>,
) -> Result<Built<'a>, Vec<CellError>> {
    let mut c = Cells {
        texts: header.texts(&raw.cells),
        errors: Vec::new(),
    };

    let place_text = c.text(Col::Jurisdiction);
    let params = if place_text.is_empty() {
        c.errors.push(err(Col::Jurisdiction, "必填，不能为空"));
        None
    } else {
        let found = ctx.lookup(place_text);
        if found.is_none() {
            c.errors.push(err(
                Col::Jurisdiction,
                format!("未知地区“{place_text}”（可填：{}）", ctx.known()),
            ));
        }
        found
    };
    let as_of = if c.text(Col::AsOf).is_empty() {
        if ctx.default_as_of.is_none() {
            c.errors.push(err(Col::AsOf, "必填，不能为空"));
        }
        ctx.default_as_of
    } else {
        c.opt(Col::AsOf, cell::date)
    };
    let size = c.required(Col::Size, |t| cell::count(t, "人数"));
    let category = c.required(Col::Category, cell::category);
    let disabled = c.opt(Col::Disabled, cell::yes_no).unwrap_or(false);
    let place = Some(c.text(Col::Place).to_string()).filter(|p| !p.is_empty());

    let (medical, origins) = medical(&mut c, as_of);
    let relocation = relocation(&mut c);
    let education = education(&mut c);
    let dibao = dibao(&mut c);

    let asked: Vec<(Calculator, Col)> = [
        medical.as_ref().map(|_| {
            let trigger = if c.text(Col::StayTotals).is_empty() {
                Col::ChronicTotal
            } else {
                Col::StayTotals
            };
            (Calculator::Medical, trigger)
        }),
        relocation
            .as_ref()
            .map(|_| (Calculator::Relocation, Col::Scheme)),
        education
            .as_ref()
            .map(|_| (Calculator::Education, Col::Children)),
        dibao.as_ref().map(|_| (Calculator::Dibao, Col::Income)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let any_asked = [
        Col::StayTotals,
        Col::ChronicTotal,
        Col::Scheme,
        Col::Children,
        Col::Income,
    ]
    .iter()
    .any(|col| !c.text(*col).is_empty());
    if !any_asked {
        c.errors.push(CellError {
            col: None,
            reason: "没有要计算的项目（住院总费用、门诊慢特病总费用、安置方式、子女学段、家庭年收入至少填一项）".into(),
        });
    }
    if let Some(p) = params {
        for (calc, col) in &asked {
            if !p.offers(*calc) {
                c.errors.push(err(
                    *col,
                    format!("{}暂未提供{}计算（当地没有参数）", p.name, calc.zh()),
                ));
            }
        }
    }

    match (params, as_of, size, category) {
        (Some(params), Some(as_of), Some(size), Some(category)) if c.errors.is_empty() => {
            let household = Household {
                size,
                category,
                has_disabled_member: disabled,
                place,
            };
            let case = Case {
                jurisdiction: params.id.clone(),
                as_of,
                household,
                medical,
                relocation,
                education,
                dibao,
            };
            Ok((case, params, origins))
        }
        _ => Err(c.errors),
    }
}

fn medical(c: &mut Cells, as_of: Option<Date>) -> (Option<MedicalInput>, Vec<Origin>) {
    let stays_asked = !c.text(Col::StayTotals).is_empty();
    let chronic_asked = !c.text(Col::ChronicTotal).is_empty();
    if !stays_asked {
        c.only_with(
            &[Col::StayTotals],
            &[
                Col::StayDates,
                Col::StayLevels,
                Col::InCounty,
                Col::StayCompliant,
            ],
        );
    }
    if !chronic_asked {
        c.only_with(
            &[Col::ChronicTotal],
            &[Col::ChronicLevel, Col::ChronicCompliant],
        );
    }
    if !stays_asked && !chronic_asked {
        c.only_with(&[Col::StayTotals, Col::ChronicTotal], &[Col::PatientAge]);
        return (None, Vec::new());
    }
    let before = c.errors.len();
    let age = c.required(Col::PatientAge, |t| cell::count(t, "年龄"));
    let mut visits = Vec::new();
    let mut origins = Vec::new();

    if stays_asked {
        let parsed = c.errors.len();
        let totals = c.each(Col::StayTotals, cell::money);
        let n = totals.len();
        let compliant = c.each(Col::StayCompliant, cell::money);
        if c.text(Col::StayCompliant).is_empty() {
            c.errors.push(err(
                Col::StayCompliant,
                "填写了住院总费用，请填写住院合规费用",
            ));
        } else if compliant.len() != n && c.errors.len() == parsed {
            c.errors.push(err(
                Col::StayCompliant,
                format!("有{}项，住院总费用有{n}项，次数要一致", compliant.len()),
            ));
        }
        let levels = c.each(Col::StayLevels, cell::level);
        if c.text(Col::StayLevels).is_empty() {
            c.errors.push(err(
                Col::StayLevels,
                "填写了住院总费用，请填写住院级别（乡镇、县级、市级、省级）",
            ));
        }
        let levels = per_stay(c, Col::StayLevels, levels, n);
        let dates = c.each(Col::StayDates, cell::date);
        let dated = !dates.is_empty();
        let dates = if dated {
            per_stay(c, Col::StayDates, dates, n)
        } else {
            as_of.map(|d| vec![d; n])
        };
        let in_county = c.each(Col::InCounty, cell::yes_no);
        let in_county = if in_county.is_empty() {
            None
        } else {
            per_stay(c, Col::InCounty, in_county, n)
        };
        if let (Some(levels), Some(dates)) = (levels, dates) {
            let stays = totals.iter().zip(&compliant).zip(levels.iter().zip(&dates));
            for (i, ((&total, &compliant), (&level, &date))) in stays.enumerate() {
                let in_county = in_county.as_ref().and_then(|v| v.get(i).copied());
                visits.push(Visit {
                    date,
                    level,
                    kind: VisitKind::Inpatient,
                    in_county: in_county.unwrap_or(level <= Level::County),
                    total,
                    compliant,
                });
                origins.push(Origin::Stay {
                    index: i,
                    of: n,
                    dated,
                });
            }
        }
    }
    if chronic_asked {
        let total = c.opt(Col::ChronicTotal, cell::money);
        let compliant = c.opt(Col::ChronicCompliant, cell::money);
        if c.text(Col::ChronicCompliant).is_empty() {
            c.errors.push(err(
                Col::ChronicCompliant,
                "填写了门诊慢特病总费用，请填写门诊慢特病合规费用",
            ));
        }
        let level = c
            .opt(Col::ChronicLevel, cell::level)
            .unwrap_or(Level::County);
        if let (Some(total), Some(compliant), Some(date)) = (total, compliant, as_of) {
            visits.push(Visit {
                date,
                level,
                kind: VisitKind::ChronicOutpatient,
                in_county: level <= Level::County,
                total,
                compliant,
            });
            origins.push(Origin::Chronic);
        }
    }
    match age {
        Some(age) if c.errors.len() == before => (
            Some(MedicalInput {
                persons: vec![Person {
                    name: String::new(),
                    age,
                    category: None,
                    visits,
                }],
            }),
            origins,
        ),
        _ => (None, Vec::new()),
    }
}

fn relocation(c: &mut Cells) -> Option<RelocationInput> {
    let dependents = [
        Col::JiandangMovers,
        Col::TongbuMovers,
        Col::Area,
        Col::Cost,
        Col::Conditions,
        Col::WholeVillage,
    ];
    if c.text(Col::Scheme).is_empty() {
        c.only_with(&[Col::Scheme], &dependents);
        return None;
    }
    let scheme = c.opt(Col::Scheme, cell::scheme);
    let jiandang_members = c
        .opt(Col::JiandangMovers, |t| cell::count(t, "人数"))
        .unwrap_or(0);
    let tongbu_members = c
        .opt(Col::TongbuMovers, |t| cell::count(t, "人数"))
        .unwrap_or(0);
    let area_m2 = c.opt(Col::Area, cell::area);
    let cost = c.opt(Col::Cost, cell::money);
    let conditions_met = c.opt(Col::Conditions, cell::conditions).unwrap_or_default();
    let whole_village = c.opt(Col::WholeVillage, cell::yes_no).unwrap_or(false);
    let (scheme, mode) = scheme?;
    Some(RelocationInput {
        scheme,
        mode,
        jiandang_members,
        tongbu_members,
        area_m2,
        cost,
        conditions_met,
        whole_village,
    })
}

fn education(c: &mut Cells) -> Option<EducationInput> {
    if c.text(Col::Children).is_empty() {
        return None;
    }
    let before = c.errors.len();
    let specs = c.each(Col::Children, cell::child);
    if c.errors.len() != before {
        return None;
    }
    let children = specs
        .into_iter()
        .map(|s| Child {
            name: String::new(),
            stage: s.stage,
            year: s.year.unwrap_or(1),
            boarding: s.boarding,
            key_university: s.key_university,
            tuition_and_lodging: s.tuition_and_lodging,
        })
        .collect();
    Some(EducationInput { children })
}

fn dibao(c: &mut Cells) -> Option<DibaoInput> {
    let dependents = [
        Col::StoppedMonth,
        Col::PreviousIncome,
        Col::TekunDispersed,
        Col::TekunCentralized,
    ];
    if c.text(Col::Income).is_empty() {
        c.only_with(&[Col::Income], &dependents);
        return None;
    }
    let before = c.errors.len();
    let annual_income = c.opt(Col::Income, cell::money);
    let stopped = c.opt(Col::StoppedMonth, cell::month);
    let previous = c.opt(Col::PreviousIncome, cell::money);
    match (
        c.text(Col::StoppedMonth).is_empty(),
        c.text(Col::PreviousIncome).is_empty(),
    ) {
        (false, true) => c.errors.push(err(
            Col::PreviousIncome,
            "填写了收入超标月份，请填写原家庭年收入",
        )),
        (true, false) => c.errors.push(err(
            Col::StoppedMonth,
            "填写了原家庭年收入，请填写收入超标月份",
        )),
        _ => {}
    }
    let tekun_dispersed = c
        .opt(Col::TekunDispersed, |t| cell::count(t, "人数"))
        .unwrap_or(0);
    let tekun_centralized = c
        .opt(Col::TekunCentralized, |t| cell::count(t, "人数"))
        .unwrap_or(0);
    if c.errors.len() != before {
        return None;
    }
    let taper = stopped
        .zip(previous)
        .map(|(stopped_month, previous_annual_income)| TaperInput {
            stopped_month,
            previous_annual_income,
        });
    Some(DibaoInput {
        annual_income: annual_income?,
        taper,
        tekun_dispersed,
        tekun_centralized,
    })
}

/// Names the column of an engine error from its field path (`medical.persons[0].visits[1].compliant`).
fn from_calc(e: CalcError, origins: &[Origin]) -> CellError {
    let f = e.field.as_str();
    let reason = e.zh;
    let col = if f == "jurisdiction" {
        Some(Col::Jurisdiction)
    } else if f == "household.size" {
        Some(Col::Size)
    } else if f == "household.place" {
        Some(Col::Place)
    } else if f.ends_with(".as_of") {
        Some(Col::AsOf)
    } else if let Some(rest) = f.strip_prefix("medical.persons[0].visits[") {
        let (index, what) = rest.split_once("].").unwrap_or((rest, ""));
        let origin = index
            .parse::<usize>()
            .ok()
            .and_then(|i| origins.get(i))
            .copied();
        let col = match (origin, what) {
            (Some(Origin::Stay { .. }), "total") => Col::StayTotals,
            (Some(Origin::Stay { .. }), "compliant") => Col::StayCompliant,
            (Some(Origin::Stay { dated: true, .. }), "date") => Col::StayDates,
            (Some(Origin::Chronic), "total") => Col::ChronicTotal,
            (Some(Origin::Chronic), "compliant") => Col::ChronicCompliant,
            (_, "date") => Col::AsOf,
            _ => Col::StayTotals,
        };
        let prefix = match origin {
            Some(Origin::Stay { index, of, .. }) if of > 1 => format!("第{}次住院：", index + 1),
            _ => String::new(),
        };
        return CellError {
            col: Some(col),
            reason: format!("{prefix}{reason}"),
        };
    } else if f.starts_with("medical.persons") {
        Some(Col::PatientAge)
    } else if f.starts_with("medical") {
        Some(Col::StayTotals)
    } else if f == "relocation.mode" || f == "relocation.scheme" {
        Some(Col::Scheme)
    } else if f.starts_with("relocation.jiandang") || f.starts_with("relocation.tongbu") {
        Some(Col::JiandangMovers)
    } else if f == "relocation.cost" {
        Some(Col::Cost)
    } else if f.starts_with("relocation.area") {
        Some(Col::Area)
    } else if f.starts_with("relocation") {
        Some(Col::Scheme)
    } else if let Some(rest) = f.strip_prefix("education.children[") {
        let n = rest
            .split(']')
            .next()
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(0);
        return CellError {
            col: Some(Col::Children),
            reason: format!("第{}个孩子：{reason}", n + 1),
        };
    } else if f.starts_with("education") {
        Some(Col::Children)
    } else if f == "dibao.taper.stopped_month" {
        Some(Col::StoppedMonth)
    } else if f == "dibao.taper.previous_annual_income" {
        Some(Col::PreviousIncome)
    } else if f.starts_with("dibao.tekun") {
        Some(Col::TekunDispersed)
    } else if f.starts_with("dibao") {
        Some(Col::Income)
    } else {
        None
    };
    CellError { col, reason }
}
