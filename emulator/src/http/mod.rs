//! The HTTP API on localhost: what the cloud console and Aliyun's server-side APIs would offer
//! (publish to a device, RRPC, Alink service calls and property set, the device shadow, device
//! list) plus the emulator's message log. JSON in and out; see emulator/README.md for the
//! reference.

mod calls;
mod handlers;
mod log_body;
mod owner;
mod reply;
mod shadow;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::broker::Broker;
pub use owner::owner_of;
pub use reply::ApiError;

/// The API's routes.
pub fn router(broker: Arc<Broker>) -> Router {
    Router::new()
        .route("/api/health", get(handlers::health))
        .route("/api/publish", post(handlers::publish))
        .route("/api/rrpc", post(calls::rrpc))
        .route("/api/service", post(calls::service))
        .route("/api/properties/set", post(calls::properties_set))
        .route(
            "/api/shadow",
            get(shadow::get_shadow).post(shadow::update_shadow),
        )
        .route("/api/devices", get(handlers::devices))
        .route("/api/devices/online", get(handlers::devices_online))
        .route(
            "/api/version-lock",
            get(handlers::version_lock).delete(handlers::clear_version_lock),
        )
        .route("/api/log", get(handlers::log))
        .route("/api/properties", get(handlers::properties))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .with_state(broker)
}
