// OCI references, digests, media types and manifest types (pure; no I/O).
export * from './digest.js'
export * from './media-types.js'
export * from './reference.js'
export type * from './types.js'
