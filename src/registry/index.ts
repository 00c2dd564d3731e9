// The registry client (distribution API over HTTP) and its errors; internals stay private to this folder.
export { RegistryClient } from './client.js'
export type { GetBlobOptions, ManifestHead, ManifestResponse, PutManifestOptions, RegistryClientOptions } from './client.js'
export { RegistryError } from './errors.js'
export type { OciError } from './errors.js'
export type { ExplicitCredentials } from './credentials.js'
export type { RetryOptions } from './retry.js'
export { DEFAULT_RETRY } from './retry.js'
export { isLoopbackRegistry } from './hosts.js'
