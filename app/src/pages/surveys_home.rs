//! The organisation's home: its surveys with their status, and buttons to start a new one.

use crate::api::surveys::{CreateSurvey, list_surveys};
use crate::api::types::{Me, SurveySummary};
use crate::components::field::FormAlert;
use crate::components::outcome::last_error;
use crate::components::require_member::RequireMember;
use crate::error::AppError;
use domain::dates::format_day;
use domain::numbers::count;
use domain::survey::WHY_MEMBERS_JOIN;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SurveysHome() -> impl IntoView {
    // Created here, once, not in the view `RequireMember` builds (see there).
    let create = ServerAction::<CreateSurvey>::new();
    let surveys = Resource::new(move || create.version().get(), |_| list_surveys());
    view! {
        <Title text="Surveys" />
        <RequireMember children=move |me: Me| view! { <SurveyList me create surveys /> } />
    }
}

#[component]
fn SurveyList(
    me: Me,
    create: ServerAction<CreateSurvey>,
    surveys: Resource<Result<Vec<SurveySummary>, AppError>>,
) -> impl IntoView {
    let can_edit = me.role.can_edit_surveys();
    let is_owner = me.role.can_manage_organisation();
    let organisation = me.organisation.name.clone();
    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <p class="eyebrow" dir="auto">{organisation}</p>
                    <h1>"Surveys"</h1>
                </div>
                {can_edit.then(|| view! {
                    <div class="create-actions">
                        <ActionForm action=create attr:class="inline-form">
                            <input type="hidden" name="template" value=WHY_MEMBERS_JOIN />
                            <button type="submit" class="button">"New from “Why members join”"</button>
                        </ActionForm>
                        <ActionForm action=create attr:class="inline-form">
                            <input type="hidden" name="template" value="" />
                            <button type="submit" class="button button-quiet">"New blank survey"</button>
                        </ActionForm>
                    </div>
                })}
            </header>
            <FormAlert error=last_error(create.value()) all=true />
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                    match surveys.await {
                        Ok(list) if list.is_empty() => view! { <EmptySurveys me=me.clone() can_edit is_owner /> }.into_any(),
                        Ok(list) => view! { <SurveyTable list /> }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn EmptySurveys(me: Me, can_edit: bool, is_owner: bool) -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>"No surveys yet"</h2>
            <p>
                "You are signed in as " <strong dir="auto">{me.name.clone()}</strong> ", "
                {me.role.label().to_lowercase()} " of " <bdi>{me.organisation.name.clone()}</bdi> ". "
                {if can_edit {
                    "Start from the ready “Why members join” survey: it asks members to rank identity, connections and community, and how well your brand fits them."
                } else {
                    "Surveys your editors create will be listed here with their status."
                }}
            </p>
            {is_owner.then(|| view! {
                <p><a href="/settings">"Invite your team"</a>" so they are ready when the first survey goes out."</p>
            })}
        </div>
    }
}

#[component]
fn SurveyTable(list: Vec<SurveySummary>) -> impl IntoView {
    view! {
        <div class="table-scroll panel" role="region" aria-label="Surveys" tabindex="0">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Survey"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="numeric">"Responses"</th>
                        <th scope="col">"Last response"</th>
                        <th scope="col">"Last change"</th>
                        <th scope="col"><span class="visually-hidden">"Results"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|s| {
                            let status = match s.version {
                                Some(v) => format!("{} (v{v})", s.status.label()),
                                None => s.status.label().to_owned(),
                            };
                            let questions = match s.questions {
                                1 => "1 question".to_owned(),
                                n => format!("{n} questions"),
                            };
                            // Results exist once a version has been published.
                            let results = s.version.is_some().then(|| view! {
                                <a href=format!("/surveys/{}/results", s.id) class="button button-quiet button-small">
                                    "Results"<span class="visually-hidden">" of " {s.title.clone()}</span>
                                </a>
                            });
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/surveys/{}", s.id) dir="auto">{s.title.clone()}</a>
                                        <span class="row-note">{questions}</span>
                                    </th>
                                    <td><span class=format!("badge badge-{}", s.status.as_str())>{status}</span></td>
                                    <td class="numeric">{count(s.responses as u64)}</td>
                                    <td>{s.last_response_at.map_or_else(|| "—".to_owned(), format_day)}</td>
                                    <td>{format_day(s.updated_at)}</td>
                                    <td>{results}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
