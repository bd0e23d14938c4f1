import { Controller, Get, HttpCode, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Public } from '@app/core';

/** A readiness probe answers within this, whatever the load. */
const PROBE_TIMEOUT_MS = 900;

/**
 * For load balancers: /health says the process lives, /health/ready that it can serve.
 * The probe has a connection of its own, so that it answers at once while requests
 * saturate the main pool (it then reports the pool's queue rather than timing out).
 */
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly probe: Pool;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.probe = new Pool({
      connectionString: (db.options as { url: string }).url,
      max: 1,
      // kept open: a probe never waits for a new connection
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      statement_timeout: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
    });
    this.probe.on('error', () => undefined);
  }

  onModuleDestroy() {
    return this.probe.end();
  }

  @Public()
  @Get()
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  async ready() {
    const pool = (this.db.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    const connections = { open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    try {
      await this.probe.query('SELECT 1');
      return { status: 'ok', database: 'up', connections };
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable', database: 'down', connections });
    }
  }
}
