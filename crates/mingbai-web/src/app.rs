//! The calculator component: form on top, result and reasons below, recomputed on every keystroke.

use crate::case::{build_case, place_error, Errors};
use crate::field::Ctx;
use crate::form::{Form, List};
use crate::forms::{self, ListOps};
use crate::page::{Mode, PageSetup};
use crate::view;
use mingbai_calc::{compute, Calculator, Case, Summary};
use mingbai_chart::Picture;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub setup: Rc<PageSetup>,
}

pub enum Action {
    Set(String, String),
    Add(List),
    Remove(List, usize),
    /// Replaces the whole form ("清空").
    Load(Form),
}

#[derive(PartialEq)]
struct State(Form);

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut form = self.0.clone();
        match action {
            Action::Set(path, value) => {
                if path == "household.size" {
                    let previous = form.get("household.size").to_string();
                    forms::follow_household_size(&mut form, &previous, &value);
                }
                if path == "as_of" {
                    forms::set_as_of(&mut form, &value);
                } else if path == "as_of_month" {
                    let year = form.get("as_of_year").to_string();
                    if let Some(end) = forms::month_end(&year, &value) {
                        forms::set_as_of(&mut form, &end);
                    }
                } else if path == "as_of_year" {
                    if let Some(end) = forms::year_end(&value) {
                        forms::set_as_of(&mut form, &end);
                    }
                } else {
                    form.set(path, value)
                }
            }
            Action::Add(List::Persons) => {
                let as_of = form.get("as_of").to_string();
                forms::add_person(&mut form, &as_of);
            }
            Action::Add(List::Visits(p)) => {
                let as_of = form.get("as_of").to_string();
                forms::add_visit(&mut form, p, &as_of);
            }
            Action::Add(List::Children) => forms::add_child(&mut form),
            Action::Remove(list, i) => form.remove(list, i),
            Action::Load(f) => form = f,
        }
        Rc::new(State(form))
    }
}

/// A tab of the full calculator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    One(Calculator),
    Summary,
}

/// Everything one computation produced for the view.
struct Outcome {
    summary: Option<Summary>,
    /// The pictures of the summary (crates/mingbai-chart), drawn with it so the screen and the
    /// printed card show the same ones.
    pictures: Rc<Vec<Picture>>,
    /// The household as computed, for the printed card's pictures (drawn there with their own ids).
    case: Option<Rc<Case>>,
    errors: Errors,
}

fn run(setup: &PageSetup, form: &Form, calcs: &[Calculator]) -> Outcome {
    let built = build_case(form, &setup.params, calcs);
    let mut errors = built.errors;
    let mut pictures = Vec::new();
    let mut computed = None;
    let summary = match built.case {
        Some(case) => match compute(&case, &setup.params) {
            Ok(s) => {
                pictures = mingbai_chart::pictures(&case, &setup.params, &s, "calc");
                computed = Some(Rc::new(case));
                Some(s)
            }
            Err(e) => {
                let known = |path: &str| form.has(path) || is_list_path(path);
                errors.insert(place_error(&e.field, &known), e.zh);
                None
            }
        },
        None => None,
    };
    Outcome {
        summary,
        pictures: Rc::new(pictures),
        case: computed,
        errors,
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let setup = props.setup.clone();
    // A shared link or the copy kept on the phone, read once (crate::share).
    let start = {
        let setup = setup.clone();
        use_memo((), move |_| crate::share::start(&setup))
    };
    let state = {
        let (setup, start) = (setup.clone(), start.clone());
        use_reducer(move || State(start.form.clone().unwrap_or_else(|| forms::example(&setup))))
    };
    let offered = setup.offered();
    let first = offered.first().copied().unwrap_or(Calculator::Medical);
    let tab = {
        let (offered, start) = (offered.clone(), start.clone());
        use_state(move || {
            match start.tab.as_deref() {
                Some("summary") if offered.len() > 1 => Some(Tab::Summary),
                Some(key) => offered
                    .iter()
                    .find(|c| c.key() == key)
                    .map(|c| Tab::One(*c)),
                None => None,
            }
            .unwrap_or(Tab::One(first))
        })
    };
    let tab_key = match *tab {
        Tab::One(c) => c.key(),
        Tab::Summary => "summary",
    };
    {
        let setup = setup.clone();
        use_effect_with((state.0.clone(), tab_key), move |(form, tab)| {
            crate::share::save(&setup, form, tab)
        });
    }

    let calcs: Vec<Calculator> = match *tab {
        Tab::One(c) => vec![c],
        Tab::Summary => offered
            .iter()
            .copied()
            .filter(|c| state.0.flag(&format!("summary.{}", c.key())))
            .collect(),
    };
    let outcome = if calcs.is_empty() {
        let mut errors = Errors::new();
        errors.insert(String::new(), "请至少勾选一项要汇总的政策".into());
        Outcome {
            summary: None,
            pictures: Rc::default(),
            case: None,
            errors,
        }
    } else {
        run(&setup, &state.0, &calcs)
    };
    // A field not filled in yet is not a mistake: no red message beside it, one line below
    // saying what is left to fill.
    let (missing, errors): (Errors, Errors) =
        outcome.errors.into_iter().partition(|(path, msg)| {
            state.0.get(path).trim().is_empty()
                && (msg.starts_with("请填写") || msg.starts_with("请选择"))
        });
    let mut left: Vec<String> = Vec::new();
    for msg in missing.values() {
        let what = msg
            .trim_start_matches("请填写")
            .trim_start_matches("请选择");
        if !left.iter().any(|w| w == what) {
            left.push(what.to_string());
        }
    }
    let errors: Rc<Errors> = Rc::new(errors);

    let set = {
        let state = state.clone();
        Callback::from(move |(path, value): (String, String)| {
            state.dispatch(Action::Set(path, value))
        })
    };
    let ctx = Ctx {
        form: Rc::new(state.0.clone()),
        errors: errors.clone(),
        set,
    };
    let ops = {
        let (a, r) = (state.clone(), state.clone());
        ListOps {
            add: Callback::from(move |l: List| a.dispatch(Action::Add(l))),
            remove: Callback::from(move |(l, i): (List, usize)| r.dispatch(Action::Remove(l, i))),
        }
    };

    let tabs = match setup.mode {
        Mode::One(_) => html! {},
        Mode::Full => {
            let button = |t: Tab, label: &str| {
                let key = match t {
                    Tab::One(c) => c.key(),
                    Tab::Summary => "summary",
                };
                let tab = tab.clone();
                let pressed = if *tab == t { "true" } else { "false" };
                let onclick = Callback::from(move |_: MouseEvent| tab.set(t));
                html! { <button type="button" data-tab={key} aria-pressed={pressed} {onclick}>{label.to_string()}</button> }
            };
            html! {
                <nav class="mb-tabs" aria-label="选择计算器">
                    { for offered.iter().map(|c| button(Tab::One(*c), c.zh())) }
                    { button(Tab::Summary, "家庭汇总") }
                </nav>
            }
        }
    };

    let form_html = match *tab {
        Tab::One(Calculator::Medical) => forms::medical(&ctx, &ops),
        Tab::One(Calculator::Relocation) => forms::relocation(&ctx, &setup.params),
        Tab::One(Calculator::Education) => forms::education(&ctx, &ops),
        Tab::One(Calculator::Dibao) => forms::dibao(&ctx),
        Tab::Summary => html! {
            <fieldset>
                <legend>{"计入汇总的政策"}</legend>
                { for offered.iter().map(|c| ctx.check(&format!("summary.{}", c.key()), c.zh())) }
                <p class="mb-hint">{"各项的具体情况在对应的计算器里填写。"}</p>
            </fieldset>
        },
    };

    let title = match *tab {
        Tab::One(c) => c.zh(),
        Tab::Summary => "家庭汇总",
    };
    // Messages that belong to no field on screen: an engine error about the household as a whole,
    // or (in the summary) about a field of another tab.
    let loose: Vec<(String, String)> = errors
        .iter()
        .filter(|(path, _)| !shown(path, *tab, &ctx.form))
        .map(|(p, m)| (where_zh(p), m.clone()))
        .collect();

    let share = html! {
        <crate::share::Share
            setup={setup.clone()}
            form={ctx.form.clone()}
            tab={tab_key.to_string()}
            summary={outcome.summary.clone().map(Rc::new)}
            case={outcome.case.clone()}
            message={start.message.clone()}
            on_clear={{
                let (state, setup) = (state.clone(), setup.clone());
                Callback::from(move |_| state.dispatch(Action::Load(forms::example(&setup))))
            }}
        />
    };
    let shown = outcome.summary.as_ref().map(mingbai_calc::present);
    let result = match outcome.summary.as_ref().zip(shown.as_ref()) {
        Some((s, shown)) => html! {
            <>
                { view::answer(s) }
                { view::notice(s.uses_assumption) }
                { view::date_notices(&s.notices) }
                if let (Some(m), Some(part)) = (&s.medical, shown.part(Calculator::Medical)) { if calcs.len() > 1 { <h4>{"医疗费用报销"}</h4> } { view::medical(&setup, m, part) } { view::pictures(&outcome.pictures, Calculator::Medical) } }
                if let (Some(r), Some(part)) = (&s.relocation, shown.part(Calculator::Relocation)) { if calcs.len() > 1 { <h4>{"住房补助"}</h4> } { view::relocation(&setup, r, part) } { view::pictures(&outcome.pictures, Calculator::Relocation) } }
                if let Some(e) = &s.education { if calcs.len() > 1 { <h4>{"教育资助"}</h4> } { view::education(&setup, e) } { view::pictures(&outcome.pictures, Calculator::Education) } }
                if let (Some(d), Some(part)) = (&s.dibao, shown.part(Calculator::Dibao)) { if calcs.len() > 1 { <h4>{"低保与特困"}</h4> } { view::dibao(&setup, d, part) } { view::pictures(&outcome.pictures, Calculator::Dibao) } }
                if calcs.len() > 1 || matches!(*tab, Tab::Summary) { { view::totals(shown) } }
            </>
        },
        None if errors.is_empty() && !left.is_empty() => html! {
            <p class="mb-blocked" data-left="">{format!("填好{}就能算。", left.join("、"))}</p>
        },
        None => html! {
            <p class="mb-blocked">{"请先改正上面标出的内容，结果会马上更新。"}</p>
        },
    };

    html! {
        <>
            <p class="mb-private">{"所填内容只在本机计算，不会上传。"}</p>
            { tabs }
            <form class="mb-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
                { forms::as_of(&ctx, &setup, &calcs) }
                { forms::household(&ctx, &setup, &calcs) }
                { form_html }
            </form>
            <section class="mb-result" aria-live="polite" aria-label="计算结果">
                <h3>{format!("{title}结果")}</h3>
                if !loose.is_empty() {
                    <div role="alert">
                        { for loose.iter().map(|(w, m)| html! { <p class="mb-err">{format!("{w}{m}")}</p> }) }
                    </div>
                }
                { result }
            </section>
            { share }
        </>
    }
}

/// "（医疗费用报销）" for a message shown away from its field.
fn where_zh(path: &str) -> String {
    Calculator::ALL
        .iter()
        .copied()
        .find(|c| path.starts_with(c.key()))
        .map(|c| format!("{}：", c.zh()))
        .unwrap_or_default()
}

fn is_list_path(path: &str) -> bool {
    path == "medical.persons"
        || path == "education.children"
        || path.ends_with(']')
        || path.ends_with(".visits")
}

/// Whether the message for `path` has a place on the current tab.
fn shown(path: &str, tab: Tab, form: &Form) -> bool {
    if path == "as_of" || (path.starts_with("household.") && form.has(path)) {
        return true;
    }
    match tab {
        Tab::One(c) => path.starts_with(c.key()) && (form.has(path) || is_list_path(path)),
        Tab::Summary => path.starts_with("summary."),
    }
}
