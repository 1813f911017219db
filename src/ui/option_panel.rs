//! One option's panel: what it adds against the baseline, what its capabilities are worth here,
//! its net value, and its graph.

use leptos::prelude::*;
use overhead_core::analysis::Analysis;
use overhead_core::format::{
    hours, money, number, percent, signed_count, signed_money, signed_number,
};

use super::graph_view::GraphView;
use super::{browser, AppState, Computed, NoticeKind};

fn kind_names(analysis: &Analysis, kinds: &[usize]) -> String {
    if kinds.is_empty() {
        return "none".to_string();
    }
    kinds
        .iter()
        .map(|&k| &*analysis.catalog.kinds[k].name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn OptionPanel(computed: Computed, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Ok(analysis) = computed.0.as_ref() else {
        return ().into_any();
    };
    let option_id = analysis.options[index].id.clone();
    let rename = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let id = option_id.clone();
        state.store.edit("option-name", move |d| {
            if let Some(option) = d.options.iter_mut().find(|o| o.id == id) {
                option.name = name;
            }
        });
    };
    let svg_computed = computed.clone();
    let export_svg = move |_| {
        let Ok(analysis) = svg_computed.0.as_ref() else {
            return;
        };
        let option = &analysis.options[index];
        let name = browser::file_name(&option.name, "svg");
        if let Err(error) = browser::download(
            &name,
            "image/svg+xml",
            &overhead_core::export::svg(analysis, index),
        ) {
            state.store.say(
                NoticeKind::Error,
                format!("The SVG could not be exported: {error}."),
            );
        }
    };
    let option = &analysis.options[index];
    let versus = &option.versus_baseline;
    let is_baseline = index == analysis.baseline;
    let context_fixed = !analysis.context.fleet.elastic && versus.fleet_share > 0.0;
    let delta = |text: String| if is_baseline { "0".to_string() } else { text };
    let capability_rows = |list: &[overhead_core::analysis::CapabilityWorth],
                           sign: &'static str| {
        list.iter()
            .map(|worth| {
                let capability = &analysis.catalog.capabilities[worth.capability];
                view! {
                    <li>
                        <span class="cap-name">{sign}{capability.name.clone()}</span>
                        <span class="cap-value">{money(worth.value_month)}</span>
                        <span class="cap-why">{worth.explanation.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let gained = capability_rows(&versus.gained, "+ ");
    let lost = capability_rows(&versus.lost, "− ");
    let no_capabilities = versus.gained.is_empty() && versus.lost.is_empty();
    let components_managed = option.managed_kinds.len();
    let negative = versus.net_month < -0.5;
    let positive = versus.net_month > 0.5;
    let single_points = if versus.new_single_points.is_empty() {
        String::new()
    } else {
        format!(
            "new single points of failure: {}",
            versus.new_single_points.join(", ")
        )
    };

    view! {
        <article
            id=format!("option-{index}")
            class="option"
            class:baseline=is_baseline
            data-testid="option"
            data-option-id=option.id.clone()
            aria-label=format!("Option: {}", option.name)
        >
            <header class="option-head">
                <h2>
                    <input
                        class="name-input"
                        aria-label="Option name"
                        data-testid="option-name"
                        value=option.name.clone()
                        on:change=rename
                    />
                </h2>
                {is_baseline.then(|| view! { <span class="badge">"baseline"</span> })}
            </header>
            <p class="totals">
                "Operates " {components_managed} " components · "
                {hours(option.totals.ops_hours_month)} " a month · "
                {money(option.totals.money_month)} " a month"
            </p>
            <p class="vs">{if is_baseline { "Every other option is compared with this one." } else { "Against the baseline:" }}</p>
            <dl class="metrics">
                <div class="metric">
                    <dt>"Components to manage"</dt>
                    <dd>
                        <span class="big" data-testid="added-components">
                            {signed_count(versus.managed_delta())}
                        </span>
                    </dd>
                    <dd class="sub">
                        "added: " {kind_names(analysis, &versus.added_kinds)}
                        "; removed: " {kind_names(analysis, &versus.removed_kinds)}
                    </dd>
                </div>
                <div class="metric">
                    <dt>"Ops hours a month"</dt>
                    <dd>
                        <span class="big" data-testid="added-ops-hours">
                            {delta(signed_number(versus.ops_hours_month))}
                        </span>
                        " h"
                    </dd>
                </div>
                <div class="metric">
                    <dt>"Money a month"</dt>
                    <dd>
                        <span class="big" data-testid="added-money">
                            {signed_money(versus.money_month)}
                        </span>
                    </dd>
                    <dd class="sub">"engineer time, licences, providers and capacity"</dd>
                </div>
                <div class="metric">
                    <dt>"Fleet capacity eaten"</dt>
                    <dd>
                        <span class="big" data-testid="added-capacity">
                            {delta(percent(versus.fleet_share))}
                        </span>
                        " of the fleet"
                    </dd>
                    <dd class="sub">
                        {signed_number(versus.cores)} " cores, " {signed_number(versus.memory_gib)}
                        " GiB = " {number(versus.servers)} " servers"
                        {context_fixed.then_some(" (on a fixed fleet, taken from the workload)")}
                    </dd>
                </div>
                <div class="metric">
                    <dt>"Learning"</dt>
                    <dd>
                        <span class="big" data-testid="learning-hours">{number(versus.learning_hours)}</span>
                        " h once"
                    </dd>
                    <dd class="sub">{money(versus.one_time_cost)} " of the team's time"</dd>
                </div>
                <div class="metric">
                    <dt>"Failure points"</dt>
                    <dd>
                        <span class="big" data-testid="added-failure-points">
                            {signed_count(versus.failure_points_added)}
                        </span>
                    </dd>
                    <dd class="sub">{single_points}</dd>
                </div>
            </dl>
            <section class="capabilities" aria-label="Capabilities gained and their worth here">
                <h3>"Capabilities, worth a month in this context"</h3>
                {no_capabilities
                    .then(|| view! { <p class="muted">"None gained or lost against the baseline."</p> })}
                <ul>{gained}{lost}</ul>
            </section>
            <div class="net" class:negative=negative class:positive=positive>
                <span class="net-label">"Net monthly value"</span>
                <strong class="net-value" data-testid="net-monthly-value">
                    {money(versus.net_month)}
                </strong>
                <span class="net-horizon">
                    {money(versus.net_horizon)} " over the horizon, learning included"
                </span>
            </div>
            <GraphView computed=computed.clone() index=index/>
            <button class="small" data-testid="export-svg" data-option-id=option.id.clone() on:click=export_svg>
                "Download this graph as SVG"
            </button>
        </article>
    }
    .into_any()
}
