import { describe, expect, it } from "vitest";
import {
  importKeyring,
  keyringFromEnv,
  maskSecret,
  openSecret,
  SecretBoxError,
  sealedKeyId,
  sealSecret,
} from "./secret-box";

const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("base64");
const SECRET = "whsec_Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    expect(String((err as Error).message)).not.toContain(SECRET);
    return (err as SecretBoxError).code;
  }
  throw new Error("expected a SecretBoxError");
}

describe("sealSecret / openSecret", () => {
  it("round-trips, in the v1:<keyid>:<iv>:<ciphertext> format, without the plaintext in it", async () => {
    const ring = await keyringFromEnv({ ENCRYPTION_KEY: KEY_A });
    const sealed = await sealSecret(ring, SECRET);
    expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString("base64"));
    expect(sealedKeyId(sealed)).toBe("k1");
    expect(await openSecret(ring, sealed)).toBe(SECRET);
  });

  it("uses a fresh IV each time, so the same secret never seals the same way twice", async () => {
    const ring = await keyringFromEnv({ ENCRYPTION_KEY: KEY_A });
    const [a, b] = await Promise.all([sealSecret(ring, SECRET), sealSecret(ring, SECRET)]);
    expect(a).not.toBe(b);
  });

  it("refuses a tampered ciphertext, a wrong key, and a value moved to another owner (AAD)", async () => {
    const ring = await keyringFromEnv({ ENCRYPTION_KEY: KEY_A });
    const other = await keyringFromEnv({ ENCRYPTION_KEY: KEY_B });
    const sealed = await sealSecret(ring, SECRET, { aad: "dst_1" });
    expect(await openSecret(ring, sealed, { aad: "dst_1" })).toBe(SECRET);
    expect(await codeOf(openSecret(ring, sealed, { aad: "dst_2" }))).toBe("decrypt_failed");
    expect(await codeOf(openSecret(ring, sealed))).toBe("decrypt_failed");
    expect(await codeOf(openSecret(other, sealed, { aad: "dst_1" }))).toBe("decrypt_failed");
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[3]!, "base64");
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], ct.toString("base64")].join(":");
    expect(await codeOf(openSecret(ring, tampered, { aad: "dst_1" }))).toBe("decrypt_failed");
  });

  it("says what is wrong with malformed values and unknown keys", async () => {
    const ring = await keyringFromEnv({ ENCRYPTION_KEY: KEY_A });
    expect(await codeOf(openSecret(ring, "plaintext"))).toBe("malformed");
    expect(await codeOf(openSecret(ring, "v1:k1:!!!:???"))).toBe("malformed");
    expect(await codeOf(openSecret(ring, "v1:k1:AAAA:AAAA"))).toBe("malformed"); // 3-byte IV
    expect(await codeOf(openSecret(ring, "v1:k9:AAAAAAAAAAAAAAAA:AAAA"))).toBe("unknown_key");
    expect(sealedKeyId("nope")).toBeNull();
  });

  it("opens values sealed with an older key once the keyring moves on", async () => {
    const old = await importKeyring({ k1: KEY_A }, "k1");
    const sealed = await sealSecret(old, SECRET);
    const rotated = await importKeyring({ k1: KEY_A, k2: KEY_B }, "k2");
    expect(await openSecret(rotated, sealed)).toBe(SECRET);
    const resealed = await sealSecret(rotated, SECRET);
    expect(sealedKeyId(resealed)).toBe("k2");
  });

  it("uses the injected IV source (test seam) and rejects a wrong-size IV", async () => {
    const ring = await keyringFromEnv({ ENCRYPTION_KEY: KEY_A });
    const fixed = await sealSecret(ring, SECRET, { randomBytes: (n) => new Uint8Array(n) });
    expect(fixed.split(":")[2]).toBe("AAAAAAAAAAAAAAAA");
    expect(await codeOf(sealSecret(ring, SECRET, { randomBytes: () => new Uint8Array(4) }))).toBe("malformed");
  });
});

describe("keys", () => {
  it("rejects a missing, non-base64 or wrong-length ENCRYPTION_KEY", async () => {
    expect(await codeOf(keyringFromEnv({}))).toBe("invalid_key");
    expect(await codeOf(keyringFromEnv({ ENCRYPTION_KEY: "not base64!" }))).toBe("invalid_key");
    expect(await codeOf(keyringFromEnv({ ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }))).toBe("invalid_key");
    expect(await codeOf(importKeyring({ k1: KEY_A }, "k2"))).toBe("unknown_key");
    expect(await codeOf(importKeyring({ "Bad Id": KEY_A }, "Bad Id"))).toBe("invalid_key");
  });
});

describe("maskSecret", () => {
  it("keeps the type prefix and the last 4 characters", () => {
    expect(maskSecret(SECRET)).toBe(`whsec_…${SECRET.slice(-4)}`);
    expect(maskSecret("whsec_3xAmpl3SecretValuea1b2")).toBe("whsec_…a1b2");
    expect(maskSecret("a-long-secret-without-a-prefix-9z8y")).toBe("…9z8y");
  });

  it("shows nothing of short secrets", () => {
    expect(maskSecret("short")).toBe("…");
    expect(maskSecret("whsec_abc")).toBe("whsec_…");
    expect(maskSecret("")).toBe("…");
  });
});
