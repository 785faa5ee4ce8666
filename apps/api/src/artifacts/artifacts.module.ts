import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { ArtifactsController } from './artifacts.controller.js';
import { ArtifactsService } from './artifacts.service.js';

/** The files tasks save: `GET /tasks/:id/artifacts/…`; the task page lists them through ArtifactsService. */
@Module({
  imports: [DatabaseModule],
  controllers: [ArtifactsController],
  providers: [ArtifactsService],
  exports: [ArtifactsService],
})
export class ArtifactsModule {}
