//! 易地扶贫搬迁 build subsidy, conditional rewards and caps; 危房改造 as the alternative.

use crate::declare_tables;
use crate::error::check;
use crate::household::{belongs, groups_zh, Group, Household};
use crate::param::P;
use crate::trace::{cite, step, Tracer};
use crate::{CalcError, Money, Trace};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

// ---------------------------------------------------------------- parameters

/// The relocation parameter tables, declared once (see `schema`).
#[macro_export]
macro_rules! relocation_tables {
    ($cb:ident) => {
        $cb! {
            table RelocationParams at "relocation" {
                build_subsidy: req BuildSubsidy,
                rewards: or_default Vec<Reward>,
                caps: req Caps,
                renovation: opt Renovation,
            }

            table BuildSubsidy at "relocation.build_subsidy" {
                centralized: req P<Money> => "集中安置（每人）", Money,
                dispersed: req P<Money> => "分散安置（每人）", Money,
                tongbu_centralized: opt P<Money> => "同步搬迁人口集中安置（每人）", Money,
                tongbu_dispersed: opt P<Money> => "同步搬迁人口分散安置（每人）", Money,
            }

            /// At `relocation.rewards.<id>`.
            table Reward {
                id: req String,
                name: req String,
                condition: req Condition,
                per_person: req P<Money> => "每人奖励", Money,
                /// Paid only to households of a village that moves as a whole (整村搬迁);
                /// absent: to any mover.
                whole_village_only: opt P<bool> => "只发给整村搬迁户", Bool,
                /// Paid only once the household signed the 拆旧复垦 agreement; absent: not
                /// required.
                agreements_required: opt P<bool> => "要先签订拆旧复垦协议", Bool,
                /// 同步搬迁 members are counted per person too; absent: only 建档立卡 members are.
                tongbu_counted: opt P<bool> => "同步搬迁人口也按人计", Bool,
            }

            table Caps at "relocation.caps" {
                area_per_person_m2: req P<u32> => "人均住房面积不超过", Count("平方米"),
                self_funding_per_person: req P<Money> => "人均自筹不超过", Money,
                self_funding_per_household: req P<Money> => "户均自筹不超过", Money,
            }

            table Renovation at "relocation.renovation" {
                per_household: req P<Money> => "每户补助", Money,
                categories: req Vec<Group>,
            }
        }
    };
}

crate::relocation_tables!(declare_tables);

fn flag(p: &Option<P<bool>>) -> bool {
    p.as_ref().is_some_and(|p| p.v)
}

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Condition {
        Demolition = "demolition" => "拆除旧房",
        Reclamation = "reclamation" => "旧宅基地复垦",
        Vacate = "vacate" => "腾退旧宅基地",
        /// 与搬迁协议合称“双签”
        Agreements = "agreements" => "签订拆旧复垦协议",
    }
}

impl RelocationParams {
    pub fn validate(&self) -> Result<(), CalcError> {
        let b = &self.build_subsidy;
        check::amount(BuildSubsidy::centralized, b.centralized.v)?;
        check::amount(BuildSubsidy::dispersed, b.dispersed.v)?;
        for (name, p) in [
            ("tongbu_centralized", &b.tongbu_centralized),
            ("tongbu_dispersed", &b.tongbu_dispersed),
        ] {
            if let Some(p) = p {
                check::amount(&format!("relocation.build_subsidy.{name}"), p.v)?;
            }
        }
        for r in &self.rewards {
            check::amount(
                &format!("relocation.rewards.{}.per_person", r.id),
                r.per_person.v,
            )?;
        }
        check::range(
            Caps::area_per_person_m2,
            "人均面积上限",
            self.caps.area_per_person_m2.v,
            1,
            200,
        )?;
        check::amount(
            Caps::self_funding_per_person,
            self.caps.self_funding_per_person.v,
        )?;
        check::amount(
            Caps::self_funding_per_household,
            self.caps.self_funding_per_household.v,
        )?;
        if let Some(r) = &self.renovation {
            check::amount(Renovation::per_household, r.per_household.v)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- input

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Scheme {
        Relocation = "relocation" => "易地扶贫搬迁",
        /// 就地
        Renovation = "renovation" => "危房改造（就地）",
    }
}

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Mode {
        Centralized = "centralized" => "集中安置",
        Dispersed = "dispersed" => "分散安置",
    }
}

/// Floor area in hundredths of a square metre; written as `100`, `"75.5"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Area(u32);

impl Area {
    pub fn from_m2(m2: u32) -> Area {
        Area(m2.saturating_mul(100))
    }
    fn parse(text: &str) -> Result<Area, String> {
        let m =
            Money::parse(text).map_err(|_| format!("“{text}”不是面积（平方米，如 \"75.5\"）"))?;
        if m.is_negative() {
            return Err(format!("面积不能为负数（{text}）"));
        }
        u32::try_from(m.fen())
            .map(Area)
            .map_err(|_| format!("面积“{text}”过大"))
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole}平方米")
        } else {
            write!(
                f,
                "{}平方米",
                format!("{whole}.{frac:02}").trim_end_matches('0')
            )
        }
    }
}

impl Serialize for Area {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}.{:02}", self.0 / 100, self.0 % 100))
    }
}

impl<'de> Deserialize<'de> for Area {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Area, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Area;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("面积（平方米）：整数或字符串，如 \"75.5\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Area, E> {
                u32::try_from(v)
                    .ok()
                    .filter(|v| *v <= 100_000)
                    .map(Area::from_m2)
                    .ok_or_else(|| E::custom("面积过大"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Area, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("面积不能为负数"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Area, E> {
                Area::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelocationInput {
    pub scheme: Scheme,
    /// Relocation only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// 建档立卡 members who move.
    #[serde(default)]
    pub jiandang_members: u32,
    /// 同步搬迁 (non-poor) members who move with them.
    #[serde(default)]
    pub tongbu_members: u32,
    /// Floor area built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<Area>,
    /// What building costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    /// Conditions already met (for conditional rewards).
    #[serde(default)]
    pub conditions_met: Vec<Condition>,
    /// The household's village moves as a whole (整村搬迁), for rewards paid only there.
    #[serde(default)]
    pub whole_village: bool,
}

// ---------------------------------------------------------------- result

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelocationResult {
    pub scheme: Scheme,
    pub items: Vec<SubsidyItem>,
    /// Everything, paid now or after its condition.
    pub total: Money,
    /// What is paid now (conditions met or none): the figure every headline shows.
    pub paid_now: Money,
    /// Rewards still to come: paid once the conditions in their `waiting_for` are met.
    pub to_come: Money,
    /// Cost − paid-now subsidies, when the cost is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_pays: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_funding_cap: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_funding_within_cap: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_cap_m2: Option<u32>,
    /// 超标准: the area built is above the cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_over_cap: Option<bool>,
    pub trace: Trace,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsidyItem {
    pub name: String,
    pub amount: Money,
    /// `None` when paid without a condition; otherwise the condition and whether it is met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    pub paid: bool,
    /// The conditions still to be met before it is paid (empty when paid now).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting_for: Vec<Condition>,
}

// ---------------------------------------------------------------- computation

pub(crate) fn compute(
    input: &RelocationInput,
    household: &Household,
    p: &RelocationParams,
    tracing: bool,
) -> Result<(RelocationResult, bool), CalcError> {
    if let Some(cost) = input.cost {
        check::amount("relocation.cost", cost)?;
    }
    let mut trace = Tracer::new(tracing);
    let mut result = match input.scheme {
        Scheme::Relocation => relocate(input, household, p, &mut trace)?,
        Scheme::Renovation => renovate(input, household, p, &mut trace)?,
    };
    let assumed = trace.assumed();
    result.trace = trace.finish();
    Ok((result, assumed))
}

fn relocate(
    input: &RelocationInput,
    household: &Household,
    p: &RelocationParams,
    trace: &mut Tracer,
) -> Result<RelocationResult, CalcError> {
    let mode = input.mode.ok_or_else(|| {
        CalcError::new(
            "relocation.mode",
            "请选择安置方式（集中或分散）",
            "choose centralized or dispersed",
        )
    })?;
    let members = input.jiandang_members.saturating_add(input.tongbu_members);
    check::range("relocation.jiandang_members", "搬迁人数", members, 1, 30)?;
    let mut items = Vec::new();

    let (rate, path) = match mode {
        Mode::Centralized => (&p.build_subsidy.centralized, "centralized"),
        Mode::Dispersed => (&p.build_subsidy.dispersed, "dispersed"),
    };
    if input.jiandang_members > 0 {
        let amount = rate.v.times(input.jiandang_members);
        {
            let mut c = trace.cites();
            cite!(
                c,
                rate,
                format!("relocation.build_subsidy.{path}"),
                format!("{}/人", rate.v.zh())
            );
            step!(
                trace,
                c,
                format!("建房补助（建档立卡，{}）", mode.zh()),
                format!("{}人 × {} = {amount}", input.jiandang_members, rate.v),
                amount.zh()
            );
        }
        items.push(SubsidyItem {
            name: format!("建房补助（建档立卡{}）", mode.zh()),
            amount,
            condition: None,
            paid: true,
            waiting_for: Vec::new(),
        });
    }
    if input.tongbu_members > 0 {
        let tongbu = match mode {
            Mode::Centralized => &p.build_subsidy.tongbu_centralized,
            Mode::Dispersed => &p.build_subsidy.tongbu_dispersed,
        };
        match tongbu {
            Some(rate) => {
                let amount = rate.v.times(input.tongbu_members);
                {
                    let mut c = trace.cites();
                    cite!(
                        c,
                        rate,
                        format!("relocation.build_subsidy.tongbu_{path}"),
                        format!("{}/人", rate.v.zh())
                    );
                    step!(
                        trace,
                        c,
                        "建房补助（同步搬迁）",
                        format!("{}人 × {} = {amount}", input.tongbu_members, rate.v),
                        amount.zh()
                    );
                }
                items.push(SubsidyItem {
                    name: "建房补助（同步搬迁）".into(),
                    amount,
                    condition: None,
                    paid: true,
                    waiting_for: Vec::new(),
                });
            }
            None => {
                let c = trace.cites();
                step!(
                    trace,
                    c,
                    "建房补助（同步搬迁）",
                    format!(
                        "同步搬迁的{}人不享受建档立卡建房补助，当地未规定同步搬迁补助标准",
                        input.tongbu_members
                    ),
                    Money::ZERO.zh()
                );
            }
        }
    }
    for reward in &p.rewards {
        reward_item(reward, input, trace, &mut items);
    }
    let total = Money::sum(items.iter().map(|i| i.amount));
    let paid_now = Money::sum(items.iter().filter(|i| i.paid).map(|i| i.amount));
    let to_come = total.minus(paid_now);

    let caps = &p.caps;
    let mut result = RelocationResult {
        scheme: Scheme::Relocation,
        items,
        total,
        paid_now,
        to_come,
        household_pays: None,
        self_funding_cap: None,
        self_funding_within_cap: None,
        area_cap_m2: None,
        area_over_cap: None,
        trace: Trace::default(),
    };
    // The caps protect 建档立卡 households (十三五 plan); a household of 同步搬迁 members only is
    // not held to either. Within a 建档立卡 household, every mover counts toward the self-funding
    // cap and only 建档立卡 members toward the area cap, as the caps card says.
    if let (Some(cost), true) = (input.cost, input.jiandang_members > 0) {
        let pays = cost.minus(paid_now);
        let cap = caps
            .self_funding_per_person
            .v
            .times(members)
            .min(caps.self_funding_per_household.v);
        {
            let mut c = trace.cites();
            cite!(
                c,
                caps.self_funding_per_person,
                Caps::self_funding_per_person,
                format!("{}/人", caps.self_funding_per_person.v.zh())
            );
            cite!(
                c,
                caps.self_funding_per_household,
                Caps::self_funding_per_household,
                format!("{}/户", caps.self_funding_per_household.v.zh())
            );
            step!(trace, c, "自筹资金与上限", format!(
                "建房费用 {cost} − 现在可领补助 {paid_now} = 家庭自筹 {pays}；上限 min(搬迁{members}人 × {}, {}) = {cap}，{}",
                caps.self_funding_per_person.v,
                caps.self_funding_per_household.v,
                if pays <= cap { "未超上限" } else { "超过上限，请向乡镇核实建房标准" }
            ), pays.zh());
        }
        result.household_pays = Some(pays);
        result.self_funding_cap = Some(cap);
        result.self_funding_within_cap = Some(pays <= cap);
    } else if let Some(cost) = input.cost {
        let pays = cost.minus(paid_now);
        {
            let c = trace.cites();
            step!(
                trace,
                c,
                "自筹资金",
                format!("建房费用 {cost} − 现在可领补助 {paid_now} = 家庭自筹 {pays}；只有同步搬迁人口，不适用建档立卡户的自筹上限"),
                pays.zh()
            );
        }
        result.household_pays = Some(pays);
    }
    if let Some(area) = input.area_m2 {
        // The cap is for 建档立卡 members; a household of 同步搬迁 members only is not held to it.
        if input.jiandang_members > 0 {
            let cap_m2 = caps
                .area_per_person_m2
                .v
                .saturating_mul(input.jiandang_members);
            let over = area > Area::from_m2(cap_m2);
            {
                let mut c = trace.cites();
                cite!(
                    c,
                    caps.area_per_person_m2,
                    Caps::area_per_person_m2,
                    format!("{}平方米/人", caps.area_per_person_m2.v)
                );
                step!(
                    trace,
                    c,
                    "住房面积标准",
                    format!(
                        "建档立卡{}人 × {}平方米 = {cap_m2}平方米；实建 {area}，{}",
                        input.jiandang_members,
                        caps.area_per_person_m2.v,
                        if over { "超标准" } else { "符合标准" }
                    ),
                    if over { "超标准" } else { "符合标准" }
                );
            }
            result.area_cap_m2 = Some(cap_m2);
            result.area_over_cap = Some(over);
        }
    }
    if let Some(r) = &p.renovation {
        if belongs(
            &r.categories,
            household.category,
            household.has_disabled_member,
        ) {
            {
                let mut c = trace.cites();
                cite!(
                    c,
                    r.per_household,
                    Renovation::per_household,
                    format!("{}/户", r.per_household.v.zh())
                );
                step!(
                    trace,
                    c,
                    "另一种选择：就地危房改造",
                    format!(
                        "如不搬迁、改为就地危房改造，可得 {}/户；两项不能同时享受",
                        r.per_household.v.zh()
                    ),
                    r.per_household.v.zh()
                );
            }
        }
    }
    Ok(result)
}

fn renovate(
    input: &RelocationInput,
    household: &Household,
    p: &RelocationParams,
    trace: &mut Tracer,
) -> Result<RelocationResult, CalcError> {
    let r = p.renovation.as_ref().ok_or_else(|| {
        CalcError::new(
            "relocation.scheme",
            "当地没有危房改造补助参数",
            "no 危房改造 parameters for this jurisdiction",
        )
    })?;

    let eligible = belongs(
        &r.categories,
        household.category,
        household.has_disabled_member,
    );
    let amount = if eligible {
        r.per_household.v
    } else {
        Money::ZERO
    };
    {
        let mut c = trace.cites();
        cite!(
            c,
            r.per_household,
            Renovation::per_household,
            format!("{}/户", r.per_household.v.zh())
        );
        step!(
            trace,
            c,
            "危房改造补助",
            if eligible {
                format!(
                    "{}属于重点对象（{}），每户补助 {}",
                    household.category.zh(),
                    groups_zh(&r.categories),
                    r.per_household.v
                )
            } else {
                format!(
                    "重点对象为{}，{}不在其列",
                    groups_zh(&r.categories),
                    household.category.zh()
                )
            },
            amount.zh()
        );
    }
    let items = vec![SubsidyItem {
        name: "危房改造补助".into(),
        amount,
        condition: None,
        paid: true,
        waiting_for: Vec::new(),
    }];
    let household_pays = input.cost.map(|c| c.minus(amount));
    if let (Some(cost), Some(pays)) = (input.cost, household_pays) {
        {
            let c = trace.cites();
            step!(
                trace,
                c,
                "家庭自筹",
                format!("改造费用 {cost} − 补助 {amount} = {pays}"),
                pays.zh()
            );
        }
    }
    Ok(RelocationResult {
        scheme: Scheme::Renovation,
        items,
        total: amount,
        paid_now: amount,
        to_come: Money::ZERO,
        household_pays,
        self_funding_cap: None,
        self_funding_within_cap: None,
        area_cap_m2: None,
        area_over_cap: None,
        trace: Trace::default(),
    })
}

/// One conditional reward: who it is for (整村搬迁, members counted), and what must still be done.
fn reward_item(
    reward: &Reward,
    input: &RelocationInput,
    trace: &mut Tracer,
    items: &mut Vec<SubsidyItem>,
) {
    let path = |key: &str| format!("relocation.rewards.{}.{key}", reward.id);
    let yes_no = |b: bool| if b { "是" } else { "否" };
    if flag(&reward.whole_village_only) && !input.whole_village {
        let mut c = trace.cites();
        if let Some(p) = &reward.whole_village_only {
            cite!(c, p, path("whole_village_only"), yes_no(p.v));
        }
        step!(
            trace,
            c,
            reward.name.clone(),
            "只发给整村搬迁的搬迁户；本户不是整村搬迁，不享受",
            Money::ZERO.zh()
        );
        return;
    }
    let tongbu = flag(&reward.tongbu_counted);
    let counted = if tongbu {
        input.jiandang_members.saturating_add(input.tongbu_members)
    } else {
        input.jiandang_members
    };
    let amount = reward.per_person.v.times(counted);
    let mut required = Vec::new();
    if flag(&reward.agreements_required) {
        required.push(Condition::Agreements);
    }
    required.push(reward.condition);
    let waiting_for: Vec<Condition> = required
        .iter()
        .copied()
        .filter(|c| !input.conditions_met.contains(c))
        .collect();
    let paid = waiting_for.is_empty();
    let mut c = trace.cites();
    cite!(
        c,
        reward.per_person,
        path("per_person"),
        format!("{}/人", reward.per_person.v.zh())
    );
    for (key, p) in [
        ("whole_village_only", &reward.whole_village_only),
        ("agreements_required", &reward.agreements_required),
        ("tongbu_counted", &reward.tongbu_counted),
    ] {
        if let Some(p) = p {
            cite!(c, p, path(key), yes_no(p.v));
        }
    }
    // The step's strings are built only when tracing (the macro defers them).
    step!(
        trace,
        c,
        reward.name.clone(),
        {
            let who = match (tongbu, input.tongbu_members) {
                (_, 0) => format!("{counted}人"),
                (true, n) => format!("{counted}人（含同步搬迁{n}人）"),
                (false, n) => format!("建档立卡{counted}人（同步搬迁{n}人不计）"),
            };
            let needs: Vec<&str> = required.iter().map(|c| c.zh()).collect();
            let state = if paid {
                "条件已满足，现在可领".to_string()
            } else {
                let left: Vec<&str> = waiting_for.iter().map(|c| c.zh()).collect();
                format!("还要{}，验收后才发放，不计入现在可领的钱", left.join("、"))
            };
            format!(
                "{who} × {} = {amount}；条件：{}；{state}",
                reward.per_person.v,
                needs.join("、")
            )
        },
        if paid {
            amount.zh()
        } else {
            format!("待发 {}", amount.zh())
        }
    );
    items.push(SubsidyItem {
        name: reward.name.clone(),
        amount,
        condition: Some(reward.condition),
        paid,
        waiting_for,
    });
}
