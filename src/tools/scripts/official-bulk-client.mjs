// Helper of official-bulk-client.sh (Node 18+, no dependencies). Not part of the official client.
//   node official-bulk-client.mjs keygen DIR KID
//       an RSA key pair for RS384 client assertions: DIR/private.jwk.json (0600) and DIR/jwks.json (public)
//   node official-bulk-client.mjs config FILE FHIR_URL TOKEN_URL CLIENT_ID PRIVATE_JWK_FILE SCOPE
//       a bulk-data-client configuration file (JSON, read with --config): reporter text, the manifest saved,
//       the X-Progress headers logged to log.ndjson
//   node official-bulk-client.mjs inspect DIR [MEMBERS_FILE]
//       reads every output file DIR/<n>.<Type>.ndjson the client downloaded and prints one JSON object:
//       counts (lines per resource type), files, emptyFiles, invalid (lines that are not JSON, or JSON of
//       another resourceType than the file name says, or without an id), errorFiles (files in DIR/error),
//       patientIds (ids of the Patient lines), patientRefs (ids of every Patient/x reference), and with
//       MEMBERS_FILE (one Patient id a line) notMember: per type, resources that are neither a listed
//       Patient nor reference one (Group lines and shared reference data excepted)
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);

if (command === 'keygen') {
	const [dir, kid] = args;
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const common = { kid, alg: 'RS384', use: 'sig' };
	writeFileSync(join(dir, 'private.jwk.json'), JSON.stringify({ ...privateKey.export({ format: 'jwk' }), ...common }));
	chmodSync(join(dir, 'private.jwk.json'), 0o600);
	writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), ...common }] }));
} else if (command === 'config') {
	const [file, fhirUrl, tokenUrl, clientId, keyFile, scope] = args;
	const config = {
		fhirUrl, tokenUrl, clientId, scope,
		privateKey: JSON.parse(readFileSync(keyFile, 'utf8')),
		reporter: 'text',
		saveManifest: true,
		log: { enabled: true, logStatusProgress: true },
	};
	writeFileSync(file, JSON.stringify(config, null, 2));
	chmodSync(file, 0o600);
} else if (command === 'inspect') {
	const [dir, membersFile] = args;
	const members = membersFile ? new Set(readFileSync(membersFile, 'utf8').split('\n').filter(Boolean)) : null;
	const shared = new Set(['Group', 'Practitioner', 'PractitionerRole', 'Organization', 'Medication', 'Location']);
	const result = { counts: {}, files: 0, emptyFiles: [], invalid: [], errorFiles: 0, patientIds: [], patientRefs: [], notMember: {} };
	const refs = new Set();
	const collectRefs = (value, into) => {
		if (Array.isArray(value)) value.forEach((v) => collectRefs(v, into));
		else if (value && typeof value === 'object') {
			for (const [key, v] of Object.entries(value)) {
				if (key === 'reference' && typeof v === 'string') {
					const m = v.match(/(?:^|\/)Patient\/([^/?#]+)/);
					if (m) into.add(m[1]);
				} else collectRefs(v, into);
			}
		}
	};
	for (const name of readdirSync(dir).sort()) {
		const m = name.match(/^\d+\.([A-Za-z]+)\.ndjson$/);
		if (!m) continue;
		const type = m[1];
		result.files++;
		const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
		if (lines.length === 0) result.emptyFiles.push(name);
		lines.forEach((line, i) => {
			let resource;
			try {
				resource = JSON.parse(line);
			} catch (e) {
				result.invalid.push(`${name}:${i + 1}: not JSON`);
				return;
			}
			if (resource.resourceType !== type) result.invalid.push(`${name}:${i + 1}: resourceType ${resource.resourceType}`);
			if (!resource.id) result.invalid.push(`${name}:${i + 1}: no id`);
			result.counts[type] = (result.counts[type] || 0) + 1;
			const own = new Set();
			collectRefs(resource, own);
			own.forEach((r) => refs.add(r));
			if (type === 'Patient') result.patientIds.push(resource.id);
			if (members && !shared.has(type)) {
				const belongs = type === 'Patient' ? members.has(resource.id) : [...own].some((r) => members.has(r));
				if (!belongs) result.notMember[type] = (result.notMember[type] || 0) + 1;
			}
		});
	}
	const errorDir = join(dir, 'error');
	if (existsSync(errorDir)) result.errorFiles = readdirSync(errorDir).length;
	result.patientRefs = [...refs].sort();
	console.log(JSON.stringify(result));
} else {
	console.error('usage: official-bulk-client.mjs keygen|config|inspect ...');
	process.exit(2);
}
