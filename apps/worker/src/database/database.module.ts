import { TaskStore } from '@atropos/db';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseProviders } from './database.providers.js';

/** The PostgreSQL pool and the TaskStore writing through it; closed after the runner has drained. */
@Module({
  providers: databaseProviders,
  exports: [DataSource, TaskStore],
})
export class DatabaseModule {}
