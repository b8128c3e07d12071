// A real Synapse homeserver on loopback, for integration tests. See README.md.
export { ensureSynapse, synapseCacheDir, type EnsureSynapseResult, type SynapseInstall } from './install.ts';
export { startSynapse, type RegisteredUser, type StartSynapseOptions, type SynapseServer } from './server.ts';
export type { RateLimits } from './config.ts';
