export { applyOperations, measure, type ApplyResult } from './applyOperations.js';
export { checkOperations, type StateLimits } from './operationChecks.js';
export { validateState, checkShape } from './stateShape.js';
export { deepEquals, cloneJson, entityId, isWellFormedText } from './jsonValues.js';
export { OperationError } from './operationError.js';
export { parseVersion, formatVersion } from './versions.js';
export { parseIndex, WritableRoots } from './statePath.js';
