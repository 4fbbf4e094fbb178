//! The API's routes mounted from their declarations ([`domain::api`]): a
//! handler goes at its endpoint's path and method only, and the compiler
//! holds it to the endpoint's types — it answers a [`Reply`] of the
//! endpoint, and its last argument reads the endpoint's request body (or,
//! for an endpoint sent no body, is no body reader at all).

use crate::extract::{ClientAddr, EventAccess, JsonBody, RegisterAttempt, UnitAccess};
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::{Json, Router};
use domain::api::{Endpoint, Method};
use std::future::Future;

/// A success of endpoint `E`: its answer, with its status (no body for 204).
pub struct Reply<E: Endpoint>(pub E::Answer);

impl<E: Endpoint> IntoResponse for Reply<E> {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(E::STATUS).expect("a declared status");
        if status == StatusCode::NO_CONTENT {
            status.into_response()
        } else {
            (status, Json(self.0)).into_response()
        }
    }
}

/// What a handler of `E` may answer: a [`Reply`] of `E`, or (for the sync
/// round trip, written without parsing the stored records again) a type
/// that says it writes `E::Answer`'s shape.
pub trait Answers<E> {}

impl<E: Endpoint> Answers<E> for Reply<E> {}

/// What a handler of `E` may take last: `E`'s request body, or for an
/// endpoint sent no body anything but a body.
pub trait Takes<E> {}

impl<E: Endpoint, const MAX: usize> Takes<E> for JsonBody<E::Request, MAX> {}

/// Extractors of the request's head, taken last by handlers of endpoints
/// sent no body.
macro_rules! head_only {
    ($($ty:ty),*) => {
        $(impl<E: Endpoint<Request = ()>> Takes<E> for $ty {})*
    };
}
head_only!(
    State<AppState>,
    HeaderMap,
    EventAccess,
    UnitAccess,
    ClientAddr,
    RegisterAttempt
);
impl<E: Endpoint<Request = ()>, T> Takes<E> for Path<T> {}
impl<E: Endpoint<Request = ()>, T> Takes<E> for Query<T> {}

/// A handler of endpoint `E`, whatever its arguments (`Args`, inferred).
pub trait Serves<E, Args> {}

impl<E, F, Fut, R> Serves<E, ()> for F
where
    E: Endpoint<Request = ()>,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<R, ApiError>>,
    R: Answers<E>,
{
}

macro_rules! serves {
    ($($arg:ident),*; $last:ident) => {
        impl<E, F, Fut, R, $($arg,)* $last> Serves<E, ($($arg,)* $last,)> for F
        where
            E: Endpoint,
            F: FnOnce($($arg,)* $last) -> Fut,
            Fut: Future<Output = Result<R, ApiError>>,
            R: Answers<E>,
            $last: Takes<E>,
        {
        }
    };
}
serves!(; A);
serves!(A; B);
serves!(A, B; C);
serves!(A, B, C; D);
serves!(A, B, C, D; G);
serves!(A, B, C, D, G; H);

/// Mounting a handler at an endpoint.
pub trait Mount {
    /// `handler` at `E::PATH` for `E::METHOD`.
    fn endpoint<E, H, T, A>(self, endpoint: E, handler: H) -> Self
    where
        E: Endpoint,
        H: Handler<T, AppState> + Serves<E, A>,
        T: 'static;
}

impl Mount for Router<AppState> {
    fn endpoint<E, H, T, A>(self, _: E, handler: H) -> Self
    where
        E: Endpoint,
        H: Handler<T, AppState> + Serves<E, A>,
        T: 'static,
    {
        let method = match E::METHOD {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Patch => MethodFilter::PATCH,
            Method::Delete => MethodFilter::DELETE,
        };
        self.route(E::PATH, on(method, handler))
    }
}
