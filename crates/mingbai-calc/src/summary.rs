//! One household description in, every entitlement it asks about out.

use crate::dibao::{DibaoInput, DibaoResult};
use crate::education::{EducationInput, EducationResult};
use crate::household::Household;
use crate::medical::{MedicalInput, MedicalResult};
use crate::params::{in_force, Calculator};
use crate::relocation::{RelocationInput, RelocationResult};
use crate::{CalcError, Date, JurisdictionParams, Money, Trace};
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
}

/// What the household receives, by kind, for the case's year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Paid by the medical funds (all layers).
    pub medical_reimbursed: Money,
    /// What the patients still pay.
    pub medical_patient_pays: Money,
    /// Relocation or renovation subsidies, including those paid after a condition.
    pub housing_subsidy: Money,
    pub education_grants: Money,
    pub education_loans: Money,
    /// 低保 and 特困 support for a year (a tapering household: what is left of its period).
    pub social_assistance: Money,
    /// Everything received that is not a loan.
    pub received: Money,
}

pub fn compute(case: &Case, params: &JurisdictionParams) -> Result<Summary, CalcError> {
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
    let medical = match &case.medical {
        Some(m) => Some(crate::medical::compute(
            m,
            h,
            at,
            in_force(&params.medical, at, Calculator::Medical, place)?,
        )?),
        None => None,
    };
    let relocation = match &case.relocation {
        Some(r) => Some(crate::relocation::compute(
            r,
            h,
            in_force(&params.relocation, at, Calculator::Relocation, place)?,
        )?),
        None => None,
    };
    let education = match &case.education {
        Some(e) => Some(crate::education::compute(
            e,
            h,
            in_force(&params.education, at, Calculator::Education, place)?,
        )?),
        None => None,
    };
    let dibao = match &case.dibao {
        Some(d) => Some(crate::dibao::compute(
            d,
            h,
            at,
            in_force(&params.dibao, at, Calculator::Dibao, place)?,
        )?),
        None => None,
    };

    let mut totals = Totals::default();
    if let Some(m) = &medical {
        totals.medical_reimbursed = m.fund_total;
        totals.medical_patient_pays = m.patient_total;
    }
    if let Some(r) = &relocation {
        totals.housing_subsidy = r.total;
    }
    if let Some(e) = &education {
        totals.education_grants = e.grants_total;
        totals.education_loans = e.loans_total;
    }
    if let Some(d) = &dibao {
        let taper_left = d.taper.as_ref().map_or(Money::ZERO, |t| t.amount_left);
        totals.social_assistance = d.annual_benefit.plus(taper_left).plus(d.tekun_annual);
    }
    totals.received = Money::sum([
        totals.medical_reimbursed,
        totals.housing_subsidy,
        totals.education_grants,
        totals.social_assistance,
    ]);

    let traces: Vec<&Trace> = medical
        .iter()
        .flat_map(|m| m.persons.iter().map(|p| &p.trace))
        .chain(relocation.iter().map(|r| &r.trace))
        .chain(
            education
                .iter()
                .flat_map(|e| e.children.iter().map(|c| &c.trace)),
        )
        .chain(dibao.iter().map(|d| &d.trace))
        .collect();
    Ok(Summary {
        jurisdiction: params.id.clone(),
        jurisdiction_name: params.name.clone(),
        as_of: at,
        uses_assumption: traces.iter().any(|t| t.uses_assumption()),
        medical,
        relocation,
        education,
        dibao,
        totals,
    })
}
