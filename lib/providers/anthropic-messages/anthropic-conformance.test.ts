// Our recorded anthropic-messages exchanges (__fixtures__/conformance/, the case format of conformance/README.md).
import { join } from 'node:path';
import { describeConformanceCases } from '../conformance/conformance-suite';

describeConformanceCases('anthropic-messages conformance cases', join(__dirname, '__fixtures__/conformance'), {
  runtime: 'anthropic-messages',
});
