// Checks SARIF files against the SARIF 2.1.0 JSON schema (draft-04, as shipped by
// @microsoft/jest-sarif) with ajv. Usage: node check.js FILE...; exit 0 when every file is valid,
// 1 (with ajv's errors on stderr) otherwise.
// unicodeRegExp is off: the schema's "language" pattern is not a valid Unicode-mode regular expression.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const schemaPath = path.join(__dirname, 'node_modules', '@microsoft', 'jest-sarif', 'lib',
                             'schemas', 'sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let failed = false;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(log)) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    failed = true;
    console.error(`${file}: not valid SARIF 2.1.0`);
    console.error(JSON.stringify(validate.errors, null, 2));
  }
}
process.exit(failed ? 1 : 0);
