// Runs the browser tests (tests/*.test.mjs) one file after another with node:test and prints the totals as the last
// line, "N passed, M failed", for the wrappers (deploy/test-web.sh, .ci/run) to add up.
import { run } from 'node:test'
import { spec } from 'node:test/reporters'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter(f => f.endsWith('.test.mjs') && (only.length === 0 || only.some(o => f.includes(o))))
  .sort()
  .map(f => join(here, f))

if (!process.env.GAMESTATE_URL) {
  console.error('GAMESTATE_URL is not set: start the stack (deploy/local.sh up) and set it to its address')
  console.log('0 passed, 1 failed')
  process.exit(1)
}

let passed = 0
let failed = 0
const stream = run({ files, concurrency: 1, timeout: 10 * 60_000 })
stream.on('test:pass', event => { if (event.nesting === 0 && !event.skip && event.details?.type !== 'suite') passed++ })
stream.on('test:fail', event => { if (event.nesting === 0 && event.details?.type !== 'suite') failed++ })
stream.compose(spec).pipe(process.stdout)
stream.on('end', () => {
  // Let the spec reporter finish writing before the summary line.
  setTimeout(() => {
    console.log(`${passed} passed, ${failed} failed`)
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0
  }, 100)
})
