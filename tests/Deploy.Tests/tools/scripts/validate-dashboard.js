// Validates Grafana dashboard JSON files against a JSON schema generated from the Dashboard type
// of @grafana/schema (the TypeScript types Grafana itself is built with). Exit 0: all valid;
// 1: invalid (errors printed); 2: usage or tool failure.
// usage: node validate-dashboard.js <dashboard.json>...
"use strict";
const fs = require("fs");
const path = require("path");
const { createGenerator } = require("ts-json-schema-generator");
const Ajv = require("ajv");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: validate-dashboard.js <dashboard.json>...");
  process.exit(2);
}
const typesFile = path.join(__dirname, "..", "node_modules", "@grafana", "schema", "dist", "types", "raw", "dashboard", "x", "types.gen.d.ts");
// skipTypeCheck: the generator only needs the declarations, and a full type check of the
// package takes far longer than generating the schema.
const schema = createGenerator({ path: typesFile, type: "Dashboard", skipTypeCheck: true }).createSchema("Dashboard");
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
let failed = false;
for (const file of files) {
  const dashboard = JSON.parse(fs.readFileSync(file, "utf8"));
  if (validate(dashboard)) {
    console.log(`${file}: valid against @grafana/schema Dashboard`);
  } else {
    failed = true;
    for (const error of validate.errors) {
      console.error(`${file}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
