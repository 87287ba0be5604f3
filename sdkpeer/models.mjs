// Reads the SDK's own TypeScript declarations (index.d.ts) and checks
// decoded response bodies against the models declared there. The JavaScript
// SDK returns the parsed JSON body as it is, so these declarations are the
// model that a TypeScript caller of the SDK relies on.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

// loadDeclarations parses index.d.ts of the installed SDK into the return
// type of every API method and the fields of every model.
export function loadDeclarations() {
	const packageJSON = require.resolve('purecloud-platform-client-v2/package.json');
	const file = path.join(path.dirname(packageJSON), 'index.d.ts');
	const declarations = parseDeclarations(readFileSync(file, 'utf8'));
	// The SDK declares thousands of each. Far fewer means that the file's
	// layout changed and the parser no longer reads it.
	if (declarations.returns.size < 1000 || declarations.models.size < 1000) {
		throw new Error(`${file}: parsed only ${declarations.returns.size} API methods and ` +
			`${declarations.models.size} models; the declaration parser needs updating for this SDK version`);
	}
	return declarations;
}

// parseDeclarations returns {returns, models}. returns maps a method such as
// "RoutingApi.getRoutingQueues" to the type of its promise, such as
// "Models.QueueEntityListing" or "{ [key: string]: object; }". models maps a
// model name to {fields: Map(name -> {type, required})}.
export function parseDeclarations(text) {
	const returns = new Map();
	const models = new Map();
	let apiClass = null;
	let inModels = false;
	let model = null;
	for (const line of text.split('\n')) {
		let m;
		if ((m = /^declare class (\w+Api) \{/.exec(line))) {
			apiClass = m[1];
			continue;
		}
		if (/^declare namespace Models \{/.test(line)) {
			inModels = true;
			apiClass = null;
			continue;
		}
		if (apiClass) {
			if (line.startsWith('}')) {
				apiClass = null;
			} else if ((m = /^\s+(\w+)\(.*\): Promise<(.*)>;\s*$/.exec(line))) {
				returns.set(`${apiClass}.${m[1]}`, m[2]);
			}
			continue;
		}
		if (!inModels) {
			continue;
		}
		if ((m = /^\texport interface (\w+) \{/.exec(line))) {
			model = { fields: new Map() };
			models.set(m[1], model);
		} else if (model && /^\t\}/.test(line)) {
			model = null;
		} else if (model && (m = /^\t\t"([^"]+)"(\??): (.*);\s*$/.exec(line))) {
			model.fields.set(m[1], { type: m[3], required: m[2] !== '?' });
		}
	}
	return { returns, models };
}

// ModelChecker checks values against declared models. It reports
// violations (a missing required field, a value of the wrong type) as
// problems, and fields that a model does not declare as undeclared, because
// the SDK passes such fields through without complaint.
export class ModelChecker {
	constructor(declarations) {
		this.declarations = declarations;
	}

	// returnType returns the type that apiClass.method resolves to, such
	// as "Models.Queue", or throws when the declarations have no such
	// method.
	returnType(apiClass, method) {
		const type = this.declarations.returns.get(`${apiClass}.${method}`);
		if (!type) {
			throw new Error(`the SDK declares no method ${apiClass}.${method}`);
		}
		return type;
	}

	// fields returns the declared fields of a type that is a model, or
	// undefined.
	fields(type) {
		const name = /^Models\.(\w+)$/.exec(type)?.[1];
		return name ? this.declarations.models.get(name)?.fields : undefined;
	}

	// check returns {problems, undeclared} for value as the declared type.
	// Required fields are checked at the top level only, as in the contract
	// tests: an object embedded as a reference, such as a user's manager,
	// carries only {id, selfUri}.
	check(value, type, where) {
		const result = new CheckResult(where);
		this.#checkType(value, type, '', true, result);
		return result;
	}

	// checkEntities checks every entity of a listing against the listing's
	// entity model, with required fields, as get-by-id bodies are checked.
	checkEntities(entities, listingType, where) {
		const result = new CheckResult(where);
		const field = this.fields(listingType)?.get('entities');
		const itemType = field && /^Array<(.*)>$/.exec(field.type)?.[1];
		if (!itemType) {
			result.problem('entities', `the SDK type ${listingType} declares no entities array`);
			return result;
		}
		entities.forEach((entity, i) => {
			this.#checkType(entity, itemType, `entities[${i}]`, true, result);
		});
		return result;
	}

	#checkModel(value, modelName, path, top, result) {
		const model = this.declarations.models.get(modelName);
		if (!model) {
			result.problem(path, `the SDK declares no model ${modelName}`);
			return;
		}
		if (!isPlainObject(value)) {
			result.problem(path, `${describe(value)} where the SDK model ${modelName} expects an object`);
			return;
		}
		for (const [name, field] of model.fields) {
			if (top && field.required && !(name in value)) {
				result.problem(path, `required field ${name} of ${modelName} is missing`);
			}
		}
		for (const [name, fieldValue] of Object.entries(value)) {
			const field = model.fields.get(name);
			if (!field) {
				result.undeclared.push(`${modelName}.${name}`);
				continue;
			}
			this.#checkType(fieldValue, field.type, join(path, name), false, result);
		}
	}

	#checkType(value, type, path, top, result) {
		let m;
		if (type === 'object') {
			// The SDK declares free-form values (data table rows, custom
			// fields) as object; any JSON value fills them.
			return;
		}
		if (value === null) {
			result.problem(path, `null where the SDK declares ${type}`);
			return;
		}
		if (type === 'string' || type === 'number' || type === 'boolean') {
			if (typeof value !== type) {
				result.problem(path, `${describe(value)} where the SDK declares ${type}`);
			}
			return;
		}
		if ((m = /^Array<(.*)>$/.exec(type))) {
			if (!Array.isArray(value)) {
				result.problem(path, `${describe(value)} where the SDK declares ${type}`);
				return;
			}
			value.forEach((item, i) => this.#checkType(item, m[1], `${path}[${i}]`, top, result));
			return;
		}
		if ((m = /^\{ \[key: string\]: (.*); \}$/.exec(type))) {
			if (!isPlainObject(value)) {
				result.problem(path, `${describe(value)} where the SDK declares a map`);
				return;
			}
			for (const [key, item] of Object.entries(value)) {
				this.#checkType(item, m[1], join(path, key), false, result);
			}
			return;
		}
		if ((m = /^Models\.(\w+)$/.exec(type))) {
			this.#checkModel(value, m[1], path, top, result);
			return;
		}
		result.problem(path, `the checker does not know the SDK type ${type}`);
	}
}

// CheckResult collects the problems and undeclared fields of one body. Its
// messages name the context (such as "routing_queue page 2") and the path
// of the value in the body.
class CheckResult {
	constructor(context) {
		this.context = context;
		this.problems = [];
		this.undeclared = [];
	}

	problem(path, message) {
		this.problems.push(`${this.context}: ${path || 'body'}: ${message}`);
	}
}

function join(path, name) {
	return path ? `${path}.${name}` : name;
}

function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value) {
	if (value === null) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return 'an array';
	}
	if (typeof value === 'string') {
		return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)}`;
	}
	return `${typeof value} ${typeof value === 'object' ? '' : JSON.stringify(value)}`.trim();
}
