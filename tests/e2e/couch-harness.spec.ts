import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN, APP_ORIGINS, basicAuth, Couch, DESIGN_DOC, startCouch, USERS } from './couch';

// The test server itself (no browser): what the team-sync specs rely on — roles, the
// validate_doc_update, CORS for the app's origins, a server that dies and comes back.
// Once is enough: the server is the same for both projects.
test.beforeAll(({}, info) => {
  test.skip(info.project.name !== 'root', 'no browser involved: run once');
});

const ada = basicAuth(USERS.ada.name, USERS.ada.password);
const reader = basicAuth(USERS.reader.name, USERS.reader.password);

/** A document as the app pushes it: one revision, `1-` and 32 hex digits. */
function eventDoc(key: string, digest: string, event: object) {
  return {
    _id: `t:${key}`,
    _rev: `1-${digest}`,
    _revisions: { start: 1, ids: [digest] },
    fielddesk: 1,
    event,
  };
}
const D1 = '0123456789abcdef0123456789abcdef';
const D2 = 'fedcba9876543210fedcba9876543210';

function bulkDocs(couch: Couch, auth: string, docs: object[]) {
  return couch.request('/fielddesk/_bulk_docs', { method: 'POST', auth, body: JSON.stringify({ docs, new_edits: false }) });
}

test.describe('pouchdb-server set up as the team database', () => {
  let couch: Couch;
  test.beforeAll(async () => {
    couch = await startCouch();
  });
  test.afterAll(async () => {
    await couch?.stop();
  });

  test('the design document on the server is docs/couchdb/validate_doc_update.js', async () => {
    const source = fs.readFileSync(path.join(path.dirname(DESIGN_DOC), 'validate_doc_update.js'), 'utf8');
    const design = JSON.parse(fs.readFileSync(DESIGN_DOC, 'utf8'));
    expect(design.validate_doc_update).toBe(source.trimEnd());
    const stored = await couch.getDoc('_design/fielddesk');
    expect(stored.body.validate_doc_update).toBe(design.validate_doc_update);
  });

  test('a writer pushes with new_edits:false, and a resend changes nothing', async () => {
    const doc = eventDoc('e1', D1, { n: 1 });
    const first = await bulkDocs(couch, ada, [doc]);
    expect(first.status).toBe(201);
    expect(first.body).toEqual([]);
    const again = await bulkDocs(couch, ada, [doc]);
    expect(again.status).toBe(201);
    expect(again.body).toEqual([]);
    const stored = await couch.getDoc('t:e1');
    expect(stored.body).toMatchObject({ _id: 't:e1', _rev: `1-${D1}`, event: { n: 1 } });
  });

  test('a read-only user reads, keeps its checkpoint, and is refused every write', async () => {
    await couch.putDoc(eventDoc('e2', D1, { n: 2 }));
    const refused = await bulkDocs(couch, reader, [eventDoc('e3', D1, { n: 3 })]);
    expect(refused.status).toBe(201);
    expect(refused.body).toEqual([
      { id: 't:e3', error: 'forbidden', reason: expect.stringContaining('read-only account') },
    ]);
    expect((await couch.getDoc('t:e3')).status).toBe(404);

    const changes = await couch.request('/fielddesk/_changes?style=all_docs&since=0', { auth: reader });
    expect(changes.status).toBe(200);
    expect(changes.body.results.map((r: any) => r.id)).toContain('t:e2');
    const got = await couch.request('/fielddesk/_bulk_get?revs=false', {
      method: 'POST',
      auth: reader,
      body: JSON.stringify({ docs: [{ id: 't:e2' }] }),
    });
    expect(got.status).toBe(200);
    expect(got.body.results[0].docs[0].ok).toMatchObject({ _id: 't:e2', event: { n: 2 } });

    // _local documents are not validated (CouchDB too): a reader's pull checkpoint is stored.
    const put = await couch.request('/fielddesk/_local/pull-check', { method: 'PUT', auth: reader, body: '{"seq":1}' });
    expect(put.status).toBe(201);
    const update = await couch.request('/fielddesk/_local/pull-check', {
      method: 'PUT',
      auth: reader,
      body: JSON.stringify({ _rev: put.body.rev, seq: 2 }),
    });
    expect(update.status).toBe(201);
  });

  test('an existing document is never changed or deleted, and only Fielddesk ids are taken', async () => {
    await couch.putDoc(eventDoc('e4', D1, { n: 4 }));
    // A second revision on top of the first, as a replicator would send an edit.
    const edit = await bulkDocs(couch, ada, [
      { ...eventDoc('e4', D2, { n: 5 }), _rev: `2-${D2}`, _revisions: { start: 2, ids: [D2, D1] } },
    ]);
    expect(edit.body).toEqual([{ id: 't:e4', error: 'forbidden', reason: expect.stringContaining('immutable') }]);
    // The same revision with other content.
    const same = await bulkDocs(couch, ada, [eventDoc('e4', D1, { n: 6 })]);
    expect(same.body).toEqual([{ id: 't:e4', error: 'forbidden', reason: expect.stringContaining('immutable') }]);
    // An interactive edit, even by the admin.
    const put = await couch.request('/fielddesk/t%3Ae4', { method: 'PUT', body: JSON.stringify({ _rev: `1-${D1}`, fielddesk: 1, event: { n: 7 } }) });
    expect(put.status).toBe(403);
    expect(put.body.reason).toContain('immutable');
    const del = await couch.request(`/fielddesk/t%3Ae4?rev=1-${D1}`, { method: 'DELETE' });
    expect(del.status).toBe(403);
    expect(del.body.reason).toContain('never deleted');
    expect((await couch.getDoc('t:e4')).body).toMatchObject({ _rev: `1-${D1}`, event: { n: 4 } });

    const badId = await bulkDocs(couch, ada, [{ ...eventDoc('x', D1, {}), _id: 'x:1' }]);
    expect(badId.body).toEqual([{ id: 'x:1', error: 'forbidden', reason: expect.stringContaining('not a Fielddesk document id') }]);
  });

  test('a wrong password or no password is 401', async () => {
    const wrong = await couch.request('/fielddesk', { auth: basicAuth('ada', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('unauthorized');
    expect((await couch.request('/fielddesk', { auth: null })).status).toBe(401);
    expect((await couch.request('/fielddesk', { auth: ada })).body.db_name).toBe('fielddesk');
  });

  test("CORS: the app's origins may send Authorization and Content-Type, other origins get nothing", async () => {
    for (const origin of APP_ORIGINS) {
      const preflight = await fetch(couch.dbUrl() + '/_bulk_docs', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
      const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      // A refusal must be readable by the page too, or the app sees a network error.
      const refusal = await fetch(couch.dbUrl(), { headers: { Origin: origin, Authorization: basicAuth('ada', 'nope') } });
      expect(refusal.status).toBe(401);
      expect(refusal.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const other = await fetch(couch.dbUrl(), { method: 'OPTIONS', headers: { Origin: 'http://example.com', 'Access-Control-Request-Method': 'GET' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

test('a killed server refuses connections; restarted with persist, it has kept everything', async () => {
  const couch = await startCouch({ persist: true });
  try {
    await couch.putDoc(eventDoc('kept', D1, { n: 1 }));
    await couch.kill();
    await expect(fetch(couch.dbUrl())).rejects.toThrow();
    await couch.restart();
    expect((await couch.getDoc('t:kept')).body).toMatchObject({ _rev: `1-${D1}`, event: { n: 1 } });
    // Users, roles, the design document and the admin are still there.
    const refused = await bulkDocs(couch, reader, [eventDoc('new', D1, {})]);
    expect(refused.body[0].error).toBe('forbidden');
    expect((await bulkDocs(couch, ada, [eventDoc('new', D1, {})])).body).toEqual([]);
    expect((await couch.request('/fielddesk', { auth: null })).status).toBe(401);
  } finally {
    await couch.stop();
  }
});

test('restarted in memory, the server is empty but set up again', async () => {
  const couch = await startCouch({ databases: ['fielddesk-other'] });
  try {
    await couch.putDoc(eventDoc('lost', D1, {}));
    await couch.restart();
    expect((await couch.getDoc('t:lost')).status).toBe(404);
    expect(await couch.allDocs()).toEqual([]);
    expect(await couch.allDocs('fielddesk-other')).toEqual([]);
    expect((await bulkDocs(couch, reader, [eventDoc('x', D1, {})])).body[0].error).toBe('forbidden');
  } finally {
    await couch.stop();
  }
});

test('scripts/couchdb-setup.sh sets up a database, and a second run changes nothing', async () => {
  const couch = await startCouch();
  const script = path.join(__dirname, '..', '..', 'scripts', 'couchdb-setup.sh');
  const run = (env: Record<string, string>) => {
    const r = spawnSync(script, [], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', COUCH_URL: couch.origin, ADMIN_USER: ADMIN.name, ADMIN_PASS: ADMIN.password, ...env },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  try {
    const env = { DB: 'fielddesk-deployed', APP_ORIGIN: `${APP_ORIGINS[0]} https://desk.example.com` };
    const first = run(env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('created database fielddesk-deployed');
    expect(first.out).toContain('installed /fielddesk-deployed/_design/fielddesk');
    const second = run(env);
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/^(created|installed|set) /m);

    const security = await couch.request('/fielddesk-deployed/_security');
    expect(security.body.members.roles).toEqual(['fielddesk-team', 'fielddesk-readers']);
    const design = await couch.getDoc('_design/fielddesk', 'fielddesk-deployed');
    expect(design.body.validate_doc_update).toBe(JSON.parse(fs.readFileSync(DESIGN_DOC, 'utf8')).validate_doc_update);
    const refused = await couch.request('/fielddesk-deployed/_bulk_docs', {
      method: 'POST',
      auth: reader,
      body: JSON.stringify({ docs: [eventDoc('r', D1, {})], new_edits: false }),
    });
    expect(refused.body[0].error).toBe('forbidden');
    const preflight = await fetch(couch.dbUrl('fielddesk-deployed'), {
      method: 'OPTIONS',
      headers: { Origin: 'https://desk.example.com', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://desk.example.com');

    const wrong = run({ ...env, ADMIN_PASS: 'wrong' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('refused ADMIN_USER admin');
    const notAdmin = run({ ...env, ADMIN_USER: 'ada', ADMIN_PASS: 'ada-pass' });
    expect(notAdmin.code).not.toBe(0);
    expect(notAdmin.err).toContain('ada is not a server admin');
    const star = run({ ...env, APP_ORIGIN: '*' });
    expect(star.code).not.toBe(0);
    expect(star.err).toContain('APP_ORIGIN may not be *');
  } finally {
    await couch.stop();
  }
});
