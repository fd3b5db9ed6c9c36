export { useGameStateStore, type GameStateConnection } from './gameStateStore.js';
