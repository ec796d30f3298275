// `npm run simulator`: starts the local provider simulator (lib/simulator) on PORT (default 4010;
// 0: any free port); SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS sets the pause between streamed chunks.
// `npm start` runs it with this same entry for its workers to share (scripts/lib/simulator-process.mjs).
import { simulatorBaseUrls, startSimulator } from '../lib/simulator/index';

const port = Number(process.env.PORT ?? 4010);
const host = process.env.HOST ?? '127.0.0.1';

const chunkDelay = process.env.SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS;
const simulator = await startSimulator({
  port,
  host,
  ...(chunkDelay ? { chunkDelayMs: Number(chunkDelay) } : {}),
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
});
const urls = simulatorBaseUrls(simulator.url);

console.log(`Switchboard provider simulator listening on ${simulator.url}`);
console.log(`  OpenAI (Chat Completions, Responses)  baseURL ${urls.openai}`);
console.log(`  Anthropic (Messages)                  baseURL ${urls.anthropic}`);
console.log(`  OpenRouter (chat completions)         baseURL ${urls.openrouter}`);
console.log('Any API key works except sk-sim-invalid. Faults: x-sim-scenario header (see lib/simulator/README.md).');
console.log('Press Ctrl-C to stop.');

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started by `npm start` (an IPC channel to it): it is told the address, and the simulator stops
// when `npm start` is gone (killed without its shutdown).
if (process.send) {
  process.once('disconnect', stop);
  process.send({ type: 'ready', url: simulator.url });
}
