// A minimal SMART app on the fhirclient library (its Node adapter), used by FhirClientAppIT.
// GET /launch?iss=<fhir base>[&launch=...] starts the authorization; GET /callback finishes it,
// reads the launch patient through the library's client and answers with what it saw (JSON).
// Usage: node app.cjs <clientId> <scope>   -> prints "listening <port>"
const http = require("http");
const smart = require("fhirclient");

const [clientId, scope] = process.argv.slice(2);
const sessions = new Map(); // fhirclient state, keyed by one fixed test session

const storage = {
  async get(key) { return sessions.get(key); },
  async set(key, value) { sessions.set(key, value); return value; },
  async unset(key) { return sessions.delete(key); },
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  try {
    if (url.pathname === "/launch") {
      await smart(req, res, storage).authorize({
        clientId,
        scope,
        redirectUri: "/callback",
        iss: url.searchParams.get("iss"),
        launch: url.searchParams.get("launch") || undefined,
        pkceMode: "required",
      });
      return;
    }
    if (url.pathname === "/callback") {
      const client = await smart(req, res, storage).ready();
      const patient = await client.patient.read();
      const body = JSON.stringify({
        patientId: client.patient.id,
        family: patient.name && patient.name[0] && patient.name[0].family,
        scope: client.state.tokenResponse.scope,
        hasRefreshToken: Boolean(client.state.tokenResponse.refresh_token),
        fhirUser: client.getFhirUser(),
      });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(body);
      return;
    }
    res.writeHead(404);
    res.end();
  } catch (error) {
    res.writeHead(500, { "Content-Type": "text/plain" });
    res.end(String(error && error.stack || error));
  }
});

server.listen(0, "127.0.0.1", () => {
  console.log("listening " + server.address().port);
});
