import { deepEqual, equal, ok } from "node:assert/strict";
import { INNOCENT_CASES, SECRET_CASES } from "../tests/_secrets_corpus.ts";
import { isSecretKey, maskResourceText, maskSecrets } from "./secrets.ts";

Deno.test("maskSecrets masks every form of the corpus", () => {
  const leaks: string[] = [];
  for (const c of SECRET_CASES) {
    const { text, masked } = maskSecrets(c.text);
    for (const secret of c.secrets) {
      if (text.includes(secret)) leaks.push(`${c.name}: ${secret} in\n${text}`);
    }
    if (masked === 0) leaks.push(`${c.name}: nothing counted as masked`);
  }
  deepEqual(leaks, []);
});

Deno.test("maskSecrets leaves the innocent look-alikes unchanged", () => {
  for (const c of INNOCENT_CASES) {
    deepEqual(maskSecrets(c.text), { text: c.text, masked: 0 }, c.name);
  }
});

Deno.test("maskSecrets keeps the surrounding text readable", () => {
  const { text } = maskSecrets(
    "#!/bin/bash\nexport DB_PASS=hunter2\nyum install -y nginx\nmysql -u root -pX1 db",
  );
  equal(
    text,
    "#!/bin/bash\nexport DB_PASS=***MASKED***\nyum install -y nginx\nmysql -u root -p***MASKED*** db",
  );
});

Deno.test("maskSecrets shows a MIME part that hid a secret decoded, and leaves clean parts alone", () => {
  const c = SECRET_CASES.find((c) => c.name.startsWith("MIME"))!;
  const { text } = maskSecrets(c.text);
  ok(text.includes("#cloud-config"), text);
  ok(text.includes("Content-Transfer-Encoding: 8bit"), text);
  ok(text.includes("root:***MASKED***"), text);
});

Deno.test("isSecretKey reads key segments, not substrings", () => {
  for (const key of ["DB_PASS", "apiKey", "admin-password", "AWS_SECRET_ACCESS_KEY", "token"]) {
    ok(isSecretKey(key), key);
  }
  for (const key of ["PASSWORD_MIN_LENGTH", "passenger", "bypass", "TOKEN_FILE", "SECRET_ARN"]) {
    ok(!isSecretKey(key), key);
  }
});

Deno.test("maskSecrets figures on the corpus (printed for the report)", () => {
  const caught = SECRET_CASES.filter((c) => {
    const { text } = maskSecrets(c.text);
    return c.secrets.every((s) => !text.includes(s));
  }).length;
  const falsePositives = INNOCENT_CASES.filter((c) => maskSecrets(c.text).masked > 0).length;
  console.log(
    `masked ${caught}/${SECRET_CASES.length} forms, ${falsePositives}/${INNOCENT_CASES.length} false positives`,
  );
  equal(caught, SECRET_CASES.length);
  equal(falsePositives, 0);
});

Deno.test("maskResourceText masks tag values and descriptions, in both tag shapes", () => {
  const { value, masked } = maskResourceText({
    id: "vol-1",
    tags: { Name: "web", DB_PASSWORD: "plain-pw", note: "export API_TOKEN=tok123" },
    Tags: [{ Key: "apiKey", Value: "k-123" }, { Key: "env", Value: "prod" }],
    description: "mysql -pInDescr db",
    size: 8,
  });
  deepEqual(value, {
    id: "vol-1",
    tags: { Name: "web", DB_PASSWORD: "***MASKED***", note: "export API_TOKEN=***MASKED***" },
    Tags: [{ Key: "apiKey", Value: "***MASKED***" }, { Key: "env", Value: "prod" }],
    description: "mysql -p***MASKED*** db",
    size: 8,
  });
  equal(masked, 4);
  const clean = { tags: { env: "prod" }, description: "web server" };
  equal(maskResourceText(clean).value, clean);
});
