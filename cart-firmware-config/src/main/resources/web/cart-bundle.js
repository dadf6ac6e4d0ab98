// telerounds cart bundles in the browser: the canonical JSON form and Ed25519 verification with
// WebCrypto, the same checks as org.telerounds.cart.bundle.BundleVerifier (see docs/carts.md).
// An ES module with no dependencies. The cart page calls verifyBundle() before applying a
// profile and refuses any bundle for which it returns { valid: false }.

export const BUNDLE_FORMAT = "telerounds-cart-bundle/1";
export const SCHEMA_VERSION = 1;

// The canonical text of a JSON value: RFC 8785 (JCS) without fractional numbers. Object keys
// sorted by UTF-16 code units (Array.prototype.sort's default), no whitespace, strings escaped by
// JSON.stringify, integers within Number.MAX_SAFE_INTEGER only. Do not rely on JSON.stringify for
// objects: it orders integer-like keys ("1", "10") before the others.
export function canonicalJson(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isSafeInteger(value)) throw new Error("canonical JSON has safe integers only, not " + value);
      return String(value);
    case "object":
      if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
      return "{" + Object.keys(value).sort()
          .map((k) => JSON.stringify(k) + ":" + canonicalJson(value[k])).join(",") + "}";
    default:
      throw new Error("not JSON data: " + typeof value);
  }
}

function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// The key id of an SPKI-encoded public key: the first 16 hex digits of its SHA-256.
export async function keyIdOf(spkiDer) {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", spkiDer));
  return Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

// A trusted key from a PEM "PUBLIC KEY" block (what `telerounds-cart keygen` writes as public.pem).
export async function importPublicKeyPem(pem) {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(pem);
  if (!m) throw new Error("not a PEM public key");
  const der = base64ToBytes(m[1].replace(/\s+/g, ""));
  const key = await crypto.subtle.importKey("spki", der, { name: "Ed25519" }, false, ["verify"]);
  return { keyId: await keyIdOf(der), key };
}

// Verifies bundle text against trusted keys ([{ keyId, key }]). Resolves to
// { valid, reason, keyId, cartId, profile }; profile is set only when valid.
export async function verifyBundle(text, trustedKeys) {
  const fail = (reason, keyId = null, cartId = null) => ({ valid: false, reason, keyId, cartId, profile: null });
  let bundle;
  try {
    bundle = JSON.parse(text);
  } catch (e) {
    return fail("not valid JSON: " + e.message);
  }
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) return fail("not a bundle: expected a JSON object");
  if (bundle.format !== BUNDLE_FORMAT) return fail('not a bundle: expected "format": "' + BUNDLE_FORMAT + '"');
  const profile = bundle.profile;
  const keyId = typeof bundle.keyId === "string" ? bundle.keyId : null;
  const cartId = profile && profile.identity && typeof profile.identity.cartId === "string" ? profile.identity.cartId : null;
  if (profile === null || typeof profile !== "object" || Array.isArray(profile)) {
    return fail('not a bundle: "profile" must be a JSON object', keyId, cartId);
  }
  if (typeof bundle.signature !== "string" || keyId === null) {
    return fail('the bundle is not signed (no "signature" or "keyId")', keyId, cartId);
  }
  if (profile.schemaVersion !== SCHEMA_VERSION) {
    return fail("unsupported profile schemaVersion " + profile.schemaVersion, keyId, cartId);
  }
  const trusted = trustedKeys.find((k) => k.keyId === keyId);
  if (!trusted) return fail("the bundle names key " + keyId + ", which this cart does not trust", keyId, cartId);
  let signature;
  try {
    signature = base64ToBytes(bundle.signature);
  } catch (e) {
    return fail("the signature is not valid Base64", keyId, cartId);
  }
  if (signature.length !== 64) return fail("the signature is " + signature.length + " bytes, not 64", keyId, cartId);
  let message;
  try {
    message = new TextEncoder().encode(canonicalJson(profile));
  } catch (e) {
    return fail("the profile has no canonical form: " + e.message, keyId, cartId);
  }
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, trusted.key, signature, message);
  if (!ok) {
    return fail("the signature does not match the profile: the bundle was changed after signing, or signed with another key",
        keyId, cartId);
  }
  return { valid: true, reason: "signature valid: key " + keyId + ", cart " + cartId, keyId, cartId, profile };
}
