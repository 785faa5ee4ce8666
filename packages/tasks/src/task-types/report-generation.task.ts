import { z } from 'zod';
import { commonParameters, defineTaskType, sha256Checksum } from '../task-type.js';

export const REPORT_FORMATS = ['json', 'csv', 'markdown'] as const;

export const reportGenerationTask = defineTaskType({
  name: 'report_generation',
  description: 'Builds a report of `sections` sections in `format` and returns the document with its byte size and SHA-256 checksum.',
  parameters: z.strictObject({
    ...commonParameters,
    title: z.string().trim().min(1).max(200).default('Report').describe('Title printed at the top of the report.'),
    sections: z.int().min(1).max(50).default(3).describe('Number of sections to build.'),
    format: z.enum(REPORT_FORMATS).default('markdown').describe('Format of the document.'),
  }),
  result: z.strictObject({
    title: z.string(),
    format: z.enum(REPORT_FORMATS),
    sections: z.int().min(1).describe('Number of sections built.'),
    content_type: z.string().describe('Media type of the document.').meta({ example: 'text/markdown' }),
    document: z.string().describe('The whole document, as text.'),
    byte_size: z.int().min(0).describe('Size of the document in UTF-8.'),
    checksum: sha256Checksum.describe('SHA-256 of the document in UTF-8.'),
    artifact: z.string().describe('The name the document is saved under as an artifact of the task.').meta({ example: 'report.md' }),
  }),
  example: { processing_time: 3, title: 'Quarterly sales', sections: 4, format: 'markdown' },
  // processing_time alone may take an hour; leave room for the work itself.
  defaultTimeoutS: 7200,
});
