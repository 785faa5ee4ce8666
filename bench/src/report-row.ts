/** One line of the bench's table: a figure, its ratio to a reference, and the target it is held to. */
export interface Row {
  measure: string;
  value: string;
  ratio?: string;
  target?: string;
  met?: boolean;
}

/** A titled group of rows, and the notes printed under the table. */
export interface ReportSection {
  title: string;
  rows: Row[];
  notes?: string[];
}
