import type { HealthStatus } from './__generated__/schema-enums';
import type { HealthProbe } from './ports';

export interface Health {
  readonly status: HealthStatus;
  readonly stage: string;
  readonly database: boolean;
}

export class HealthService {
  constructor(
    private readonly probe: HealthProbe,
    private readonly stage: string,
  ) {}

  async check(): Promise<Health> {
    const database = await this.probe.databaseReachable();
    return { status: database ? 'OK' : 'DEGRADED', stage: this.stage, database };
  }
}
