//! The names of result lines: each figure a result shows, named once for every surface that shows
//! it — the CLI text, the browser calculator, the site's worked examples, the roster's columns and
//! the household card. A cadre comparing a printed card with a roster row reads the same words.
//!
//! A line's name says what the figure is, with its condition where the figure has one (a reward
//! not paid yet, a loan to repay): a name may stand alone in a roster header, away from the
//! sentence that would explain it.

use serde::{Deserialize, Serialize};

crate::vocab! {
    /// A figure of a result, as a line of a table or a column of a roster.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Line {
        // 医疗
        Reimbursed = "reimbursed" => "报销合计",
        PatientPays = "patient_pays" => "个人负担",
        MedicalTotal = "medical_total" => "医疗总费用",
        Compliant = "compliant" => "其中合规费用",
        Basic = "basic" => "基本医保",
        Serious = "serious" => "大病保险",
        Assistance = "assistance" => "医疗救助",
        Backstop = "backstop" => "兜底保障",
        PatientCompliant = "patient_compliant" => "个人负担（合规内）",
        PatientNoncompliant = "patient_noncompliant" => "个人负担（目录外）",
        EffectiveRatio = "effective_ratio" => "实际报销比例",
        PatientCap = "patient_cap" => "个人年度自付封顶",
        // 住房
        HousingNow = "housing_now" => "住房补助（现在可领）",
        HousingToCome = "housing_to_come" => "待发奖励（条件满足后才发）",
        HousingToComeNeeds = "housing_to_come_needs" => "待发奖励要满足的条件",
        HouseholdPays = "household_pays" => "家庭自筹",
        SelfFundingCap = "self_funding_cap" => "自筹上限",
        // 教育
        EducationGrants = "education_grants" => "教育补助合计",
        EducationLoans = "education_loans" => "助学贷款（需归还）",
        // 低保
        PerCapitaIncome = "per_capita_income" => "家庭人均年收入",
        DibaoStandard = "dibao_standard" => "低保标准（每人每年）",
        MembersCounted = "members_counted" => "计入低保人数",
        DibaoMonthly = "dibao_monthly" => "每月低保金",
        DibaoYearly = "dibao_yearly" => "每年低保金",
        TaperPeriod = "taper_period" => "渐退期",
        TaperMonthly = "taper_monthly" => "渐退期每月",
        TaperMonthsLeft = "taper_months_left" => "渐退剩余月数",
        TaperAmountLeft = "taper_amount_left" => "渐退剩余金额",
        TaperParams = "taper_params" => "渐退期按哪年的参数",
        Tekun = "tekun" => "特困供养金（每年）",
        // 全家合计，按发放周期分开
        OneTime = "one_time" => "一次性合计",
        Yearly = "yearly" => "每年合计",
        Monthly = "monthly" => "每月合计",
    }
}
