//! From the form's text to the engine's [`Case`]: every field parsed on its own, so each wrong
//! entry gets its own Chinese message under its own path; then the engine's first error, if any,
//! under the path it names.

use crate::form::{Form, List};
use mingbai_calc::dibao::{DibaoInput, TaperInput};
use mingbai_calc::education::{Child, EducationInput};
use mingbai_calc::medical::{MedicalInput, Person, Visit};
use mingbai_calc::relocation::{Area, Condition, RelocationInput};
use mingbai_calc::{Calculator, Case, Date, Household, JurisdictionParams, Money, Month};
use serde::de::value::{Error as DeError, StrDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer};
use std::collections::BTreeMap;

/// Per-path messages in Chinese; `""` is the path of a message that belongs to no field.
pub type Errors = BTreeMap<String, String>;

pub struct Built {
    /// The case, when every field could be read.
    pub case: Option<Case>,
    pub errors: Errors,
}

/// The relocation conditions a household can tick, in the order shown.
pub const CONDITIONS: [Condition; 4] = [
    Condition::Agreements,
    Condition::Demolition,
    Condition::Reclamation,
    Condition::Vacate,
];

pub fn condition_key(c: Condition) -> &'static str {
    match c {
        Condition::Demolition => "demolition",
        Condition::Reclamation => "reclamation",
        Condition::Vacate => "vacate",
        Condition::Agreements => "agreements",
    }
}

/// Reads the form for the calculators in `calcs` (one, or several for the household summary).
pub fn build_case(form: &Form, params: &JurisdictionParams, calcs: &[Calculator]) -> Built {
    let mut r = Reader {
        form,
        errors: Errors::new(),
        year: None,
    };
    let as_of = r.date("as_of", "计算日期");
    r.year = as_of.map(Date::year);
    let household = r.household();
    let asked = |c: Calculator| calcs.contains(&c);
    let medical = if asked(Calculator::Medical) {
        r.medical().map(Some)
    } else {
        Some(None)
    };
    let relocation = if asked(Calculator::Relocation) {
        r.relocation().map(Some)
    } else {
        Some(None)
    };
    let education = if asked(Calculator::Education) {
        r.education().map(Some)
    } else {
        Some(None)
    };
    let dibao = if asked(Calculator::Dibao) {
        r.dibao().map(Some)
    } else {
        Some(None)
    };
    let case = (|| {
        Some(Case {
            jurisdiction: params.id.clone(),
            as_of: as_of?,
            household: household?,
            medical: medical?,
            relocation: relocation?,
            education: education?,
            dibao: dibao?,
        })
    })();
    let complete = r.errors.is_empty();
    Built {
        case: case.filter(|_| complete),
        errors: r.errors,
    }
}

struct Reader<'a> {
    form: &'a Form,
    errors: Errors,
    /// The year of the computation date: the year whose bills the medical calculator adds up.
    year: Option<u16>,
}

impl Reader<'_> {
    fn fail<T>(&mut self, path: &str, msg: impl Into<String>) -> Option<T> {
        self.errors
            .entry(path.to_string())
            .or_insert_with(|| msg.into());
        None
    }

    fn ok<T>(&mut self, path: &str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => self.fail(path, e),
        }
    }

    fn text(&self, path: &str) -> &str {
        self.form.get(path).trim()
    }

    fn required(&mut self, path: &str, what: &str) -> Option<String> {
        let t = self.text(path).to_string();
        if t.is_empty() {
            return self.fail(path, format!("请填写{what}"));
        }
        Some(t)
    }

    fn money(&mut self, path: &str, what: &str) -> Option<Money> {
        let t = self.required(path, what)?;
        self.ok(path, amount(&t, what))
    }

    fn optional_money(&mut self, path: &str, what: &str) -> Result<Option<Money>, ()> {
        let t = self.text(path).to_string();
        if t.is_empty() {
            return Ok(None);
        }
        match amount(&t, what) {
            Ok(m) => Ok(Some(m)),
            Err(e) => {
                self.fail::<()>(path, e);
                Err(())
            }
        }
    }

    fn count(&mut self, path: &str, what: &str) -> Option<u32> {
        let t = normalize_number(&self.required(path, what)?);
        if t.starts_with('-') && t.len() > 1 && t[1..].bytes().all(|b| b.is_ascii_digit()) {
            return self.fail(path, format!("{what}不能是负数"));
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return self.fail(path, format!("{what}请填写整数（现为“{t}”）"));
        }
        self.ok(
            path,
            t.parse::<u32>().map_err(|_| format!("{what}“{t}”过大")),
        )
    }

    /// A count that may be left empty, meaning zero.
    fn count_or_zero(&mut self, path: &str, what: &str) -> Option<u32> {
        if self.text(path).is_empty() {
            return Some(0);
        }
        self.count(path, what)
    }

    fn date(&mut self, path: &str, what: &str) -> Option<Date> {
        let t = self.required(path, what)?;
        self.ok(path, Date::parse(&t))
    }

    fn month(&mut self, path: &str, what: &str) -> Option<Month> {
        let t = self.required(path, what)?;
        self.ok(path, Month::parse(&t))
    }

    /// A value the engine names by a key (`"jiandang"`, `"county"`): read it with the engine's
    /// own deserializer, so the form can offer nothing the engine does not know.
    fn choice<T: DeserializeOwned>(&mut self, path: &str, what: &str) -> Option<T> {
        let t = self.text(path).to_string();
        if t.is_empty() {
            return self.fail(path, format!("请选择{what}"));
        }
        self.ok(path, from_str::<T>(&t).map_err(|_| format!("请选择{what}")))
    }

    fn household(&mut self) -> Option<Household> {
        let size = self.count("household.size", "家庭人口");
        let category = self.choice("household.category", "家庭类别");
        let place = Some(self.text("household.place").to_string()).filter(|p| !p.is_empty());
        Some(Household {
            size: size?,
            category: category?,
            has_disabled_member: self.form.flag("household.has_disabled_member"),
            place,
        })
    }

    fn medical(&mut self) -> Option<MedicalInput> {
        let mut persons = Vec::new();
        let mut ok = true;
        for i in 0..self.form.len(List::Persons) {
            match self.person(i) {
                Some(p) => persons.push(p),
                None => ok = false,
            }
        }
        ok.then_some(MedicalInput { persons })
    }

    fn person(&mut self, i: usize) -> Option<Person> {
        let at = List::Persons.item(i);
        let age = self.count(&format!("{at}.age"), "年龄");
        let category = match self.text(&format!("{at}.category")) {
            "" => Some(None),
            _ => self.choice(&format!("{at}.category"), "人员类别").map(Some),
        };
        let mut visits = Vec::new();
        let mut ok = true;
        for j in 0..self.form.len(List::Visits(i)) {
            match self.visit(&List::Visits(i).item(j)) {
                Some(v) => visits.push(v),
                None => ok = false,
            }
        }
        let name = self.text(&format!("{at}.name")).to_string();
        let name = if name.is_empty() {
            format!("第{}位", i + 1)
        } else {
            name
        };
        Some(Person {
            name,
            age: age?,
            category: category?,
            visits,
        })
        .filter(|_| ok)
    }

    fn visit(&mut self, at: &str) -> Option<Visit> {
        let path = format!("{at}.date");
        let date = self.date(&path, "就诊日期");
        // Said here in words, before the engine would refuse it with a range of dates.
        let date = match (date, self.year) {
            (Some(d), Some(y)) if d.year() != y => self.fail(
                &path,
                format!("这次看病的日期不在您选的{y}年里，请改成{y}年的日期"),
            ),
            (d, _) => d,
        };
        let level = self.choice(&format!("{at}.level"), "医院级别");
        let kind = self.choice(&format!("{at}.kind"), "就诊类型");
        let total = self.money(&format!("{at}.total"), "总费用");
        let compliant = self.money(&format!("{at}.compliant"), "合规费用");
        Some(Visit {
            date: date?,
            level: level?,
            kind: kind?,
            in_county: !self.form.flag(&format!("{at}.out_of_county")),
            total: total?,
            compliant: compliant?,
        })
    }

    fn relocation(&mut self) -> Option<RelocationInput> {
        let scheme = self.choice("relocation.scheme", "补助类型");
        let relocating = self.text("relocation.scheme") != "renovation";
        let mode = if relocating {
            self.choice("relocation.mode", "安置方式").map(Some)
        } else {
            Some(None)
        };
        let jiandang = if relocating {
            self.count("relocation.jiandang_members", "建档立卡搬迁人数")
        } else {
            Some(0)
        };
        let tongbu = if relocating {
            self.count_or_zero("relocation.tongbu_members", "同步搬迁人数")
        } else {
            Some(0)
        };
        let area = match self.text("relocation.area_m2") {
            "" => Some(None),
            t => {
                let t = normalize_number(t);
                self.ok("relocation.area_m2", from_str::<Area>(&t))
                    .map(Some)
            }
        };
        let cost = self.optional_money("relocation.cost", "建房成本").ok();
        let conditions_met = CONDITIONS
            .into_iter()
            .filter(|c| {
                self.form
                    .flag(&format!("relocation.conditions_met.{}", condition_key(*c)))
            })
            .collect();
        Some(RelocationInput {
            scheme: scheme?,
            mode: mode?,
            jiandang_members: jiandang?,
            tongbu_members: tongbu?,
            area_m2: area?,
            cost: cost?,
            conditions_met,
            whole_village: relocating && self.form.flag("relocation.whole_village"),
        })
    }

    fn education(&mut self) -> Option<EducationInput> {
        let mut children = Vec::new();
        let mut ok = true;
        for i in 0..self.form.len(List::Children) {
            let at = List::Children.item(i);
            let stage = self.choice(&format!("{at}.stage"), "就读阶段");
            let year = self.count(&format!("{at}.year"), "年级");
            let fees = self
                .optional_money(&format!("{at}.tuition_and_lodging"), "学费和住宿费")
                .ok();
            let name = self.text(&format!("{at}.name")).to_string();
            match (stage, year, fees) {
                (Some(stage), Some(year), Some(tuition_and_lodging)) => children.push(Child {
                    name: if name.is_empty() {
                        format!("第{}个孩子", i + 1)
                    } else {
                        name
                    },
                    stage,
                    year,
                    boarding: self.form.flag(&format!("{at}.boarding")),
                    key_university: self.form.flag(&format!("{at}.key_university")),
                    tuition_and_lodging,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(EducationInput { children })
    }

    fn dibao(&mut self) -> Option<DibaoInput> {
        let income = self.money("dibao.annual_income", "家庭年收入");
        let taper = if self.form.flag("dibao.tapering") {
            let month = self.month("dibao.taper.stopped_month", "收入超过标准的月份");
            let before = self.money("dibao.taper.previous_annual_income", "超标前的家庭年收入");
            Some(Some(TaperInput {
                stopped_month: month?,
                previous_annual_income: before?,
            }))
        } else {
            Some(None)
        };
        let dispersed = self.count_or_zero("dibao.tekun_dispersed", "分散供养人数");
        let centralized = self.count_or_zero("dibao.tekun_centralized", "集中供养人数");
        Some(DibaoInput {
            annual_income: income?,
            taper: taper?,
            tekun_dispersed: dispersed?,
            tekun_centralized: centralized?,
        })
    }
}

fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let d: StrDeserializer<'_, DeError> = text.into_deserializer();
    T::deserialize(d).map_err(|e| e.to_string())
}

/// An amount as people type it (`1.2万`, `１２０００`, `12,000元`): the engine's own lenient reader,
/// which the roster uses too, so a figure typed here reads the same in a spreadsheet.
fn amount(text: &str, what: &str) -> Result<Money, String> {
    let m = Money::parse_lenient(text).map_err(|e| e.message(text))?;
    if m.is_negative() {
        return Err(format!("{what}不能是负数"));
    }
    Ok(m)
}

/// Counts and areas as a phone keyboard or a Chinese IME types them: full-width digits and points,
/// separators, a trailing 元.
pub fn normalize_number(text: &str) -> String {
    mingbai_calc::half_width(text)
        .trim_end_matches('元')
        .to_string()
}

/// Where an engine error goes: the field it names when the form has it, else the nearest enclosing
/// item or list, else no field (shown above the result).
pub fn place_error(field: &str, known: &dyn Fn(&str) -> bool) -> String {
    if known(field) {
        return field.to_string();
    }
    // `medical.as_of`: the date the calculator was asked for.
    if field.ends_with(".as_of") || field == "as_of" {
        return "as_of".to_string();
    }
    let mut path = field;
    while let Some(cut) = path.rfind(['.', '[']) {
        path = &path[..cut];
        if known(path) {
            return path.to_string();
        }
    }
    String::new()
}

/// The date to compute for when the page opens: today when the parameters cover it, else the last
/// day they do (the content describes past years; a blank or failing form helps no one).
pub fn default_as_of(
    params: &JurisdictionParams,
    calcs: &[Calculator],
    today: Option<Date>,
) -> Option<Date> {
    let ranges: Vec<(Date, Option<Date>)> = calcs
        .iter()
        .flat_map(|c| -> Vec<(Date, Option<Date>)> {
            match c {
                Calculator::Medical => params.medical.iter().map(|d| (d.from, d.to)).collect(),
                Calculator::Relocation => {
                    params.relocation.iter().map(|d| (d.from, d.to)).collect()
                }
                Calculator::Education => params.education.iter().map(|d| (d.from, d.to)).collect(),
                Calculator::Dibao => params.dibao.iter().map(|d| (d.from, d.to)).collect(),
            }
        })
        .collect();
    if let Some(t) = today {
        let covered_by_all = calcs.iter().all(|c| covers(params, *c, t));
        if covered_by_all {
            return Some(t);
        }
    }
    // The latest day every asked calculator covers, else the latest day any covers.
    let mut candidates: Vec<Date> = ranges
        .iter()
        .map(|(from, to)| to.unwrap_or(*from))
        .collect();
    candidates.extend(ranges.iter().map(|(from, _)| *from));
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .iter()
        .rev()
        .find(|d| calcs.iter().all(|c| covers(params, *c, **d)))
        .or(candidates.last())
        .copied()
}

fn covers(params: &JurisdictionParams, calc: Calculator, date: Date) -> bool {
    match calc {
        Calculator::Medical => params.medical.iter().any(|d| d.covers(date)),
        Calculator::Relocation => params.relocation.iter().any(|d| d.covers(date)),
        Calculator::Education => params.education.iter().any(|d| d.covers(date)),
        Calculator::Dibao => params.dibao.iter().any(|d| d.covers(date)),
    }
}

/// The places named by any rule that applies to part of the jurisdiction only (a pilot county):
/// the household is asked where it lives only when this is not empty.
pub fn pilot_places(params: &JurisdictionParams) -> Vec<String> {
    let mut places: Vec<String> = params
        .medical
        .iter()
        .filter_map(|d| d.params.backstop.full_aid.as_ref())
        .flat_map(|f| f.places.iter().cloned())
        .collect();
    places.sort_unstable();
    places.dedup();
    places
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::example;
    use crate::page::PageSetup;

    const DIBAO: &str = r#"{"id":"baoding","name":"保定市","dibao":[{"from":"2016-01-01","to":"2016-12-31","params":{
        "standard":{"v":2900,"s":"S","doc":"dibao-standard"},"taper_months":{"v":12,"s":"S"},"taper_months_disabled":{"v":18,"s":"S"},
        "tekun_dispersed":{"v":4000,"s":"S"},"tekun_centralized":{"v":6000,"s":"A"}}}]}"#;

    fn setup(today: Option<Date>) -> PageSetup {
        PageSetup::from_parts(
            Some(DIBAO),
            Some("baoding"),
            Some("dibao"),
            Some("/"),
            today,
        )
        .unwrap()
    }

    /// The empty form with what a 3-person 低保 household earning 6000 a year types.
    fn filled(s: &PageSetup) -> Form {
        let mut form = example(s);
        form.set("household.size", "3");
        form.set("dibao.annual_income", "6000");
        form
    }

    #[test]
    fn the_form_opens_empty_and_computes_once_filled() {
        let s = setup(Date::new(2026, 3, 1));
        let form = example(&s);
        assert_eq!(
            form.get("as_of"),
            "2016-12-31",
            "today is outside the parameters: their last day"
        );
        assert_eq!(form.get("household.size"), "");
        assert_eq!(form.get("dibao.annual_income"), "");
        assert_eq!(form.get("medical.persons[0].age"), "");
        let built = build_case(&form, &s.params, &s.calcs);
        assert!(built.case.is_none());
        assert_eq!(built.errors["household.size"], "请填写家庭人口");
        let form = filled(&s);
        let built = build_case(&form, &s.params, &s.calcs);
        assert!(built.errors.is_empty(), "{:?}", built.errors);
        let summary = mingbai_calc::compute(&built.case.unwrap(), &s.params).unwrap();
        let d = summary.dibao.unwrap();
        // 6000 a year for 3 people: 2000 each, (2900 − 2000) × 3 = 2700 a year, 225 a month.
        assert_eq!(d.monthly_benefit, Money::yuan(225));
    }

    #[test]
    fn every_wrong_field_gets_its_own_message() {
        let s = setup(None);
        let mut form = filled(&s);
        form.set("as_of", "2016-13-01");
        form.set("household.size", "three");
        form.set("household.category", "robot");
        form.set("dibao.annual_income", "6000.123");
        form.set("dibao.tekun_dispersed", "-1");
        let built = build_case(&form, &s.params, &s.calcs);
        assert!(built.case.is_none());
        let keys: Vec<&str> = built.errors.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "as_of",
                "dibao.annual_income",
                "dibao.tekun_dispersed",
                "household.category",
                "household.size"
            ]
        );
        assert!(
            built.errors["as_of"].contains("不是有效日期"),
            "{:?}",
            built.errors
        );
        assert!(built.errors["dibao.annual_income"].contains("两位小数"));
        assert!(built.errors["household.size"].contains("整数"));
        assert_eq!(
            built.errors["dibao.tekun_dispersed"],
            "分散供养人数不能是负数"
        );
        form.set("household.size", "－1");
        let built = build_case(&form, &s.params, &s.calcs);
        assert_eq!(built.errors["household.size"], "家庭人口不能是负数");

        form.set("dibao.annual_income", "");
        let built = build_case(&form, &s.params, &s.calcs);
        assert_eq!(built.errors["dibao.annual_income"], "请填写家庭年收入");
    }

    #[test]
    fn what_phones_type_is_understood() {
        assert_eq!(normalize_number(" １２，０００．５０元 "), "12000.50");
        assert_eq!(normalize_number("3 000"), "3000");
        let s = setup(None);
        let mut form = filled(&s);
        for typed in ["６０００元", "0.6万", "6,000", "6000。00"] {
            form.set("dibao.annual_income", typed);
            let built = build_case(&form, &s.params, &s.calcs);
            assert!(built.errors.is_empty(), "{typed}: {:?}", built.errors);
            let dibao = built.case.unwrap().dibao.unwrap();
            assert_eq!(dibao.annual_income, Money::yuan(6000), "{typed}");
        }
        form.set("dibao.annual_income", "-6000");
        let built = build_case(&form, &s.params, &s.calcs);
        assert_eq!(built.errors["dibao.annual_income"], "家庭年收入不能是负数");
    }

    #[test]
    fn engine_errors_land_next_to_their_field() {
        let known = |p: &str| {
            [
                "household.size",
                "medical.persons[0].age",
                "medical.persons",
            ]
            .contains(&p)
        };
        assert_eq!(place_error("household.size", &known), "household.size");
        assert_eq!(place_error("dibao.as_of", &known), "as_of");
        assert_eq!(
            place_error("medical.persons[0].age", &known),
            "medical.persons[0].age"
        );
        assert_eq!(
            place_error("medical.persons[3].visits[2].total", &known),
            "medical.persons"
        );
        assert_eq!(place_error("household", &known), "");
        assert_eq!(place_error("jurisdiction", &known), "");
    }

    #[test]
    fn the_date_to_open_with_is_inside_the_parameters() {
        let s = setup(None);
        let calcs = [Calculator::Dibao];
        let inside = Date::new(2016, 5, 4);
        assert_eq!(default_as_of(&s.params, &calcs, inside), inside);
        assert_eq!(
            default_as_of(&s.params, &calcs, Date::new(2030, 1, 1)),
            Date::new(2016, 12, 31)
        );
        assert_eq!(
            default_as_of(&s.params, &calcs, None),
            Date::new(2016, 12, 31)
        );
    }
}
