//! Kindred's user interface: the pages people see, the server functions those pages call, and the
//! domain values both sides agree on. With `ssr` it runs inside the server and talks to an abstract
//! [`backend::Backend`]; with `hydrate` it is the WebAssembly that makes the same pages interactive.

// Leptos views are deeply nested types; the survey page goes past the default limit.
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
#[cfg(feature = "hydrate")]
mod embed_height;
pub mod error;
pub mod pages;
pub mod shell;

pub use shell::{App, shell};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Hydrates asynchronously: a page whose code is in a lazy-loaded chunk (`pages::lazy`) is
    // fetched first. (What `leptos::mount::hydrate_lazy` does, with a mark once it is done.)
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        leptos::mount::hydrate_from_async(body, App).await.forget();
        // Lets tests (and curious people) tell a hydrated page from the server-rendered one.
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-hydrated", "true");
        }
        embed_height::report_to_parent();
    });
}
