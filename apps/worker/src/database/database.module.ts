import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskAttemptsRepository } from '../attempts/task-attempts.repository.js';
import { databaseProviders } from './database.providers.js';

/** The PostgreSQL pool and the attempt writes made through it; closed after the runner has drained. */
@Module({
  providers: databaseProviders,
  exports: [DataSource, TaskAttemptsRepository],
})
export class DatabaseModule {}
