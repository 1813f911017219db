//! The assumptions a discussion changes live: fleet, team, workload, horizon.

use leptos::html;
use leptos::prelude::*;
use overhead_core::decimal;
use overhead_core::edit::{Command, ContextFlag, ContextNumber};

use super::AppState;

/// How a number field shows one value of the context; the core checks and writes it.
#[derive(Clone, Copy)]
struct NumberSpec {
    label: &'static str,
    unit: &'static str,
    testid: Option<&'static str>,
    field: ContextNumber,
    /// Shown value = stored value × scale (a share shown as a percentage).
    scale: f64,
}

const fn spec(label: &'static str, unit: &'static str, field: ContextNumber) -> NumberSpec {
    NumberSpec {
        label,
        unit,
        testid: None,
        field,
        scale: 1.0,
    }
}

const SERVERS: NumberSpec = NumberSpec {
    testid: Some("fleet-servers"),
    ..spec("Servers", "", ContextNumber::Servers)
};
const CORES: NumberSpec = spec("Cores per server", "", ContextNumber::CoresPerServer);
const MEMORY: NumberSpec = spec(
    "Memory per server",
    "GiB",
    ContextNumber::MemoryGibPerServer,
);
const SERVER_COST: NumberSpec = spec("Server cost a month", "$", ContextNumber::ServerCostMonth);
const FAILURES: NumberSpec = spec(
    "Server failures a year, per server",
    "",
    ContextNumber::FailuresPerServerYear,
);
const ENGINEERS: NumberSpec = spec("Engineers", "", ContextNumber::Engineers);
const HOURLY: NumberSpec = NumberSpec {
    testid: Some("hourly-cost"),
    ..spec("Loaded hourly cost", "$", ContextNumber::HourlyCost)
};
const SERVICES: NumberSpec = NumberSpec {
    testid: Some("workload-services"),
    ..spec("Services", "", ContextNumber::Services)
};
const DEPLOYS: NumberSpec = spec(
    "Deploys a week, per service",
    "",
    ContextNumber::DeploysPerWeek,
);
const VARIATION: NumberSpec = NumberSpec {
    scale: 100.0,
    ..spec(
        "Demand variation (peak idle on average)",
        "%",
        ContextNumber::DemandVariation,
    )
};
const HORIZON: NumberSpec = spec("Horizon", "months", ContextNumber::HorizonMonths);
const SPARE: NumberSpec = NumberSpec {
    testid: Some("fleet-spare"),
    scale: 100.0,
    ..spec(
        "Spare capacity before buying a server",
        "%",
        ContextNumber::SpareShare,
    )
};
const TEAMS: NumberSpec = NumberSpec {
    testid: Some("team-teams"),
    ..spec("Teams that ship", "", ContextNumber::Teams)
};
const DEPLOY_HOURS: NumberSpec = NumberSpec {
    testid: Some("workload-deploy-hours"),
    ..spec("Hours a deploy takes", "h", ContextNumber::HoursPerDeploy)
};

#[component]
pub fn ContextPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Cost model 2's fields, for its documents only (a model-1 document has none).
    let model_2 = Memo::new(move |_| state.store.decision.with(|d| d.cost_model >= 2));
    view! {
        <aside class="context" aria-label="Context">
            <h2>"Context"</h2>
            <super::ranges::RangesControls/>
            <fieldset>
                <legend>"Fleet"</legend>
                <NumberField spec=SERVERS/>
                <CheckField
                    label="Elastic fleet (servers can be added and shed)"
                    testid="fleet-elastic"
                    flag=ContextFlag::ElasticFleet
                />
                <NumberField spec=CORES/>
                <NumberField spec=MEMORY/>
                <NumberField spec=SERVER_COST/>
                <NumberField spec=FAILURES/>
                <Show when=move || model_2.get()>
                    <CheckField
                        label="Servers owned (bought, not rented)"
                        testid="fleet-owned"
                        flag=ContextFlag::OwnedServers
                    />
                    <NumberField spec=SPARE/>
                </Show>
            </fieldset>
            <fieldset>
                <legend>"Team"</legend>
                <NumberField spec=ENGINEERS/>
                <NumberField spec=HOURLY/>
                <Show when=move || model_2.get()>
                    <p class="muted field-note">
                        "Hourly cost: what an engineer costs a year ÷ productive hours (about 1,600), not paid hours."
                    </p>
                    <NumberField spec=TEAMS/>
                </Show>
            </fieldset>
            <fieldset>
                <legend>"Workload"</legend>
                <NumberField spec=SERVICES/>
                <CheckField
                    label="Stateful (data on local disks)"
                    testid="workload-stateful"
                    flag=ContextFlag::Stateful
                />
                <NumberField spec=DEPLOYS/>
                <Show when=move || model_2.get()>
                    <NumberField spec=DEPLOY_HOURS/>
                </Show>
                <NumberField spec=VARIATION/>
            </fieldset>
            <fieldset>
                <legend>"Decision"</legend>
                <NumberField spec=HORIZON/>
            </fieldset>
        </aside>
    }
}

/// Why a typed value cannot be used, if it cannot.
fn check(spec: &NumberSpec, text: &str) -> Result<f64, String> {
    let shown = decimal::parse(text).ok_or_else(|| format!("{}: enter a number", spec.label))?;
    if !shown.is_finite() {
        return Err(format!("{}: enter a finite number", spec.label));
    }
    let (min, max, integer) = spec.field.range();
    if integer && shown.fract() != 0.0 {
        return Err(format!("{}: enter a whole number", spec.label));
    }
    let stored = shown / spec.scale;
    if stored < min || stored > max {
        return Err(format!(
            "{}: enter a number from {} to {}",
            spec.label,
            overhead_core::format::number(min * spec.scale),
            overhead_core::format::number(max * spec.scale)
        ));
    }
    Ok(stored)
}

/// A number input that updates the context on every keystroke that makes a valid value, and
/// says what is wrong otherwise (keeping the last valid value in the model).
#[component]
fn NumberField(spec: NumberSpec) -> impl IntoView {
    let state = expect_context::<AppState>();
    let input: NodeRef<html::Input> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let current = move || state.store.decision.with(|d| spec.field.read(&d.context));
    let (min, _, integer) = spec.field.range();
    let shown =
        move |value: f64| overhead_core::format::number(value * spec.scale).replace(',', "");

    // Follow changes made elsewhere (a scenario switch) without fighting the user's typing:
    // only rewrite the field when it does not already mean the model's value.
    Effect::new(move |_| {
        let value = current();
        if let Some(element) = input.get() {
            let typed = check(&spec, &element.value()).ok();
            if typed.is_none_or(|t| (t - value).abs() > 1e-9) {
                element.set_value(&shown(value));
                error.set(None);
            }
        }
    });

    let id = format!(
        "field-{}",
        spec.label
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>
                {spec.label}
                {(!spec.unit.is_empty()).then(|| view! { <span class="unit">" (" {spec.unit} ")"</span> })}
            </label>
            <input
                id=id
                node_ref=input
                type="number"
                inputmode="decimal"
                step=if integer { "1" } else { "any" }
                // As text the field's way: an `f64` attribute is written by `Display`, whose
                // float printing (Grisu) would otherwise be compiled and run at the start.
                min=shown(min)
                value=shown(current())
                data-testid=spec.testid
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                on:input=move |ev| {
                    match check(&spec, &event_target_value(&ev)) {
                        Ok(value) => {
                            error.set(None);
                            if (value - current()).abs() > 1e-12 {
                                state.store.dispatch(Command::SetNumber(spec.field, value));
                            }
                        }
                        Err(message) => error.set(Some(message)),
                    }
                }
            />
            <super::ranges::RangeInputs
                label=spec.label.to_string()
                testid=spec.testid.map(str::to_string)
                scale=spec.scale
                bounds=Signal::derive(move || {
                    state.store.decision.with(|d| d.ranges.context.get(&spec.field).copied())
                })
                set=Callback::new(move |bounds| {
                    state.store.dispatch(Command::SetContextRange(spec.field, bounds))
                })
            />
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone() data-testid="error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn CheckField(label: &'static str, testid: &'static str, flag: ContextFlag) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || state.store.decision.with(|d| flag.read(&d.context))
                on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    state.store.dispatch(Command::SetFlag(flag, checked));
                }
            />
            <span>{label}</span>
        </label>
    }
}
