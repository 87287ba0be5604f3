// Runs the official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2)
// against the gcexport simulator, as a second client besides the exporter.
//
// Usage: node peer.mjs PLAN.json
//
// The plan, written by peer_test.go, names the simulator's base URL, its
// client credentials, the org, every catalogue type with its paths, paging,
// query parameters and the fixture's object count, and the 429 fault that the
// simulator injects. The script logs in through the SDK's gateway setting,
// checks the SDK's view of 401 and 429 responses, lists every type through
// the SDK's own API classes, reads objects by id and compares counts. It
// prints one JSON line and exits 0 when every check passed, 1 when one
// failed, and 2 when the plan or the setup is invalid.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { ModelChecker, loadDeclarations } from './models.mjs';
import { sdkMethods } from './sdkmap.mjs';

const require = createRequire(import.meta.url);
const platformClient = require('purecloud-platform-client-v2');
const sdkVersion = require('purecloud-platform-client-v2/package.json').version;

// maxProblemsPerCheck bounds the messages kept for one type and check, so a
// systematic breakage stays readable.
const maxProblemsPerCheck = 10;

// PeerError is a failed check of one type or of the setup.
class PeerError extends Error {}

// Result collects what the run found, for the one JSON output line.
class Result {
	constructor() {
		this.failures = [];
		this.types = {};
		this.checks = {};
		this.undeclared = {};
	}

	fail(check, type, message) {
		this.failures.push({ check, type, message });
	}

	// addProblems records model problems of a type and check, keeping the
	// first maxProblemsPerCheck messages.
	addProblems(check, type, problems) {
		const recorded = this.failures.filter((f) => f.check === check && f.type === type).length;
		for (const message of problems.slice(0, Math.max(0, maxProblemsPerCheck - recorded))) {
			this.fail(check, type, message);
		}
	}

	addUndeclared(type, fields) {
		if (fields.length === 0) {
			return;
		}
		const set = new Set(this.undeclared[type] || []);
		fields.forEach((f) => set.add(f));
		this.undeclared[type] = [...set].sort();
	}

	print() {
		const line = {
			ok: this.failures.length === 0,
			sdk: `purecloud-platform-client-v2 ${sdkVersion}`,
			checks: this.checks,
			types: this.types,
			undeclared: this.undeclared,
			failures: this.failures,
		};
		process.stdout.write(JSON.stringify(line) + '\n');
	}
}

// Peer is the SDK client with the plan and the requests it sent.
class Peer {
	constructor(plan, result) {
		this.plan = plan;
		this.result = result;
		this.base = new URL(plan.baseUrl);
		this.requests = [];
		this.models = new ModelChecker(loadDeclarations());
		this.apis = {};
		this.client = platformClient.ApiClient.instance;
	}

	// configure points login and API at the simulator through the SDK's
	// gateway setting and blocks any request to another address.
	configure() {
		const client = this.client;
		// Neither a config file in the home folder nor its watcher may change
		// the gateway or keep the process alive.
		client.config.live_reload_config = false;
		client.config.setConfigPath('');
		client.setGateway({
			host: this.base.hostname,
			protocol: this.base.protocol.replace(/:$/, ''),
			port: Number(this.base.port),
		});
		const origin = this.base.origin;
		for (const kind of ['login', 'api']) {
			const url = client.config.getConfUrl(kind, 'https://unset.invalid');
			if (url !== origin) {
				throw new PeerError(`the SDK's ${kind} URL is ${url} after setGateway, not ${origin}`);
			}
		}
		client.setReturnExtendedResponses(true);
		client.setPreHook((config) => {
			const url = new URL(config.url);
			if (url.origin !== origin) {
				this.result.fail('gateway', '', `the SDK sent a request to ${url.origin}, not the simulator at ${origin}; it was blocked`);
				throw new PeerError(`blocked request to ${url.origin}`);
			}
			this.requests.push({ method: config.method, path: url.pathname, params: { ...(config.params || {}) } });
			return config;
		});
	}

	api(name) {
		if (!this.apis[name]) {
			const ApiClass = platformClient[name];
			if (typeof ApiClass !== 'function') {
				throw new PeerError(`the SDK has no API class ${name}`);
			}
			this.apis[name] = new ApiClass();
		}
		return this.apis[name];
	}

	// call runs one SDK method that must send exactly one GET request to
	// expectedPath with expectedQuery and returns the extended response.
	// A rejection throws a PeerError that describes it.
	async call(apiName, method, args, expectedPath, expectedQuery) {
		const api = this.api(apiName);
		if (typeof api[method] !== 'function') {
			throw new PeerError(`the SDK has no method ${apiName}.${method}`);
		}
		const before = this.requests.length;
		let response;
		try {
			response = await api[method](...args);
		} catch (err) {
			throw new PeerError(`${apiName}.${method} rejected: ${describeRejection(err)}`);
		}
		this.checkRequest(apiName, method, before, expectedPath, expectedQuery);
		if (response.status !== 200) {
			throw new PeerError(`${apiName}.${method} returned status ${response.status}, not 200`);
		}
		return response;
	}

	// reject runs one SDK method that must be rejected and returns what the
	// SDK rejected with.
	async reject(apiName, method, args) {
		const before = this.requests.length;
		try {
			await this.api(apiName)[method](...args);
		} catch (err) {
			const sent = this.requests.length - before;
			if (sent !== 1) {
				throw new PeerError(`${apiName}.${method} sent ${sent} requests for one call, not 1`);
			}
			return err;
		}
		throw new PeerError(`${apiName}.${method} resolved where the simulator should have returned an error`);
	}

	checkRequest(apiName, method, before, expectedPath, expectedQuery) {
		const sent = this.requests.slice(before);
		if (sent.length !== 1) {
			throw new PeerError(`${apiName}.${method} sent ${sent.length} requests for one call, not 1`);
		}
		const request = sent[0];
		if (request.path !== expectedPath) {
			throw new PeerError(`${apiName}.${method} requested ${request.path}, not the catalogue's ${expectedPath}`);
		}
		const got = JSON.stringify(sortedEntries(request.params));
		const want = JSON.stringify(sortedEntries(expectedQuery));
		if (got !== want) {
			throw new PeerError(`${apiName}.${method} sent the query ${got}, not ${want}`);
		}
	}
}

// sortedEntries returns an object's entries with string values, sorted by
// key, for comparing query parameters.
function sortedEntries(params) {
	return Object.entries(params)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => [k, String(v)])
		.sort(([a], [b]) => a.localeCompare(b));
}

// describeRejection describes what an SDK call rejected with: an extended
// error response, an error body, or an Error without a response.
function describeRejection(err) {
	if (err && typeof err === 'object' && 'status' in err && 'body' in err) {
		return `status ${err.status}, body ${JSON.stringify(err.body)}`;
	}
	if (err instanceof Error) {
		return `${err.name}: ${err.message}`;
	}
	return JSON.stringify(err);
}

function header(headers, name) {
	if (!headers) {
		return undefined;
	}
	if (typeof headers.get === 'function') {
		return headers.get(name) ?? undefined;
	}
	return headers[name.toLowerCase()];
}

// checkAuthentication checks how the SDK reports a login with a wrong
// secret, an API call without a token and one with an unknown token, then
// logs in with the plan's credentials.
async function checkAuthentication(peer) {
	const { client, plan, result } = peer;
	const check = (name, fn) =>
		fn().then(
			() => (result.checks[name] = 'ok'),
			(err) => result.fail(name, '', err.message),
		);

	await check('login rejects wrong secret', async () => {
		let err;
		try {
			await client.loginClientCredentialsGrant(plan.clientId, plan.clientSecret + '-wrong');
		} catch (e) {
			err = e;
		}
		if (!err) {
			throw new PeerError('loginClientCredentialsGrant resolved with a wrong secret');
		}
		const status = err.response?.status;
		if (status !== 401) {
			throw new PeerError(`the login with a wrong secret was rejected with status ${status}, not 401: ${describeRejection(err)}`);
		}
		if (err.response.data?.error !== 'invalid_client') {
			throw new PeerError(`the login with a wrong secret has error ${JSON.stringify(err.response.data?.error)}, not "invalid_client"`);
		}
	});

	const organizationPath = '/api/v2/organizations/me';
	const expect401 = async (code) => {
		const err = await peer.reject('OrganizationApi', 'getOrganizationsMe', [{}]);
		checkErrorResponse(err, 401, code);
	};
	await check('401 without a token', () => expect401('authentication.required'));
	client.setAccessToken('sdkpeer-unknown-token');
	await check('401 with an unknown token', () => expect401('bad.credentials'));

	await client.loginClientCredentialsGrant(plan.clientId, plan.clientSecret).catch((err) => {
		throw new PeerError(`loginClientCredentialsGrant failed: ${describeRejection(err)}`);
	});
	if (!client.authData.accessToken) {
		throw new PeerError('loginClientCredentialsGrant resolved without an access token');
	}
	if (!(client.authData.tokenExpiryTime > Date.now())) {
		throw new PeerError(`the token expiry ${client.authData.tokenExpiryTimeString} is not in the future`);
	}
	result.checks.login = 'ok';

	await check('organization', async () => {
		const response = await peer.call('OrganizationApi', 'getOrganizationsMe', [{}], organizationPath, {});
		const { problems } = peer.models.check(response.body, 'Models.Organization', 'organization');
		if (problems.length > 0) {
			throw new PeerError(problems.join('; '));
		}
		if (response.body.id !== plan.org.id) {
			throw new PeerError(`the organization id is ${response.body.id}, not the fixture's ${plan.org.id}`);
		}
	});
}

// checkErrorResponse checks an extended error response as the SDK rejects
// with it: the status, the ErrorBody's status and code, and the
// correlation id header that the body's contextId repeats.
function checkErrorResponse(err, status, code) {
	if (!err || typeof err !== 'object' || !('status' in err)) {
		throw new PeerError(`the SDK rejected without a response: ${describeRejection(err)}`);
	}
	if (err.status !== status) {
		throw new PeerError(`the SDK reports status ${err.status}, not ${status}: ${describeRejection(err)}`);
	}
	const body = err.body;
	if (!body || typeof body !== 'object') {
		throw new PeerError(`the ${status} has no JSON error body: ${JSON.stringify(err.text ?? body)}`);
	}
	if (body.status !== status) {
		throw new PeerError(`the ${status} error body has status ${body.status}`);
	}
	if (body.code !== code) {
		throw new PeerError(`the ${status} error body has code ${JSON.stringify(body.code)}, not "${code}"`);
	}
	const correlation = header(err.headers, 'inin-correlation-id');
	if (!correlation || correlation !== body.contextId) {
		throw new PeerError(`the ${status} has ININ-Correlation-Id ${JSON.stringify(correlation)} but contextId ${JSON.stringify(body.contextId)}`);
	}
}

// checkRateLimit reads the plan's 429 fault through the type's list
// method: first with plain responses, where the SDK rejects with the error
// body alone, then with extended responses, where it also gives the
// headers. The call after the fault's last 429 must succeed.
async function checkRateLimit(peer, fault, typesByName) {
	const { client, result } = peer;
	const name = '429 with Retry-After';
	try {
		const type = typesByName.get(fault.type);
		if (!type || type.parent || type.singleton) {
			throw new PeerError(`the 429 fault must name a top-level listed type, not ${fault.type}`);
		}
		if (!(fault.times >= 2)) {
			throw new PeerError(`the 429 fault must fail at least 2 requests, not ${fault.times}`);
		}
		const methods = sdkMethods[type.name];
		const request = firstPageRequest(type, type.partitions[0].query);
		client.setReturnExtendedResponses(false);
		let plain;
		try {
			plain = await peer.reject(methods.api, methods.list, [request.opts]);
		} finally {
			client.setReturnExtendedResponses(true);
		}
		if (plain?.status !== 429 || plain?.code !== 'too.many.requests.retry.after') {
			throw new PeerError(`without extended responses the SDK rejected with ${describeRejection(plain)}, not the 429 error body`);
		}
		for (let i = 1; i < fault.times; i++) {
			const err = await peer.reject(methods.api, methods.list, [request.opts]);
			checkErrorResponse(err, 429, 'too.many.requests.retry.after');
			const retryAfter = header(err.headers, 'retry-after');
			if (retryAfter === undefined) {
				throw new PeerError('429 without a Retry-After header');
			}
			if (!/^\d+$/.test(String(retryAfter)) || Number(retryAfter) !== fault.retryAfter) {
				throw new PeerError(`Retry-After is ${JSON.stringify(retryAfter)}, not the fault's ${fault.retryAfter} seconds`);
			}
			if (!String(err.body.message).includes(`[${fault.retryAfter}]`)) {
				throw new PeerError(`the 429 message ${JSON.stringify(err.body.message)} does not repeat the ${fault.retryAfter} seconds`);
			}
		}
		await peer.call(methods.api, methods.list, [request.opts], type.listPath, request.query);
		result.checks[name] = 'ok';
	} catch (err) {
		result.fail(name, fault.type, err.message);
	}
}

// queryOf turns catalogue query parameters into SDK options and the query
// that the SDK must send: list parameters become arrays, which the SDK
// joins with commas.
function queryOf(...maps) {
	const opts = {};
	const query = {};
	for (const map of maps) {
		for (const [key, values] of Object.entries(map || {})) {
			opts[key] = values.length === 1 ? values[0] : values;
			query[key] = values.join(',');
		}
	}
	return { opts, query };
}

function firstPageRequest(type, partitionQuery) {
	const request = queryOf(type.listQuery, partitionQuery);
	addPaging(type, request, {});
	return request;
}

// addPaging sets the paging options of one request of the type's style.
function addPaging(type, request, position) {
	const set = (key, value) => {
		if (value === undefined || value === '') {
			return;
		}
		request.opts[key] = value;
		request.query[key] = String(value);
	};
	switch (type.paging) {
		case 'pageNumber':
			set('pageNumber', position.pageNumber ?? 1);
			set('pageSize', type.pageSize);
			break;
		case 'after':
			set('pageSize', type.pageSize);
			set('after', position.after);
			break;
		case 'cursor':
			set('pageSize', type.pageSize);
			set('cursor', position.cursor);
			break;
		case 'scan':
			set('limit', type.pageSize);
			set('cursor', position.cursor);
			break;
	}
}

function fillPath(template, parentKey, id) {
	return template
		.replace('{parentId}', encodeURIComponent(parentKey ?? ''))
		.replace('{id}', encodeURIComponent(id ?? ''));
}

// TypeWalk lists one type through the SDK and checks what it returns.
class TypeWalk {
	constructor(peer, type, parentEntries) {
		this.peer = peer;
		this.type = type;
		this.parentEntries = parentEntries;
		this.methods = sdkMethods[type.name];
		this.idField = type.idField || 'id';
		this.entries = [];
		this.requests = 0;
		this.gets = 0;
	}

	problems(check, problems, undeclared) {
		this.peer.result.addProblems(check, this.type.name, problems);
		this.peer.result.addUndeclared(this.type.name, undeclared);
	}

	async call(method, args, path, query) {
		this.requests++;
		return this.peer.call(this.methods.api, method, args, path, query);
	}

	// run lists the type under every parent and partition, then reads
	// objects by id. It returns the listed entries, each {parentKey, entity}.
	async run() {
		const type = this.type;
		if (!this.methods) {
			throw new PeerError(`no SDK method is mapped for this type; add it to sdkmap.mjs`);
		}
		if (type.singleton) {
			await this.getSingleton();
			return this.entries;
		}
		const parentKeys = type.parent ? this.parentKeys() : [undefined];
		for (const parentKey of parentKeys) {
			if (type.paging === 'object') {
				await this.getSubject(parentKey);
				continue;
			}
			for (const partition of type.partitions) {
				await this.listPartition(parentKey, partition);
			}
		}
		if (type.paging !== 'object') {
			await this.getSome();
		}
		return this.entries;
	}

	parentKeys() {
		const field = this.type.parentField || 'id';
		return this.parentEntries.map(({ entity }) => {
			const key = entity[field];
			if (typeof key !== 'string' || key === '') {
				throw new PeerError(`a ${this.type.parent} entity has no string ${field} to list ${this.type.name} under`);
			}
			return key;
		});
	}

	listingType() {
		return this.peer.models.returnType(this.methods.api, this.methods.list);
	}

	// listPartition pages through one partition of the list, under one
	// parent when the type has one.
	async listPartition(parentKey, partition) {
		const type = this.type;
		const model = this.listingType();
		const declaresPageCount = Boolean(this.peer.models.fields(model)?.has('pageCount'));
		const path = fillPath(type.listPath, parentKey);
		const where = `${type.name}${parentKey ? ` under ${parentKey}` : ''} (partition ${partition.name})`;
		const seen = new Set();
		const maxPages = type.count + 32;
		let position = {};
		let pageCount;
		for (let page = 1; ; page++) {
			if (page > maxPages) {
				throw new PeerError(`${where}: paging did not end after ${maxPages} pages`);
			}
			const request = queryOf(type.listQuery, partition.query);
			addPaging(type, request, position);
			const args = parentKey === undefined ? [request.opts] : [parentKey, request.opts];
			const response = await this.call(this.methods.list, args, path, request.query);
			const body = response.body;
			this.checkListing(body, model, `${where} page ${page}`);
			for (const entity of body.entities) {
				this.addEntity(parentKey, entity, seen, where);
			}

			let next;
			switch (type.paging) {
				case 'none':
					return;
				case 'pageNumber':
					if (body.pageNumber !== undefined && body.pageNumber !== page) {
						throw new PeerError(`${where}: page ${page} returned pageNumber ${body.pageNumber}`);
					}
					if (body.entities.length > type.pageSize) {
						throw new PeerError(`${where}: page ${page} has ${body.entities.length} entities, more than pageSize ${type.pageSize}`);
					}
					if (!declaresPageCount) {
						// QueueMemberEntityListing has no pageCount: nextUri
						// is the only sign of another page.
						next = body.nextUri ? { pageNumber: page + 1 } : undefined;
						break;
					}
					if (typeof body.pageCount !== 'number') {
						throw new PeerError(`${where}: page ${page} has no numeric pageCount`);
					}
					pageCount ??= body.pageCount;
					if (body.pageCount !== pageCount) {
						throw new PeerError(`${where}: pageCount changed from ${pageCount} to ${body.pageCount} on page ${page}`);
					}
					if (Boolean(body.nextUri) !== page < pageCount) {
						throw new PeerError(`${where}: page ${page} of ${pageCount} ${body.nextUri ? 'has' : 'lacks'} a nextUri`);
					}
					next = page < pageCount ? { pageNumber: page + 1 } : undefined;
					break;
				case 'after':
					next = body.nextUri ? { after: nextAfter(body.nextUri, position.after, where, this.peer.base) } : undefined;
					break;
				case 'cursor':
					if (body.cursor && body.cursor === position.cursor) {
						throw new PeerError(`${where}: the cursor does not advance`);
					}
					next = body.cursor ? { cursor: body.cursor } : undefined;
					break;
				case 'scan':
					if (body.cursors?.after && body.cursors.after === position.cursor) {
						throw new PeerError(`${where}: cursors.after does not advance`);
					}
					next = body.cursors?.after ? { cursor: body.cursors.after } : undefined;
					break;
				default:
					throw new PeerError(`unknown paging ${type.paging}`);
			}
			if (!next) {
				return;
			}
			position = next;
		}
	}

	// checkListing checks a listing's envelope and its entities against the
	// SDK's listing model.
	checkListing(body, model, where) {
		if (!body || typeof body !== 'object' || !Array.isArray(body.entities)) {
			throw new PeerError(`${where}: the SDK returned no entities array (fields: ${fieldList(body)})`);
		}
		const { entities, ...envelope } = body;
		const envelopeCheck = this.peer.models.check(envelope, model, where);
		const entityCheck = this.peer.models.checkEntities(entities, model, where);
		this.problems('model', [...envelopeCheck.problems, ...entityCheck.problems],
			[...envelopeCheck.undeclared, ...entityCheck.undeclared]);
	}

	addEntity(parentKey, entity, seen, where) {
		const id = entity?.[this.idField];
		if (typeof id !== 'string' || id === '') {
			throw new PeerError(`${where}: an entity has no string ${this.idField} (fields: ${fieldList(entity)})`);
		}
		if (seen.has(id)) {
			throw new PeerError(`${where}: ${this.idField} ${id} is listed twice`);
		}
		seen.add(id);
		this.entries.push({ parentKey, entity });
	}

	// getSubject reads the one authorization subject of a parent.
	async getSubject(parentKey) {
		const path = fillPath(this.type.listPath, parentKey);
		const request = queryOf(this.type.listQuery);
		const response = await this.call(this.methods.list, [parentKey, request.opts], path, request.query);
		const where = `${this.type.name} ${parentKey}`;
		const check = this.peer.models.check(response.body, this.listingType(), where);
		this.problems('model', check.problems, check.undeclared);
		if (response.body?.id !== parentKey) {
			throw new PeerError(`${where}: the subject has id ${response.body?.id}, not its parent's ${parentKey}`);
		}
		this.entries.push({ parentKey, entity: response.body });
	}

	// NOTE: the catalogue declares no singleton yet, so this path has not
	// run against the simulator.
	async getSingleton() {
		const request = queryOf(this.type.getQuery);
		const response = await this.get([request.opts], this.type.getPath, request.query);
		this.checkGet(response.body, this.type.name);
		this.entries.push({ parentKey: undefined, entity: response.body });
	}

	// getSome reads every listed object of a type whose list lacks fields,
	// and the first and last listed objects of the others.
	async getSome() {
		const chosen = this.type.getEach ? this.entries : [this.entries[0], this.entries[this.entries.length - 1]];
		const done = new Set();
		for (const entry of chosen) {
			if (!entry) {
				continue;
			}
			const id = entry.entity[this.idField];
			const key = `${entry.parentKey ?? ''}/${id}`;
			if (done.has(key)) {
				continue;
			}
			done.add(key);
			const request = queryOf(this.type.getQuery);
			const path = fillPath(this.type.getPath, entry.parentKey, id);
			const takesParent = this.type.getPath.includes('{parentId}');
			const args = takesParent ? [entry.parentKey, id, request.opts] : [id, request.opts];
			const response = await this.get(args, path, request.query);
			const where = `${this.type.name} ${entry.parentKey ? entry.parentKey + '/' : ''}${id}`;
			this.checkGet(response.body, where);
			if (response.body?.[this.idField] !== id) {
				throw new PeerError(`${where}: the get returned ${this.idField} ${JSON.stringify(response.body?.[this.idField])}, not the requested ${id}`);
			}
		}
	}

	async get(args, path, query) {
		this.gets++;
		this.requests++;
		return this.peer.call(this.methods.getApi || this.methods.api, this.methods.get, args, path, query);
	}

	checkGet(body, where) {
		const model = this.peer.models.returnType(this.methods.getApi || this.methods.api, this.methods.get);
		const check = this.peer.models.check(body, model, where);
		this.problems('model', check.problems, check.undeclared);
	}
}

// nextAfter returns the after parameter of a nextUri, which must move on
// from the current one.
function nextAfter(nextUri, current, where, base) {
	const after = new URL(nextUri, base).searchParams.get('after');
	if (!after) {
		throw new PeerError(`${where}: nextUri ${nextUri} has no after parameter`);
	}
	if (after === current) {
		throw new PeerError(`${where}: the after cursor does not advance`);
	}
	return after;
}

function fieldList(value) {
	if (!value || typeof value !== 'object') {
		return JSON.stringify(value);
	}
	return Object.keys(value).join(', ') || 'none';
}

// walkTypes lists every type of the plan, parents before the types listed
// under them, and compares each count with the fixture's.
async function walkTypes(peer, types) {
	const { result } = peer;
	const listed = new Map();
	const failed = new Set();
	const pending = [...types];
	while (pending.length > 0) {
		const index = pending.findIndex((t) => !t.parent || listed.has(t.parent) || failed.has(t.parent));
		if (index < 0) {
			for (const t of pending) {
				result.fail('list', t.name, `parent type ${t.parent} is not in the plan`);
			}
			return;
		}
		const [type] = pending.splice(index, 1);
		const methods = sdkMethods[type.name];
		const summary = {
			list: methods ? `${methods.api}.${methods.list}` : '',
			get: methods?.get ? `${methods.getApi || methods.api}.${methods.get}` : '',
			expected: type.count,
		};
		result.types[type.name] = summary;
		if (failed.has(type.parent)) {
			failed.add(type.name);
			result.fail('list', type.name, `not listed, because its parent ${type.parent} failed`);
			continue;
		}
		const walk = new TypeWalk(peer, type, listed.get(type.parent) || []);
		try {
			const entries = await walk.run();
			listed.set(type.name, entries);
			summary.listed = entries.length;
			if (entries.length !== type.count) {
				result.fail('count', type.name, `the SDK listed ${entries.length} objects, the fixture has ${type.count}`);
			}
		} catch (err) {
			if (!(err instanceof PeerError)) {
				throw err;
			}
			failed.add(type.name);
			result.fail('list', type.name, err.message);
		} finally {
			summary.requests = walk.requests;
			summary.gets = walk.gets;
		}
	}
}

function readPlan(file) {
	const plan = JSON.parse(readFileSync(file, 'utf8'));
	const base = new URL(plan.baseUrl);
	// The peer talks only to a simulator on this machine.
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
		throw new PeerError(`baseUrl ${plan.baseUrl} is not a loopback address`);
	}
	if (base.pathname !== '/' || base.search !== '') {
		throw new PeerError(`baseUrl ${plan.baseUrl} must have no path or query`);
	}
	for (const key of ['clientId', 'clientSecret']) {
		if (typeof plan[key] !== 'string' || plan[key] === '') {
			throw new PeerError(`the plan has no ${key}`);
		}
	}
	if (!Array.isArray(plan.types) || plan.types.length === 0) {
		throw new PeerError('the plan lists no types');
	}
	return plan;
}

async function main() {
	const result = new Result();
	if (process.argv.length !== 3) {
		process.stderr.write('usage: node peer.mjs PLAN.json\n');
		process.exit(2);
	}
	let peer;
	try {
		const plan = readPlan(process.argv[2]);
		peer = new Peer(plan, result);
		peer.configure();
	} catch (err) {
		result.fail('setup', '', err.message);
		result.print();
		process.exit(2);
	}
	try {
		await checkAuthentication(peer);
		const typesByName = new Map(peer.plan.types.map((t) => [t.name, t]));
		if (peer.plan.rateLimit) {
			await checkRateLimit(peer, peer.plan.rateLimit, typesByName);
		}
		await walkTypes(peer, peer.plan.types);
	} catch (err) {
		result.fail('run', '', err instanceof PeerError ? err.message : `${err.stack || err}`);
	}
	result.print();
	process.exit(result.failures.length === 0 ? 0 : 1);
}

await main();
