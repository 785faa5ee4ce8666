import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A client's Idempotency-Key and what its first request created. A repeat of the same request
 * returns those tasks; the same key with another body is refused. Rows expire.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyKeyEntity {
  /** Keys are per tenant: one tenant can neither replay nor block another's. */
  @PrimaryColumn({ type: 'varchar', length: 64, default: 'default', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  tenant!: string;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key!: string;

  /** SHA-256 of the route and body of the first request. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'task_ids', type: 'uuid', array: true })
  taskIds!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;
}
