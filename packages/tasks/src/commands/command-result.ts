import { z } from 'zod';

/** What a command type's task holds as its result: every command type has this one shape. */
export const commandResultSchema = z.strictObject({
  exit_code: z.int().describe('Always 0: another exit code fails the attempt.'),
  stdout: z.string().describe('The tail of what the command printed, up to max_output_bytes.'),
  stderr: z.string().describe('The tail of its standard error, up to max_output_bytes.'),
  truncated: z
    .strictObject({ stdout: z.boolean(), stderr: z.boolean() })
    .describe('Whether the beginning of stdout or stderr was cut off.'),
  duration_ms: z.int().min(0).describe('How long the command ran.'),
  artifacts: z.array(z.string()).describe('Names of the declared outputs saved as artifacts, in declaration order.'),
});

export type CommandResult = z.infer<typeof commandResultSchema>;
