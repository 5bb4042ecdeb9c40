//! Organisation settings, for owners: the name, the members and their roles, invitations.

use crate::api::organisation::{
    ChangeMemberRole, CreateApiToken, InviteMember, RemoveMember, RenameOrganisation,
    RevokeApiToken, RevokeInvitation, load_organisation_settings,
};
use crate::api::types::{
    Branding, InvitationLink, Me, Member, OrganisationSettings, PendingInvitation,
};
use crate::components::branding_form::BrandingForm;
use crate::components::confirm::Confirm;
use crate::components::field::{Field, FormAlert, field_error};
use crate::components::outcome::{last_error, last_success};
use crate::components::require_member::RequireMember;
use crate::error::AppError;
use crate::pages::api_tokens::ApiTokens;
use domain::Role;
use domain::dates::format_day;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    // Created here, once, not in the view `RequireMember` builds (see there).
    let actions = Actions {
        rename: ServerAction::new(),
        invite: ServerAction::new(),
        revoke: ServerAction::new(),
        change_role: ServerAction::new(),
        remove: ServerAction::new(),
        create_token: ServerAction::new(),
        revoke_token: ServerAction::new(),
    };
    let settings = Resource::new(
        move || {
            (
                actions.rename.version().get(),
                actions.invite.version().get(),
                actions.revoke.version().get(),
                actions.change_role.version().get(),
                actions.remove.version().get(),
                actions.create_token.version().get(),
                actions.revoke_token.version().get(),
            )
        },
        |_| load_organisation_settings(),
    );
    view! {
        <Title text="Organisation settings" />
        <RequireMember children=move |me: Me| view! { <Settings me actions settings /> } />
    }
}

#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameOrganisation>,
    invite: ServerAction<InviteMember>,
    revoke: ServerAction<RevokeInvitation>,
    change_role: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    create_token: ServerAction<CreateApiToken>,
    revoke_token: ServerAction<RevokeApiToken>,
}

#[component]
fn Settings(
    me: Me,
    actions: Actions,
    settings: Resource<Result<OrganisationSettings, AppError>>,
) -> impl IntoView {
    let my_id = me.user_id;
    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <p class="eyebrow" dir="auto">{me.organisation.name.clone()}</p>
                    <h1>"Organisation settings"</h1>
                </div>
            </header>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <SettingsSections settings=s actions my_id /> }.into_any(),
                        Err(e) => view! { <NotAllowed error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotAllowed(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.set_page_status();
    let heading = match error {
        AppError::Forbidden(_) => "Owners only",
        _ => "Settings could not be loaded",
    };
    view! {
        <div class="panel narrow">
            <h2>{heading}</h2>
            <p role="alert">{error.to_string()}</p>
            <p><a href="/surveys">"Back to surveys"</a></p>
        </div>
    }
}

#[component]
fn SettingsSections(settings: OrganisationSettings, actions: Actions, my_id: i64) -> impl IntoView {
    let branding = settings.branding.clone();
    let rename_error = last_error(actions.rename.value());
    view! {
        <section class="panel" aria-labelledby="org-name-heading">
            <h2 id="org-name-heading">"Name"</h2>
            <ActionForm action=actions.rename attr:class="form form-inline" attr:novalidate=true>
                <FormAlert error=rename_error />
                <Field
                    label="Organisation name"
                    name="name"
                    value=settings.organisation.name.clone()
                    error=field_error(rename_error, "name")
                />
                <button type="submit" class="button">"Save name"</button>
            </ActionForm>
            <p class="field-hint">"Short name for the command line: " <code>{settings.organisation.slug.clone()}</code></p>
        </section>

        <BrandingPanel branding=branding />

        <section class="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">"Members"</h2>
            <FormAlert error=last_error(actions.change_role.value()) all=true />
            <FormAlert error=last_error(actions.remove.value()) all=true />
            <div class="table-scroll" role="region" aria-label="Members" tabindex="0">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Joined"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {settings
                            .members
                            .into_iter()
                            .map(|member| view! { <MemberRow member actions my_id /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section class="panel" aria-labelledby="invite-heading">
            <h2 id="invite-heading">"Invite a teammate"</h2>
            <InviteForm action=actions.invite />
            <PendingInvitations invitations=settings.invitations revoke=actions.revoke />
        </section>

        <ApiTokens tokens=settings.api_tokens create=actions.create_token revoke=actions.revoke_token />
    }
}

#[component]
fn BrandingPanel(branding: Branding) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="branding-heading">
            <h2 id="branding-heading">"Branding"</h2>
            <p class="muted">"Every survey uses these unless it sets its own. The “Why members join” template puts the brand name into its questions."</p>
            <BrandingForm
                target="organisation"
                back="/settings"
                brand_name=branding.brand_name.clone()
                colour=branding.colour.clone()
                logo_url=branding.logo_url.clone()
                name_hint="The name members know you by, if it differs from the organisation's name."
                fallback="Kindred's blue"
                logo_fallback="No logo yet: surveys show the brand name on its own."
            />
        </section>
    }
}

fn role_options(selected: Role) -> impl IntoView {
    Role::ALL
        .into_iter()
        .map(|role| {
            view! {
                <option value=role.as_str() selected=role == selected>
                    {role.label()}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn MemberRow(member: Member, actions: Actions, my_id: i64) -> impl IntoView {
    let select_id = format!("role-{}", member.user_id);
    let you = (member.user_id == my_id).then_some(" (you)");
    let remove_label = format!("Remove {}", member.name);
    view! {
        <tr>
            <th scope="row"><bdi>{member.name.clone()}</bdi>{you}</th>
            <td>{member.email.clone()}</td>
            <td>
                <ActionForm action=actions.change_role attr:class="inline-form">
                    <input type="hidden" name="user_id" value=member.user_id />
                    <label class="visually-hidden" for=select_id.clone()>
                        {format!("Role of {}", member.name)}
                    </label>
                    <select id=select_id name="role">{role_options(member.role)}</select>
                    <button type="submit" class="button button-small button-quiet">"Save role"</button>
                </ActionForm>
            </td>
            <td>{format_day(member.joined_at)}</td>
            <td>
                <ActionForm action=actions.remove attr:class="inline-form">
                    <input type="hidden" name="user_id" value=member.user_id />
                    <button type="submit" class="button button-small button-danger" aria-label=remove_label>
                        "Remove"
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn InviteForm(action: ServerAction<InviteMember>) -> impl IntoView {
    let error = last_error(action.value());
    let link = last_success(action.value());
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormAlert error />
            <div class="field">
                <label for="invite-role">"Role"</label>
                <select id="invite-role" name="role">{role_options(Role::Editor)}</select>
                <ul class="field-hint role-help">
                    {Role::ALL
                        .into_iter()
                        .map(|r| view! { <li><strong>{r.label()}</strong>": "{r.description()}</li> })
                        .collect_view()}
                </ul>
            </div>
            <Field
                label="Their email (optional)"
                name="email"
                kind="email"
                required=false
                hint="Only to remind you whom the link is for; Kindred sends no email."
                error=field_error(error, "email")
            />
            <button type="submit" class="button">"Create invitation link"</button>
        </ActionForm>
        {move || link.get().map(|link| view! { <NewInvitation link /> })}
    }
}

#[component]
fn NewInvitation(link: InvitationLink) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>
                "Send this link to your teammate. It makes them "
                <strong>{link.role.label().to_lowercase()}</strong>
                ", works once, and expires on " {format_day(link.expires_at)} "."
            </p>
            <label for="invitation-link">"Invitation link"</label>
            <input id="invitation-link" class="copy-field" type="text" readonly value=link.url.clone() />
        </div>
    }
}

#[component]
fn PendingInvitations(
    invitations: Vec<PendingInvitation>,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    if invitations.is_empty() {
        return view! { <p class="muted">"No invitations are waiting."</p> }.into_any();
    }
    view! {
        <h3>"Waiting to be accepted"</h3>
        <FormAlert error=last_error(revoke.value()) all=true />
        <ul class="invitation-list">
            {invitations
                .into_iter()
                .map(|invitation| {
                    let who = invitation.email.clone().unwrap_or_else(|| "Anyone with the link".to_owned());
                    view! {
                        <li>
                            <span>
                                <strong dir="auto">{who.clone()}</strong> " — " {invitation.role.label()} ", invited by "
                                <bdi>{invitation.invited_by.clone()}</bdi> ", expires "
                                {format_day(invitation.expires_at)}
                            </span>
                            <Confirm label="Revoke" small=true name=format!("Revoke the invitation of {who}")
                                warning="The invitation link stops working. You can invite them again later.">
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="invitation_id" value=invitation.id />
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
