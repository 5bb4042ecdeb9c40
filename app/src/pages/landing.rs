//! The front page: what Kindred is for, in a nonprofit marketer's terms.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn LandingPage() -> impl IntoView {
    view! {
        <Title text="" />
        <Meta
            name="description"
            content="Kindred helps nonprofits learn why members join — identity, connections or community — and how well the brand fits who they are."
        />
        <section class="hero">
            <p class="eyebrow">"For membership organisations"</p>
            <h1>"Learn why your members really join."</h1>
            <p class="lead">
                "People join first to show who they are, then to build relationships, and only last to
                 belong. Most organisations market it the other way round. Kindred lets you test this on
                 your own members — and shows how strongly they feel your brand is “me”."
            </p>
            <p class="actions">
                <a class="button" href="/signup">"Create your organisation"</a>
                <a class="button button-quiet" href="/login">"Log in"</a>
            </p>
        </section>

        <section class="reasons" aria-labelledby="reasons-heading">
            <h2 id="reasons-heading">"Three reasons to join"</h2>
            <ol class="reason-list">
                <li>
                    <h3>"Identity"</h3>
                    <p>"Showing who I am and what I stand for."</p>
                </li>
                <li>
                    <h3>"Connections"</h3>
                    <p>"Building relationships with people I value."</p>
                </li>
                <li>
                    <h3>"Community"</h3>
                    <p>"Belonging to something bigger than me."</p>
                </li>
            </ol>
        </section>

        <section class="steps" aria-labelledby="steps-heading">
            <h2 id="steps-heading">"How it works"</h2>
            <div class="step-grid">
                <article>
                    <h3>"1. Build"</h3>
                    <p>"Start from the ready “Why members join” survey or your own questions, in your colours and with your logo."</p>
                </article>
                <article>
                    <h3>"2. Share"</h3>
                    <p>"Send a link, print a QR code or embed it on your site. Members answer on any phone — ranking three reasons takes a few taps."</p>
                </article>
                <article>
                    <h3>"3. Understand"</h3>
                    <p>"See how members rank identity, connections and community, how well the brand fits them, by segment and over time — ready for your board."</p>
                </article>
            </div>
        </section>

        <section class="panel self-hosted">
            <h2>"Yours to run"</h2>
            <p>
                "Kindred is self-hosted: your members’ answers stay on your server. Respondents are
                 anonymous by default, and teammates get exactly the access their role needs."
            </p>
        </section>
    }
}
