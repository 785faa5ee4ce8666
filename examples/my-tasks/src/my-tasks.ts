// The module atropos-worker runs (`atropos-worker --processes 4 dist/my-tasks.js`): it exports
// the tasks this project serves.
import { invoicePdf } from './invoice.js';

export const tasks = [invoicePdf];
