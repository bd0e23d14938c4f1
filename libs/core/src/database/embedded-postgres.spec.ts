import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { embeddedPassword, embeddedUrl } from './embedded-postgres';

describe('the embedded PostgreSQL superuser password', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hdm-pg-password-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('is generated once per data folder, kept readable by its owner only, and never the old fixed one', () => {
    const dir = newDir();
    const password = embeddedPassword(dir);
    expect(password).not.toBe('embedded');
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fs.statSync(path.join(dir, 'pg.password')).mode & 0o777).toBe(0o600);
    expect(embeddedPassword(dir)).toBe(password);
    expect(embeddedPassword(newDir())).not.toBe(password);
    expect(embeddedUrl(dir, 54329, 'marketplace')).toBe(`postgres://postgres:${password}@127.0.0.1:54329/marketplace`);
  });
});
