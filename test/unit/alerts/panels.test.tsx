/** AlertPanel and AlertHistory rendered with Ink: rows, marks, overflow, config error, history. */
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../../src/types/snapshot.js';
import { SettingsContext } from '../../../src/ui/context.js';
import { AlertHistory } from '../../../src/ui/panels/AlertHistory.js';
import { AlertPanel, alertRowText } from '../../../src/ui/panels/AlertPanel.js';
import { themeFor } from '../../../src/ui/theme.js';
import { T0 } from './snapshots.js';

const settings = { ascii: true, theme: themeFor('none'), intervalMs: 1000 };

function alert(p: Partial<AlertState> & { id: string }): AlertState {
  return {
    rule: 'memory-low',
    metric: 'memory.available_percent',
    subject: 'system',
    severity: 'critical',
    state: 'firing',
    value: 5.25,
    peak: 4,
    threshold: 10,
    since: T0,
    ...p,
  };
}

const alerts: AlertState[] = [
  alert({ id: 'a', acknowledged: true, silencedUntil: T0 + 600_000 }),
  alert({ id: 'b', rule: 'hog', metric: 'proc.rss_bytes', subject: 'java (4242)', severity: 'warning', value: 3 * 1024 ** 3, threshold: 2 * 1024 ** 3 }),
  alert({
    id: 'c',
    rule: 'disk',
    metric: 'fs.used_percent',
    subject: '/home',
    severity: 'warning',
    state: 'pending',
    value: 91,
    threshold: 90,
    since: T0 + 60_000,
  }),
  alert({ id: 'd', state: 'resolved', since: T0 - 600_000, endedAt: T0 - 480_000, peak: 3 }),
];

function draw(node: React.ReactElement): string {
  const { lastFrame, unmount } = render(<SettingsContext value={settings}>{node}</SettingsContext>);
  const f = lastFrame() ?? '';
  unmount();
  return f;
}

describe('AlertPanel', () => {
  it('shows active alerts with severity, value with unit, limit, age and marks', () => {
    const f = draw(<AlertPanel alerts={alerts} width={100} height={8} now={T0 + 125_000} />);
    expect(f).toContain('Alerts 2 firing, 1 pending');
    expect(f).toMatch(/CRIT memory-low\s+system\s+5\.3% \(limit 10%\) firing 2m \[ack\] \[silenced 7m\]/);
    expect(f).toMatch(/WARN hog\s+java \(4242\)\s+3\.0 GiB \(limit 2\.0 GiB\) firing 2m/);
    expect(f).toMatch(/WARN disk\s+\/home\s+91% \(limit 90%\) pending 1m/);
    expect(f).not.toContain('peak');
  });

  it('says "+N more" when the alerts do not fit, and shows a config reload error', () => {
    const config = { path: 'c.toml', reloadError: 'c.toml:3: general.color: expected true or false', reloadErrorAt: '2026-11-23T12:00:00.000Z' };
    const f = draw(<AlertPanel alerts={alerts} width={100} height={5} now={T0} config={config} />);
    expect(f).toContain('config not reloaded: c.toml:3: general.color: expected true or false');
    expect(f).toContain('+3 more');
    expect(draw(<AlertPanel alerts={[]} width={60} height={4} />)).toContain('no alerts');
    // With no alert active, the error has the panel's one line to itself.
    const alone = draw(<AlertPanel alerts={[]} width={100} height={4} config={config} />);
    expect(alone).toContain('config not reloaded: c.toml:3: general.color: expected true or false');
    expect(alone).not.toContain('no alerts');
    expect(draw(<AlertPanel alerts={[]} width={60} height={4} config={{ path: 'c.toml' }} />)).not.toContain('config not reloaded');
  });

  it('fits a row to the width, cutting the subject first', () => {
    const row = alertRowText(alerts[1], T0, 50);
    expect(row.length).toBeLessThanOrEqual(50);
    expect(row).toContain('3.0 GiB (limit 2.0 GiB) firing 0s');
  });
});

describe('AlertHistory', () => {
  it('lists resolved alerts with duration and peak', () => {
    const f = draw(<AlertHistory alerts={alerts} width={100} height={6} />);
    expect(f).toContain('Alert history (1)');
    expect(f).toMatch(/\d\d:\d\d:\d\d\s+2m CRIT memory-low\s+system\s+peak 3%/);
    expect(draw(<AlertHistory alerts={[]} width={60} height={5} />)).toContain('no resolved alerts yet');
  });
});
