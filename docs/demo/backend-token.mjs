// Gets a SMART Backend Services token with a signed client assertion (private_key_jwt, ES384 or RS384).
// No dependencies: Node 18+.
//   node docs/demo/backend-token.mjs [fhirBase] [clientId] [privateJwkFile] [scope]
// Defaults: the quick start's demo-backend client and its DEMO key (never use that key for real data).
import { createPrivateKey, sign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [fhirBase = 'http://localhost:8080/fhir', clientId = 'demo-backend',
  keyFile = new URL('./demo-backend-private-key.jwk.json', import.meta.url), scope = 'system/*.rs'] = process.argv.slice(2);

const jwk = JSON.parse(readFileSync(keyFile, 'utf8'));
const alg = jwk.kty === 'EC' ? 'ES384' : 'RS384';
const discovery = await (await fetch(`${fhirBase}/.well-known/smart-configuration`)).json();
const tokenUrl = discovery.token_endpoint;

const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const input = `${b64({ alg, kid: jwk.kid, typ: 'JWT' })}.${b64({
  iss: clientId, sub: clientId, aud: tokenUrl, exp: now + 240, jti: randomUUID() })}`;
const signature = sign('sha384', Buffer.from(input),
  { key: createPrivateKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' });

const response = await fetch(tokenUrl, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: `${input}.${signature.toString('base64url')}`,
  }),
});
console.log(JSON.stringify(await response.json(), null, 2));
