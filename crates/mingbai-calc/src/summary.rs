//! One household description in, every entitlement it asks about out.

use crate::dibao::{DibaoInput, DibaoResult};
use crate::education::{EducationInput, EducationResult, Kind as EduKind, Period};
use crate::household::Household;
use crate::medical::{MedicalInput, MedicalResult};
use crate::params::{in_force, Calculator, Notice};
use crate::relocation::{RelocationInput, RelocationResult};
use crate::{CalcError, Date, JurisdictionParams, Money};
use serde::{Deserialize, Serialize};

/// The input: a household, a date, and the calculators it asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub jurisdiction: String,
    /// The date the calculation is for: it picks the parameters in force.
    pub as_of: Date,
    pub household: Household,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical: Option<MedicalInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relocation: Option<RelocationInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<EducationInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dibao: Option<DibaoInput>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub as_of: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical: Option<MedicalResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relocation: Option<RelocationResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<EducationResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dibao: Option<DibaoResult>,
    pub totals: Totals,
    /// Some figure used is an assumption: show the 示例 notice with the result.
    pub uses_assumption: bool,
    /// The date is after the last day some parameters used are known for: say so with the result.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
}

/// What the household receives, by kind and by how often it is paid. Amounts of different periods
/// are never added together: a one-time building subsidy and a month of 低保 are not one sum.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Paid by the medical funds (all layers), for the bills given.
    pub medical_reimbursed: Money,
    /// What the patients still pay.
    pub medical_patient_pays: Money,
    /// Relocation or renovation subsidies paid now (no condition, or conditions met).
    pub housing_subsidy: Money,
    /// Rewards still to come: paid once their conditions are met, counted in no total until then.
    pub housing_to_come: Money,
    pub education_loans: Money,
    /// 一次性: housing paid now, the medical reimbursement of the bills given, one-time grants.
    pub one_time: Money,
    /// 每年: school-year grants and 特困 support.
    pub yearly: Money,
    /// 每月: 低保, or in a 渐退 period its monthly payment while months are left.
    pub monthly: Money,
}

/// The parameters in force, keeping the notice when they are the last known ones.
fn pick<'a, T>(
    notices: &mut Vec<Notice>,
    found: Result<(&'a T, Option<Notice>), CalcError>,
) -> Result<&'a T, CalcError> {
    let (params, notice) = found?;
    notices.extend(notice);
    Ok(params)
}

fn note<T>(assumed: &mut bool, (result, used): (T, bool)) -> Option<T> {
    *assumed |= used;
    Some(result)
}

/// Computes every calculator the case asks about, each figure with its trace.
pub fn compute(case: &Case, params: &JurisdictionParams) -> Result<Summary, CalcError> {
    compute_with(case, params, true)
}

/// The same figures as [`compute`] without the traces' steps: for rosters of many households, where
/// explaining every figure would cost far more than computing it.
pub fn compute_figures(case: &Case, params: &JurisdictionParams) -> Result<Summary, CalcError> {
    compute_with(case, params, false)
}

fn compute_with(
    case: &Case,
    params: &JurisdictionParams,
    tracing: bool,
) -> Result<Summary, CalcError> {
    if case.jurisdiction != params.id {
        return Err(CalcError::new(
            "jurisdiction",
            format!(
                "参数属于“{}”，与所选地区“{}”不符",
                params.id, case.jurisdiction
            ),
            "the parameters are for another jurisdiction",
        ));
    }
    case.household.validate()?;
    if case.medical.is_none()
        && case.relocation.is_none()
        && case.education.is_none()
        && case.dibao.is_none()
    {
        return Err(CalcError::new(
            "household",
            "请至少选择一项要计算的政策",
            "nothing to compute",
        ));
    }
    let place = params.name.as_str();
    let at = case.as_of;
    let h = &case.household;
    let mut assumed = false;
    let mut notices = Vec::new();
    let medical = match &case.medical {
        Some(m) => note(
            &mut assumed,
            crate::medical::compute(
                m,
                h,
                at,
                pick(
                    &mut notices,
                    in_force(&params.medical, at, Calculator::Medical, place),
                )?,
                tracing,
            )?,
        ),
        None => None,
    };
    let relocation = match &case.relocation {
        Some(r) => note(
            &mut assumed,
            crate::relocation::compute(
                r,
                h,
                pick(
                    &mut notices,
                    in_force(&params.relocation, at, Calculator::Relocation, place),
                )?,
                tracing,
            )?,
        ),
        None => None,
    };
    let education = match &case.education {
        Some(e) => note(
            &mut assumed,
            crate::education::compute(
                e,
                h,
                pick(
                    &mut notices,
                    in_force(&params.education, at, Calculator::Education, place),
                )?,
                tracing,
            )?,
        ),
        None => None,
    };
    let dibao = match &case.dibao {
        Some(d) => note(
            &mut assumed,
            // 低保 picks its own parameters: a 渐退 period keeps those of the month it began.
            crate::dibao::compute(d, h, at, &params.dibao, place, &mut notices, tracing)?,
        ),
        None => None,
    };

    // Summed as they are found (no list of the amounts): sums are exact, so the order is free.
    let mut totals = Totals::default();
    let mut one_time = Money::ZERO;
    let mut yearly = Money::ZERO;
    let mut monthly = Money::ZERO;
    if let Some(m) = &medical {
        totals.medical_reimbursed = m.fund_total;
        totals.medical_patient_pays = m.patient_total;
        one_time = one_time.plus(m.fund_total);
    }
    if let Some(r) = &relocation {
        totals.housing_subsidy = r.paid_now;
        totals.housing_to_come = r.to_come;
        one_time = one_time.plus(r.paid_now);
    }
    if let Some(e) = &education {
        totals.education_loans = e.loans_total;
        for item in e.children.iter().flat_map(|c| &c.items) {
            if let (EduKind::Grant, Some(amount)) = (item.kind, item.amount) {
                match item.period {
                    Period::Once => one_time = one_time.plus(amount),
                    Period::Annual => yearly = yearly.plus(amount),
                }
            }
        }
    }
    if let Some(d) = &dibao {
        monthly = monthly.plus(d.monthly_benefit);
        if let Some(t) = d.taper.as_ref().filter(|t| t.months_left > 0) {
            monthly = monthly.plus(t.monthly_benefit);
        }
        yearly = yearly.plus(d.tekun_annual);
    }
    totals.one_time = one_time;
    totals.yearly = yearly;
    totals.monthly = monthly;
    Ok(Summary {
        jurisdiction: params.id.clone(),
        jurisdiction_name: params.name.clone(),
        as_of: at,
        uses_assumption: assumed,
        notices,
        medical,
        relocation,
        education,
        dibao,
        totals,
    })
}
