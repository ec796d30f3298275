// Conformance cases kept outside the checkout (the shared public set, `../shared/conformance/cases`),
// run only when SWITCHBOARD_EXTRA_CONFORMANCE_DIR names their folder (`.ci/run` sets it when that
// folder exists). Our own cases run beside each runtime (lib/providers/<runtime>/__fixtures__/conformance/).
import { describe, it } from 'vitest';
import { describeConformanceCases } from './conformance-suite';

const extraDir = process.env.SWITCHBOARD_EXTRA_CONFORMANCE_DIR?.trim();

if (extraDir) {
  describeConformanceCases(`extra conformance cases in ${extraDir}`, extraDir);
} else {
  console.warn('[conformance] SWITCHBOARD_EXTRA_CONFORMANCE_DIR is not set: the extra conformance cases are skipped.');
  describe('extra conformance cases', () => {
    it.skip('SWITCHBOARD_EXTRA_CONFORMANCE_DIR is not set: the cases outside the checkout (e.g. ../shared/conformance/cases) are not run', () => {});
  });
}
