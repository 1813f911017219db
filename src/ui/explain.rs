//! "How is this computed?": the formulas, the capability rules and every source of a default.

use leptos::prelude::*;
use overhead_core::explain::{rule_text, FORMULAS};
use overhead_core::format::number;

use super::AppState;

#[component]
pub fn HowComputed() -> impl IntoView {
    let state = expect_context::<AppState>();
    let catalog = move || {
        let version = state.store.decision.with(|d| d.catalog_version);
        overhead_core::catalog::get(version)
    };
    let formulas = FORMULAS
        .iter()
        .map(|f| {
            view! {
                <dt>{f.name}</dt>
                <dd>
                    <code>{f.formula}</code>
                    {(!f.note.is_empty()).then(|| view! { <p class="muted">{f.note}</p> })}
                </dd>
            }
        })
        .collect_view();
    view! {
        <details class="how" id="how-computed" data-testid="how-computed">
            <summary>"How is this computed?"</summary>
            <p>
                "Every number follows from the catalog's figures, your context and these formulas. "
                "The long version, with the reasoning, is docs/cost-model.md in the repository."
            </p>
            <h3>"Formulas"</h3>
            <dl class="formulas">{formulas}</dl>
            {move || catalog().map(|catalog| {
                let capabilities = catalog
                    .capabilities
                    .iter()
                    .map(|c| view! {
                        <tr>
                            <th scope="row">{c.name.clone()}</th>
                            <td>{c.summary.clone()}</td>
                            <td><code>{rule_text(&c.value)}</code></td>
                        </tr>
                    })
                    .collect_view();
                let defaults = catalog
                    .context_defaults
                    .iter()
                    .map(|d| view! {
                        <tr>
                            <th scope="row">{d.name.clone()}</th>
                            <td class="num">{d.unit.clone()} {number(d.value)}</td>
                            <td>{catalog.source(&d.src).map(|s| s.title.clone())}</td>
                        </tr>
                    })
                    .collect_view();
                let sources = catalog
                    .sources
                    .iter()
                    .map(|s| {
                        let title = s.title.clone();
                        let link = s.url.clone().map(|url| view! {
                            " " <a href=url target="_blank" rel="noopener noreferrer">"source"</a>
                        });
                        view! {
                            <li>
                                <span class="tag">{s.tag.label()}</span> " " {title} {link}
                                {s.note.clone().map(|n| view! { <span class="muted">" — " {n}</span> })}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h3>"What capabilities are worth (catalog version " {catalog.version} ")"</h3>
                    <table class="rules"><tbody>{capabilities}</tbody></table>
                    <h3>"Context defaults"</h3>
                    <table class="rules"><tbody>{defaults}</tbody></table>
                    <h3>"Sources and assumptions"</h3>
                    <ul class="sources">{sources}</ul>
                }
            })}
        </details>
    }
}
