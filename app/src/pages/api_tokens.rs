//! The API tokens section of organisation settings: create one (its secret is shown once), revoke.

use crate::api::organisation::{CreateApiToken, RevokeApiToken};
use crate::api::types::{ApiToken, NewApiTokenSecret};
use crate::components::confirm::Confirm;
use crate::components::field::{Field, FormAlert, field_error};
use crate::components::outcome::{last_error, last_success};
use domain::Role;
use domain::dates::format_day;
use leptos::prelude::*;

#[component]
pub fn ApiTokens(
    tokens: Vec<ApiToken>,
    create: ServerAction<CreateApiToken>,
    revoke: ServerAction<RevokeApiToken>,
) -> impl IntoView {
    let error = last_error(create.value());
    let fresh = last_success(create.value());
    view! {
        <section class="panel" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">"API tokens"</h2>
            <p class="muted">
                "Tokens let your own tools use Kindred's JSON API (" <a href="/api/v1/openapi.json">"OpenAPI description"</a>
                "). Each acts for this organisation with the role you choose."
            </p>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert error />
                <Field label="Token name" name="token_name" hint="So you recognise it later, e.g. “Website form”." error=field_error(error, "token_name") />
                <div class="field">
                    <label for="token-role">"Token role"</label>
                    <select id="token-role" name="role">
                        {Role::ALL
                            .into_iter()
                            .map(|role| view! { <option value=role.as_str() selected=role == Role::Editor>{role.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">"Create token"</button>
            </ActionForm>
            {move || fresh.get().map(|secret| view! { <NewToken secret /> })}
            <TokenList tokens revoke />
        </section>
    }
}

#[component]
fn NewToken(secret: NewApiTokenSecret) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>
                "Copy the token “" <bdi>{secret.token.name.clone()}</bdi> "” now: Kindred keeps only a fingerprint of it and cannot show it again."
            </p>
            <label for="new-token">"New API token"</label>
            <input id="new-token" class="copy-field" type="text" readonly value=secret.secret.clone() />
        </div>
    }
}

#[component]
fn TokenList(tokens: Vec<ApiToken>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <p class="muted">"No API tokens."</p> }.into_any();
    }
    view! {
        <h3>"Active tokens"</h3>
        <FormAlert error=last_error(revoke.value()) all=true />
        <ul class="invitation-list">
            {tokens
                .into_iter()
                .map(|token| {
                    let label = format!("Revoke {}", token.name);
                    view! {
                        <li>
                            <span>
                                <strong dir="auto">{token.name.clone()}</strong> " — " {token.role.label()} ", created "
                                {format_day(token.created_at)}
                            </span>
                            <Confirm label="Revoke" small=true name=label
                                warning="Programs using this token stop working at once. This cannot be undone.">
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="token_id" value=token.id />
                                    <button type="submit" class="button button-small button-danger">"Yes, revoke"</button>
                                </ActionForm>
                            </Confirm>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
