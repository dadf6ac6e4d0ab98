// Test driver for web/cart-bundle.js under Node (used by JavaScriptInteropTest):
//   node node-runner.mjs canonical VALUE.json       prints the canonical JSON bytes
//   node node-runner.mjs verify BUNDLE.json PUB.pem  prints the verification, exit 0 valid / 1 not
import { readFileSync } from "node:fs";
import { canonicalJson, importPublicKeyPem, verifyBundle } from "./cart-bundle.mjs";

const [command, ...rest] = process.argv.slice(2);
if (command === "canonical") {
  process.stdout.write(canonicalJson(JSON.parse(readFileSync(rest[0], "utf8"))));
} else if (command === "verify") {
  const trusted = await importPublicKeyPem(readFileSync(rest[1], "utf8"));
  const result = await verifyBundle(readFileSync(rest[0], "utf8"), [trusted]);
  console.log((result.valid ? "OK " : "FAILED ") + result.reason);
  process.exit(result.valid ? 0 : 1);
} else {
  console.error("usage: node-runner.mjs canonical FILE | verify BUNDLE PUB");
  process.exit(2);
}
