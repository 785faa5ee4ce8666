import { z } from 'zod';
import { commonParameters, defineTaskType } from '../task-type.js';

export const REPORT_FORMATS = ['json', 'csv', 'markdown'] as const;

export const reportGenerationTask = defineTaskType({
  name: 'report_generation',
  description:
    'Builds a report of `sections` sections in `format` and returns the document with its byte size and SHA-256 checksum.',
  parameters: z.strictObject({
    ...commonParameters,
    title: z.string().trim().min(1).max(200).default('Report').describe('Title printed at the top of the report.'),
    sections: z.int().min(1).max(50).default(3).describe('Number of sections to build.'),
    format: z.enum(REPORT_FORMATS).default('markdown').describe('Format of the document.'),
  }),
  example: { processing_time: 3, title: 'Quarterly sales', sections: 4, format: 'markdown' },
  // processing_time alone may take an hour; leave room for the work itself.
  defaultTimeoutS: 7200,
});
