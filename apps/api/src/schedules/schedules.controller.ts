import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { errorSchema } from '../common/error.schema.js';
import type { ScheduleDeclaration, UpdateScheduleBody } from './schedule.schemas.js';
import {
  createScheduleBody,
  scheduleDetailSchema,
  scheduleIdParam,
  scheduleListSchema,
  scheduleSchema,
  triggerResultSchema,
  updateScheduleBody,
} from './schedule.schemas.js';
import { SchedulesService } from './schedules.service.js';
import { RequireScope } from '../security/access.decorators.js';

const badRequest = {
  status: 400,
  description: 'Invalid body: a bad cron, an unknown time zone or task type, or parameters the type refuses; `details` names each field.',
  standardSchema: errorSchema,
};
const notFound = { status: 404, description: 'No schedule has this id.', standardSchema: errorSchema };
const declared = {
  status: 409,
  description: 'The name is taken, or the schedule is declared in config/schedules.json (change it there).',
  standardSchema: errorSchema,
};

@ApiTags('schedules')
@Controller('schedules')
// Schedules are the operator's, shared by every tenant (their tasks are the default tenant's): admin keys only.
@RequireScope('admin')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @ApiOperation({
    operationId: 'createSchedule',
    summary: 'Create a schedule',
    description:
      'Creates a task of `task_type` at every slot of `cron` in `timezone`. Each slot fires once, however many API replicas run.',
  })
  @ApiResponse({ status: 201, standardSchema: scheduleSchema })
  @ApiResponse(badRequest)
  @ApiResponse(declared)
  create(@Body({ schema: createScheduleBody }) body: ScheduleDeclaration) {
    return this.schedules.create(body);
  }

  @Get()
  @ApiOperation({
    operationId: 'listSchedules',
    summary: 'List the schedules',
    description: 'By name, each with its next five fire times and its newest fire.',
  })
  @ApiResponse({ status: 200, standardSchema: scheduleListSchema })
  list() {
    return this.schedules.list();
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getSchedule',
    summary: 'Read a schedule',
    description: 'With its next five fire times and the history of its fired slots, newest first.',
  })
  @ApiResponse({ status: 200, standardSchema: scheduleDetailSchema })
  @ApiResponse(notFound)
  get(@Param('id', { schema: scheduleIdParam }) id: string) {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateSchedule',
    summary: 'Change some fields of a schedule',
    description: 'A new cron or time zone counts slots from now.',
  })
  @ApiResponse({ status: 200, standardSchema: scheduleSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse(declared)
  patch(@Param('id', { schema: scheduleIdParam }) id: string, @Body({ schema: updateScheduleBody }) body: UpdateScheduleBody) {
    return this.schedules.update(id, body);
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'replaceSchedule',
    summary: 'Replace a schedule',
    description: 'Every field as for POST /schedules; those left out take their defaults.',
  })
  @ApiResponse({ status: 200, standardSchema: scheduleSchema })
  @ApiResponse(badRequest)
  @ApiResponse(notFound)
  @ApiResponse(declared)
  put(@Param('id', { schema: scheduleIdParam }) id: string, @Body({ schema: createScheduleBody }) body: ScheduleDeclaration) {
    return this.schedules.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteSchedule',
    summary: 'Delete a schedule',
    description: 'Its history goes with it; the tasks it created stay.',
  })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiResponse(notFound)
  @ApiResponse(declared)
  async delete(@Param('id', { schema: scheduleIdParam }) id: string): Promise<void> {
    await this.schedules.delete(id);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'pauseSchedule',
    summary: 'Pause a schedule',
    description: 'No slot fires until it is resumed; slots of the pause are not caught up.',
  })
  @ApiResponse({ status: 200, standardSchema: scheduleSchema })
  @ApiResponse(notFound)
  pause(@Param('id', { schema: scheduleIdParam }) id: string) {
    return this.schedules.setEnabled(id, false);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'resumeSchedule', summary: 'Resume a paused schedule', description: 'Slots count from now.' })
  @ApiResponse({ status: 200, standardSchema: scheduleSchema })
  @ApiResponse(notFound)
  resume(@Param('id', { schema: scheduleIdParam }) id: string) {
    return this.schedules.setEnabled(id, true);
  }

  @Post(':id/trigger')
  @ApiOperation({
    operationId: 'triggerSchedule',
    summary: 'Fire a schedule now',
    description:
      'Creates its task now, paused or not, outside its cron; the overlap policy holds (skip answers 409 while a task is unfinished).',
  })
  @ApiResponse({ status: 201, standardSchema: triggerResultSchema })
  @ApiResponse(notFound)
  @ApiResponse({
    status: 409,
    description: 'Skipped (a task of the schedule is unfinished) or refused (parameters).',
    standardSchema: errorSchema,
  })
  trigger(@Param('id', { schema: scheduleIdParam }) id: string) {
    return this.schedules.trigger(id);
  }
}
