import { reactive } from 'vue'

/** The console's screens, kept in the URL hash so a reload or a shared link opens the same one. */
export type Route =
  | { name: 'campaigns' }
  | { name: 'campaign'; campaignId: string }
  | { name: 'session'; campaignId: string; sessionId: string }

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(p => p.length > 0).map(decodeURIComponent)
  if (parts[0] === 'campaigns' && parts[1] && parts[2] === 'sessions' && parts[3]) {
    return { name: 'session', campaignId: parts[1], sessionId: parts[3] }
  }
  if (parts[0] === 'campaigns' && parts[1]) return { name: 'campaign', campaignId: parts[1] }
  return { name: 'campaigns' }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'campaigns': return '#/'
    case 'campaign': return `#/campaigns/${encodeURIComponent(route.campaignId)}`
    case 'session': return `#/campaigns/${encodeURIComponent(route.campaignId)}/sessions/${encodeURIComponent(route.sessionId)}`
  }
}

export const current = reactive<{ route: Route }>({ route: parse(location.hash) })
window.addEventListener('hashchange', () => { current.route = parse(location.hash) })

export function navigate(route: Route): void {
  location.hash = href(route)
}
