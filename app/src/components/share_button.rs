//! "Share…": the phone's own share sheet (Web Share API) for a link, falling back to copying the
//! link where there is no share sheet, and to selecting it where the clipboard is out of reach.
//! It needs JavaScript, so it appears only once the page is interactive; the link itself is
//! always on the page to copy by hand.

use leptos::prelude::*;

/// A share button for `url`, with `title` and `text` for the share sheet. `field` is the id of
/// the read-only input that shows the link, selected when nothing else works.
#[component]
pub fn ShareButton(url: String, title: String, text: String, field: &'static str) -> impl IntoView {
    let ready = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    Effect::new(move |_| ready.set(true));
    let share = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let (url, title, text) = (url.clone(), title.clone(), text.clone());
            leptos::task::spawn_local(async move {
                status.set(browser::share(&url, &title, &text, field).await.to_owned());
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&url, &title, &text, field);
    };
    view! {
        {move || ready.get().then(|| view! {
            <button type="button" class="button button-brand" on:click=share.clone()>"Share…"</button>
        })}
        <span class="share-status" role="status">{move || status.get()}</span>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    /// Calls `navigator[name](argument)` if the browser has it, and awaits its promise.
    async fn call(name: &str, argument: &JsValue) -> Option<Result<JsValue, JsValue>> {
        let navigator: JsValue = web_sys::window()?.navigator().into();
        let function = js_sys::Reflect::get(&navigator, &name.into()).ok()?;
        let function = function.dyn_ref::<js_sys::Function>()?;
        let promise = function.call1(&navigator, argument).ok()?;
        Some(JsFuture::from(js_sys::Promise::resolve(&promise)).await)
    }

    /// Shares, else copies, else selects; returns what to tell the person.
    pub async fn share(url: &str, title: &str, text: &str, field: &str) -> &'static str {
        let data = js_sys::Object::new();
        for (key, value) in [("url", url), ("title", title), ("text", text)] {
            let _ = js_sys::Reflect::set(&data, &key.into(), &value.into());
        }
        match call("share", &data).await {
            Some(Ok(_)) => return "",
            // Closing the share sheet is not a failure.
            Some(Err(error)) if error_name(&error) == "AbortError" => return "",
            _ => {}
        }
        let clipboard = web_sys::window()
            .map(|w| JsValue::from(w.navigator()))
            .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
            .filter(|c| !c.is_undefined());
        if let Some(clipboard) = clipboard {
            let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok();
            if let Some(write) = write.as_ref().and_then(|w| w.dyn_ref::<js_sys::Function>())
                && let Ok(promise) = write.call1(&clipboard, &url.into())
                && JsFuture::from(js_sys::Promise::resolve(&promise))
                    .await
                    .is_ok()
            {
                return "Link copied.";
            }
        }
        let input = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(field))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        match input {
            Some(input) => {
                let _ = input.focus();
                input.select();
                "The link is selected: copy it to share."
            }
            None => "Copy the link to share.",
        }
    }

    fn error_name(error: &JsValue) -> String {
        js_sys::Reflect::get(error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default()
    }
}
