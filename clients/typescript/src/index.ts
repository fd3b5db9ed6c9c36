export * from './contract.js';
export { HubProtocol } from './hubProtocol.js';
export { GameSessionClient, type GameSessionStatus, type GameSessionEvents, type QueuedUpdate, type OperationsBuilder } from './gameSessionClient.js';
export type { GameSessionClientOptions, LogLevel } from './clientOptions.js';
export type { HubConnectionLike } from './hubConnection.js';
export { GameStateError, ensureSuccess } from './errors.js';
export { LocalStorageStateStore, MemoryStateStore, type StateStore } from './stateStore.js';
export { StateReplica, classifyBroadcast, ReplicaDivergedError, type BroadcastDisposition, type GameStateChange, type GameStateChangeKind, type ConfirmOutcome } from './stateReplica.js';
export type { SyncStatistics } from './syncStatistics.js';
export { decideUpdate, isPermanentJoinError, type UpdateAction } from './updatePolicy.js';
export { backoffDelay, jitter, ForeverRetryPolicy } from './backoff.js';
export { checkHubMessage, jsonDepth, MaxMessageDepth } from './hubMessageLimits.js';
export {
  Remove,
  StateOps,
  absolutePath,
  entityPath,
  findActor,
  findCharacter,
  getActorPluginData,
  getCharacterPluginData,
  getPluginData,
  pluginDataPath,
  relativePath,
  setPluginData,
  updateActorState,
  updateCharacterState,
  type EntityUpdates,
} from './pluginState.js';
export { GameStateRestClient, type RestClientOptions, type EntityKind, type Campaign, type CampaignSummary, type CampaignDetails, type SessionSummary, type EntityBody } from './restClient.js';
export { applyOperations, validateState, deepEquals, cloneJson, parseVersion, formatVersion, type ApplyResult, type StateLimits } from './engine/index.js';
