// Answers IAM decisions with @cloud-copilot/iam-simulate, an independent implementation of
// AWS's evaluation logic, for the differential test and benchmarks/evaluate.py.
//
// Input (stdin): JSON lines, each {"policy": <identity policy document>, "request":
// {"action", "resource", "context"}} in policybuilder's request shape. All lines are read
// first; then the whole batch is evaluated `--repeat N` times (default 1) inside this one
// process, each pass timed with a monotonic clock, so that start-up and JSON parsing are not
// counted. `--engine simulate` (the default) calls runSimulation, the documented entry point,
// which validates the policy, the action, the resource and the context keys first;
// `--engine unsafe` calls runUnsafeSimulation, the same evaluation without those checks
// (benchmarks/evaluate.py times both; the test uses the default).
//
// Output (stdout): one JSON line per request, in order: {"decision": "allow" | "explicit_deny"
// | "implicit_deny" | null, "error": null | message, "ignored": [context keys iam-simulate
// dropped because the action does not support them]}; then a last line {"timing": {"count",
// "passes_ms": [wall time of each pass], "cpu_ms": [this process's CPU time in each pass]}}.
//
// A request is evaluated for the principal arn:aws:iam::<account>:user/alice, the account
// being the one in the resource ARN (111122223333 when the ARN has none), so that every
// request is a same-account request and only the identity policy decides.
import { createInterface } from 'node:readline'
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

const DECISIONS = {
  Allowed: 'allow',
  ExplicitlyDenied: 'explicit_deny',
  ImplicitlyDenied: 'implicit_deny'
}

function accountOf(resource) {
  const parts = resource.split(':')
  return parts.length >= 6 && /^[0-9]{12}$/.test(parts[4]) ? parts[4] : '111122223333'
}

// KMS trusts an identity policy on a key only when the key policy says so; AWS's default key
// policy does ("Enable IAM User Permissions", https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
// policybuilder evaluates the identity policy alone, which is this assumption, so the harness
// gives every KMS key request that default key policy.
function defaultKeyPolicy(account) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*'
      }
    ]
  }
}

function simulation(item) {
  const { policy, request } = item
  const resource = request.resource ?? '*'
  const account = accountOf(resource)
  const isKey = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(resource)
  return {
    ...(isKey ? { resourcePolicy: defaultKeyPolicy(account) } : {}),
    identityPolicies: [{ name: 'policy', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      principal: `arn:aws:iam::${account}:user/alice`,
      action: request.action,
      resource: { resource, accountId: account },
      contextVariables: request.context ?? {}
    }
  }
}

async function answer(sim) {
  const response = await runSimulation(sim, {})
  if (response.resultType === 'error') {
    return { decision: null, error: response.errors.message, ignored: [] }
  }
  const ignored =
    response.resultType === 'single'
      ? (response.result.ignoredContextKeys ?? [])
      : [...new Set(response.results.flatMap((r) => r.ignoredContextKeys ?? []))]
  return { decision: DECISIONS[response.overallResult] ?? null, error: null, ignored }
}

function answerUnsafe(sim) {
  // runUnsafeSimulation loads the resource policy without a name, which its analysis needs;
  // iam-policy's "validated policy" shape (createValidatedPolicy) carries one.
  const unsafe = sim.resourcePolicy
    ? {
        ...sim,
        resourcePolicy: {
          __validated: true,
          policyDocument: sim.resourcePolicy,
          metadata: { name: 'DefaultKeyPolicy' },
          errors: []
        }
      }
    : sim
  const result = runUnsafeSimulation(unsafe, {})
  return { decision: DECISIONS[result] ?? null, error: null, ignored: [] }
}

function option(name, fallback) {
  const at = process.argv.indexOf(name)
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback
}

async function main() {
  const repeat = Math.max(1, Number(option('--repeat', '1')) || 1)
  const engine = option('--engine', 'simulate')
  if (engine !== 'simulate' && engine !== 'unsafe') throw new Error(`unknown engine ${engine}`)
  const sims = []
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (line.trim()) sims.push(simulation(JSON.parse(line)))
  }
  let answers = []
  const passes = []
  const cpu = []
  for (let pass = 0; pass < repeat; pass++) {
    const cpuStart = process.cpuUsage()
    const start = process.hrtime.bigint()
    const out = []
    if (engine === 'unsafe') for (const sim of sims) out.push(answerUnsafe(sim))
    else for (const sim of sims) out.push(await answer(sim))
    passes.push(Number(process.hrtime.bigint() - start) / 1e6)
    const used = process.cpuUsage(cpuStart)
    cpu.push((used.user + used.system) / 1000)
    answers = out
  }
  const chunks = answers.map((a) => JSON.stringify(a))
  chunks.push(JSON.stringify({ timing: { count: sims.length, passes_ms: passes, cpu_ms: cpu } }))
  process.stdout.write(chunks.join('\n') + '\n')
}

main().catch((error) => {
  process.stderr.write(`harness.mjs: ${error?.stack ?? error}\n`)
  process.exit(1)
})
