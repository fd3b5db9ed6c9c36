/** A short one-line rendering of a JSON value for the tree: scalars as JSON, containers by their size. */
export function valueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).length}}`
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > 120 ? `${text.slice(0, 117)}…` : text
}

export function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object'
}

/** What names an element of an entity array besides its index: its id and name, when it has them. */
export function entityHint(value: unknown): string {
  if (!isContainer(value) || Array.isArray(value)) return ''
  const record = value as Record<string, unknown>
  const id = typeof record.id === 'string' ? record.id : ''
  const name = typeof record.name === 'string' ? record.name : ''
  return [id, name && `(${name})`].filter(Boolean).join(' ')
}

/**
 * The value at a dotted path (section 6), for the path search. A segment that is not an index may name an element
 * of an array by its `id`, which returns the canonical index path too.
 */
export function resolvePath(root: unknown, path: string): { found: boolean; value: unknown; path: string } {
  const segments = path.split('.').filter(s => s.length > 0)
  let node: unknown = root
  const canonical: string[] = []
  for (const segment of segments) {
    if (Array.isArray(node)) {
      let index = /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1
      if (index < 0) index = node.findIndex(e => isContainer(e) && (e as Record<string, unknown>).id === segment)
      if (index < 0 || index >= node.length) return { found: false, value: undefined, path }
      node = node[index]
      canonical.push(String(index))
    } else if (isContainer(node) && Object.prototype.hasOwnProperty.call(node, segment)) {
      node = (node as Record<string, unknown>)[segment]
      canonical.push(segment)
    } else {
      return { found: false, value: undefined, path }
    }
  }
  return { found: true, value: node, path: canonical.join('.') }
}

/** The keys (or ids) under a path, for completing the search box. */
export function childNames(root: unknown, parentPath: string): string[] {
  const parent = parentPath ? resolvePath(root, parentPath) : { found: true, value: root }
  if (!parent.found || !isContainer(parent.value)) return []
  if (Array.isArray(parent.value)) {
    return parent.value.slice(0, 200).map((e, i) => (isContainer(e) && typeof (e as Record<string, unknown>).id === 'string' ? (e as Record<string, string>).id : String(i)))
  }
  return Object.keys(parent.value).slice(0, 200)
}
