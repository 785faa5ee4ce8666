import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskEntity } from './task.entity.js';

/**
 * A file a task produced (a report, a command's declared output), kept in PostgreSQL beside its
 * task: every API replica and worker reaches it without a shared volume, and the foreign key
 * deletes it with the task (DELETE /tasks/{id} and the retention sweep alike).
 */
@Entity({ name: 'task_artifacts' })
export class TaskArtifactEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  /** A plain file name, unique within its task (see artifactNameProblem). */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  name!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_artifacts_task_id_fkey' })
  task?: TaskEntity;

  @Column({ name: 'content_type', type: 'varchar', length: 200 })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'bytea' })
  content!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
