//! The assumptions a discussion changes live: fleet, team, workload, horizon.

use leptos::html;
use leptos::prelude::*;
use overhead_core::model::Context;

use super::AppState;

/// How a number field reads, writes and checks one value of the context.
#[derive(Clone, Copy)]
struct NumberSpec {
    label: &'static str,
    unit: &'static str,
    testid: Option<&'static str>,
    read: fn(&Context) -> f64,
    write: fn(&mut Context, f64),
    min: f64,
    max: f64,
    integer: bool,
    /// Shown value = stored value × scale (a share shown as a percentage).
    scale: f64,
    step: &'static str,
}

const fn spec(
    label: &'static str,
    unit: &'static str,
    read: fn(&Context) -> f64,
    write: fn(&mut Context, f64),
) -> NumberSpec {
    NumberSpec {
        label,
        unit,
        testid: None,
        read,
        write,
        min: 0.0,
        max: 1e9,
        integer: false,
        scale: 1.0,
        step: "any",
    }
}

const SERVERS: NumberSpec = NumberSpec {
    testid: Some("fleet-servers"),
    integer: true,
    max: 1_000_000.0,
    step: "1",
    ..spec(
        "Servers",
        "",
        |c| f64::from(c.fleet.servers),
        |c, v| c.fleet.servers = v as u32,
    )
};
const CORES: NumberSpec = NumberSpec {
    min: 1.0,
    ..spec(
        "Cores per server",
        "",
        |c| c.fleet.cores_per_server,
        |c, v| c.fleet.cores_per_server = v,
    )
};
const MEMORY: NumberSpec = NumberSpec {
    min: 1.0,
    ..spec(
        "Memory per server",
        "GiB",
        |c| c.fleet.memory_gib_per_server,
        |c, v| c.fleet.memory_gib_per_server = v,
    )
};
const SERVER_COST: NumberSpec = spec(
    "Server cost a month",
    "$",
    |c| c.fleet.server_cost_month,
    |c, v| c.fleet.server_cost_month = v,
);
const FAILURES: NumberSpec = spec(
    "Server failures a year, per server",
    "",
    |c| c.fleet.failures_per_server_year,
    |c, v| c.fleet.failures_per_server_year = v,
);
const ENGINEERS: NumberSpec = NumberSpec {
    integer: true,
    max: 100_000.0,
    step: "1",
    ..spec(
        "Engineers",
        "",
        |c| f64::from(c.team.engineers),
        |c, v| c.team.engineers = v as u32,
    )
};
const HOURLY: NumberSpec = NumberSpec {
    testid: Some("hourly-cost"),
    ..spec(
        "Loaded hourly cost",
        "$",
        |c| c.team.hourly_cost,
        |c, v| c.team.hourly_cost = v,
    )
};
const SERVICES: NumberSpec = NumberSpec {
    testid: Some("workload-services"),
    integer: true,
    max: 100_000.0,
    step: "1",
    ..spec(
        "Services",
        "",
        |c| f64::from(c.workload.services),
        |c, v| c.workload.services = v as u32,
    )
};
const DEPLOYS: NumberSpec = spec(
    "Deploys a week, per service",
    "",
    |c| c.workload.deploys_per_week,
    |c, v| c.workload.deploys_per_week = v,
);
const VARIATION: NumberSpec = NumberSpec {
    max: 1.0,
    scale: 100.0,
    ..spec(
        "Demand variation (peak idle on average)",
        "%",
        |c| c.workload.demand_variation,
        |c, v| c.workload.demand_variation = v,
    )
};
const HORIZON: NumberSpec = NumberSpec {
    integer: true,
    max: 600.0,
    step: "1",
    ..spec(
        "Horizon",
        "months",
        |c| f64::from(c.horizon_months),
        |c, v| c.horizon_months = v as u32,
    )
};

#[component]
pub fn ContextPanel() -> impl IntoView {
    view! {
        <aside class="context" aria-label="Context">
            <h2>"Context"</h2>
            <fieldset>
                <legend>"Fleet"</legend>
                <NumberField spec=SERVERS/>
                <CheckField
                    label="Elastic fleet (servers can be added and shed)"
                    testid="fleet-elastic"
                    read=|c| c.fleet.elastic
                    write=|c, v| c.fleet.elastic = v
                />
                <NumberField spec=CORES/>
                <NumberField spec=MEMORY/>
                <NumberField spec=SERVER_COST/>
                <NumberField spec=FAILURES/>
            </fieldset>
            <fieldset>
                <legend>"Team"</legend>
                <NumberField spec=ENGINEERS/>
                <NumberField spec=HOURLY/>
            </fieldset>
            <fieldset>
                <legend>"Workload"</legend>
                <NumberField spec=SERVICES/>
                <CheckField
                    label="Stateful (data on local disks)"
                    testid="workload-stateful"
                    read=|c| c.workload.stateful
                    write=|c, v| c.workload.stateful = v
                />
                <NumberField spec=DEPLOYS/>
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
    let shown: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{}: enter a number", spec.label))?;
    if !shown.is_finite() {
        return Err(format!("{}: enter a finite number", spec.label));
    }
    if spec.integer && shown.fract() != 0.0 {
        return Err(format!("{}: enter a whole number", spec.label));
    }
    let stored = shown / spec.scale;
    if stored < spec.min || stored > spec.max {
        return Err(format!(
            "{}: enter a number from {} to {}",
            spec.label,
            overhead_core::format::number(spec.min * spec.scale),
            overhead_core::format::number(spec.max * spec.scale)
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
    let current = move || state.store.decision.with(|d| (spec.read)(&d.context));
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
                step=spec.step
                min=spec.min * spec.scale
                value=shown(current())
                data-testid=spec.testid
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                on:input=move |ev| {
                    match check(&spec, &event_target_value(&ev)) {
                        Ok(value) => {
                            error.set(None);
                            if (value - current()).abs() > 1e-12 {
                                state.store.edit(spec.label, |d| (spec.write)(&mut d.context, value));
                            }
                        }
                        Err(message) => error.set(Some(message)),
                    }
                }
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
fn CheckField(
    label: &'static str,
    testid: &'static str,
    read: fn(&Context) -> bool,
    write: fn(&mut Context, bool),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || state.store.decision.with(|d| read(&d.context))
                on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    state.store.edit(testid, |d| write(&mut d.context, checked));
                }
            />
            <span>{label}</span>
        </label>
    }
}
