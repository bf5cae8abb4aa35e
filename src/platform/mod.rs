//! What the browser provides: the WebSocket, WebCrypto, storage, the clock and timers, file
//! downloads and the benchmark probe. Thin adapters over `web_sys`; nothing here imports the
//! rest of the app, so every layer above can use them and they decide nothing.

pub mod alloc;
pub mod close_code;
pub mod crypto;
pub mod download;
pub mod files;
pub mod media;
pub mod probe;
pub mod resize;
pub mod service_worker;
pub mod storage;
pub mod timers;
pub mod websocket;
