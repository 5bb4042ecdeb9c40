//! In a survey embedded on another website (`/s/{slug}/embed…` inside an iframe), tells the page
//! around it how tall the survey is, whenever that changes, so the frame can fit its content
//! instead of scrolling inside a fixed height. The message is `{type: "kindred:height", height}`
//! (CSS pixels) and says nothing about the answers; the embed snippet's script listens for it
//! from its own frame only. Without JavaScript the frame keeps the snippet's fixed height.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::pages::survey_share::EMBED_HEIGHT_MESSAGE as MESSAGE_TYPE;

/// Starts reporting the page's height to the parent window, if this page is an embedded survey
/// in a frame.
pub fn report_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let embedded = window
        .location()
        .pathname()
        .is_ok_and(|path| path.starts_with("/s/") && path.contains("/embed"));
    let parent = match window.parent() {
        Ok(Some(parent)) => parent,
        _ => return,
    };
    if !embedded || parent == window {
        return;
    }
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    // The page fills at least the window, which in a frame is the frame: let it be as tall as
    // its content, so the frame can shrink too.
    let _ = body.style().set_property("min-height", "0");
    let post = {
        let body = body.clone();
        move || {
            let message = js_sys::Object::new();
            let height = body.get_bounding_client_rect().height().ceil();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &MESSAGE_TYPE.into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            // Only a height, so any origin may read it: the survey may be embedded anywhere.
            let _ = parent.post_message(&message, "*");
        }
    };
    post();
    let on_resize = Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // Lives as long as the page.
    on_resize.forget();
}
