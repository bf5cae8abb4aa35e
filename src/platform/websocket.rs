//! The browser edge of the link: a `web_sys::WebSocket` carrying MQTT as binary frames.
//!
//! The adapter knows nothing about MQTT: bytes go out with [`WsTransport::send`], and everything
//! the socket reports arrives as a [`TransportEvent`] through one callback. It owns the four
//! JavaScript closures it installs and releases them when it is dropped, so a page that connects
//! a thousand times holds no closure of the 999 links that are gone.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, CloseEvent, Event, MessageEvent, WebSocket};

/// The subprotocol every MQTT-over-WebSocket broker (Aliyun included) expects.
pub const MQTT_SUBPROTOCOL: &str = "mqtt";

/// What the socket reports, in the order it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportEvent {
    /// The WebSocket handshake finished; bytes may be sent now.
    Open,
    /// One binary frame from the server.
    Data(Vec<u8>),
    /// The server sent a text frame, which MQTT never does.
    UnexpectedText,
    /// The socket is closed (by either side, or because it never opened). Always the last event.
    Closed {
        /// The WebSocket close code (1000 normal, 1006 abnormal, …).
        code: u16,
        /// The reason text the server sent, often empty.
        reason: String,
        /// Whether the closing handshake completed.
        was_clean: bool,
    },
}

/// Why a link could not be opened or used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The browser refused the URL (bad syntax, a blocked port, or `ws://` from an `https` page).
    Open(String),
    /// `send` failed, usually because the socket is no longer open.
    Send(String),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Open(why) => {
                write!(f, "the browser could not open the WebSocket: {why}")
            }
            TransportError::Send(why) => write!(f, "the WebSocket could not send: {why}"),
        }
    }
}

impl std::error::Error for TransportError {}

/// Held only to keep the closures alive while the socket may call them.
#[allow(dead_code)]
struct Handlers {
    on_open: Closure<dyn FnMut(Event)>,
    on_message: Closure<dyn FnMut(MessageEvent)>,
    on_error: Closure<dyn FnMut(Event)>,
    on_close: Closure<dyn FnMut(CloseEvent)>,
}

/// One open (or opening) WebSocket link.
pub struct WsTransport {
    socket: WebSocket,
    handlers: Option<Handlers>,
}

impl WsTransport {
    /// Opens a WebSocket to `url` with the `mqtt` subprotocol; `on_event` receives everything
    /// the socket reports until [`TransportEvent::Closed`], or until this value is dropped.
    pub fn connect(
        url: &str,
        on_event: impl FnMut(TransportEvent) + 'static,
    ) -> Result<WsTransport, TransportError> {
        let socket = WebSocket::new_with_str(url, MQTT_SUBPROTOCOL)
            .map_err(|e| TransportError::Open(js_error_text(&e)))?;
        socket.set_binary_type(BinaryType::Arraybuffer);

        let sink: Rc<RefCell<dyn FnMut(TransportEvent)>> = Rc::new(RefCell::new(on_event));
        let deliver = move |sink: &Rc<RefCell<dyn FnMut(TransportEvent)>>, ev: TransportEvent| {
            // A callback that re-enters the socket's events would find the sink borrowed; the
            // browser never dispatches socket events re-entrantly, so this only guards bugs.
            if let Ok(mut f) = sink.try_borrow_mut() {
                f(ev);
            }
        };

        let s = sink.clone();
        let on_open =
            Closure::<dyn FnMut(Event)>::new(move |_: Event| deliver(&s, TransportEvent::Open));
        let s = sink.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            let event = match data.dyn_into::<js_sys::ArrayBuffer>() {
                Ok(buf) => TransportEvent::Data(js_sys::Uint8Array::new(&buf).to_vec()),
                Err(_) => TransportEvent::UnexpectedText,
            };
            deliver(&s, event);
        });
        // An `error` event carries no detail in browsers and is always followed by `close`,
        // which does; so it is deliberately not forwarded.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_: Event| {});
        let s = sink;
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| {
            deliver(
                &s,
                TransportEvent::Closed {
                    code: ev.code(),
                    reason: ev.reason(),
                    was_clean: ev.was_clean(),
                },
            );
        });

        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));

        Ok(WsTransport {
            socket,
            handlers: Some(Handlers {
                on_open,
                on_message,
                on_error,
                on_close,
            }),
        })
    }

    /// Sends one binary frame.
    pub fn send(&self, bytes: &[u8]) -> Result<(), TransportError> {
        self.socket
            .send_with_u8_array(bytes)
            .map_err(|e| TransportError::Send(js_error_text(&e)))
    }

    /// Starts the closing handshake; a [`TransportEvent::Closed`] follows.
    pub fn close(&self) {
        // Closing a socket that is already closing is a no-op, never an error worth reporting.
        let _ = self.socket.close_with_code(1000);
    }

    /// Bytes queued by the browser but not yet on the wire.
    pub fn buffered_amount(&self) -> u32 {
        self.socket.buffered_amount()
    }
}

impl Drop for WsTransport {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onerror(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close_with_code(1000);
        // The drop may happen inside one of these very closures (a `Closed` handler that drops
        // its link); freeing a closure while it runs is an error, so free them on the next task.
        if let (Some(handlers), Some(window)) = (self.handlers.take(), web_sys::window()) {
            let release = Closure::once_into_js(move || drop(handlers));
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 0);
        }
    }
}

fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
