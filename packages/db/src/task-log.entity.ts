import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaskEntity } from './task.entity.js';

/**
 * One line of an attempt's log: what a handler wrote with `ctx.log`, a line a command printed, or
 * the marker of lines dropped past the per-attempt cap. Kept with its task and deleted with it
 * (foreign key, ON DELETE CASCADE: DELETE /tasks/{id} and the retention sweep alike).
 */
@Entity({ name: 'task_logs' })
@Index('task_logs_task_id_id_idx', ['taskId', 'id'])
export class TaskLogEntity {
  /** Increases with every line written: orders a task's lines and is the cursor of their pages. */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'task_logs_pkey' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_logs_task_id_fkey' })
  task?: TaskEntity;

  @Column({ type: 'integer' })
  attempt!: number;

  /** debug, info, warn or error. */
  @Column({ type: 'varchar', length: 8 })
  level!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'jsonb', nullable: true })
  fields!: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
