//! The HiggsML challenge's file, read as it arrives — from CERN's Open Data portal (or any
//! address) or from the student's disk, gzip-compressed or plain — into the engine's
//! [`ChallengeStream`], a chunk per task, so that a 186 MB file neither freezes the page nor sits
//! in memory whole. What is kept and how the dataset is made is the engine's.

use fivesigma_engine::data::{Catalog, ChallengeRows, ChallengeStream, Dataset};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::fetch::js_message;
use super::files::next_frame;

/// Where the file comes from.
pub enum ChallengeSource {
    /// An address.
    Url(String),
    /// A file the student picked.
    File(web_sys::File),
}

/// How far reading has come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadProgress {
    /// Bytes received (compressed, for a `.gz`).
    pub bytes: f64,
    /// The whole file's bytes, when the server or the disk says.
    pub total: Option<f64>,
    /// Data rows read, and kept.
    pub rows: (usize, usize),
}

impl ChallengeSource {
    /// The address without its query, or the picked file's name.
    pub fn name(&self) -> String {
        match self {
            Self::Url(url) => url.split(['?', '#']).next().unwrap_or_default().to_owned(),
            Self::File(file) => file.name(),
        }
    }

    /// The raw stream and its size, if known.
    async fn open(&self) -> Result<(web_sys::ReadableStream, Option<f64>), String> {
        match self {
            Self::File(file) => Ok((file.stream(), Some(file.size()))),
            Self::Url(url) => {
                let window = web_sys::window().ok_or("no browser window")?;
                let response = JsFuture::from(window.fetch_with_str(url))
                    .await
                    .map_err(|e| format!("the file could not be fetched ({})", js_message(&e)))?;
                let response: web_sys::Response =
                    response.dyn_into().map_err(|_| "unexpected response")?;
                if !response.ok() {
                    return Err(format!("the server answered {}", response.status()));
                }
                let total = response
                    .headers()
                    .get("content-length")
                    .ok()
                    .flatten()
                    .and_then(|n| n.parse().ok());
                let body = response.body().ok_or("the response has no body")?;
                Ok((body, total))
            }
        }
    }
}

/// Reads the challenge's file from `source`, keeping `rows`, into a dataset described by `toy`
/// (the lesson's own catalog), telling `on_progress` after every chunk.
pub async fn read_challenge(
    source: ChallengeSource,
    rows: ChallengeRows,
    toy: &Catalog,
    on_progress: impl Fn(ReadProgress),
) -> Result<Dataset, String> {
    let (raw, total) = source.open().await?;
    // Only the compressed bytes can be counted against the size: count them before inflating.
    let counted = std::rc::Rc::new(std::cell::Cell::new(0.0_f64));
    let stream = counting(&raw, counted.clone())?;
    let stream = if source.name().ends_with(".gz") {
        let inflate = construct("DecompressionStream", &"gzip".into())?;
        through(&stream, &inflate)?
    } else {
        stream
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| "the file cannot be read as a stream")?;
    let mut parsed = ChallengeStream::new(rows);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("reading the file failed ({})", js_message(&e)))?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).is_ok_and(|d| d.is_truthy());
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|e| js_message(&e))?;
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        parsed.feed(&bytes).map_err(|e| e.to_string())?;
        on_progress(ReadProgress {
            bytes: counted.get(),
            total,
            rows: parsed.progress(),
        });
        // Each chunk is its own task: the page keeps drawing and answering.
        next_frame().await;
    }
    parsed.finish(toy).map_err(|e| e.to_string())
}

/// `raw`, passed through a stream that counts the bytes going by into `counted`.
fn counting(
    raw: &web_sys::ReadableStream,
    counted: std::rc::Rc<std::cell::Cell<f64>>,
) -> Result<web_sys::ReadableStream, String> {
    let transform = js_sys::Object::new();
    let step = wasm_bindgen::closure::Closure::<
        dyn FnMut(wasm_bindgen::JsValue, wasm_bindgen::JsValue),
    >::new(
        move |chunk: wasm_bindgen::JsValue, controller: wasm_bindgen::JsValue| {
            counted.set(counted.get() + f64::from(js_sys::Uint8Array::new(&chunk).length()));
            let enqueue = js_sys::Reflect::get(&controller, &"enqueue".into()).ok();
            if let Some(f) = enqueue
                .as_ref()
                .and_then(|e| e.dyn_ref::<js_sys::Function>())
            {
                let _ = f.call1(&controller, &chunk);
            }
        },
    );
    let _ = js_sys::Reflect::set(&transform, &"transform".into(), step.as_ref());
    // The stream lives as long as the page reads it; the closure must too.
    step.forget();
    let counter = construct("TransformStream", &transform)?;
    through(raw, &counter)
}

/// `new <name>(arg)` of a browser class this code has no binding for.
fn construct(name: &str, arg: &wasm_bindgen::JsValue) -> Result<wasm_bindgen::JsValue, String> {
    let class = js_sys::Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| {
            format!("this browser has no {name}: use a recent Chrome, Firefox or Safari")
        })?;
    js_sys::Reflect::construct(&class, &js_sys::Array::of1(arg)).map_err(|e| js_message(&e))
}

/// `stream` piped through `transform` (anything with a `readable` and a `writable` side).
fn through(
    stream: &web_sys::ReadableStream,
    transform: &wasm_bindgen::JsValue,
) -> Result<web_sys::ReadableStream, String> {
    let side =
        |name: &str| js_sys::Reflect::get(transform, &name.into()).map_err(|e| js_message(&e));
    let (readable, writable) = (side("readable")?, side("writable")?);
    let pair =
        web_sys::ReadableWritablePair::new(readable.unchecked_ref(), writable.unchecked_ref());
    Ok(stream.pipe_through(&pair))
}
