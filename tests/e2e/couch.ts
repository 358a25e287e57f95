import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// A CouchDB-compatible server for the team-sync tests: pouchdb-server 4.2.0 (npm), set up the way
// docs/team-sync.md sets up a real CouchDB 3.x — a database, users with roles, `_security`, the
// validate_doc_update of docs/couchdb/fielddesk-design.json, CORS for the app's origins, an admin.
// See /work/shared/TOOLCHAIN.md for where pouchdb-server differs from CouchDB.

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin', 'pouchdb-server');
export const DESIGN_DOC = path.join(ROOT, 'docs', 'couchdb', 'fielddesk-design.json');

const E2E_PORT = Number(process.env.E2E_PORT ?? 8090);
/** The port the app's Content-Security-Policy allows in test builds. */
export const COUCH_PORT = E2E_PORT + 3;
/** The app's origins in the tests: the root server and the sub-path server (playwright.config.ts). */
export const APP_ORIGINS = [`http://127.0.0.1:${E2E_PORT}`, `http://127.0.0.1:${E2E_PORT + 2}`];

export const TEAM_ROLE = 'fielddesk-team';
export const READER_ROLE = 'fielddesk-readers';
export const ADMIN = { name: 'admin', password: 'admin-pass' };

export interface CouchUser {
  name: string;
  password: string;
  roles: string[];
}

/** ada and bo write (role fielddesk-team); reader only reads (fielddesk-readers). */
export const USERS = {
  ada: { name: 'ada', password: 'ada-pass', roles: [TEAM_ROLE] },
  bo: { name: 'bo', password: 'bo-pass', roles: [TEAM_ROLE] },
  reader: { name: 'reader', password: 'reader-pass', roles: [READER_ROLE] },
} satisfies Record<string, CouchUser>;

export interface CouchOptions {
  /** Default: E2E_PORT + 3 (8093), the one origin test builds may connect to. */
  port?: number;
  /** More databases, set up like `fielddesk` (security, design document). */
  databases?: string[];
  /**
   * Keep the data on disk (`--dir`, leveldown) so that it survives `kill()` + `restart()`.
   * Default false: `--in-memory`, where a restart starts from an empty server (set up again).
   */
  persist?: boolean;
  /** CORS origins. Default: APP_ORIGINS. Other origins get no CORS headers, as on CouchDB. */
  origins?: string[];
  /** Install `_design/fielddesk` (the validate_doc_update). Default true. */
  designDoc?: boolean;
  /** Default: ada, bo, reader. */
  users?: CouchUser[];
}

export interface CouchResponse {
  status: number;
  /** The parsed JSON body (pouchdb-server answers text/plain unless asked for JSON; it is JSON). */
  body: any;
}

export interface Couch {
  port: number;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  /** The scratch folder the server runs in: config.json, log.txt, server.out, data/. */
  dir: string;
  /** `http://127.0.0.1:PORT/NAME`: what a user types into 设置 → 团队同步. */
  dbUrl(name?: string): string;
  /** The `Authorization` header value for the server admin. */
  adminAuth: string;
  /** A request as the admin (or as `auth`, an Authorization value, or `null` for none). */
  request(pathAndQuery: string, init?: RequestInit & { auth?: string | null }): Promise<CouchResponse>;
  /**
   * Writes `doc` as the admin: with `_rev` through `_bulk_docs` with `new_edits: false` (as the
   * app pushes; the body is the per-document result list), without it by a plain PUT.
   */
  putDoc(doc: Record<string, unknown>, db?: string): Promise<CouchResponse>;
  /** GET /db/id as the admin; `query` e.g. `{ attachments: 'true' }`. 404 is a status, not an error. */
  getDoc(id: string, db?: string, query?: Record<string, string>): Promise<CouchResponse>;
  /** `_all_docs?include_docs=true` as the admin, design documents left out: the docs. */
  allDocs(db?: string): Promise<any[]>;
  /** Ends the server (SIGTERM) and waits until it has exited. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL: the server dies at once, mid-request; connections are then refused. */
  kill(): Promise<void>;
  /**
   * Starts the server again on the same port (stopping it first if it runs). With `persist`, the
   * data, users, `_security`, CORS and admin survive. Without it everything is lost and set up
   * again (users, security, design document, admin), with empty databases.
   */
  restart(): Promise<void>;
}

export function basicAuth(name: string, password: string): string {
  return 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts and sets up a pouchdb-server; see docs/team-sync.md for the same on CouchDB. */
export async function startCouch(opts: CouchOptions = {}): Promise<Couch> {
  const port = opts.port ?? COUCH_PORT;
  const origin = `http://127.0.0.1:${port}`;
  const dir = path.join(ROOT, 'target', `couch-${port}`);
  const databases = ['fielddesk', ...(opts.databases ?? [])];
  const users = opts.users ?? Object.values(USERS);
  const origins = opts.origins ?? APP_ORIGINS;
  const adminAuth = basicAuth(ADMIN.name, ADMIN.password);
  let child: ChildProcess | undefined;

  async function request(
    pathAndQuery: string,
    init: RequestInit & { auth?: string | null } = {},
  ): Promise<CouchResponse> {
    const { auth, ...rest } = init;
    const headers = new Headers(rest.headers);
    const authorization = auth === undefined ? adminAuth : auth;
    if (authorization !== null) headers.set('Authorization', authorization);
    headers.set('Accept', 'application/json');
    if (rest.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    const response = await fetch(origin + pathAndQuery, { ...rest, headers });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: kept as text */
    }
    return { status: response.status, body };
  }

  async function must(what: string, pathAndQuery: string, init: RequestInit & { auth?: string | null }) {
    const r = await request(pathAndQuery, init);
    if (r.status >= 300) throw new Error(`pouchdb-server set-up: ${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }

  async function answers(): Promise<boolean> {
    try {
      return (await fetch(origin + '/')).ok;
    } catch {
      return false;
    }
  }

  async function launch() {
    if (await answers()) {
      throw new Error(`something already answers on ${origin} (a pouchdb-server left from an earlier run?)`);
    }
    const args = ['--host', '127.0.0.1', '--port', String(port), '--no-color'];
    // pouchdb-adapter-leveldb is an optional dependency (left out by --omit=optional); the leveldown
    // that pouchdb 9 brings, with its prebuilt binary, does the same through --level-backend.
    args.push(...(opts.persist ? ['--dir', path.join(dir, 'data'), '--level-backend', 'leveldown'] : ['--in-memory']));
    const out = fs.openSync(path.join(dir, 'server.out'), 'a');
    const proc = spawn(BIN, args, { cwd: dir, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    running.add(proc);
    proc.on('exit', () => running.delete(proc));
    child = proc;
    let exited = false;
    proc.once('exit', () => (exited = true));
    for (let i = 0; i < 200; i++) {
      if (exited) break;
      if (await answers()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    const log = fs.readFileSync(path.join(dir, 'server.out'), 'utf8').slice(-2000);
    if (!exited) proc.kill('SIGKILL');
    throw new Error(`pouchdb-server did not start on ${origin}:\n${log}`);
  }

  // The order matters: everything an anonymous request sets up comes first, the admin last. Once an
  // admin exists, an anonymous PUT /db crashes pouchdb-server (its issue 374).
  async function setUp() {
    const none = { auth: null };
    // CORS is on by default in pouchdb-server, reflecting any origin with credentials; narrow it to
    // the app's origins, as CouchDB is set up (scripts/couchdb-setup.sh).
    const cors: Record<string, string> = {
      origins: origins.join(', '),
      credentials: 'true',
      methods: 'GET, PUT, POST',
      headers: 'accept, authorization, content-type, origin, referer',
    };
    for (const [key, value] of Object.entries(cors)) {
      await must(`cors/${key}`, `/_config/cors/${key}`, { ...none, method: 'PUT', body: JSON.stringify(value) });
    }
    for (const db of databases) {
      await must(`create ${db}`, `/${encodeURIComponent(db)}`, { ...none, method: 'PUT' });
    }
    for (const user of users) {
      const id = `org.couchdb.user:${user.name}`;
      await must(`user ${user.name}`, `/_users/${encodeURIComponent(id)}`, {
        ...none,
        method: 'PUT',
        body: JSON.stringify({ _id: id, name: user.name, type: 'user', roles: user.roles, password: user.password }),
      });
    }
    const security = {
      admins: { names: [ADMIN.name], roles: [] },
      members: { names: [], roles: [TEAM_ROLE, READER_ROLE] },
    };
    const design = fs.readFileSync(DESIGN_DOC, 'utf8');
    for (const db of databases) {
      const at = `/${encodeURIComponent(db)}`;
      await must(`${db}/_security`, `${at}/_security`, { ...none, method: 'PUT', body: JSON.stringify(security) });
      if (opts.designDoc ?? true) {
        await must(`${db}/_design/fielddesk`, `${at}/_design/fielddesk`, { ...none, method: 'PUT', body: design });
      }
    }
    await must('admin', `/_config/admins/${ADMIN.name}`, { ...none, method: 'PUT', body: JSON.stringify(ADMIN.password) });
  }

  async function end(signal: NodeJS.Signals) {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await launch();
  try {
    await setUp();
  } catch (e) {
    await end('SIGKILL');
    throw e;
  }

  const dbPath = (db: string) => `/${encodeURIComponent(db)}`;
  return {
    port,
    origin,
    dir,
    adminAuth,
    dbUrl: (name = 'fielddesk') => `${origin}/${name}`,
    request,
    putDoc: (doc, db = 'fielddesk') =>
      typeof doc._rev === 'string'
        ? request(`${dbPath(db)}/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs: [doc], new_edits: false }) })
        : request(`${dbPath(db)}/${encodeURIComponent(String(doc._id))}`, { method: 'PUT', body: JSON.stringify(doc) }),
    getDoc: (id, db = 'fielddesk', query = {}) => {
      const q = new URLSearchParams(query).toString();
      return request(`${dbPath(db)}/${encodeURIComponent(id)}${q ? '?' + q : ''}`);
    },
    allDocs: async (db = 'fielddesk') => {
      const r = await request(`${dbPath(db)}/_all_docs?include_docs=true`);
      if (r.status !== 200) throw new Error(`_all_docs: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.rows.filter((row: any) => !row.id.startsWith('_design/')).map((row: any) => row.doc);
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      if (opts.persist) {
        await launch();
        return;
      }
      // config.json (in the scratch folder) keeps the admin across restarts; the in-memory
      // databases do not. Start from nothing and set up again.
      fs.rmSync(path.join(dir, 'config.json'), { force: true });
      await launch();
      await setUp();
    },
  };
}
