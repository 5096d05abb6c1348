// The types and server stubs of this module are generated at build time from openapi.yaml
// (a symlink to the top-level spec) by swift-openapi-generator; nothing here is handwritten.
