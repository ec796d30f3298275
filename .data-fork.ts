import { forkRun } from './lib/runs/fork-run';
import { compareWithParent } from './lib/runs/comparisons';
import { runQueue } from './lib/runs/run-queue';
const fork = await forkRun(process.argv[2]!, { turnIndex: 0, profileName: 'simulator-anthropic' });
console.log(JSON.stringify(fork));
if (fork.ok) console.log(JSON.stringify(await compareWithParent(fork.runId)));
await (await runQueue()).stop({ graceful: true, wait: true });
process.exit(0);
