/**
 * The real servers the endpoint and fleet tests stand on: Debian's Prometheus scrapes Debian's
 * node_exporter on 127.0.0.1 and answers queries over its HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryUntil, startNodeExporter, startPrometheus, type RunningPrometheus, type RunningServer } from '../helpers/prometheus.js';

describe('test Prometheus', () => {
  let exporter: RunningServer;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    exporter = await startNodeExporter();
    prom = await startPrometheus({ jobs: [{ job: 'node', targets: [exporter.address], labels: { dc: 'test' } }] });
  });

  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
  });

  it('scrapes node_exporter and answers PromQL', async () => {
    const up = await queryUntil(prom, 'up{job="node"} == 1');
    expect(up).toHaveLength(1);
    expect(up[0].metric).toMatchObject({ instance: exporter.address, job: 'node', dc: 'test' });
    const cpu = await queryUntil(prom, 'count(node_cpu_seconds_total{mode="idle"})');
    expect(Number(cpu[0].value[1])).toBeGreaterThan(0);
  });

  it('reports a bad query as an error', async () => {
    await expect(prom.query('sum(')).rejects.toThrow(/query sum\(/);
  });
});
