// Summarises a V8 CPU profile (`node --cpu-prof`): the share of samples spent in each package or
// project folder (self time), and the functions with the most self time.
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [top N functions, default 25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const total = profile.samples.length;

/** Where a frame's code lives: an npm package, a project folder, node's own code, or V8's bookkeeping. */
function areaOf(callFrame) {
  const url = callFrame.url;
  if (!url) return callFrame.functionName ? `(${callFrame.functionName})` : '(native)';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const project = url.match(/\/(lib\/[^/]+|scripts|bench|app)\//);
  return project ? project[1] : url;
}

const areas = new Map();
const functions = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = byId.get(id);
  const area = areaOf(callFrame);
  areas.set(area, (areas.get(area) ?? 0) + count);
  const name = `${callFrame.functionName || '(anonymous)'} ${area}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
  functions.set(name, (functions.get(name) ?? 0) + count);
}

const share = (count) => `${((100 * count) / total).toFixed(1).padStart(5)} %`;
const seconds = (profile.endTime - profile.startTime) / 1e6;
console.log(`${file}: ${total} samples over ${seconds.toFixed(1)} s`);
console.log('\nself time by area');
for (const [area, count] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${share(count)}  ${area}`);
console.log('\nself time by function');
for (const [name, count] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25)))
  console.log(`${share(count)}  ${name}`);
