// Our recorded openai-responses exchanges (__fixtures__/conformance/, the case format of conformance/README.md).
import { join } from 'node:path';
import { describeConformanceCases } from '../conformance/conformance-suite';

describeConformanceCases('openai-responses conformance cases', join(__dirname, '__fixtures__/conformance'), {
  runtime: 'openai-responses',
});
