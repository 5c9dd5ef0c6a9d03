// Package web is patchbay's server-rendered web application: one echo route
// table (routes.go), one file per page or action, sessions and roles, CSRF
// protection, security headers, server-sent events for live deploys, and one
// error handler that turns every error into a status and a humane page.
//
// The templ components live in web/view and the embedded assets in
// web/static. The services the handlers call are declared here as small
// interfaces (services.go) and wired to the real store, builder, generator and
// deploy packages by cmd/patchbay.
package web
