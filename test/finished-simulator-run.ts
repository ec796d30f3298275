// Shared by the tests and benches that need a finished run in the database without running one.

/** The data of a `run.create`: a simulator-chat run (sim-gpt) that succeeded just now. */
export function finishedSimulatorRun(task: string) {
  return {
    task,
    profileName: 'simulator-chat',
    provider: 'simulator',
    runtime: 'openai-chat',
    model: 'sim-gpt',
    profile: {},
    status: 'succeeded' as const,
    finishedAt: new Date(),
  };
}
