import type { InjectionKey } from 'vue'

/** A state operation as the console composes it (CONTRACT section 6). */
export interface ComposedOperation { path: string; operation: 'set' | 'unset' | 'inc' | 'push' | 'pull'; value?: unknown }

/** What the nodes of a state tree may do: quick edits are sent as one update each, when the tree is editable. */
export interface TreeContext {
  editable: boolean
  send(operations: ComposedOperation[]): Promise<string | null>
}

export const treeContextKey: InjectionKey<TreeContext> = Symbol('tree-context')

/** The paths the server refuses to write (section 6): the version fields. */
export const readOnlyRoots = new Set(['stateVersion', 'lastUpdated'])
export const stateRoots = new Set(['characters', 'actors', 'items', 'currentEncounter', 'pluginData'])
