/** Simulator directives in user text (`[[words:300]]`, `[[tool-rounds:2]]`, …) are instructions to the simulator, not part of the task. */

/** Removes simulator directives such as `[[words:300]]` from user text. */
export function stripDirectives(text: string): string {
  return text
    .replace(/\[\[[a-z-]+(?::[^\]]*)?\]\]/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}
