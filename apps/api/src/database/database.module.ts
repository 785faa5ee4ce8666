import { TaskStore } from '@atropos/db';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseProviders, TASK_REPOSITORY } from './database.providers.js';

/** The PostgreSQL pool, connected and migrated before anything uses it, and closed last; the TaskStore on it. */
@Module({
  providers: databaseProviders,
  exports: [DataSource, TASK_REPOSITORY, TaskStore],
})
export class DatabaseModule {}
